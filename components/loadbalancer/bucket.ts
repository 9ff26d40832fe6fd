import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment, statefulOptions } from "../shared/naming";

/** IAM statements added to the standard TLS-only bucket policy, given the bucket's ARN. */
export type ExtraStatements = (bucketArn: pulumi.Output<string>) => pulumi.Output<Record<string, unknown>[]>;

export interface PrivateBucketArgs {
  /** Prod buckets carry `protect` and `retainOnDelete` (statefulOptions). */
  readonly environment: Environment;
  /** Fixed bucket name (known in preview, so the policy and the pack see it). */
  readonly bucket: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly tags: Record<string, string>;
  /** Days until objects expire. */
  readonly expireDays: number;
  readonly noncurrentDays: number;
  readonly statements?: ExtraStatements;
}

export interface PrivateBucket {
  readonly bucket: aws.s3.Bucket;
  readonly policy: aws.s3.BucketPolicy;
  /** Resources that must exist before a service writes to the bucket. */
  readonly ready: pulumi.Resource[];
}

/** The statement every bucket policy carries: no request over plain HTTP (S3.5). */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * A private S3 bucket: every public-access flag on (S3.1/S3.8), bucket-owner-enforced ownership (no ACLs,
 * S3.12), SSE-S3 (ALB log delivery supports no SSE-KMS), versioning, lifecycle expiry and a policy that
 * denies non-TLS requests (S3.5).
 */
export function privateBucket(name: string, args: PrivateBucketArgs, parent: pulumi.Resource): PrivateBucket {
  const opts = { parent };
  const bucket = new aws.s3.Bucket(name, { bucket: args.bucket, forceDestroy: false, tags: args.tags }, statefulOptions(args.environment, { parent }));
  const pab = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access`,
    {
      bucket: bucket.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  const sse = new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-sse`,
    {
      bucket: bucket.bucket,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    },
    opts,
  );
  const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } }, opts);
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    {
      bucket: bucket.bucket,
      rules: [
        {
          id: "expire",
          status: "Enabled",
          filter: {},
          expiration: { days: args.expireDays },
          noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    { parent, dependsOn: [versioning] },
  );
  // The ARN from the fixed name (not bucket.arn), so the policy is known in preview.
  const arn = pulumi.interpolate`arn:${args.partition}:s3:::${args.bucket}`;
  const extra = args.statements ? args.statements(arn) : pulumi.output([] as Record<string, unknown>[]);
  const policy = new aws.s3.BucketPolicy(
    `${name}-policy`,
    {
      bucket: bucket.bucket,
      policy: pulumi.all([arn, extra]).apply(([a, statements]) => JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport(a), ...statements] })),
    },
    { parent, dependsOn: [pab] },
  );
  return { bucket, policy, ready: [pab, ownership, sse, policy] };
}
