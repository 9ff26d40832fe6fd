import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, privateBucket } from "../loadbalancer/bucket";
import { customerManagedKey } from "../shared/kms";
import { awsContext, baseTags, statefulOptions } from "../shared/naming";
import { SecureBucketArgs } from "./args";
import {
  CORS_ALLOWED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  LOG_NONCURRENT_VERSION_DAYS,
  MIN_TLS_VERSION,
  READ_ACTIONS,
  READ_KEY_OPERATIONS,
  S3_LOG_DELIVERY_PRINCIPAL,
  WRITE_ACTIONS,
  WRITE_KEY_OPERATIONS,
} from "./defaults";
import { checked, bucketBaseName, checkedKmsKeyArn, checkedRoleArn, logBucketBaseName, ResolvedSecureBucketArgs, validate, withDefaults } from "./validate";

export * from "./args";

/** The statement that refuses every request made with TLS older than 1.2 (TLS-1). */
export function denyOutdatedTls(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyOutdatedTls",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { NumericLessThan: { "s3:TlsVersion": String(MIN_TLS_VERSION) } },
  };
}

/**
 * A private S3 bucket for uploads, media, model artifacts and exports: SSE-KMS with a CMK and a bucket key
 * (S3.17), versioning (S3.14), all four public-access blocks (S3.8), bucket-owner-enforced ownership so ACLs
 * do nothing (S3.12), a policy that denies plain HTTP and TLS below 1.2 (S3.5), server access logs to a log
 * bucket (S3.9), lifecycle for noncurrent versions and incomplete uploads (S3.13), optional Object Lock
 * retention, CORS for the listed HTTPS origins only, and read/write granted to named IAM roles only.
 * Prod protects the bucket and its key and keeps the bucket when it leaves the program.
 */
export class SecureBucket extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  /** ARN of the CMK that encrypts the objects; undefined with encryption "s3-managed". */
  readonly kmsKeyArn: pulumi.Output<string | undefined>;
  /** Bucket receiving the server access logs; undefined with accessLogging false. */
  readonly logBucketName: pulumi.Output<string | undefined>;

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:storage:SecureBucket", name, {}, opts);
    // Caller tags never override environment, managed-by or component (the pack reads the environment tag).
    const tags = (extra: Record<string, string> = {}) => ({ ...a.tags, ...baseTags(a.environment, "bucket", { purpose: a.purpose, ...extra }) });
    const parent = { parent: this };
    const ctx = awsContext(this);

    // Fixed names and ARNs from invokes, so the bucket policy is known in a preview.
    const bucketName = pulumi.interpolate`${bucketBaseName(a)}-${ctx.accountId}`;
    const arn = pulumi.interpolate`arn:${ctx.partition}:s3:::${bucketName}`;

    const kmsKeyArn = a.encryption === "kms" ? this.key(name, a, tags(), ctx) : undefined;
    const ownKey = a.encryption === "kms" && a.kmsKeyArn === undefined;

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      {
        bucket: bucketName,
        forceDestroy: false,
        ...(a.objectLock ? { objectLockEnabled: true } : {}),
        tags: tags(),
      },
      statefulOptions(a.environment, { parent: this, retainOnDelete: a.environment === "prod" }),
    );
    const ref = { bucket: bucket.bucket };

    const pab = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, { ...ref, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, parent);
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { ...ref, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const sse = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        ...ref,
        rules: [
          kmsKeyArn
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      parent,
    );
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { ...ref, versioningConfiguration: { status: a.versioning ? "Enabled" : "Suspended" } }, parent);

    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        ...ref,
        rules: [
          { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: a.noncurrentVersionDays } },
          { id: "incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: a.abortIncompleteUploadDays } },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );

    if (a.objectLock) {
      new aws.s3.BucketObjectLockConfiguration(
        `${name}-object-lock`,
        {
          ...ref,
          rule: { defaultRetention: { mode: a.objectLock.mode, days: a.objectLock.days } },
        },
        { parent: this, dependsOn: [versioning] },
      );
    }

    if (a.corsOrigins.length) {
      new aws.s3.BucketCorsConfiguration(
        `${name}-cors`,
        {
          ...ref,
          corsRules: [{ id: "origins", allowedOrigins: [...a.corsOrigins], allowedMethods: [...a.corsMethods], allowedHeaders: [...CORS_ALLOWED_HEADERS], maxAgeSeconds: CORS_MAX_AGE_SECONDS }],
        },
        parent,
      );
    }

    // Server access logs (S3.9): to the given log bucket, or to a dedicated private one (SSE-S3: a log
    // destination, no Object Lock retention, delivery admitted for this bucket only).
    let logBucketName: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (a.accessLogging) {
      const prefix = a.accessLogs?.prefix ?? `${a.purpose}/`;
      let target: pulumi.Input<string>;
      let ready: pulumi.Resource[] = [];
      if (a.accessLogs) {
        target = a.accessLogs.bucketName;
      } else {
        const logs = privateBucket(
          `${name}-access-logs`,
          {
            environment: a.environment,
            bucket: pulumi.interpolate`${logBucketBaseName(a)}-${ctx.accountId}`,
            partition: ctx.partition,
            tags: tags({ purpose: `${a.purpose}-access-logs` }),
            expireDays: a.accessLogRetentionDays,
            noncurrentDays: LOG_NONCURRENT_VERSION_DAYS,
            statements: (logArn) =>
              pulumi.all([logArn, arn, ctx.accountId]).apply(([l, source, account]): Record<string, unknown>[] => [
                {
                  Sid: "S3ServerAccessLogDelivery",
                  Effect: "Allow",
                  Principal: { Service: S3_LOG_DELIVERY_PRINCIPAL },
                  Action: "s3:PutObject",
                  Resource: `${l}/${prefix}*`,
                  Condition: { ArnLike: { "aws:SourceArn": source }, StringEquals: { "aws:SourceAccount": account } },
                },
              ]),
          },
          this,
        );
        target = logs.bucket.bucket;
        ready = logs.ready;
      }
      new aws.s3.BucketLogging(`${name}-logging`, { ...ref, targetBucket: target, targetPrefix: prefix }, { parent: this, dependsOn: ready });
      logBucketName = pulumi.output(target);
    }

    // Bucket policy (S3.5, TLS-1, least privilege): TLS 1.2+ only; reads and writes for the named roles.
    const readers = this.roles(name, "readers", a.readers);
    const writers = this.roles(name, "writers", a.writers);
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        ...ref,
        policy: pulumi.all([arn, pulumi.all(readers.map(([, v]) => v)), pulumi.all(writers.map(([, v]) => v))]).apply(([bucketArn, r, w]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              denyInsecureTransport(bucketArn),
              denyOutdatedTls(bucketArn),
              ...(r.length
                ? [
                    { Sid: "ReadObjects", Effect: "Allow", Principal: { AWS: r }, Action: [...READ_ACTIONS], Resource: `${bucketArn}/*` },
                    { Sid: "ListObjects", Effect: "Allow", Principal: { AWS: r }, Action: "s3:ListBucket", Resource: bucketArn },
                  ]
                : []),
              ...(w.length ? [{ Sid: "WriteObjects", Effect: "Allow", Principal: { AWS: w }, Action: [...WRITE_ACTIONS], Resource: `${bucketArn}/*` }] : []),
            ],
          }),
        ),
      },
      { parent: this, dependsOn: [pab, ownership] },
    );

    // The roles use the component's own key through S3 only: grants bound to this bucket's encryption context.
    if (ownKey && kmsKeyArn) {
      const grant = (role: string, key: string, arnOut: pulumi.Output<string>, operations: readonly string[]) =>
        new aws.kms.Grant(
          `${name}-${role}-${key}`,
          {
            name: `${name}-${role}-${key}`,
            keyId: kmsKeyArn,
            granteePrincipal: arnOut,
            operations: [...operations],
            constraints: [{ encryptionContextSubset: { "aws:s3:arn": arn } }],
          },
          { parent: this, dependsOn: [sse] },
        );
      readers.forEach(([key, v]) => grant("reader", key, v, READ_KEY_OPERATIONS));
      writers.forEach(([key, v]) => grant("writer", key, v, WRITE_KEY_OPERATIONS));
    }

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.kmsKeyArn = kmsKeyArn ? pulumi.output(kmsKeyArn) : pulumi.output(undefined);
    this.logBucketName = logBucketName;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn, logBucketName: this.logBucketName });
  }

  /** The given CMK (an Output is checked when it resolves) or a new one. */
  private key(name: string, a: ResolvedSecureBucketArgs, tags: Record<string, string>, ctx: ReturnType<typeof awsContext>): pulumi.Output<string> {
    if (a.kmsKeyArn !== undefined) return checkedKmsKeyArn(name, a.kmsKeyArn);
    return customerManagedKey(
      `${name}-key`,
      {
        environment: a.environment,
        description: `S3 ${a.purpose} bucket encryption for ${a.appName} ${a.environment}`,
        alias: `${a.appName}-${a.environment}-${a.purpose}-s3`,
        tags,
        ctx,
      },
      { parent: this },
    );
  }

  /** Role ARNs keyed by stable names, sorted; values arriving as Outputs are checked when they resolve. */
  private roles(name: string, arg: "readers" | "writers", map: Readonly<Record<string, pulumi.Input<string>>>): [string, pulumi.Output<string>][] {
    return Object.keys(map)
      .sort()
      .map((k) => [k, checkedRoleArn(name, `${arg}.${k}`, map[k])]);
  }
}
