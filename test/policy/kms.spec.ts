import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { iamNoDecryptOnAllKeys, keyPolicyNotPublic, keyRotation } from "../../policy/kms";
import { topicPolicyNotPublic } from "../../policy/monitoring";
import { keyDeletionWindow, keyEnabled } from "../../policy/kms";
import { checkResource, UNKNOWN } from "../support/policy";

const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("kms-iam-policy-no-decrypt-on-all-keys", () => {
  it("passes decrypt on a named key, and decrypt on * constrained by kms:ViaService", async () => {
    const named = doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:123456789012:key/abc" });
    assert.deepEqual((await checkResource(iamNoDecryptOnAllKeys, { type: ROLE_POLICY, props: { policy: named } })).violations, []);
    const via = doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } });
    assert.deepEqual((await checkResource(iamNoDecryptOnAllKeys, { type: ROLE_POLICY, props: { policy: via } })).violations, []);
  });

  it("fails kms:Decrypt and kms:* on every key, in managed, inline and role inline policies", async () => {
    const v = await checkResource(iamNoDecryptOnAllKeys, { type: "aws:iam/policy:Policy", props: { policy: doc({ Sid: "Keys", Effect: "Allow", Action: ["kms:Decrypt"], Resource: "*" }) } });
    assert.deepEqual(v.violations, [
      'Statement "Keys" allows kms:Decrypt on Resource "*": the holder can decrypt data under every key in the account, other environments\' included. Fix: list the key ARNs in Resource, or constrain the grant with a kms:ViaService or kms:EncryptionContext condition.',
    ]);
    const role = await checkResource(iamNoDecryptOnAllKeys, {
      type: "aws:iam/role:Role",
      props: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: doc({ Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:*:*:key/*" }) }] },
    });
    assert.match(role.violations[0], /^Statement allows kms:\* on Resource "arn:aws:kms:\*:\*:key\/\*"/);
  });

  it("is undecided, naming policy, when the document is unknown", async () => {
    const v = await checkResource(iamNoDecryptOnAllKeys, { type: ROLE_POLICY, props: { role: UNKNOWN, policy: UNKNOWN } });
    assert.match(v.undecided ?? "", /^policy is not known until apply/);
  });
});

describe("kms-key-policy-not-public and sns-topic-policy-not-public", () => {
  const admin = { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };

  it("pass account and service principals, and * with a condition", async () => {
    const conditioned = { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } };
    assert.deepEqual((await checkResource(keyPolicyNotPublic, { type: "aws:kms/key:Key", props: { policy: doc(admin, conditioned) } })).violations, []);
    assert.deepEqual((await checkResource(topicPolicyNotPublic, { type: "aws:sns/topic:Topic", props: { name: "alerts" } })).violations, []);
  });

  it("fail Principal * or AWS * without a condition", async () => {
    const v = await checkResource(keyPolicyNotPublic, {
      type: "aws:kms/keyPolicy:KeyPolicy",
      props: { keyId: UNKNOWN, policy: doc(admin, { Sid: "Open", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" }) },
    });
    assert.deepEqual(v.violations, [
      'Statement "Open" allows kms:Decrypt to every AWS principal in any account (Principal {"AWS":["*"]}, no condition naming the accounts). Fix: name the account root, roles or service principals in Principal, or add a StringEquals condition on aws:PrincipalAccount or kms:CallerAccount (or aws:PrincipalOrgID) with your account ids.',
    ]);
    const t = await checkResource(topicPolicyNotPublic, {
      type: "aws:sns/topicPolicy:TopicPolicy",
      props: { arn: UNKNOWN, policy: doc({ Effect: "Allow", Principal: "*", Action: ["SNS:Publish", "SNS:Subscribe"], Resource: "*" }) },
    });
    assert.match(t.violations[0], /^Statement allows SNS:Publish, SNS:Subscribe to every AWS principal: anyone can publish false alerts/);
  });

  it("are undecided when the policy is unknown, and still decide with an unknown key id", async () => {
    assert.match((await checkResource(keyPolicyNotPublic, { type: "aws:kms/key:Key", props: { policy: UNKNOWN } })).undecided ?? "", /^policy is not known until apply/);
  });
});

describe("kms-key-rotation-enabled", () => {
  it("passes a rotating symmetric key and skips asymmetric keys", async () => {
    assert.deepEqual((await checkResource(keyRotation, { type: "aws:kms/key:Key", props: { enableKeyRotation: true, policy: UNKNOWN } })).violations, []);
    assert.equal((await checkResource(keyRotation, { type: "aws:kms/key:Key", props: { customerMasterKeySpec: "RSA_2048" } })).notApplicable, true);
  });

  it("fails a symmetric key without rotation", async () => {
    const v = await checkResource(keyRotation, { type: "aws:kms/key:Key", props: { description: "x" } });
    assert.deepEqual(v.violations, [
      "Key material never rotates, so one leaked or cracked key version protects every past and future ciphertext. Fix: set enableKeyRotation: true (yearly by default, or rotationPeriodInDays 90-2560).",
    ]);
  });
});

describe("kms-key-policy-not-public: every form of the wildcard principal", () => {
  const KEY = "aws:kms/key:Key";
  const admin = { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" };
  const open = (extra: Record<string, any>) => ({ Sid: "Open", Effect: "Allow", Action: "kms:Decrypt", Resource: "*", ...extra });
  const fix =
    " Fix: name the account root, roles or service principals in Principal, or add a StringEquals condition on aws:PrincipalAccount or kms:CallerAccount (or aws:PrincipalOrgID) with your account ids.";

  it('fails "*", ["*"], { AWS: "*" }, { AWS: ["*"] } and NotPrincipal, as a JSON string or an object, in any Effect case', async () => {
    const forms: [Record<string, any>, string][] = [
      [{ Principal: "*" }, 'Principal "*"'],
      [{ Principal: ["*"] }, 'Principal ["*"]'],
      [{ Principal: { AWS: "*" } }, 'Principal {"AWS":"*"}'],
      [{ Principal: { AWS: ["arn:aws:iam::123456789012:root", "*"] } }, 'Principal {"AWS":["arn:aws:iam::123456789012:root","*"]}'],
      [{ NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" } }, "NotPrincipal"],
      [{ Principal: "*", Effect: "allow" }, 'Principal "*"'],
    ];
    for (const [extra, shown] of forms) {
      const expected = [`Statement "Open" allows kms:Decrypt to every AWS principal in any account (${shown}, no condition naming the accounts).${fix}`];
      assert.deepEqual((await checkResource(keyPolicyNotPublic, { type: KEY, props: { policy: doc(admin, open(extra)) } })).violations, expected, JSON.stringify(extra));
      const asObject = { Version: "2012-10-17", Statement: open(extra) };
      assert.deepEqual(
        (await checkResource(keyPolicyNotPublic, { type: "aws:kms/keyPolicy:KeyPolicy", props: { keyId: UNKNOWN, policy: asObject } })).violations,
        expected,
        `object ${JSON.stringify(extra)}`,
      );
    }
  });

  it("fails a wildcard whose condition does not narrow it to accounts (aws:SecureTransport, negated or IfExists operators, wildcard values)", async () => {
    for (const Condition of [
      { Bool: { "aws:SecureTransport": "true" } },
      { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } },
      { StringEqualsIfExists: { "aws:SourceAccount": "123456789012" } },
      { StringLike: { "aws:PrincipalOrgID": "o-*" } },
      { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    ]) {
      const v = await checkResource(keyPolicyNotPublic, { type: KEY, props: { policy: doc(open({ Principal: { AWS: "*" }, Condition })) } });
      assert.equal(v.violations.length, 1, JSON.stringify(Condition));
    }
  });

  it("passes a wildcard pinned by aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID (keys in any case), and Deny statements", async () => {
    for (const Condition of [
      { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
      { StringEquals: { "aws:SourceAccount": ["123456789012"] } },
      { StringEquals: { "KMS:CallerAccount": "123456789012" }, Bool: { "aws:SecureTransport": "true" } },
      { "ForAnyValue:StringEquals": { "aws:PrincipalOrgID": "o-abc123" } },
    ]) {
      assert.deepEqual((await checkResource(keyPolicyNotPublic, { type: KEY, props: { policy: doc(admin, open({ Principal: "*", Condition })) } })).violations, [], JSON.stringify(Condition));
    }
    assert.deepEqual((await checkResource(keyPolicyNotPublic, { type: KEY, props: { policy: doc(admin, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" }) } })).violations, []);
  });
});

describe("kms-key-enabled", () => {
  it("fails a disabled key, replica or external key, and passes enabled or unset", async () => {
    assert.deepEqual((await checkResource(keyEnabled, { type: "aws:kms/key:Key", props: { deletionWindowInDays: 30 } })).violations, []);
    assert.deepEqual((await checkResource(keyEnabled, { type: "aws:kms/key:Key", props: { isEnabled: true } })).violations, []);
    const fix = " Fix: remove isEnabled: false (enabled: false on replica and external keys), or delete the key and the resources that point at it.";
    assert.deepEqual((await checkResource(keyEnabled, { type: "aws:kms/key:Key", props: { isEnabled: false } })).violations, [
      `Key is disabled (isEnabled false): every secret, volume, log and snapshot encrypted under it is unreadable, and whatever is configured to use it fails.${fix}`,
    ]);
    assert.deepEqual((await checkResource(keyEnabled, { type: "aws:kms/replicaKey:ReplicaKey", props: { primaryKeyArn: UNKNOWN, enabled: "false" } })).violations, [
      `Key is disabled (enabled false): every secret, volume, log and snapshot encrypted under it is unreadable, and whatever is configured to use it fails.${fix}`,
    ]);
  });
});

describe("kms-key-deletion-window", () => {
  const KEY = "aws:kms/key:Key";
  const fix = " Fix: set deletionWindowInDays: 30 (the shared key helper of the components does).";

  it("passes an explicit 30-day window", async () => {
    assert.deepEqual((await checkResource(keyDeletionWindow, { type: KEY, props: { deletionWindowInDays: 30 } })).violations, []);
  });

  it("fails a window left at the default, out of AWS's 7-30 range, or below the 30-day floor", async () => {
    assert.deepEqual((await checkResource(keyDeletionWindow, { type: KEY, props: {} })).violations, [
      `Key leaves deletionWindowInDays at the provider default: how long a key scheduled for deletion stays recoverable is nowhere stated in code.${fix}`,
    ]);
    for (const days of [0, 6, 31, 365]) {
      assert.deepEqual(
        (await checkResource(keyDeletionWindow, { type: KEY, props: { deletionWindowInDays: days } })).violations,
        [`Key sets deletionWindowInDays ${days}, which AWS refuses (7-30 days).${fix}`],
        String(days),
      );
    }
    assert.deepEqual((await checkResource(keyDeletionWindow, { type: "aws:kms/externalKey:ExternalKey", props: { deletionWindowInDays: 7 } })).violations, [
      `Key keeps a 7-day deletion window: a deletion scheduled by mistake becomes permanent, with every ciphertext under the key, before a monthly review notices it.${fix}`,
    ]);
  });
});
