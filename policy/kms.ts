/**
 * KMS controls for any key and any IAM policy in the stack (SEC-1, DB-8, CACHE-4; FSBP KMS.*): no identity
 * may decrypt with every key, no key policy admits everyone, and symmetric keys rotate.
 */
import { actionMatches, allowStatements, asArray, isFalse, known, knownJson, peek, resourcePolicy, setProps, wildcardPrincipalStatements } from "./lib";

export const IAM_POLICY_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
export const ROLE = "aws:iam/role:Role";
export const KEY = "aws:kms/key:Key";
export const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
export const REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
export const EXTERNAL_KEY = "aws:kms/externalKey:ExternalKey";
/** Every resource that creates a KMS key. */
export const KEY_TYPES = [KEY, REPLICA_KEY, EXTERNAL_KEY];
const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

/** Resource patterns that match every KMS key. */
const allKeys = (resource: string) => resource === "*" || /^arn:[^:]+:kms:[^:]*:[^:]*:(key\/)?\*$/.test(resource);

/** The policy documents of an IAM resource: its `policy`, or a role's inline policies. */
function iamDocuments(type: string, props: any): any[] {
  const why = "the policy document embeds ARNs of resources not yet created";
  if (type !== ROLE) return [knownJson(props, "policy", why)];
  return asArray(peek(props, "inlinePolicies")).map((_, i) => knownJson(props, `inlinePolicies.${i}.policy`, why));
}

export const iamNoDecryptOnAllKeys = resourcePolicy({
  name: "kms-iam-policy-no-decrypt-on-all-keys",
  description: "IAM policies (managed and inline) allow kms:Decrypt and kms:ReEncryptFrom only on named keys, never on every key.",
  types: [...IAM_POLICY_TYPES, ROLE],
  severity: "medium",
  category: "security",
  controls: ["SEC-1"],
  fsbp: ["KMS.1", "KMS.2"],
  remediation: "list the key ARNs in Resource, or constrain the grant with a kms:ViaService or kms:EncryptionContext condition.",
  validate: (r, report) => {
    for (const doc of iamDocuments(r.type, r.props)) {
      for (const s of allowStatements(doc)) {
        const action = s.actions.find((a) => DECRYPT_ACTIONS.some((d) => actionMatches(a, d)));
        const resource = s.resources.find(allKeys);
        if (action && resource && !s.condition)
          report(`Statement${s.sid ? ` "${s.sid}"` : ""} allows ${action} on Resource "${resource}": the holder can decrypt data under every key in the account, other environments' included.`);
      }
    }
  },
});

export const keyPolicyNotPublic = resourcePolicy({
  name: "kms-key-policy-not-public",
  description:
    'Key policies admit named principals only: no Allow statement names Principal "*" (as "*", ["*"], { AWS: "*" } or { AWS: ["*"] }) or uses NotPrincipal, unless a condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount, aws:PrincipalOrgID or aws:SourceOwner pins it to named accounts (a condition on anything else, e.g. aws:SecureTransport, does not).',
  types: [...KEY_TYPES, KEY_POLICY],
  severity: "high",
  category: "security",
  controls: ["SEC-1"],
  fsbp: ["KMS.5"],
  checkov: ["CKV_AWS_33"],
  remediation:
    "name the account root, roles or service principals in Principal, or add a StringEquals condition on aws:PrincipalAccount or kms:CallerAccount (or aws:PrincipalOrgID) with your account ids.",
  validate: (r, report) => {
    const doc = knownJson(r.props, "policy", "the key policy is built from values not yet known");
    for (const s of wildcardPrincipalStatements(doc)) {
      report(
        `Statement${s.sid ? ` "${s.sid}"` : ""} allows ${s.actions.join(", ")} to every AWS principal in any account (${s.principal === "NotPrincipal" ? "NotPrincipal" : `Principal ${s.principal}`}, no condition naming the accounts).`,
      );
    }
  },
});

export const keyEnabled = resourcePolicy({
  name: "kms-key-enabled",
  description: "KMS keys the stack creates are enabled (isEnabled, or enabled on replica and external keys, is not false).",
  types: KEY_TYPES,
  severity: "medium",
  category: "resilience",
  controls: ["SEC-1"],
  checkov: ["CKV_AWS_227"],
  remediation: "remove isEnabled: false (enabled: false on replica and external keys), or delete the key and the resources that point at it.",
  validate: (r, report) => {
    const prop = r.type === KEY ? "isEnabled" : "enabled";
    if (isFalse(known(r.props, prop))) report(`Key is disabled (${prop} false): every secret, volume, log and snapshot encrypted under it is unreadable, and whatever is configured to use it fails.`);
  },
});

/** FSBP KMS.3 floor: the longest window AWS allows, the one our keys use (components/shared/kms.ts KEY_DELETION_WINDOW_DAYS). */
export const MIN_KEY_DELETION_WINDOW_DAYS = 30;
export const MAX_KEY_DELETION_WINDOW_DAYS = 30;

export const keyDeletionWindow = resourcePolicy({
  name: "kms-key-deletion-window",
  description: `KMS keys state their deletion window explicitly (deletionWindowInDays, not left at the provider default) and keep it at ${MIN_KEY_DELETION_WINDOW_DAYS} days, the longest AWS allows (7-30): a key scheduled for deletion by mistake stays recoverable for a month.`,
  types: KEY_TYPES,
  severity: "medium",
  category: "resilience",
  controls: ["SEC-1"],
  fsbp: ["KMS.3"],
  remediation: `set deletionWindowInDays: ${MIN_KEY_DELETION_WINDOW_DAYS} (the shared key helper of the components does).`,
  validate: (r, report) => {
    const days = known(r.props, "deletionWindowInDays");
    if (days === undefined || days === null || days === "")
      return report("Key leaves deletionWindowInDays at the provider default: how long a key scheduled for deletion stays recoverable is nowhere stated in code.");
    const n = Number(days);
    if (!Number.isInteger(n) || n < 7 || n > MAX_KEY_DELETION_WINDOW_DAYS) return report(`Key sets deletionWindowInDays ${JSON.stringify(days)}, which AWS refuses (7-30 days).`);
    if (n < MIN_KEY_DELETION_WINDOW_DAYS)
      report(`Key keeps a ${n}-day deletion window: a deletion scheduled by mistake becomes permanent, with every ciphertext under the key, before a monthly review notices it.`);
  },
});

export const keyRotation = resourcePolicy({
  name: "kms-key-rotation-enabled",
  description: "Symmetric customer managed keys rotate their key material automatically.",
  types: [KEY],
  severity: "medium",
  category: "security",
  controls: ["SEC-1", "SEC-4"],
  checkov: ["CKV_AWS_7"],
  remediation: "set enableKeyRotation: true (yearly by default, or rotationPeriodInDays 90-2560).",
  remediate: setProps({ enableKeyRotation: true }),
  validate: (r, report) => {
    const spec = known(r.props, "customerMasterKeySpec", "the key spec decides whether rotation is possible") ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return r.args.notApplicable(`AWS rotates symmetric keys only; key spec is ${spec}`);
    if (peek(r.props, "enableKeyRotation") !== true) report("Key material never rotates, so one leaked or cracked key version protects every past and future ciphertext.");
  },
});

export const policies = [iamNoDecryptOnAllKeys, keyPolicyNotPublic, keyRotation, keyEnabled, keyDeletionWindow];
