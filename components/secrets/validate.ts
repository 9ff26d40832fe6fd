import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { iamPrincipalArn, kmsKeyArn, lambdaArn, rolePattern } from "../shared/arn";
import { anything, checkArgs, environment, input, list, logClasses, num, obj, opt, record, req, Shape, str } from "../shared/shape";
import { JwtKeyPairSpec, SecretKind, SecretSetArgs, SecretSpec } from "./args";
import {
  DEFAULT_ECDSA_CURVE,
  DEFAULT_JWT_PREVIOUS_KEY_RETENTION_DAYS,
  DEFAULT_JWT_ROTATION_DAYS,
  DEFAULT_HEX_BYTES,
  DEFAULT_JWT_ALGORITHM,
  DEFAULT_PASSWORD_LENGTH,
  DEFAULT_RSA_BITS,
  JWT_PRIVATE_KEY_PURPOSE,
  MAX_ROTATION_DAYS,
  MAX_SESSION_ROTATION_DAYS,
  MIN_GENERATED_LENGTH,
  PURPOSE_GENERATORS,
  isSessionPurpose,
  recoveryWindowDefault,
  rotationDaysDefault,
} from "./defaults";

/** A purpose after defaults: external secrets have no length and no rotation. */
export interface ResolvedSecret {
  readonly purpose: string;
  readonly kind: SecretKind;
  readonly length?: number;
  readonly rotationDays?: number;
  readonly description: string;
  /** External secrets: whether the value was put out of band. Generated secrets always have one. */
  readonly valueSet: boolean;
}

export type ResolvedSecretSetArgs = Omit<SecretSetArgs, "secrets" | "jwtKeyPair"> & {
  readonly secrets: readonly ResolvedSecret[];
  readonly jwtKeyPair?: Required<JwtKeyPairSpec>;
  readonly recoveryWindowDays: number;
};

const PURPOSE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Runtime shape of {@link SecretSetArgs}. */
export const SHAPE: Shape<SecretSetArgs> = {
  environment,
  appName: req(str()),
  logs: req(logClasses),
  secrets: req(record(obj<SecretSpec>({ kind: opt(str()), length: opt(num()), rotationDays: opt(num()), description: opt(str()), valueSet: opt(anything) /* SEC_VALUE_SET */ }))),
  readerRoleArns: req(list(input(str(rolePattern("READER_ARN"))), { unique: true })),
  administratorArns: opt(list(input(str(iamPrincipalArn("ADMINISTRATOR_ARN"))), { unique: true })),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  rotationLambdaArn: opt(input(str(lambdaArn("ROTATION_LAMBDA_ARN")))),
  jwtKeyPair: opt(
    obj<JwtKeyPairSpec>({
      algorithm: opt(str()),
      rsaBits: opt(num()),
      ecdsaCurve: opt(str()),
      previousPublicKeysPem: opt(list(str(), { unique: true })),
      rotationDays: opt(num()),
      previousKeyRetentionDays: opt(num()),
    }),
  ),
  recoveryWindowDays: opt(num()),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: SecretSetArgs): SecretSetArgs => checkArgs("SecretSet", "SEC", name, args, SHAPE);

export function withDefaults(args: SecretSetArgs): ResolvedSecretSetArgs {
  const secrets = Object.entries(args.secrets).map(([purpose, spec]): ResolvedSecret => {
    const known = PURPOSE_GENERATORS[purpose];
    const kind = spec.kind ?? known?.kind ?? "external";
    const length = kind === "external" ? undefined : (spec.length ?? (known?.kind === kind ? known.length : kind === "password" ? DEFAULT_PASSWORD_LENGTH : DEFAULT_HEX_BYTES));
    const rotationDays = kind === "external" ? spec.rotationDays : (spec.rotationDays ?? rotationDaysDefault(purpose));
    const what =
      kind === "external"
        ? "set out of band"
        : kind === "hex"
          ? `${length} random bytes, hex`
          : kind === "keyring"
            ? `keyring of ${length}-byte keys, every version kept`
            : `${length} random characters`;
    const valueSet = kind === "external" ? (spec.valueSet ?? false) : (spec.valueSet ?? true);
    return { purpose, kind, length, rotationDays, valueSet, description: spec.description ?? `${purpose} of ${args.appName} (${args.environment}): ${what}` };
  });
  const jwt = args.jwtKeyPair;
  return {
    ...args,
    secrets,
    jwtKeyPair: jwt && {
      algorithm: jwt.algorithm ?? DEFAULT_JWT_ALGORITHM,
      rsaBits: jwt.rsaBits ?? DEFAULT_RSA_BITS,
      ecdsaCurve: jwt.ecdsaCurve ?? DEFAULT_ECDSA_CURVE,
      previousPublicKeysPem: jwt.previousPublicKeysPem ?? [],
      rotationDays: jwt.rotationDays ?? DEFAULT_JWT_ROTATION_DAYS,
      previousKeyRetentionDays: jwt.previousKeyRetentionDays ?? DEFAULT_JWT_PREVIOUS_KEY_RETENTION_DAYS,
    },
    recoveryWindowDays: args.recoveryWindowDays ?? recoveryWindowDefault(args.environment),
  };
}

export function validate(name: string, a: ResolvedSecretSetArgs): ResolvedSecretSetArgs {
  checkEnvironment("SecretSet", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(a.secrets.length === 0 && !a.jwtKeyPair, "SEC_NO_SECRETS", "secrets", "no purposes and no JWT key pair: nothing to create", "list the purposes, e.g. { jwt: {}, session: {} }.");
  p.check(!/^[a-z][a-z0-9-]{1,23}$/.test(a.appName), "SEC_APP_NAME", "appName", `"${a.appName}" is not 2-24 lowercase letters, digits or hyphens`, "use the stack's appName, e.g. shop.");
  for (const s of a.secrets) {
    const arg = `secrets.${s.purpose}`;
    p.check(
      !PURPOSE.test(s.purpose) || s.purpose.length > 48,
      "SEC_PURPOSE_NAME",
      arg,
      `"${s.purpose}" is not a purpose name (lowercase words joined by single hyphens, at most 48)`,
      'e.g. "jwt-refresh".',
    );
    p.check(s.purpose === JWT_PRIVATE_KEY_PURPOSE, "SEC_PURPOSE_RESERVED", arg, `"${s.purpose}" is the JWT key pair's secret`, "use jwtKeyPair for the key pair, or another purpose name.");
    p.check(!["password", "hex", "keyring", "external"].includes(s.kind), "SEC_KIND", `${arg}.kind`, `"${s.kind}" is not a secret kind`, 'use "password", "hex", "keyring" or "external".');
    if (s.kind !== "external") {
      p.check(
        !Number.isInteger(s.length) || s.length! < MIN_GENERATED_LENGTH || s.length! > 512,
        "SEC_LENGTH_FLOOR",
        `${arg}.length`,
        `${s.length} ${s.kind === "password" ? "characters" : "bytes"} is outside ${MIN_GENERATED_LENGTH}-512 (weak secrets can be brute-forced)`,
        `leave length unset (${s.kind === "password" ? "64 characters" : "32 or 64 bytes"}).`,
      );
      const d = s.rotationDays!;
      p.check(
        !Number.isInteger(d) || d < 1 || d > MAX_ROTATION_DAYS,
        "SEC_ROTATION_MAX",
        `${arg}.rotationDays`,
        `rotation every ${d} days; secrets rotate at least quarterly`,
        `set 1 to ${MAX_ROTATION_DAYS} days.`,
      );
      p.check(
        isSessionPurpose(s.purpose) && d > MAX_SESSION_ROTATION_DAYS && d <= MAX_ROTATION_DAYS,
        "SEC_SESSION_ROTATION",
        `${arg}.rotationDays`,
        `session secrets rotate every ${MAX_SESSION_ROTATION_DAYS} days at most, got ${d}`,
        `set rotationDays to ${MAX_SESSION_ROTATION_DAYS} or less.`,
      );
      p.check(
        s.valueSet !== true,
        "SEC_VALUE_SET_GENERATED",
        `${arg}.valueSet`,
        `${JSON.stringify(s.valueSet)} on a generated secret, whose value is always written here`,
        "remove valueSet; it marks external secrets whose value was put out of band.",
      );
    } else {
      p.check(
        typeof s.valueSet !== "boolean",
        "SEC_VALUE_SET",
        `${arg}.valueSet`,
        `${JSON.stringify(s.valueSet)} is not true or false`,
        "set valueSet: true once the value was put with put-secret-value, or leave it unset (false).",
      );
      p.check(
        s.rotationDays !== undefined,
        "SEC_EXTERNAL_ROTATION",
        `${arg}.rotationDays`,
        "an external value cannot be rotated by a generator here (the provider issues it)",
        "rotate it at the provider and put the new value; remove rotationDays, or give the purpose a generated kind.",
      );
    }
  }
  p.check(a.readerRoleArns.length === 0, "SEC_NO_READERS", "readerRoleArns", "no reader roles: nobody could read the secrets", "pass the task (execution) role ARNs of the service.");
  p.check(
    !Number.isInteger(a.recoveryWindowDays) || a.recoveryWindowDays < 7 || a.recoveryWindowDays > 30,
    "SEC_RECOVERY_WINDOW",
    "recoveryWindowDays",
    `${a.recoveryWindowDays} days; Secrets Manager keeps deleted secrets 7 to 30 days (0 would delete at once)`,
    "leave recoveryWindowDays unset (30 in prod, 7 in staging).",
  );
  p.check(
    a.environment === "prod" && a.recoveryWindowDays < 30,
    "SEC_PROD_RECOVERY_WINDOW",
    "recoveryWindowDays",
    `prod deletes restorable for only ${a.recoveryWindowDays} days`,
    "leave recoveryWindowDays unset in prod (30).",
  );
  const jwt = a.jwtKeyPair;
  if (jwt) {
    p.check(jwt.algorithm !== "RSA" && jwt.algorithm !== "ECDSA", "SEC_JWT_ALGORITHM", "jwtKeyPair.algorithm", `"${jwt.algorithm}" is not supported`, 'use "RSA" (RS256) or "ECDSA" (ES256).');
    p.check(
      jwt.algorithm === "RSA" && ![2048, 3072, 4096].includes(jwt.rsaBits),
      "SEC_JWT_RSA_BITS",
      "jwtKeyPair.rsaBits",
      `RSA ${jwt.rsaBits} bits; below 2048 is breakable and others are not offered`,
      "use 2048 (default), 3072 or 4096.",
    );
    p.check(jwt.algorithm === "ECDSA" && jwt.ecdsaCurve !== "P256", "SEC_JWT_CURVE", "jwtKeyPair.ecdsaCurve", `curve "${jwt.ecdsaCurve}" is not supported for ES256`, 'use "P256".');
    p.check(
      !Number.isInteger(jwt.rotationDays) || jwt.rotationDays < 1 || jwt.rotationDays > MAX_ROTATION_DAYS,
      "SEC_JWT_ROTATION",
      "jwtKeyPair.rotationDays",
      `rotation every ${jwt.rotationDays} days; signing keys rotate at least quarterly`,
      `set 1 to ${MAX_ROTATION_DAYS} days.`,
    );
    p.check(
      typeof jwt.previousKeyRetentionDays !== "number" || !(jwt.previousKeyRetentionDays >= DEFAULT_JWT_PREVIOUS_KEY_RETENTION_DAYS) || jwt.previousKeyRetentionDays > 365,
      "SEC_JWT_KEY_RETENTION",
      "jwtKeyPair.previousKeyRetentionDays",
      `${jwt.previousKeyRetentionDays} days; a retired key must stay in the JWKS for the longest token lifetime (7 days) plus a day of redeploy`,
      `set ${DEFAULT_JWT_PREVIOUS_KEY_RETENTION_DAYS} to 365 days, or leave it unset.`,
    );
    jwt.previousPublicKeysPem.forEach((pem, i) =>
      p.check(
        !/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/.test(pem.trim()),
        "SEC_JWT_PREVIOUS_KEY",
        `jwtKeyPair.previousPublicKeysPem[${i}]`,
        "is not a SubjectPublicKeyInfo PEM (-----BEGIN PUBLIC KEY-----)",
        "pass the publicKeyPem output of the retired key pair.",
      ),
    );
  }
  p.throwIfAny("SecretSet", name);
  return a;
}
