import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";

/** Object Lock retention for evidence-grade data (write once, read many). */
export interface ObjectLockArgs {
  /**
   * COMPLIANCE: no principal, root included, can delete or overwrite a locked version before its retention ends.
   * GOVERNANCE: principals with s3:BypassGovernanceRetention can.
   */
  readonly mode: "COMPLIANCE" | "GOVERNANCE";
  /** Days each new object version is retained (1 to 36500). */
  readonly days: number;
}

/** Where server access logs go. */
export interface AccessLogTarget {
  /** Name of an existing log bucket in the same region whose policy admits logging.s3.amazonaws.com. */
  readonly bucketName: pulumi.Input<string>;
  /** Key prefix of this bucket's logs. @default "<purpose>/" */
  readonly prefix?: string;
}

/** Arguments for {@link SecureBucket}. */
export interface SecureBucketArgs {
  /** Environment; prod protects the bucket and keeps it on delete. @checked at construction */
  readonly environment: Environment;
  /** Application name; first part of the bucket name `<appName>-<environment>-<purpose>-<account>`. @checked at construction */
  readonly appName: string;
  /** What the bucket holds (e.g. "uploads", "media", "models", "exports"): lowercase letters, digits, hyphens. @checked at construction */
  readonly purpose: string;
  /** An existing CMK ARN for SSE-KMS. @default a new CMK with yearly rotation (shared/kms.ts) @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * IAM role ARNs that may read objects (s3:GetObject, s3:GetObjectVersion, s3:ListBucket), keyed by a stable
   * name. Roles only; `*` anywhere is refused. @default {} (nobody beyond the account's IAM policies)
   * @checked at construction
   */
  readonly readers?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * IAM role ARNs that may write objects (s3:PutObject, s3:AbortMultipartUpload, s3:DeleteObject), keyed by a
   * stable name. Roles only; `*` anywhere is refused. @default {}
   * @checked at construction
   */
  readonly writers?: Readonly<Record<string, pulumi.Input<string>>>;
  /** HTTPS origins a browser may call the bucket from (CORS). `http://` and `*` are refused. @default [] (no CORS) @checked at construction */
  readonly corsOrigins?: readonly string[];
  /** Methods the CORS rule allows. @default ["GET", "HEAD"] @checked at construction */
  readonly corsMethods?: readonly ("GET" | "HEAD" | "PUT" | "POST" | "DELETE")[];
  /** Object Lock default retention; only at bucket creation, needs versioning. @default none @checked at construction */
  readonly objectLock?: ObjectLockArgs;
  /** Server access log destination. @default a dedicated private log bucket `<appName>-<environment>-<purpose>-logs-<account>` @checked at construction */
  readonly accessLogs?: AccessLogTarget;
  /** Days the dedicated log bucket keeps access logs. @default 365 @checked at construction */
  readonly accessLogRetentionDays?: number;
  /** Days a noncurrent object version is kept before the lifecycle deletes it. @default 90 @checked at construction */
  readonly noncurrentVersionDays?: number;
  /** Days after which an incomplete multipart upload is aborted. @default 7 @checked at construction */
  readonly abortIncompleteUploadDays?: number;
  /** Weakening (S3.14): turn versioning off. The pack's s3-bucket-versioning-enabled still blocks it. @default true @checked at construction; the pack still blocks the weakening */
  readonly versioning?: boolean;
  /** Weakening (S3.9): no server access logging. The pack's s3-bucket-access-logging still blocks it. @default true @checked at construction; the pack still blocks the weakening */
  readonly accessLogging?: boolean;
  /**
   * Weakening (S3.17): "s3-managed" uses SSE-S3 instead of the CMK. The pack's s3-bucket-cmk-encrypted still
   * blocks it. @default "kms"
   * @checked at construction; the pack still blocks the weakening
   */
  readonly encryption?: "kms" | "s3-managed";
  /** Must stay true: the component never builds a public bucket (serve public files through CloudFront). @default true @checked at construction */
  readonly blockPublicAccess?: boolean;
  /** Extra tags. @default {} @checked at construction */
  readonly tags?: Readonly<Record<string, string>>;
}
