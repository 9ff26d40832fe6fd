import { describe, expect, it } from "@jest/globals";
import * as crypto from "crypto";
import { LogClasses, SecretSet, SecureCache, SecureDatabase } from "../../components";
import { jwkThumbprint, principalPatterns } from "../../components/secrets";
import { parseKeyring } from "../../functions/generated/keyring";
import { jwksOf, parseKeySet } from "../../functions/jwt/keyset";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";
import { recoveryWindowDefault } from "../../components/shared/secret";

type Args = ConstructorParameters<typeof SecretSet>[1];
const LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs";
const READER = "arn:aws:iam::123456789012:role/shop-staging-task";
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const config = { "aws:region": "eu-west-1" };
const ALL = { jwt: {}, "jwt-refresh": {}, session: {}, "api-key": {}, "encryption-key": {}, "signing-key": {}, smtp: {}, sentry: {} };

const build =
  (over: Partial<Args> = {}) =>
  () => {
    const env = over.environment ?? "staging";
    const logs = new LogClasses("logs", { environment: env, appName: "shop", kmsKeyArn: LOG_KEY });
    return new SecretSet("secrets", { environment: env, appName: "shop", logs, secrets: ALL, readerRoleArns: [READER], ...over });
  };

describe("SecretSet", () => {
  it("creates one CMK-encrypted secret per purpose named /<app>/<env>/<purpose>", async () => {
    const cap = await capture(build(), { config });
    const key = cap.one("aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const secrets = cap.ofType(SECRET);
    expect(secrets.map((s) => s.inputs.name).sort()).toEqual(
      Object.keys(ALL)
        .map((p) => `/shop/staging/${p}`)
        .sort(),
    );
    for (const s of secrets) expect(s.inputs).toMatchObject({ kmsKeyId: key.outputs.arn, recoveryWindowInDays: 7, tags: { environment: "staging" } });
    const prod = await capture(build({ environment: "prod" }), { config });
    expect(prod.ofType(SECRET).map((s) => s.inputs.name)).toContain("/shop/prod/jwt");
    expect(prod.ofType(SECRET).every((s) => s.inputs.recoveryWindowInDays === 30)).toBe(true);
  });

  it("generates 64-character passwords, keyrings of 32- and 64-byte keys, and leaves third-party secrets empty", async () => {
    const cap = await capture(build(), { config });
    const pw = Object.fromEntries(cap.ofType("random:index/randomPassword:RandomPassword").map((r) => [r.name, r.inputs]));
    expect(Object.keys(pw).sort()).toEqual(["secrets-api-key-value", "secrets-jwt-refresh-value", "secrets-jwt-value", "secrets-session-value"]);
    for (const inputs of Object.values(pw)) expect(inputs).toMatchObject({ length: 64, special: true, overrideSpecial: "-_" });
    const bytes = Object.fromEntries(cap.ofType("random:index/randomBytes:RandomBytes").map((r) => [r.name, r.inputs.length]));
    expect(bytes).toEqual({ "secrets-encryption-key-value": 32, "secrets-signing-key-value": 64 });
    const versions = cap.ofType(VERSION);
    expect(versions.map((v) => v.name).sort()).toEqual(["api-key", "encryption-key", "jwt", "jwt-refresh", "session", "signing-key"].map((p) => `secrets-${p}-initial`).sort());
    const enc = parseKeyring(cap.one(VERSION, "encryption-key-initial").inputs.secretString);
    expect(enc).toEqual({ current: 1, keys: { 1: cap.one("random:index/randomBytes:RandomBytes", "encryption-key-value").outputs.hex } });
    expect(enc.keys[1]).toMatch(/^[0-9a-f]{64}$/);
    expect(parseKeyring(cap.one(VERSION, "signing-key-initial").inputs.secretString).keys[1]).toMatch(/^[0-9a-f]{128}$/);
    expect(cap.one(VERSION, "-jwt-initial").inputs.secretString).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(cap.one(SECRET, "secrets-smtp").inputs.tags).toMatchObject({ kind: "external", generator: "external" });
    expect(cap.one(SECRET, "secrets-session").inputs.tags).toMatchObject({ kind: "password", generator: "password:64" });
    expect(cap.one(SECRET, "secrets-signing-key").inputs.tags).toMatchObject({ kind: "keyring", generator: "keyring:64" });
    expect(cap.one(SECRET, "secrets-encryption-key").inputs.tags).toMatchObject({ kind: "keyring", generator: "keyring:32" });
  });

  it("writes initial values as secrets, with ignoreChanges so rotation is not undone", async () => {
    const cap = await capture(build(), { config });
    for (const v of cap.ofType(VERSION)) {
      expect(v.secretInputPaths).toEqual(["secretString"]);
      expect(v.options.ignoreChanges).toEqual(["secretString", "versionStages"]);
    }
    // No generated value appears anywhere but in secret-marked inputs.
    const values = [...cap.ofType("random:index/randomPassword:RandomPassword").map((r) => r.outputs.result), ...cap.ofType("random:index/randomBytes:RandomBytes").map((r) => r.outputs.hex)];
    expect(values).toHaveLength(6);
    expect(values.every((v) => typeof v === "string" && v.length >= 64)).toBe(true);
    for (const r of cap.resources) {
      const visible = JSON.parse(JSON.stringify(r.inputs));
      for (const path of r.secretInputPaths) visible[path] = "<secret>";
      for (const v of values) expect(JSON.stringify(visible)).not.toContain(v);
    }
  });

  it("rotates jwt every 90 days and session every 30 through the bundled function of the generated secrets, not the external ones", async () => {
    const cap = await capture(build({ secrets: { ...ALL, jwt: { rotationDays: 60 } } }), { config });
    const fn = cap.one("aws:lambda/function:Function");
    const days = Object.fromEntries(cap.ofType(ROTATION).map((r) => [r.name, r.inputs.rotationRules.automaticallyAfterDays]));
    expect(days).toEqual({
      "secrets-jwt-rotation": 60,
      "secrets-jwt-refresh-rotation": 90,
      "secrets-session-rotation": 30,
      "secrets-api-key-rotation": 90,
      "secrets-encryption-key-rotation": 90,
      "secrets-signing-key-rotation": 90,
    });
    const rot = cap.one(ROTATION, "session-rotation");
    expect(rot.inputs).toMatchObject({ secretId: cap.one(SECRET, "secrets-session").id, rotationLambdaArn: fn.outputs.arn, rotateImmediately: false });
    expect(rot.dependencies).toContain(cap.one(VERSION, "session-initial").urn);
    // The code AWS runs is functions/generated bundled: the keyring append and the generator tags are in it.
    const code = fn.inputs.code.assets["index.js"].text as string;
    expect(code).toContain("keyring: version ${v} would be ${");
    expect(code).toContain("password|hex|keyring");
  });

  it("configures each rotation only after the permission that lets Secrets Manager invoke the function for that secret", async () => {
    const cap = await capture(build(), { config });
    const rotations = cap.ofType(ROTATION);
    expect(rotations).toHaveLength(6);
    for (const r of rotations) {
      const purpose = r.name.replace(/^secrets-/, "").replace(/-rotation$/, "");
      const permission = cap.one("aws:lambda/permission:Permission", `secrets-rotation-${purpose}`);
      expect(permission.inputs).toEqual({
        function: cap.one("aws:lambda/function:Function").inputs.name,
        principal: "secretsmanager.amazonaws.com",
        action: "lambda:InvokeFunction",
        sourceArn: cap.one(SECRET, `secrets-${purpose}`).outputs.arn,
        sourceAccount: "123456789012",
      });
      expect(r.dependencies).toContain(permission.urn);
    }
  });

  it("tags external secrets value pending until marked valueSet, and offers only secrets with a value as ready", async () => {
    let set!: SecretSet;
    const cap = await capture(() => (set = build({ secrets: { ...ALL, sentry: { valueSet: true } } })()), { config });
    expect(cap.one(SECRET, "secrets-smtp").inputs.tags).toMatchObject({ kind: "external", rotation: "external", value: "pending" });
    expect(cap.one(SECRET, "secrets-sentry").inputs.tags).toMatchObject({ kind: "external", rotation: "external", value: "set" });
    expect(cap.one(SECRET, "secrets-jwt").inputs.tags.value).toBeUndefined();
    expect(Object.keys(set.readySecretArns).sort()).toEqual(["api-key", "encryption-key", "jwt", "jwt-refresh", "sentry", "session", "signing-key"]);
    expect(set.pendingPurposes).toEqual(["smtp"]);
    expect(Object.keys(set.secretArns)).toContain("smtp");
  });

  it("runs the bundled Node.js rotation function with least privilege on the rotated secrets and the key", async () => {
    const cap = await capture(build(), { config });
    const fn = cap.one("aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({
      name: "shop-staging-secret-rotation",
      runtime: "nodejs22.x",
      handler: "index.handler",
      loggingConfig: { logFormat: "JSON", logGroup: "/shop/staging/secret-rotation" },
    });
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    // Names with Secrets Manager's six-character suffix wildcard, and the set's key by alias: known in a preview.
    const rotated = ["jwt", "jwt-refresh", "session", "api-key", "encryption-key", "signing-key"].map((p) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/${p}-??????`);
    for (const arn of ["jwt", "session"].map((p) => cap.one(SECRET, `secrets-${p}`).outputs.arn))
      expect(rotated.some((pattern) => new RegExp(`^${pattern.replace(/\?/g, ".")}$`).test(arn))).toBe(true);
    expect(policy.Statement[0]).toEqual({
      Sid: "RotateTheseSecrets",
      Effect: "Allow",
      Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
      Resource: rotated,
    });
    expect(policy.Statement.map((st: any) => st.Sid)).toEqual(["RotateTheseSecrets", "UseTheirKeyThroughSecretsManager", "WriteOwnLogs"]);
    expect(policy.Statement[1]).toEqual({
      Sid: "UseTheirKeyThroughSecretsManager",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/shop-staging-secrets" } },
    });
    expect(cap.one("aws:kms/alias:Alias").inputs.name).toBe("alias/shop-staging-secrets");
    expect(policy.Statement[2]).toEqual({
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/shop/staging/secret-rotation:*",
    });
    expect(fn.inputs.vpcConfig).toBeUndefined(); // it reaches Secrets Manager only
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup").inputs.tags["log-class"]).toBe("security");
  });

  it("uses a given rotation function and creates none", async () => {
    const arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotator";
    const cap = await capture(build({ rotationLambdaArn: arn }), { config });
    expect(cap.ofType("aws:lambda/function:Function")).toEqual([]);
    expect(cap.ofType(ROTATION).every((r) => r.inputs.rotationLambdaArn === arn)).toBe(true);
  });

  it("lets only the named readers, the rotation role and the deployer read each secret", async () => {
    const cap = await capture(build(), { config });
    const policies = cap.ofType("aws:secretsmanager/secretPolicy:SecretPolicy");
    expect(policies).toHaveLength(8);
    const p = policies.find((x) => x.name === "secrets-jwt-policy")!;
    expect(p.inputs).toMatchObject({ secretArn: cap.one(SECRET, "secrets-jwt").outputs.arn, blockPublicPolicy: true });
    const doc = JSON.parse(p.inputs.policy);
    expect(doc.Statement[0]).toEqual({
      Sid: "DenyReadToAllButNamedRoles",
      Effect: "Deny",
      Principal: "*",
      Action: "secretsmanager:GetSecretValue",
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": [READER, "arn:aws:iam::123456789012:user/ci", cap.one("aws:iam/role:Role", "secrets-rotation").outputs.arn] } },
    });
    expect(doc.Statement[1].Condition).toEqual({ ArnLike: { "aws:PrincipalArn": [READER] }, StringEquals: { "aws:PrincipalAccount": "123456789012" } });
    expect(principalPatterns("arn:aws:sts::123456789012:assumed-role/deploy/ci-42")).toEqual(["arn:aws:iam::123456789012:role/deploy", "arn:aws:iam::123456789012:role/*/deploy"]);
  });

  it("stores an RSA 2048 JWT key set (current and next key, PKCS#8) and exports the first public key and a matching JWKS", async () => {
    let set: SecretSet | undefined;
    const cap = await capture(
      () => {
        set = build({ secrets: { jwt: {} }, jwtKeyPair: {} })();
        return { pem: set.publicKeyPem, jwks: set.jwks, arns: set.arns };
      },
      { config },
    );
    const key = cap.one("tls:index/privateKey:PrivateKey", "secrets-jwt-key");
    const next = cap.one("tls:index/privateKey:PrivateKey", "secrets-jwt-next-key");
    expect(key.inputs).toEqual({ algorithm: "RSA", rsaBits: 2048 });
    expect(next.inputs).toEqual({ algorithm: "RSA", rsaBits: 2048 });
    const secret = cap.one(SECRET, "jwt-private-key");
    expect(secret.inputs.name).toBe("/shop/staging/jwt-private-key");
    expect(secret.inputs.tags.rotation).toBeUndefined(); // rotated here, not elsewhere
    const version = cap.one(VERSION, "jwt-private-key-value");
    expect(version.secretInputPaths).toEqual(["secretString"]);
    expect(version.options.ignoreChanges).toEqual(["secretString", "versionStages"]);
    const keySet = parseKeySet(version.inputs.secretString);
    expect(keySet.current.privateKeyPem).toBe(key.outputs.privateKeyPemPkcs8);
    expect(keySet.next!.privateKeyPem).toBe(next.outputs.privateKeyPemPkcs8);
    expect(keySet.previous).toEqual([]);
    expect(cap.outputs.pem).toBe(key.outputs.publicKeyPem);
    expect(cap.wireOutputs.pem).toBe(key.outputs.publicKeyPem); // not wrapped as a secret
    const jwks = JSON.parse(cap.outputs.jwks);
    const expected = crypto.createPublicKey(key.outputs.publicKeyPem).export({ format: "jwk" });
    expect(jwks.keys[0]).toEqual({ kty: "RSA", kid: jwkThumbprint(expected), use: "sig", alg: "RS256", n: expected.n, e: "AQAB" });
    expect(jwks).toEqual(jwksOf(keySet)); // the output is the key set's JWKS at deployment: current, then next
    expect(jwks.keys.map((k: any) => k.kid)).toEqual([keySet.current.kid, keySet.next!.kid]);
    expect(Buffer.from(jwks.keys[0].n, "base64url").length).toBe(256);
    // The JWKS verifies a signature made with the stored current private key.
    const sig = crypto.sign("sha256", Buffer.from("payload"), keySet.current.privateKeyPem);
    expect(crypto.verify("sha256", Buffer.from("payload"), crypto.createPublicKey({ key: jwks.keys[0], format: "jwk" }), sig)).toBe(true);
    expect(
      cap
        .ofType(ROTATION)
        .map((r) => [r.name, r.inputs.rotationRules.automaticallyAfterDays])
        .sort(),
    ).toEqual([
      ["secrets-jwt-private-key-rotation", 90],
      ["secrets-jwt-rotation", 90],
    ]);
    expect(Object.keys(cap.outputs.arns).sort()).toEqual(["jwt", "jwt-private-key"]);
    expect(set!.secretNames).toEqual({ jwt: "/shop/staging/jwt", "jwt-private-key": "/shop/staging/jwt-private-key" });
  });

  it("offers ECDSA P-256 (ES256) and keeps retired public keys in the JWKS", async () => {
    const old = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const cap = await capture(
      () => {
        const set = build({ secrets: {}, jwtKeyPair: { algorithm: "ECDSA", previousPublicKeysPem: [old] } })();
        return { jwks: set.jwks };
      },
      { config },
    );
    for (const k of cap.ofType("tls:index/privateKey:PrivateKey")) expect(k.inputs).toEqual({ algorithm: "ECDSA", ecdsaCurve: "P256" });
    const keys = JSON.parse(cap.outputs.jwks).keys;
    expect(keys.map((k: any) => [k.kty, k.alg, k.crv])).toEqual([
      ["EC", "ES256", "P-256"],
      ["EC", "ES256", "P-256"],
      ["RSA", "RS256", undefined],
    ]);
    expect(cap.ofType("aws:lambda/function:Function").map((f) => f.inputs.name)).toEqual(["shop-staging-jwt-key-rotation"]); // only the key set rotates
  });

  it("rotates the JWT key set with its own function: RETAIN_DAYS from previousKeyRetentionDays, its schedule, exactly its secret", async () => {
    const cap = await capture(build({ secrets: {}, jwtKeyPair: { rotationDays: 30, previousKeyRetentionDays: 14 } }), { config });
    const fn = cap.one("aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({
      name: "shop-staging-jwt-key-rotation",
      runtime: "nodejs22.x",
      handler: "index.handler",
      timeout: 60,
      environment: { variables: { RETAIN_DAYS: "14" } },
      loggingConfig: { logGroup: "/shop/staging/jwt-key-rotation" },
    });
    expect(fn.inputs.code.assets["index.js"].text).toContain("RETAIN_DAYS must be a positive number");
    const rot = cap.one(ROTATION);
    expect(rot.inputs).toMatchObject({ secretId: cap.one(SECRET).id, rotationLambdaArn: fn.outputs.arn, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: false });
    expect(rot.dependencies).toContain(cap.one("aws:lambda/permission:Permission").urn);
    expect(cap.one("aws:lambda/permission:Permission").inputs.sourceArn).toBe(cap.one(SECRET).outputs.arn);
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    expect(policy.Statement[0].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/jwt-private-key-??????"]);
  });

  it.each([
    [{ secrets: {} }, ["SEC_NO_SECRETS"], "secrets"],
    [{ secrets: { "Bad Name": {} } }, ["SEC_PURPOSE_NAME"], "secrets.Bad Name"],
    [{ secrets: { "jwt-private-key": { kind: "password" as const } } }, ["SEC_PURPOSE_RESERVED"], "secrets.jwt-private-key"],
    [{ secrets: { x: { kind: "plain" as any } } }, ["SEC_KIND"], "secrets.x.kind"],
    [{ secrets: { jwt: { length: 16 } } }, ["SEC_LENGTH_FLOOR"], "secrets.jwt.length"],
    [{ secrets: { "encryption-key": { length: 16 } } }, ["SEC_LENGTH_FLOOR"], "secrets.encryption-key.length"],
    [{ secrets: { jwt: { rotationDays: 120 } } }, ["SEC_ROTATION_MAX"], "secrets.jwt.rotationDays"],
    [{ secrets: { jwt: { rotationDays: 0 } } }, ["SEC_ROTATION_MAX"], "secrets.jwt.rotationDays"],
    [{ secrets: { session: { rotationDays: 45 } } }, ["SEC_SESSION_ROTATION"], "secrets.session.rotationDays"],
    [{ secrets: { smtp: { rotationDays: 30 } } }, ["SEC_EXTERNAL_ROTATION"], "secrets.smtp.rotationDays"],
    [{ secrets: { smtp: { valueSet: "yes" as any } } }, ["SEC_VALUE_SET"], "secrets.smtp.valueSet"],
    [{ secrets: { jwt: { valueSet: false } } }, ["SEC_VALUE_SET_GENERATED"], "secrets.jwt.valueSet"],
    [{ readerRoleArns: [] }, ["SEC_NO_READERS"], "readerRoleArns"],
    [{ readerRoleArns: ["*"] }, ["SEC_READER_ARN"], "readerRoleArns[0]"],
    [{ readerRoleArns: ["arn:aws:iam::123456789012:role/*"] }, ["SEC_READER_ARN"], "readerRoleArns[0]"],
    [{ rotationLambdaArn: "rotator" }, ["SEC_ROTATION_LAMBDA_ARN"], "rotationLambdaArn"],
    [{ recoveryWindowDays: 0 }, ["SEC_RECOVERY_WINDOW"], "recoveryWindowDays"],
    [{ environment: "prod" as const, recoveryWindowDays: 7 }, ["SEC_PROD_RECOVERY_WINDOW"], "recoveryWindowDays"],
    [{ jwtKeyPair: { rsaBits: 1024 as any } }, ["SEC_JWT_RSA_BITS"], "jwtKeyPair.rsaBits"],
    [{ jwtKeyPair: { algorithm: "ED25519" as any } }, ["SEC_JWT_ALGORITHM"], "jwtKeyPair.algorithm"],
    [{ jwtKeyPair: { algorithm: "ECDSA" as const, ecdsaCurve: "P384" as any } }, ["SEC_JWT_CURVE"], "jwtKeyPair.ecdsaCurve"],
    [{ jwtKeyPair: { previousPublicKeysPem: ["not a key"] } }, ["SEC_JWT_PREVIOUS_KEY"], "jwtKeyPair.previousPublicKeysPem[0]"],
    [{ jwtKeyPair: { rotationDays: 120 } }, ["SEC_JWT_ROTATION"], "jwtKeyPair.rotationDays"],
    [{ jwtKeyPair: { previousKeyRetentionDays: 1 } }, ["SEC_JWT_KEY_RETENTION"], "jwtKeyPair.previousKeyRetentionDays"],
    [{ secrets: { "encryption-key": { kind: "keyring" as const, length: 8 } } }, ["SEC_LENGTH_FLOOR"], "secrets.encryption-key.length"],
    [{ appName: "Shop!" }, ["SEC_APP_NAME"], "appName"],
  ])("rejects %j with %s before any child registers", async (over, codes, arg) => {
    const { error, registered } = await captureError(build(over), { config });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect((error as Error).message).toContain(`${arg}:`);
    expect((error as Error).message).toContain("Fix:");
    expect(registered).toBe(1); // the LogClasses component only
  });
});

describe("secrets of every component", () => {
  // SecretSet, SecureCache and SecureDatabase in one stack of the given environment, each with a reader.
  const stack = (environment: "staging" | "prod") => () => {
    const logs = new LogClasses("logs", { environment, appName: "shop", kmsKeyArn: LOG_KEY });
    const net = { vpcId: "vpc-123", subnetIds: ["subnet-a", "subnet-b"], allowedSecurityGroupIds: ["sg-app"] };
    new SecretSet("secrets", { environment, appName: "shop", logs, secrets: { jwt: {} }, readerRoleArns: [READER] });
    new SecureCache("cache", { environment, appName: "shop", logs, ...net, rotationSubnetIds: ["subnet-c", "subnet-d"], readerRoleArns: [READER] });
    new SecureDatabase("db", { environment, appName: "shop", logs, ...net, readerRoleArns: [READER] });
  };

  it.each([
    ["staging", 7, false],
    ["prod", 30, true],
  ] as const)("carry the same recovery window, protection and reader policy in %s", async (environment, days, kept) => {
    const cap = await capture(stack(environment), { config });
    const secrets = cap.ofType(SECRET);
    expect(secrets.map((s) => s.name).sort()).toEqual(["cache-app-secret", "db-app_rw-secret", "db-migrator-secret", "db-readonly-secret", "secrets-jwt"]);
    expect(recoveryWindowDefault(environment)).toBe(days);
    for (const s of secrets) {
      expect([s.name, s.inputs.recoveryWindowInDays]).toEqual([s.name, days]);
      expect([s.name, Boolean(s.options.protect), Boolean(s.options.retainOnDelete)]).toEqual([s.name, kept, kept]);
    }
    // One policy per secret, each denying GetSecretValue to all but the reader, the deployer and its rotation role.
    const policies = cap.ofType("aws:secretsmanager/secretPolicy:SecretPolicy");
    expect(policies.map((p) => p.inputs.secretArn).sort()).toEqual(secrets.map((s) => s.outputs.arn).sort());
    for (const p of policies) {
      const [deny] = JSON.parse(p.inputs.policy).Statement;
      expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue" });
      expect(deny.Condition.ArnNotLike["aws:PrincipalArn"].slice(0, 2)).toEqual([READER, "arn:aws:iam::123456789012:user/ci"]);
      expect(deny.Condition.ArnNotLike["aws:PrincipalArn"]).toHaveLength(3);
    }
  });
});
