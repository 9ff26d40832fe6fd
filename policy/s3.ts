/** S3 controls: buckets block every kind of public access and refuse plain-HTTP requests (LOG-5, S3.*). */
import { PolicyResource } from "@pulumi/policy";
import { asArray, knownJson, peek, raw, referencesResource, resourcePolicy, stackPolicy, setProps } from "./lib";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const publicAccessBlockAllOn = resourcePolicy({
  name: "s3-public-access-block-all-on",
  description: "Bucket and account public access blocks set all four flags to true.",
  types: [PUBLIC_ACCESS_BLOCK, ACCOUNT_PUBLIC_ACCESS_BLOCK],
  severity: "high",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.8", "S3.1"],
  remediation: "set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
  remediate: setProps({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
  validate: (r, report) => {
    const off = PUBLIC_ACCESS_FLAGS.filter((f) => peek(r.props, f) !== true);
    if (off.length) report(`Public access block leaves ${off.join(", ")} off, so an ACL or bucket policy can still make objects public.`);
  },
});

/** True when a bucket policy document denies every request made without TLS. */
export function deniesInsecureTransport(doc: any): boolean {
  return asArray(doc?.Statement).some((s: any) => {
    const v = s?.Condition?.Bool?.["aws:SecureTransport"];
    const values = Array.isArray(v) ? v : [v];
    return s?.Effect === "Deny" && values.some((x: unknown) => String(x) === "false") && (s?.Principal === "*" || s?.Principal?.AWS === "*");
  });
}

const refersTo = (res: PolicyResource, bucket: PolicyResource) => referencesResource(res, "bucket", bucket, ["bucket", "id"]);

export const bucketPrivateTlsOnly = stackPolicy({
  name: "s3-bucket-private-tls-only",
  description: "Every bucket has a public access block and a bucket policy that denies requests without TLS (aws:SecureTransport false).",
  severity: "high",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.2", "S3.3", "S3.5", "S3.8"],
  remediation: 'add an aws.s3.BucketPublicAccessBlock with all four flags true and an aws.s3.BucketPolicy with { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
  validate: (resources, report) => {
    const blocks = resources.filter((r) => r.type === PUBLIC_ACCESS_BLOCK);
    const policies = resources.filter((r) => r.type === BUCKET_POLICY);
    for (const bucket of resources.filter((r) => (BUCKET_TYPES as readonly string[]).includes(r.type))) {
      if (!blocks.some((b) => refersTo(b, bucket))) report(`Bucket ${bucket.name} has no public access block, so one ACL or policy change can publish its objects.`, bucket.urn);
      const mine = policies.filter((p) => refersTo(p, bucket));
      const tlsOnly = mine.some((p) => deniesInsecureTransport(knownJson(raw(p.props), "policy", "the bucket policy is built from values not yet known")));
      if (!tlsOnly) report(`Bucket ${bucket.name} accepts requests over plain HTTP (no policy denies aws:SecureTransport false).`, bucket.urn);
    }
  },
});

export const policies = [publicAccessBlockAllOn, bucketPrivateTlsOnly];
