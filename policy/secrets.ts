/** Secret controls: Secrets Manager with CMKs, rotation, generated strength, no plaintext secrets (SEC-1..5). */
import { PolicyResource } from "@pulumi/policy";
import { asArray, isAwsManagedKeyRef, isUnknown, known, peek, pointsAt, present, referencesResource, resourcePolicy, stackPolicy, UNKNOWN } from "./lib";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";

/** SEC-4: rotation ceilings. */
export const MAX_ROTATION_DAYS = 90;
export const MAX_SESSION_ROTATION_DAYS = 30;
/** SEC-3: values that must never be a secret (seen in the seeds' examples and defaults). */
export const WEAK_LITERALS = ["change-me-in-production", "secret", "password", "admin", "test"] as const;
/** Obvious placeholders: change-me variants, `<…>` templates, your-…-here, todo/xxx/example fillers. */
const PLACEHOLDER = /^(change[-_ ]?me.*|changeit|<[^>]*>|your[-_ ].*[-_ ]here|replace[-_ ]?me.*|todo|tbd|x{3,}|example|default|12345\d*|qwerty|letmein|passw0rd)$/i;

/** The last segment of a secret name, which names its purpose (`/<app>/<env>/<purpose>`). */
export function secretPurpose(name: string): string {
  return name.split("/").filter(Boolean).pop() ?? name;
}

/** Purposes whose values are generated and must rotate (SEC-4): JWT, session, API key and database secrets. */
export function isRotatedPurpose(name: string): boolean {
  const purpose = secretPurpose(name);
  return ["jwt", "jwt-access", "jwt-refresh", "session", "api-key"].includes(purpose) || /^db(-|$)/.test(purpose) || name.split("/").includes("db");
}

/** Database secrets: a `db-…` purpose or a `/db/` segment (`/<app>/<env>/db/<role>`). */
export function isDatabaseSecret(name: string): boolean {
  return /^db(-|$)/.test(secretPurpose(name)) || name.split("/").includes("db");
}

/**
 * The tag of a database role secret whose rotation waits for the SQL that creates the role: configuring rotation
 * runs the function's testSecret as the role at once, which fails before the role exists. Accepted on database
 * secrets without a rotation schedule only.
 */
export const PENDING_BOOTSTRAP = { key: "rotation", value: "pending-bootstrap" } as const;

function pendingBootstrap(secret: PolicyResource, name: string): boolean {
  return isDatabaseSecret(name) && peek(secret.props, `tags.${PENDING_BOOTSTRAP.key}`) === PENDING_BOOTSTRAP.value;
}

export function isSessionSecret(name: string): boolean {
  return /(^|-)session(-|$)/.test(secretPurpose(name));
}

/** Secret name from an ARN (`…:secret:<name>-<6 chars>`) or a name. */
function nameFromSecretId(id: string): string {
  const m = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(id);
  return m ? m[1] : id;
}

/** Rotation days of a SecretRotation: automaticallyAfterDays, or a `rate(N days)` schedule. */
function rotationDays(props: any): number | undefined {
  const days = known(props, "rotationRules.automaticallyAfterDays");
  if (typeof days === "number" && days > 0) return days;
  const schedule = known(props, "rotationRules.scheduleExpression");
  const m = typeof schedule === "string" ? /^rate\((\d+) days?\)$/.exec(schedule) : null;
  return m ? Number(m[1]) : undefined;
}

export const secretUsesCmk = resourcePolicy({
  name: "secretsmanager-secret-cmk-encrypted",
  description: "Secrets Manager secrets are encrypted with a customer-managed KMS key (kmsKeyId set, and not the AWS-managed alias/aws/secretsmanager by alias or ARN).",
  types: [SECRET],
  severity: "high",
  category: "security",
  controls: ["SEC-1", "ENV-1"],
  checkov: ["CKV_AWS_149"],
  remediation: "set kmsKeyId to the CMK of the environment's secrets (SecretSet creates one per environment).",
  validate: (r, report) => {
    const key = peek(r.props, "kmsKeyId");
    if (!present(r.props, "kmsKeyId"))
      report(
        "Secret is encrypted with the AWS-managed key aws/secretsmanager, which every principal of the account with secret access can use; the environment's key policy cannot restrict or audit it.",
      );
    else if (isAwsManagedKeyRef(key))
      report(
        `Secret names the AWS-managed key ${key}, which is not a customer-managed key: every principal of the account with secret access can use it, and the environment's key policy cannot restrict or audit it.`,
      );
  },
});

export const rotationPeriod = resourcePolicy({
  name: "secretsmanager-rotation-period",
  description: "Secret rotation schedules rotate at least every 90 days, and session secrets at least every 30 days.",
  types: [ROTATION],
  severity: "medium",
  category: "security",
  controls: ["SEC-4"],
  fsbp: ["SecretsManager.4"],
  checkov: ["CKV_AWS_304"],
  remediation: "set rotationRules.automaticallyAfterDays to 90 or less (30 or less for session secrets).",
  validate: (r, report) => {
    const days = rotationDays(r.props);
    if (days === undefined) return;
    if (days > MAX_ROTATION_DAYS) {
      report(`Secret rotates only every ${days} days: a leaked value stays valid for more than a quarter.`);
      return;
    }
    const id = peek(r.props, "secretId");
    if (typeof id === "string" && !isUnknown(id) && isSessionSecret(nameFromSecretId(id)) && days > MAX_SESSION_ROTATION_DAYS) {
      report(`Session secret rotates only every ${days} days: a leaked session secret lets anyone forge sessions for more than a month.`);
    }
  },
});

/** True when `rotation` points at `secret`: by property dependency (works while ARNs are unknown) or by id/ARN. */
function rotates(rotation: PolicyResource, secret: PolicyResource): boolean {
  return referencesResource(rotation, "secretId", secret, ["id", "arn", "name"]);
}

export const generatedSecretsRotated = stackPolicy({
  name: "secretsmanager-generated-secrets-rotated",
  description: `Every JWT, session, API-key and database secret (by the purpose in its name) has a rotation schedule, or, for a database role secret before its role exists, the tag ${PENDING_BOOTSTRAP.key}=${PENDING_BOOTSTRAP.value}; session secrets rotate within 30 days.`,
  severity: "high",
  category: "security",
  controls: ["SEC-4"],
  fsbp: ["SecretsManager.1", "SecretsManager.4"],
  checkov: ["CKV2_AWS_57"],
  notes: {
    CKV2_AWS_57:
      "for secrets whose name says they hold a generated credential (jwt, session, api-key, db); ecs-task-secrets-rotated holds every secret a task reads to a rotation schedule or an external-rotation tag",
  },
  remediation: `add an aws.secretsmanager.SecretRotation for the secret with rotationRules.automaticallyAfterDays <= 90 (<= 30 for session); SecretSet does this for generated purposes. A database role secret whose role the bootstrap SQL has not created yet may instead carry the tag ${PENDING_BOOTSTRAP.key}: "${PENDING_BOOTSTRAP.value}" until then (SecureDatabase with rolesBootstrapped false).`,
  validate: (resources, report) => {
    const rotations = resources.filter((r) => r.type === ROTATION);
    for (const secret of resources.filter((r) => r.type === SECRET)) {
      const name = peek(secret.props, "name");
      if (typeof name !== "string" || isUnknown(name) || !isRotatedPurpose(name)) continue; // unnamed secrets cannot be classified
      const mine = rotations.filter((rot) => rotates(rot, secret));
      if (mine.length === 0) {
        if (pendingBootstrap(secret, name)) continue;
        report(`Secret ${name} is a generated credential (JWT, session, API key or database) without a rotation schedule, so a leaked value stays valid forever.`, secret.urn);
        continue;
      }
      // Periods above 90 days, and session periods once the secret ARN is known, are the resource policy's
      // (secretsmanager-rotation-period); here only the session ceiling it cannot see while the ARN is unknown.
      if (!isSessionSecret(name)) continue;
      for (const rot of mine) {
        const days = peek(rot.props, "rotationRules.automaticallyAfterDays");
        const id = peek(rot.props, "secretId");
        const idKnown = typeof id === "string" && !isUnknown(id);
        if (!idKnown && typeof days === "number" && days > MAX_SESSION_ROTATION_DAYS && days <= MAX_ROTATION_DAYS) {
          report(`Secret ${name} rotates every ${days} days; session secrets rotate every ${MAX_SESSION_ROTATION_DAYS} days at most.`, secret.urn);
        }
      }
    }
  },
});

/** The weak literal or placeholder a secret string (or a string member of its JSON) is, if any. */
export function weakValue(value: string): string | undefined {
  const candidates: string[] = [value];
  try {
    const parsed = JSON.parse(value);
    if (parsed && typeof parsed === "object") candidates.push(...Object.values(parsed).filter((v): v is string => typeof v === "string"));
  } catch {
    /* not JSON */
  }
  return candidates.find((c) => (WEAK_LITERALS as readonly string[]).includes(c.trim().toLowerCase()) || PLACEHOLDER.test(c.trim()));
}

export const versionNotWeak = resourcePolicy({
  name: "secretsmanager-secret-version-not-weak",
  description: "Secret values are generated or put out of band, never a weak literal or placeholder (change-me-in-production, secret, password, admin, test, <…>).",
  types: [VERSION],
  severity: "critical",
  category: "security",
  controls: ["SEC-3", "SEC-1"],
  remediation: "generate the value (random.RandomPassword length 64, random.RandomBytes 32/64 as hex; SecretSet does) or create the secret without a version and put the value out of band.",
  validate: (r, report) => {
    // A literal is always known; an unknown value comes from a generator or another resource.
    const value = peek(r.props, "secretString");
    if (typeof value !== "string" || isUnknown(value)) return;
    const weak = weakValue(value);
    if (weak !== undefined) report(`Secret value is the well-known placeholder "${weak}": anyone can guess it, and it sits in source control and state in clear.`);
  },
});

export const ssmNoPlainSecret = resourcePolicy({
  name: "ssm-parameter-no-plaintext-secret",
  description: "SSM parameters named like secrets (secret, password, token) are SecureString, not String.",
  types: ["aws:ssm/parameter:Parameter"],
  severity: "high",
  category: "security",
  controls: ["SEC-1"],
  remediation: "store the value in Secrets Manager (SecretSet), or at least make the parameter type SecureString with a CMK (keyId).",
  validate: (r, report) => {
    const type = known(r.props, "type");
    if (type !== "String" && type !== "StringList") return;
    const name = known(r.props, "name") ?? r.name;
    if (/secret|password|passwd|token/i.test(String(name)))
      report(`SSM parameter ${name} holds a secret as plain ${type}: anyone with ssm:GetParameter reads it, unencrypted and without a key policy.`);
  },
});

export const randomPasswordLength = resourcePolicy({
  name: "random-password-min-length",
  description: "Generated passwords are at least 32 characters long.",
  types: ["random:index/randomPassword:RandomPassword"],
  severity: "high",
  category: "security",
  controls: ["SEC-3"],
  remediation: "set length to 64 (32 is the floor; SecretSet and SecureCache use 64).",
  validate: (r, report) => {
    const length = known(r.props, "length");
    if (typeof length === "number" && length < 32) report(`Generated password has only ${length} characters, below the 32-character floor for secrets.`);
  },
});

export const tokenSecretLength = resourcePolicy({
  name: "random-password-token-secret-length",
  description: "Generated JWT, session and API-key secrets (by the resource name) are 64 characters long.",
  types: ["random:index/randomPassword:RandomPassword"],
  severity: "low",
  category: "security",
  controls: ["SEC-3"],
  enforcementLevel: "advisory",
  remediation: "set length to 64 for JWT, session and API-key secrets (SecretSet's default).",
  validate: (r, report) => {
    if (!/jwt|session|api-key/i.test(r.name)) return;
    const length = known(r.props, "length");
    if (typeof length === "number" && length >= 32 && length < 64) report(`${r.name} generates ${length} characters; JWT, session and API-key secrets use 64, a full HMAC-SHA-256 key block.`);
  },
});

export const tlsKeyStrength = resourcePolicy({
  name: "tls-private-key-min-strength",
  description: "RSA private keys (JWT signing keys) have at least 2048 bits.",
  types: ["tls:index/privateKey:PrivateKey"],
  severity: "high",
  category: "security",
  controls: ["SEC-5"],
  remediation: "set rsaBits to 2048 (default), 3072 or 4096, or use ECDSA P256.",
  validate: (r, report) => {
    if (known(r.props, "algorithm") !== "RSA") return;
    const bits = known(r.props, "rsaBits");
    if (typeof bits === "number" && bits < 2048) report(`RSA key has ${bits} bits: keys below 2048 bits can be factored, so tokens signed with it can be forged.`);
  },
});

const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
/** The tag value that marks a secret rotated outside Secrets Manager (by its vendor, or by a deploy). */
export const EXTERNAL_ROTATION = { key: "rotation", value: "external" } as const;

/** The stack's secrets a task definition reads: by dependency of its container definitions, or by ARN or name in them. */
function secretsRead(td: PolicyResource, secrets: readonly PolicyResource[]): PolicyResource[] {
  const byDependency = pointsAt(td, "containerDefinitions", secrets, []);
  const defs = peek(td.props, "containerDefinitions");
  if (typeof defs !== "string" || defs.includes(UNKNOWN)) return byDependency;
  let refs: string[] = [];
  try {
    refs = asArray(JSON.parse(defs)).flatMap((c: any) => asArray(c?.secrets).map((s: any) => String(s?.valueFrom ?? "")));
  } catch {
    return byDependency;
  }
  const matches = (secret: PolicyResource, ref: string) => {
    const arn = peek(secret.props, "arn");
    const name = peek(secret.props, "name");
    return (typeof arn === "string" && !isUnknown(arn) && ref.startsWith(arn)) || (typeof name === "string" && !isUnknown(name) && (ref === name || ref.includes(`:secret:${name}-`)));
  };
  return [...new Set([...byDependency, ...secrets.filter((s) => refs.some((ref) => matches(s, ref)))])];
}

export const taskSecretsRotated = stackPolicy({
  name: "ecs-task-secrets-rotated",
  description: `Every Secrets Manager secret an ECS task reads has a rotation schedule, or is tagged ${EXTERNAL_ROTATION.key}=${EXTERNAL_ROTATION.value} because it is rotated outside Secrets Manager (a database role secret: ${PENDING_BOOTSTRAP.key}=${PENDING_BOOTSTRAP.value} until its role exists).`,
  severity: "high",
  category: "security",
  controls: ["SEC-4", "CTR-5"],
  fsbp: ["SecretsManager.1"],
  remediation: `add an aws.secretsmanager.SecretRotation for the secret, or, for a credential its vendor or a deploy rotates (SMTP password, Sentry DSN), tag the secret ${EXTERNAL_ROTATION.key}: "${EXTERNAL_ROTATION.value}" (SecretSet does this for its external and key-pair purposes).`,
  validate: (resources, report) => {
    const secrets = resources.filter((r) => r.type === SECRET);
    const rotations = resources.filter((r) => r.type === ROTATION);
    for (const td of resources.filter((r) => r.type === TASK_DEF)) {
      for (const secret of secretsRead(td, secrets)) {
        if (rotations.some((rot) => rotates(rot, secret)) || peek(secret.props, `tags.${EXTERNAL_ROTATION.key}`) === EXTERNAL_ROTATION.value) continue;
        const name = peek(secret.props, "name");
        if (typeof name === "string" && !isUnknown(name) && pendingBootstrap(secret, name)) continue;
        report(`Task definition ${td.name} reads secret ${secret.name}, which never rotates and is not marked as rotated elsewhere: a leaked value stays valid in every running task.`, secret.urn);
      }
    }
  },
});

/** The tag SecretSet puts on an external secret until its value has been put out of band. */
export const VALUE_PENDING = { key: "value", value: "pending" } as const;

export const taskSecretsHaveValue = stackPolicy({
  name: "ecs-task-secrets-have-value",
  description: `ECS tasks read only secrets that hold a value: none tagged ${VALUE_PENDING.key}=${VALUE_PENDING.value} (created empty, value not yet put out of band) without a secret version in the stack.`,
  severity: "high",
  category: "resilience",
  controls: ["SEC-2", "CTR-5"],
  remediation: `put the value (aws secretsmanager put-secret-value) and mark it set (SecretSet: valueSet true; the program: externalSecretsSet), or leave the secret out of the task's secrets until then.`,
  validate: (resources, report) => {
    const secrets = resources.filter((r) => r.type === SECRET);
    const versions = resources.filter((r) => r.type === VERSION);
    for (const td of resources.filter((r) => r.type === TASK_DEF)) {
      for (const secret of secretsRead(td, secrets)) {
        if (peek(secret.props, `tags.${VALUE_PENDING.key}`) !== VALUE_PENDING.value) continue;
        if (versions.some((v) => referencesResource(v, "secretId", secret, ["id", "arn", "name"]))) continue;
        report(
          `Task definition ${td.name} reads secret ${secret.name}, which is still empty (tagged ${VALUE_PENDING.key}: ${VALUE_PENDING.value}): ECS cannot fetch a secret without a value, so every task fails to start.`,
          secret.urn,
        );
      }
    }
  },
});

export const policies = [
  secretUsesCmk,
  rotationPeriod,
  generatedSecretsRotated,
  taskSecretsRotated,
  versionNotWeak,
  ssmNoPlainSecret,
  randomPasswordLength,
  tokenSecretLength,
  tlsKeyStrength,
  taskSecretsHaveValue,
];
