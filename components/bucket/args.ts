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
  /** Environment; prod protects the bucket and keeps it on delete. */
  readonly environment: Environment;
  /** Application name; first part of the bucket name `<appName>-<environment>-<purpose>-<account>`. */
  readonly appName: string;
  /** What the bucket holds (e.g. "uploads", "media", "models", "exports"): lowercase letters, digits, hyphens. */
  readonly purpose: string;
  /** An existing CMK ARN for SSE-KMS. @default a new CMK with yearly rotation (shared/kms.ts) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * IAM role ARNs that may read objects (s3:GetObject, s3:GetObjectVersion, s3:ListBucket), keyed by a stable
   * name. Roles only; `*` anywhere is refused. @default {} (nobody beyond the account's IAM policies)
   */
  readonly readers?: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * IAM role ARNs that may write objects (s3:PutObject, s3:AbortMultipartUpload, s3:DeleteObject), keyed by a
   * stable name. Roles only; `*` anywhere is refused. @default {}
   */
  readonly writers?: Readonly<Record<string, pulumi.Input<string>>>;
  /** HTTPS origins a browser may call the bucket from (CORS). `http://` and `*` are refused. @default [] (no CORS) */
  readonly corsOrigins?: readonly string[];
  /** Methods the CORS rule allows. @default ["GET", "HEAD"] */
  readonly corsMethods?: readonly ("GET" | "HEAD" | "PUT" | "POST" | "DELETE")[];
  /** Object Lock default retention; only at bucket creation, needs versioning. @default none */
  readonly objectLock?: ObjectLockArgs;
  /** Server access log destination. @default a dedicated private log bucket `<appName>-<environment>-<purpose>-logs-<account>` */
  readonly accessLogs?: AccessLogTarget;
  /** Days the dedicated log bucket keeps access logs. @default 365 */
  readonly accessLogRetentionDays?: number;
  /** Days a noncurrent object version is kept before the lifecycle deletes it. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Days after which an incomplete multipart upload is aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
  /** Weakening (S3.14): turn versioning off. The pack's s3-bucket-versioning-enabled still blocks it. @default true */
  readonly versioning?: boolean;
  /** Weakening (S3.9): no server access logging. The pack's s3-bucket-access-logging still blocks it. @default true */
  readonly accessLogging?: boolean;
  /**
   * Weakening (S3.17): "s3-managed" uses SSE-S3 instead of the CMK. The pack's s3-bucket-cmk-encrypted still
   * blocks it. @default "kms"
   */
  readonly encryption?: "kms" | "s3-managed";
  /** Must stay true: the component never builds a public bucket (serve public files through CloudFront). @default true */
  readonly blockPublicAccess?: boolean;
  /** Extra tags. @default {} */
  readonly tags?: Readonly<Record<string, string>>;
}
