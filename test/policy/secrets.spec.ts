import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  generatedSecretsRotated,
  isRotatedPurpose,
  randomPasswordLength,
  rotationPeriod,
  secretUsesCmk,
  ssmNoPlainSecret,
  tlsKeyStrength,
  tokenSecretLength,
  versionNotWeak,
  weakValue,
} from "../../policy/secrets";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const urn = (type: string, name: string) => `urn:pulumi:test::fixture::${type}::${name}`;

describe("secretsmanager-secret-cmk-encrypted", () => {
  it("passes a secret with a CMK (unknown ARN included)", async () => {
    assert.deepEqual((await checkResource(secretUsesCmk, { type: SECRET, props: { name: "/shop/prod/jwt", kmsKeyId: UNKNOWN } })).violations, []);
  });

  it("fails a secret without kmsKeyId", async () => {
    const v = await checkResource(secretUsesCmk, { type: SECRET, props: { name: "/shop/prod/jwt" } });
    assert.deepEqual(v.violations, [
      "Secret is encrypted with the AWS-managed key aws/secretsmanager, which every principal of the account with secret access can use; the environment's key policy cannot restrict or audit it. Fix: set kmsKeyId to the CMK of the environment's secrets (SecretSet creates one per environment).",
    ]);
  });
});

describe("secretsmanager-rotation-period", () => {
  const rot = (days: number, secretId = UNKNOWN) => ({ type: ROTATION, props: { secretId, rotationLambdaArn: UNKNOWN, rotationRules: { automaticallyAfterDays: days } } });

  it("passes 90 days, and 30 days for a session secret", async () => {
    assert.deepEqual((await checkResource(rotationPeriod, rot(90))).violations, []);
    assert.deepEqual((await checkResource(rotationPeriod, rot(30, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/session-AbC123"))).violations, []);
  });

  it("fails more than 90 days", async () => {
    const v = await checkResource(rotationPeriod, rot(120));
    assert.deepEqual(v.violations, [
      "Secret rotates only every 120 days: a leaked value stays valid for more than a quarter. Fix: set rotationRules.automaticallyAfterDays to 90 or less (30 or less for session secrets).",
    ]);
    const rate = await checkResource(rotationPeriod, { type: ROTATION, props: { secretId: UNKNOWN, rotationRules: { scheduleExpression: "rate(180 days)" } } });
    assert.match(rate.violations[0], /^Secret rotates only every 180 days/);
  });

  it("fails a session secret (known ARN) rotating after 30 days", async () => {
    const v = await checkResource(rotationPeriod, rot(60, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/session-AbC123"));
    assert.deepEqual(v.violations, [
      "Session secret rotates only every 60 days: a leaked session secret lets anyone forge sessions for more than a month. Fix: set rotationRules.automaticallyAfterDays to 90 or less (30 or less for session secrets).",
    ]);
  });

  it("is undecided when the period is unknown; the session check waits for the stack policy when the ARN is unknown", async () => {
    const v = await checkResource(rotationPeriod, { type: ROTATION, props: withUnknown(rot(60).props, "rotationRules.automaticallyAfterDays") });
    assert.match(v.undecided ?? "", /^rotationRules\.automaticallyAfterDays is not known until apply/);
    assert.deepEqual((await checkResource(rotationPeriod, rot(60))).violations, []);
  });
});

describe("secretsmanager-generated-secrets-rotated", () => {
  const secret = (purpose: string) => ({ type: SECRET, name: `s-${purpose}`, props: { name: `/shop/prod/${purpose}`, kmsKeyId: UNKNOWN } });
  const rotation = (purpose: string, days: number) => ({
    type: ROTATION,
    name: `r-${purpose}`,
    props: { secretId: UNKNOWN, rotationRules: { automaticallyAfterDays: days } },
    propertyDependencies: { secretId: [urn(SECRET, `s-${purpose}`)] },
  });

  it("passes generated secrets each with a rotation, matched by property dependency while ARNs are unknown", async () => {
    const v = await checkStack(generatedSecretsRotated, [secret("jwt"), rotation("jwt", 90), secret("session"), rotation("session", 30), secret("smtp"), secret("jwt-private-key")]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("matches by ARN once it is known", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/api-key-AbC123";
    const s = { ...secret("api-key"), props: { ...secret("api-key").props, arn, id: arn } };
    const v = await checkStack(generatedSecretsRotated, [s, { type: ROTATION, name: "r", props: { secretId: arn, rotationRules: { automaticallyAfterDays: 90 } } }]);
    assert.deepEqual(v.violations, []);
  });

  it("fails a JWT secret without rotation, reporting on the secret", async () => {
    const v = await checkStack(generatedSecretsRotated, [secret("jwt"), secret("session"), rotation("session", 30)]);
    assert.deepEqual(v.violations, [
      'Secret /shop/prod/jwt is a generated credential (JWT, session, API key or database) without a rotation schedule, so a leaked value stays valid forever. Fix: add an aws.secretsmanager.SecretRotation for the secret with rotationRules.automaticallyAfterDays <= 90 (<= 30 for session); SecretSet does this for generated purposes. A database role secret whose role the bootstrap SQL has not created yet may instead carry the tag rotation: "pending-bootstrap" until then (SecureDatabase with rolesBootstrapped false).',
    ]);
    assert.deepEqual(v.urns, [urn(SECRET, "s-jwt")]);
  });

  it("accepts a database role secret tagged rotation pending-bootstrap without a schedule, and that tag on nothing else", async () => {
    const pending = { rotation: "pending-bootstrap" };
    const db = { type: SECRET, name: "s-db", props: { name: "/shop/prod/db/app_rw", kmsKeyId: UNKNOWN, tags: pending } };
    assert.deepEqual((await checkStack(generatedSecretsRotated, [db])).violations, []);
    const jwt = { ...secret("jwt"), props: { ...secret("jwt").props, tags: pending } };
    const v = await checkStack(generatedSecretsRotated, [db, jwt]);
    assert.deepEqual(v.urns, [urn(SECRET, "s-jwt")]);
    const untagged = { ...db, props: { ...db.props, tags: { rotation: "pending" } } };
    assert.equal((await checkStack(generatedSecretsRotated, [untagged])).violations.length, 1);
  });

  it("fails a session secret rotating every 90 days, and a database secret without rotation", async () => {
    const db = { type: SECRET, name: "s-db", props: { name: "/shop/prod/db/app", kmsKeyId: UNKNOWN } };
    const v = await checkStack(generatedSecretsRotated, [secret("session"), rotation("session", 90), db]);
    assert.deepEqual(
      v.violations.map((m) => m.split(" Fix:")[0]),
      [
        "Secret /shop/prod/session rotates every 90 days; session secrets rotate every 30 days at most.",
        "Secret /shop/prod/db/app is a generated credential (JWT, session, API key or database) without a rotation schedule, so a leaked value stays valid forever.",
      ],
    );
  });

  it("leaves a session period to secretsmanager-rotation-period once the secret ARN is known", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/session-AbC123";
    const s = { ...secret("session"), props: { ...secret("session").props, arn, id: arn } };
    const v = await checkStack(generatedSecretsRotated, [s, { type: ROTATION, name: "r", props: { secretId: arn, rotationRules: { automaticallyAfterDays: 60 } } }]);
    assert.deepEqual(v.violations, []);
  });

  it("classifies purposes by the last name segment", () => {
    assert.deepEqual(
      ["jwt", "jwt-refresh", "session", "api-key", "db-admin", "smtp", "sentry", "jwt-private-key", "encryption-key"].map((p) => isRotatedPurpose(`/shop/prod/${p}`)),
      [true, true, true, true, true, false, false, false, false],
    );
  });
});

describe("secretsmanager-secret-version-not-weak", () => {
  it("passes a generated (unknown) value and a strong literal-free JSON", async () => {
    assert.deepEqual((await checkResource(versionNotWeak, { type: VERSION, props: { secretId: UNKNOWN, secretString: UNKNOWN } })).violations, []);
    assert.deepEqual(
      (await checkResource(versionNotWeak, { type: VERSION, props: { secretId: UNKNOWN, secretString: JSON.stringify({ username: "shop", password: "Zx81-q".repeat(11) }) } })).violations,
      [],
    );
  });

  it("fails each weak literal of the seeds", async () => {
    for (const literal of ["change-me-in-production", "secret", "password", "admin", "test", "Password "]) {
      const v = await checkResource(versionNotWeak, { type: VERSION, props: { secretId: UNKNOWN, secretString: literal } });
      assert.deepEqual(v.violations, [
        `Secret value is the well-known placeholder "${literal}": anyone can guess it, and it sits in source control and state in clear. Fix: generate the value (random.RandomPassword length 64, random.RandomBytes 32/64 as hex; SecretSet does) or create the secret without a version and put the value out of band.`,
      ]);
    }
  });

  it("fails placeholders and a weak password inside a JSON secret", async () => {
    assert.equal(weakValue("<64-character-random-string>"), "<64-character-random-string>");
    assert.equal(weakValue("your-secret-key-here"), "your-secret-key-here");
    const v = await checkResource(versionNotWeak, { type: VERSION, props: { secretId: UNKNOWN, secretString: JSON.stringify({ username: "app", password: "admin" }) } });
    assert.match(v.violations[0], /^Secret value is the well-known placeholder "admin"/);
  });
});

describe("ssm-parameter-no-plaintext-secret", () => {
  const SSM = "aws:ssm/parameter:Parameter";
  it("passes SecureString secrets and String non-secrets", async () => {
    assert.deepEqual((await checkResource(ssmNoPlainSecret, { type: SSM, props: { name: "/shop/prod/db-password", type: "SecureString", value: UNKNOWN } })).violations, []);
    assert.deepEqual((await checkResource(ssmNoPlainSecret, { type: SSM, props: { name: "/shop/prod/log-level", type: "String", value: "info" } })).violations, []);
  });

  it("fails a String parameter named like a secret", async () => {
    const v = await checkResource(ssmNoPlainSecret, { type: SSM, props: { name: "/shop/prod/API_TOKEN", type: "String", value: "x" } });
    assert.deepEqual(v.violations, [
      "SSM parameter /shop/prod/API_TOKEN holds a secret as plain String: anyone with ssm:GetParameter reads it, unencrypted and without a key policy. Fix: store the value in Secrets Manager (SecretSet), or at least make the parameter type SecureString with a CMK (keyId).",
    ]);
  });

  it("is undecided when the type is unknown", async () => {
    const v = await checkResource(ssmNoPlainSecret, { type: SSM, props: { name: "/x/password", type: UNKNOWN } });
    assert.match(v.undecided ?? "", /^type is not known until apply/);
  });
});

describe("random-password-min-length", () => {
  const RP = "random:index/randomPassword:RandomPassword";
  it("passes 32 and 64, fails 16", async () => {
    assert.deepEqual((await checkResource(randomPasswordLength, { type: RP, props: { length: 64 } })).violations, []);
    assert.deepEqual((await checkResource(randomPasswordLength, { type: RP, props: { length: 32 } })).violations, []);
    const v = await checkResource(randomPasswordLength, { type: RP, props: { length: 16, special: false } });
    assert.deepEqual(v.violations, ["Generated password has only 16 characters, below the 32-character floor for secrets. Fix: set length to 64 (32 is the floor; SecretSet and SecureCache use 64)."]);
  });

  it("is undecided when the length is unknown", async () => {
    assert.match((await checkResource(randomPasswordLength, { type: RP, props: { length: UNKNOWN } })).undecided ?? "", /^length is not known until apply/);
  });
});

describe("random-password-token-secret-length (advisory)", () => {
  const RP = "random:index/randomPassword:RandomPassword";
  it("is advisory, passes 64 for a JWT secret and ignores other names", async () => {
    assert.equal(tokenSecretLength.enforcementLevel, "advisory");
    assert.deepEqual((await checkResource(tokenSecretLength, { type: RP, name: "secrets-jwt-value", props: { length: 64 } })).violations, []);
    assert.deepEqual((await checkResource(tokenSecretLength, { type: RP, name: "db-password", props: { length: 40 } })).violations, []);
  });

  it("flags a 43-character session secret", async () => {
    const v = await checkResource(tokenSecretLength, { type: RP, name: "secrets-session-value", props: { length: 43 } });
    assert.deepEqual(v.violations, [
      "secrets-session-value generates 43 characters; JWT, session and API-key secrets use 64, a full HMAC-SHA-256 key block. Fix: set length to 64 for JWT, session and API-key secrets (SecretSet's default).",
    ]);
  });
});

describe("tls-private-key-min-strength", () => {
  const KEY = "tls:index/privateKey:PrivateKey";
  it("passes RSA 2048, RSA with the provider default, and ECDSA", async () => {
    for (const props of [{ algorithm: "RSA", rsaBits: 2048 }, { algorithm: "RSA" }, { algorithm: "ECDSA", ecdsaCurve: "P256" }]) {
      assert.deepEqual((await checkResource(tlsKeyStrength, { type: KEY, props })).violations, []);
    }
  });

  it("fails RSA 1024", async () => {
    const v = await checkResource(tlsKeyStrength, { type: KEY, props: { algorithm: "RSA", rsaBits: 1024 } });
    assert.deepEqual(v.violations, [
      "RSA key has 1024 bits: keys below 2048 bits can be factored, so tokens signed with it can be forged. Fix: set rsaBits to 2048 (default), 3072 or 4096, or use ECDSA P256.",
    ]);
  });

  it("is undecided when the algorithm is unknown", async () => {
    assert.match((await checkResource(tlsKeyStrength, { type: KEY, props: { algorithm: UNKNOWN, rsaBits: 1024 } })).undecided ?? "", /^algorithm is not known until apply/);
  });
});

describe("secretsmanager-secret-cmk-encrypted: the AWS-managed key named explicitly", () => {
  it("fails alias/aws/secretsmanager by alias or ARN (any case) and passes a customer key alias", async () => {
    for (const kmsKeyId of ["alias/aws/secretsmanager", "arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager", "ALIAS/AWS/secretsmanager"]) {
      const v = await checkResource(secretUsesCmk, { type: SECRET, props: { name: "/shop/prod/jwt", kmsKeyId } });
      assert.deepEqual(
        v.violations,
        [
          `Secret names the AWS-managed key ${kmsKeyId}, which is not a customer-managed key: every principal of the account with secret access can use it, and the environment's key policy cannot restrict or audit it. Fix: set kmsKeyId to the CMK of the environment's secrets (SecretSet creates one per environment).`,
        ],
        kmsKeyId,
      );
    }
    assert.deepEqual((await checkResource(secretUsesCmk, { type: SECRET, props: { name: "/shop/prod/jwt", kmsKeyId: "alias/shop/prod/secrets" } })).violations, []);
  });
});
