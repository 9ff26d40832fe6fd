/**
 * KMS controls for any key and any IAM policy in the stack (SEC-1, DB-8, CACHE-4; FSBP KMS.*): no identity
 * may decrypt with every key, no key policy admits everyone, and symmetric keys rotate.
 */
import { actionMatches, allowStatements, asArray, isPublicPrincipal, known, knownJson, peek, resourcePolicy, setProps } from "./lib";

export const IAM_POLICY_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
export const ROLE = "aws:iam/role:Role";
export const KEY = "aws:kms/key:Key";
export const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
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
        if (action && resource && !s.condition) report(`Statement${s.sid ? ` "${s.sid}"` : ""} allows ${action} on Resource "${resource}": the holder can decrypt data under every key in the account, other environments' included.`);
      }
    }
  },
});

export const keyPolicyNotPublic = resourcePolicy({
  name: "kms-key-policy-not-public",
  description: "Key policies admit named principals only: no statement allows Principal \"*\" without a condition.",
  types: [KEY, KEY_POLICY],
  severity: "high",
  category: "security",
  controls: ["SEC-1"],
  fsbp: ["KMS.5"],
  remediation: "name the account root, roles or service principals in Principal, or add a condition such as aws:PrincipalAccount or kms:CallerAccount.",
  validate: (r, report) => {
    const doc = knownJson(r.props, "policy", "the key policy is built from values not yet known");
    for (const s of allowStatements(doc)) {
      if (isPublicPrincipal(s.principal) && !s.condition) report(`Statement${s.sid ? ` "${s.sid}"` : ""} allows ${s.actions.join(", ")} to every AWS principal, in any account.`);
    }
  },
});

export const keyRotation = resourcePolicy({
  name: "kms-key-rotation-enabled",
  description: "Symmetric customer managed keys rotate their key material automatically.",
  types: [KEY],
  severity: "medium",
  category: "security",
  controls: ["SEC-1", "SEC-4"],
  remediation: "set enableKeyRotation: true (yearly by default, or rotationPeriodInDays 90-2560).",
  remediate: setProps({ enableKeyRotation: true }),
  validate: (r, report) => {
    const spec = known(r.props, "customerMasterKeySpec", "the key spec decides whether rotation is possible") ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return r.args.notApplicable(`AWS rotates symmetric keys only; key spec is ${spec}`);
    if (peek(r.props, "enableKeyRotation") !== true) report("Key material never rotates, so one leaked or cracked key version protects every past and future ciphertext.");
  },
});

export const policies = [iamNoDecryptOnAllKeys, keyPolicyNotPublic, keyRotation];
