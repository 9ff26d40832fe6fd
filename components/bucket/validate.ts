import * as pulumi from "@pulumi/pulumi";
import { kmsKeyArn, roleArn } from "../shared/arn";
import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { bool, checkArgs, environment, input, list, num, obj, opt, record, req, Shape, str } from "../shared/shape";
import { AccessLogTarget, ObjectLockArgs, SecureBucketArgs } from "./args";
import {
  CORS_METHODS,
  DEFAULT_ABORT_INCOMPLETE_UPLOAD_DAYS,
  DEFAULT_ACCESS_LOG_RETENTION_DAYS,
  DEFAULT_CORS_METHODS,
  DEFAULT_NONCURRENT_VERSION_DAYS,
  MAX_BUCKET_NAME_LENGTH,
  OBJECT_LOCK_MAX_DAYS,
} from "./defaults";

export const COMPONENT = "SecureBucket";

export type ResolvedSecureBucketArgs = SecureBucketArgs & {
  readonly readers: Readonly<Record<string, pulumi.Input<string>>>;
  readonly writers: Readonly<Record<string, pulumi.Input<string>>>;
  readonly corsOrigins: readonly string[];
  readonly corsMethods: readonly string[];
  readonly accessLogRetentionDays: number;
  readonly noncurrentVersionDays: number;
  readonly abortIncompleteUploadDays: number;
  readonly versioning: boolean;
  readonly accessLogging: boolean;
  readonly encryption: "kms" | "s3-managed";
  readonly blockPublicAccess: boolean;
  readonly tags: Readonly<Record<string, string>>;
};

/** Runtime shape of {@link SecureBucketArgs}; name, ARN and origin rules are {@link validate}'s. */
export const SHAPE: Shape<SecureBucketArgs> = {
  environment,
  appName: req(str()),
  purpose: req(str()),
  kmsKeyArn: opt(input(str())),
  readers: opt(record(input(str()))),
  writers: opt(record(input(str()))),
  corsOrigins: opt(list(str(), { unique: true })),
  corsMethods: opt(list(str(), { unique: true })),
  objectLock: opt(obj<ObjectLockArgs>({ mode: req(str()), days: req(num()) })),
  accessLogs: opt(obj<AccessLogTarget>({ bucketName: req(input(str())), prefix: opt(str()) })),
  accessLogRetentionDays: opt(num()),
  noncurrentVersionDays: opt(num()),
  abortIncompleteUploadDays: opt(num()),
  versioning: opt(bool),
  accessLogging: opt(bool),
  encryption: opt(str()),
  blockPublicAccess: opt(bool),
  tags: opt(record(str())),
};

/** The arguments checked against {@link SHAPE}. */
export const checked = (name: string, args: SecureBucketArgs): SecureBucketArgs => checkArgs(COMPONENT, "BUCKET", name, args, SHAPE);

export function withDefaults(args: SecureBucketArgs): ResolvedSecureBucketArgs {
  return {
    ...args,
    readers: args.readers ?? {},
    writers: args.writers ?? {},
    corsOrigins: args.corsOrigins ?? [],
    corsMethods: args.corsMethods ?? DEFAULT_CORS_METHODS,
    accessLogRetentionDays: args.accessLogRetentionDays ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
    noncurrentVersionDays: args.noncurrentVersionDays ?? DEFAULT_NONCURRENT_VERSION_DAYS,
    abortIncompleteUploadDays: args.abortIncompleteUploadDays ?? DEFAULT_ABORT_INCOMPLETE_UPLOAD_DAYS,
    versioning: args.versioning ?? true,
    accessLogging: args.accessLogging ?? true,
    encryption: args.encryption ?? "kms",
    blockPublicAccess: args.blockPublicAccess ?? true,
    tags: args.tags ?? {},
  };
}

const NAME_PART = /^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/;
const ROLE_ARN = roleArn();
const KMS_KEY_ARN = kmsKeyArn();
const STABLE_KEY = /^[a-z][a-z0-9-]{0,31}$/;
/** `https://host[:port]` with no path and no wildcard. */
const HTTPS_ORIGIN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** The bucket name before the account suffix (`-<12 digits>`), and with the log bucket's `-logs`. */
export const bucketBaseName = (a: { appName: string; environment: string; purpose: string }): string => `${a.appName}-${a.environment}-${a.purpose}`;
export const logBucketBaseName = (a: { appName: string; environment: string; purpose: string }): string => `${bucketBaseName(a)}-logs`;

/** Problems of one role ARN (a principal of the bucket policy and a KMS grantee). */
export function roleArnProblems(p: Problems, arg: string, value: unknown): void {
  if (typeof value !== "string") return p.add("BUCKET_ROLE_ARN", arg, `${JSON.stringify(value)} is not an IAM role ARN`, "pass the role's ARN, e.g. arn:aws:iam::123456789012:role/app-task.");
  const f = ROLE_ARN(value);
  if (f) p.add(`BUCKET_${f.code}`, arg, f.problem, f.fix);
}

/** A role ARN that arrives as an Output, checked when it resolves with the same error as at construction. */
export function checkedRoleArn(name: string, arg: string, value: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(value).apply((v) => {
    const p = new Problems();
    roleArnProblems(p, arg, v);
    p.throwIfAny(COMPONENT, name);
    return v;
  });
}

function kmsKeyProblems(p: Problems, value: unknown): void {
  const f = typeof value === "string" ? KMS_KEY_ARN(value) : { code: "KMS_KEY_ARN", problem: `${JSON.stringify(value)} is not a KMS key ARN`, fix: "" };
  if (f) p.add(`BUCKET_${f.code}`, "kmsKeyArn", f.problem, "pass a key ARN (arn:aws:kms:<region>:<account>:key/<id>) or leave it unset for a new CMK.");
}

/** A key ARN that arrives as an Output, checked when it resolves. */
export function checkedKmsKeyArn(name: string, value: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(value).apply((v) => {
    const p = new Problems();
    kmsKeyProblems(p, v);
    p.throwIfAny(COMPONENT, name);
    return v;
  });
}

function objectLockProblems(p: Problems, lock: ObjectLockArgs | undefined, versioning: boolean): void {
  if (lock === undefined) return;
  p.check(
    lock.mode !== "COMPLIANCE" && lock.mode !== "GOVERNANCE",
    "BUCKET_OBJECT_LOCK_MODE",
    "objectLock.mode",
    `${JSON.stringify(lock.mode)} is not an Object Lock mode`,
    'use "COMPLIANCE" (nobody can delete early) or "GOVERNANCE".',
  );
  p.check(
    !Number.isInteger(lock.days) || lock.days < 1 || lock.days > OBJECT_LOCK_MAX_DAYS,
    "BUCKET_OBJECT_LOCK_DAYS",
    "objectLock.days",
    `${lock.days} is not a whole number of days from 1 to ${OBJECT_LOCK_MAX_DAYS}`,
    "set the retention the evidence must be kept, e.g. 2557 (7 years).",
  );
  p.check(!versioning, "BUCKET_OBJECT_LOCK_VERSIONING", "versioning", "Object Lock needs versioning, which is off", "leave versioning unset (true) or drop objectLock.");
}

export function validate(name: string, a: ResolvedSecureBucketArgs): ResolvedSecureBucketArgs {
  checkEnvironment("SecureBucket", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(
    typeof a.appName !== "string" || !NAME_PART.test(a.appName),
    "BUCKET_NAME_PART",
    "appName",
    `${JSON.stringify(a.appName)} cannot be part of a bucket name`,
    "use lowercase letters, digits and hyphens.",
  );
  p.check(
    typeof a.purpose !== "string" || !NAME_PART.test(a.purpose),
    "BUCKET_NAME_PART",
    "purpose",
    `${JSON.stringify(a.purpose)} cannot be part of a bucket name`,
    'use lowercase letters, digits and hyphens, e.g. "uploads".',
  );
  const longest = a.accessLogging && !a.accessLogs ? logBucketBaseName(a) : bucketBaseName(a);
  p.check(
    longest.length + 13 > MAX_BUCKET_NAME_LENGTH,
    "BUCKET_NAME_LENGTH",
    "purpose",
    `"${longest}-<account id>" is ${longest.length + 13} characters; S3 allows ${MAX_BUCKET_NAME_LENGTH}`,
    "shorten appName or purpose.",
  );
  p.check(
    a.blockPublicAccess !== true,
    "BUCKET_PUBLIC",
    "blockPublicAccess",
    `${JSON.stringify(a.blockPublicAccess)}: a public bucket publishes every object to the internet (S3.1, S3.8)`,
    "leave blockPublicAccess unset; serve public files through CloudFront with origin access control.",
  );
  if (a.kmsKeyArn !== undefined && !pulumi.Output.isInstance(a.kmsKeyArn)) kmsKeyProblems(p, a.kmsKeyArn);
  p.check(a.encryption !== "kms" && a.encryption !== "s3-managed", "BUCKET_ENCRYPTION", "encryption", `${JSON.stringify(a.encryption)} is not an encryption choice`, 'leave encryption unset ("kms").');
  p.check(
    a.encryption === "s3-managed" && a.kmsKeyArn !== undefined,
    "BUCKET_ENCRYPTION",
    "kmsKeyArn",
    'a key is given but encryption is "s3-managed"',
    'drop kmsKeyArn or leave encryption unset ("kms").',
  );
  for (const [role, map] of [
    ["readers", a.readers],
    ["writers", a.writers],
  ] as const) {
    for (const [key, arn] of Object.entries(map)) {
      p.check(
        !STABLE_KEY.test(key),
        "BUCKET_GRANT_KEY",
        `${role}.${key}`,
        "keys name the grant and must be 1-32 lowercase letters, digits or hyphens starting with a letter",
        "rename the key, e.g. app or worker.",
      );
      if (!pulumi.Output.isInstance(arn)) roleArnProblems(p, `${role}.${key}`, arn);
    }
  }
  if (!Array.isArray(a.corsOrigins)) p.add("BUCKET_CORS_ORIGIN", "corsOrigins", `${JSON.stringify(a.corsOrigins)} is not a list of origins`, 'pass e.g. ["https://app.example.com"].');
  else
    a.corsOrigins.forEach((o, i) => {
      if (typeof o === "string" && o.includes("*"))
        return p.add("BUCKET_CORS_WILDCARD", `corsOrigins[${i}]`, `"${o}" lets any matching site read the bucket from a visitor's browser`, "list each HTTPS origin, e.g. https://app.example.com.");
      if (typeof o === "string" && o.startsWith("http://"))
        return p.add("BUCKET_CORS_HTTP", `corsOrigins[${i}]`, `"${o}" is a plain-HTTP origin, whose pages an on-path attacker can rewrite`, `use "${o.replace(/^http:/, "https:")}".`);
      p.check(
        typeof o !== "string" || !HTTPS_ORIGIN.test(o),
        "BUCKET_CORS_ORIGIN",
        `corsOrigins[${i}]`,
        `${JSON.stringify(o)} is not an origin https://host[:port]`,
        "write the origin without path or trailing slash, e.g. https://app.example.com.",
      );
    });
  const methods = Array.isArray(a.corsMethods) ? a.corsMethods : [];
  p.check(
    !Array.isArray(a.corsMethods) || methods.length === 0 || methods.some((m) => !(CORS_METHODS as readonly string[]).includes(m)),
    "BUCKET_CORS_METHODS",
    "corsMethods",
    `${JSON.stringify(a.corsMethods)} is not a non-empty list of ${CORS_METHODS.join(", ")}`,
    'leave corsMethods unset (["GET", "HEAD"]) or list the methods the browser uses.',
  );
  const days = (v: number) => Number.isInteger(v) && v >= 1;
  p.check(!days(a.noncurrentVersionDays), "BUCKET_LIFECYCLE_DAYS", "noncurrentVersionDays", `${a.noncurrentVersionDays} is not a positive whole number of days`, "leave it unset (90).");
  p.check(!days(a.abortIncompleteUploadDays), "BUCKET_LIFECYCLE_DAYS", "abortIncompleteUploadDays", `${a.abortIncompleteUploadDays} is not a positive whole number of days`, "leave it unset (7).");
  p.check(!days(a.accessLogRetentionDays), "BUCKET_LIFECYCLE_DAYS", "accessLogRetentionDays", `${a.accessLogRetentionDays} is not a positive whole number of days`, "leave it unset (365).");
  p.check(a.accessLogs !== undefined && !a.accessLogging, "BUCKET_ACCESS_LOGS", "accessLogs", "a log destination is given but accessLogging is false", "drop one of them.");
  p.check(
    a.accessLogs?.prefix !== undefined && (typeof a.accessLogs.prefix !== "string" || a.accessLogs.prefix.startsWith("/")),
    "BUCKET_ACCESS_LOGS",
    "accessLogs.prefix",
    `${JSON.stringify(a.accessLogs?.prefix)} is not a key prefix`,
    'use e.g. "uploads/" (no leading slash).',
  );
  objectLockProblems(p, a.objectLock, a.versioning);
  p.throwIfAny(COMPONENT, name);
  return a;
}
