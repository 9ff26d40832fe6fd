import { describe, expect, it } from "@jest/globals";
import * as pulumi from "@pulumi/pulumi";
import { SecureBucket, SecureBucketArgs } from "../../components/bucket";
import { ArgumentError } from "../../components/shared/errors";
import { checkedKmsKeyArn, checkedRoleArn } from "../../components/bucket/validate";
import { capture, captureError } from "../support/capture";

/** The Output's value; its other internal promises (known, secret) settle the same way and are observed too. */
const resolved = <T>(o: pulumi.Output<T>): Promise<T> => {
  for (const p of [(o as any).isKnown, (o as any).isSecret]) if (p?.catch) p.catch(() => undefined);
  return (o as any).promise();
};
const rejection = (o: pulumi.Output<unknown>): Promise<unknown> =>
  resolved(o).then(
    () => {
      throw new Error("expected a rejection");
    },
    (e) => e,
  );

const region = { config: { "aws:region": "eu-west-1" } };
const APP_ROLE = "arn:aws:iam::123456789012:role/shop-prod-app";
const WORKER_ROLE = "arn:aws:iam::123456789012:role/shop-prod-worker";
const base: SecureBucketArgs = { environment: "prod", appName: "shop", purpose: "uploads" };
const build =
  (args: Partial<SecureBucketArgs> = {}) =>
  () =>
    new SecureBucket("files", { ...base, ...args });
const NAME = "shop-prod-uploads-123456789012";
const ARN = `arn:aws:s3:::${NAME}`;

describe("SecureBucket", () => {
  it("encrypts with its own rotating CMK and a bucket key, protected and kept in prod", async () => {
    const cap = await capture(build(), region);
    const key = cap.one("aws:kms/key:Key", "files-key");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(key.options.protect).toBe(true);
    const bucket = cap.one("aws:s3/bucket:Bucket", "files-bucket");
    expect(bucket.inputs).toEqual({ bucket: NAME, forceDestroy: false, tags: { environment: "prod", "managed-by": "hardened-aws", component: "bucket", purpose: "uploads" } });
    expect(bucket.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "files-sse").inputs).toEqual({
      bucket: NAME,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.outputs.arn }, bucketKeyEnabled: true }],
    });
  });

  it("adds caller tags without letting them override the environment tag", async () => {
    const cap = await capture(build({ tags: { team: "media", environment: "staging" } }), region);
    expect(cap.one("aws:s3/bucket:Bucket", "files-bucket").inputs.tags).toEqual({ team: "media", environment: "prod", "managed-by": "hardened-aws", component: "bucket", purpose: "uploads" });
  });

  it("neither protects nor retains the staging bucket", async () => {
    const cap = await capture(build({ environment: "staging" }), region);
    const bucket = cap.one("aws:s3/bucket:Bucket", "files-bucket");
    expect(bucket.inputs.bucket).toBe("shop-staging-uploads-123456789012");
    expect(bucket.options.protect).toBeFalsy();
    expect(bucket.options.retainOnDelete).toBeFalsy();
  });

  it("blocks all public access, enforces bucket-owner ownership and versions objects", async () => {
    const cap = await capture(build(), region);
    expect(cap.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "files-public-access").inputs).toEqual({
      bucket: NAME,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(cap.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "files-ownership").inputs).toEqual({ bucket: NAME, rule: { objectOwnership: "BucketOwnerEnforced" } });
    expect(cap.one("aws:s3/bucketVersioning:BucketVersioning", "files-versioning").inputs).toEqual({ bucket: NAME, versioningConfiguration: { status: "Enabled" } });
    expect(cap.ofType("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")).toHaveLength(0);
    expect(cap.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).toHaveLength(0);
  });

  it("expires noncurrent versions after 90 days and aborts incomplete uploads after 7", async () => {
    const cap = await capture(build(), region);
    const lifecycle = cap.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "files-lifecycle");
    expect(lifecycle.inputs.rules).toEqual([
      { id: "noncurrent-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } },
      { id: "incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
    ]);
    expect(lifecycle.dependencies).toContain(cap.one("aws:s3/bucketVersioning:BucketVersioning", "files-versioning").urn);
  });

  it("denies plain HTTP and TLS below 1.2, and grants reads and writes to the named roles only", async () => {
    const cap = await capture(build({ readers: { app: APP_ROLE, worker: WORKER_ROLE }, writers: { app: APP_ROLE } }), region);
    const policy = cap.one("aws:s3/bucketPolicy:BucketPolicy", "files-policy");
    expect(policy.inputs.bucket).toBe(NAME);
    expect(JSON.parse(policy.inputs.policy).Statement).toEqual([
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [ARN, `${ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
      { Sid: "DenyOutdatedTls", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [ARN, `${ARN}/*`], Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
      { Sid: "ReadObjects", Effect: "Allow", Principal: { AWS: [APP_ROLE, WORKER_ROLE] }, Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${ARN}/*` },
      { Sid: "ListObjects", Effect: "Allow", Principal: { AWS: [APP_ROLE, WORKER_ROLE] }, Action: "s3:ListBucket", Resource: ARN },
      { Sid: "WriteObjects", Effect: "Allow", Principal: { AWS: [APP_ROLE] }, Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"], Resource: `${ARN}/*` },
    ]);
    expect(policy.dependencies).toEqual(expect.arrayContaining([cap.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "files-public-access").urn]));
    const grants = cap.ofType("aws:kms/grant:Grant").map((g) => [g.name, g.inputs.granteePrincipal, g.inputs.operations, g.inputs.constraints]);
    expect(grants).toEqual([
      ["files-reader-app", APP_ROLE, ["Decrypt"], [{ encryptionContextSubset: { "aws:s3:arn": ARN } }]],
      ["files-reader-worker", WORKER_ROLE, ["Decrypt"], [{ encryptionContextSubset: { "aws:s3:arn": ARN } }]],
      ["files-writer-app", APP_ROLE, ["Decrypt", "GenerateDataKey"], [{ encryptionContextSubset: { "aws:s3:arn": ARN } }]],
    ]);
  });

  it("with no readers or writers, the policy only denies", async () => {
    const cap = await capture(build(), region);
    expect(JSON.parse(cap.one("aws:s3/bucketPolicy:BucketPolicy", "files-policy").inputs.policy).Statement.map((s: any) => s.Effect)).toEqual(["Deny", "Deny"]);
    expect(cap.ofType("aws:kms/grant:Grant")).toHaveLength(0);
  });

  it("logs requests to a dedicated private log bucket that admits S3 log delivery for this bucket only", async () => {
    const cap = await capture(build(), region);
    const logName = "shop-prod-uploads-logs-123456789012";
    expect(cap.one("aws:s3/bucketLogging:BucketLogging", "files-logging").inputs).toEqual({ bucket: NAME, targetBucket: logName, targetPrefix: "uploads/" });
    const logBucket = cap.one("aws:s3/bucket:Bucket", "files-access-logs");
    expect(logBucket.inputs.bucket).toBe(logName);
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "files-access-logs-sse").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(cap.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "files-access-logs-public-access").inputs.restrictPublicBuckets).toBe(true);
    const statements = JSON.parse(cap.one("aws:s3/bucketPolicy:BucketPolicy", "files-access-logs-policy").inputs.policy).Statement;
    expect(statements[1]).toEqual({
      Sid: "S3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${logName}/uploads/*`,
      Condition: { ArnLike: { "aws:SourceArn": ARN }, StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });

  it("logs to a given log bucket and creates none", async () => {
    const cap = await capture(build({ accessLogs: { bucketName: "shop-prod-s3-logs", prefix: "files/" } }), region);
    expect(cap.one("aws:s3/bucketLogging:BucketLogging").inputs).toEqual({ bucket: NAME, targetBucket: "shop-prod-s3-logs", targetPrefix: "files/" });
    expect(cap.ofType("aws:s3/bucket:Bucket")).toHaveLength(1);
  });

  it("uses a given CMK and creates no key or grants", async () => {
    const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const cap = await capture(build({ kmsKeyArn: keyArn, readers: { app: APP_ROLE } }), region);
    expect(cap.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(cap.ofType("aws:kms/grant:Grant")).toHaveLength(0);
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "files-sse").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).toBe(
      keyArn,
    );
  });

  it("sets Object Lock at creation with a default retention, after versioning", async () => {
    const cap = await capture(build({ purpose: "evidence", objectLock: { mode: "COMPLIANCE", days: 2557 } }), region);
    expect(cap.one("aws:s3/bucket:Bucket", "files-bucket").inputs.objectLockEnabled).toBe(true);
    const lock = cap.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    expect(lock.inputs).toEqual({ bucket: "shop-prod-evidence-123456789012", rule: { defaultRetention: { mode: "COMPLIANCE", days: 2557 } } });
    expect(lock.dependencies).toContain(cap.one("aws:s3/bucketVersioning:BucketVersioning", "files-versioning").urn);
  });

  it("allows CORS from the listed HTTPS origins with GET and HEAD by default", async () => {
    const cap = await capture(build({ corsOrigins: ["https://app.example.com", "https://admin.example.com:8443"] }), region);
    expect(cap.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration").inputs).toEqual({
      bucket: NAME,
      corsRules: [
        {
          id: "origins",
          allowedOrigins: ["https://app.example.com", "https://admin.example.com:8443"],
          allowedMethods: ["GET", "HEAD"],
          allowedHeaders: ["Authorization", "Content-Type", "Content-MD5", "x-amz-*"],
          maxAgeSeconds: 3000,
        },
      ],
    });
  });

  it("names each weakening: versioning suspended, no access logs, SSE-S3", async () => {
    const cap = await capture(build({ versioning: false, accessLogging: false, encryption: "s3-managed" }), region);
    expect(cap.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({ status: "Suspended" });
    expect(cap.ofType("aws:s3/bucketLogging:BucketLogging")).toHaveLength(0);
    expect(cap.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(cap.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
  });

  it("exposes the bucket name and ARN and the key ARN", async () => {
    let b: SecureBucket | undefined;
    const cap = await capture(() => (b = new SecureBucket("files", base)), region);
    const [name, arn, key] = await new Promise<[string, string, string | undefined]>((resolve) => pulumi.all([b!.bucketName, b!.bucketArn, b!.kmsKeyArn]).apply(resolve));
    expect(name).toBe(NAME);
    expect(arn).toBe(cap.one("aws:s3/bucket:Bucket", "files-bucket").outputs.arn);
    expect(key).toBe(cap.one("aws:kms/key:Key").outputs.arn);
  });

  it.each([
    [{ blockPublicAccess: false }, ["BUCKET_PUBLIC"]],
    [{ corsOrigins: ["http://app.example.com"] }, ["BUCKET_CORS_HTTP"]],
    [{ corsOrigins: ["*"] }, ["BUCKET_CORS_WILDCARD"]],
    [{ corsOrigins: ["https://*.example.com"] }, ["BUCKET_CORS_WILDCARD"]],
    [{ corsOrigins: ["https://app.example.com/"] }, ["BUCKET_CORS_ORIGIN"]],
    [{ corsMethods: ["PATCH"] }, ["BUCKET_CORS_METHODS"]],
    [{ readers: { everyone: "*" } }, ["BUCKET_PRINCIPAL_WILDCARD"]],
    [{ writers: { ops: "arn:aws:iam::123456789012:role/*" } }, ["BUCKET_PRINCIPAL_WILDCARD"]],
    [{ readers: { root: "arn:aws:iam::123456789012:root" } }, ["BUCKET_ROLE_ARN"]],
    [{ readers: { User: APP_ROLE } }, ["BUCKET_GRANT_KEY"]],
    [{ objectLock: { mode: "LEGAL", days: 30 } }, ["BUCKET_OBJECT_LOCK_MODE"]],
    [{ objectLock: { mode: "COMPLIANCE", days: 0 } }, ["BUCKET_OBJECT_LOCK_DAYS"]],
    [{ objectLock: { mode: "GOVERNANCE", days: 30 }, versioning: false }, ["BUCKET_OBJECT_LOCK_VERSIONING"]],
    [{ kmsKeyArn: "alias/aws/s3" }, ["BUCKET_KMS_KEY_ARN"]],
    [{ purpose: "Uploads_1" }, ["BUCKET_NAME_PART"]],
    [{ purpose: "a-very-long-purpose-name-for-a-bucket-that-never-fits" }, ["BUCKET_NAME_LENGTH"]],
    [{ noncurrentVersionDays: 0 }, ["BUCKET_LIFECYCLE_DAYS"]],
    [{ encryption: "s3-managed", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }, ["BUCKET_ENCRYPTION"]],
    [{ accessLogging: false, accessLogs: { bucketName: "shop-prod-s3-logs" } }, ["BUCKET_ACCESS_LOGS"]],
    [{ blockPublicAccess: false, corsOrigins: ["*"], readers: { any: "*" } }, ["BUCKET_PUBLIC", "BUCKET_PRINCIPAL_WILDCARD", "BUCKET_CORS_WILDCARD"]],
  ])("rejects %j with %s before any child registers", async (args, codes) => {
    const { error, registered } = await captureError(build(args as Partial<SecureBucketArgs>), region);
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect(registered).toBe(0);
  });

  it("names the argument, the value and the fix", async () => {
    const { error } = await captureError(build({ corsOrigins: ["http://app.example.com"] }), region);
    expect((error as Error).message).toBe(
      'SecureBucket "files" has invalid arguments:\n  - corsOrigins[0]: "http://app.example.com" is a plain-HTTP origin, whose pages an on-path attacker can rewrite [BUCKET_CORS_HTTP]. Fix: use "https://app.example.com".',
    );
  });

  // The real engine fails the deployment with the rejected Output's error; tested on the checks the component wires in.
  it("checks a role ARN that arrives as an Output when it resolves, with the same code and message", async () => {
    const err = await rejection(checkedRoleArn("files", "readers.app", pulumi.output("*")));
    expect(err).toBeInstanceOf(ArgumentError);
    expect((err as ArgumentError).codes).toEqual(["BUCKET_PRINCIPAL_WILDCARD"]);
    expect((err as Error).message).toContain('readers.app: "*" is a wildcard principal');
    expect(await resolved(checkedRoleArn("files", "readers.app", pulumi.output(APP_ROLE)))).toBe(APP_ROLE);
  });

  it("checks a key ARN that arrives as an Output when it resolves", async () => {
    expect(((await rejection(checkedKmsKeyArn("files", pulumi.output("alias/aws/s3")))) as ArgumentError).codes).toEqual(["BUCKET_KMS_KEY_ARN"]);
  });
});
