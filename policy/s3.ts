/**
 * S3 controls on every bucket, hand-written ones included, in each form a program can write: the inline
 * properties of aws.s3.Bucket (the old form), the standalone v7 resources and their V2 token aliases, and
 * policy documents as JSON strings or objects. Buckets block every kind of public access, refuse plain HTTP,
 * keep versions, log requests and encrypt with a CMK (LOG-5, S3.*).
 */
import { PolicyResource } from "@pulumi/policy";
import { LB_TYPES } from "./alb";
import { allowStatements, asArray, isPublicPrincipal, isUnknown, known, knownJson, peek, pointsAt, present, raw, referencesResource, resourcePolicy, stackPolicy, setProps, undecided } from "./lib";

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"] as const;
/** The standalone resource and its V2 alias, e.g. `aws:s3/bucketVersioning:BucketVersioning` and `…V2:…V2`. */
const withV2 = (name: string): readonly string[] => {
  const type = name[0].toUpperCase() + name.slice(1);
  return [`aws:s3/${name}:${type}`, `aws:s3/${name}V2:${type}V2`];
};
export const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const VERSIONING_TYPES = withV2("bucketVersioning");
export const LOGGING_TYPES = withV2("bucketLogging");
export const SSE_TYPES = withV2("bucketServerSideEncryptionConfiguration");
export const ACL_TYPES = withV2("bucketAcl");
export const WEBSITE_TYPES = withV2("bucketWebsiteConfiguration");
export const CORS_TYPES = withV2("bucketCorsConfiguration");
export const OBJECT_TYPES = ["aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2"] as const;
export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
/** Canned ACLs that grant to everyone or to every AWS account. */
export const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"] as const;
export const PUBLIC_GRANTEE_URIS = ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"] as const;
/** Condition keys that pin a public-principal statement to known callers (as IAM Access Analyzer reads them). */
export const RESTRICTING_CONDITION_KEYS = [
  "aws:principalorgid",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceorgid",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:userid",
] as const;
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

const isBucket = (r: { type: string }) => (BUCKET_TYPES as readonly string[]).includes(r.type);
const refersTo = (res: PolicyResource, bucket: PolicyResource) => referencesResource(res, "bucket", bucket, ["bucket", "id"]);

export const publicAccessBlockAllOn = resourcePolicy({
  name: "s3-public-access-block-all-on",
  description: "Bucket and account public access blocks set all four flags to true.",
  types: [PUBLIC_ACCESS_BLOCK, ACCOUNT_PUBLIC_ACCESS_BLOCK],
  severity: "high",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.8", "S3.1"],
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
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

/** True when a statement's condition limits it to known accounts, organisations, sources or endpoints. */
function restricted(condition: any): boolean {
  return Object.values(raw(condition) ?? {}).some((byKey: any) => Object.keys(raw(byKey) ?? {}).some((k) => (RESTRICTING_CONDITION_KEYS as readonly string[]).includes(k.toLowerCase())));
}

export const bucketPolicyNotPublic = resourcePolicy({
  name: "s3-bucket-policy-not-public",
  description:
    "Bucket policies (aws.s3.BucketPolicy or a bucket's inline policy, JSON string or object) allow nothing to Principal \"*\" unless a condition pins the caller's account, organisation, source or VPC endpoint.",
  types: [BUCKET_POLICY, ...BUCKET_TYPES],
  severity: "critical",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.2", "S3.3"],
  checkov: ["CKV_AWS_70"],
  remediation:
    "name the IAM roles that need access as principals (SecureBucket readers/writers), or add a condition on aws:PrincipalOrgID, aws:SourceAccount, aws:SourceArn or aws:SourceVpce; serve public files through CloudFront with origin access control.",
  validate: (r, report) => {
    if (isBucket(r) && !present(r.props, "policy")) return;
    const doc = knownJson(r.props, "policy", "the bucket policy is built from values not yet known");
    // Named by Sid, or by its position in the document.
    asArray(doc?.Statement).forEach((statement, i) =>
      allowStatements({ Statement: [statement] }).forEach((s) => {
        if (!isPublicPrincipal(s.principal) || restricted(s.condition)) return;
        report(`Bucket policy statement ${s.sid ?? i} allows ${s.actions.join(", ")} to any principal, so anyone on the internet can use the bucket that way.`);
      }),
    );
  },
});

export const bucketNoPublicAcl = resourcePolicy({
  name: "s3-bucket-no-public-acl",
  description: "No bucket or object ACL is public-read, public-read-write or authenticated-read, and no grant goes to the AllUsers or AuthenticatedUsers groups.",
  types: [...BUCKET_TYPES, ...ACL_TYPES, ...OBJECT_TYPES],
  severity: "critical",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.2", "S3.3", "S3.12"],
  checkov: ["CKV_AWS_20", "CKV_AWS_57", "CKV_AWS_375", "CKV2_AWS_43"],
  remediation: 'drop the ACL (acl "private" or none) and use aws.s3.BucketOwnershipControls with objectOwnership "BucketOwnerEnforced"; grant access through the bucket policy to named roles.',
  validate: (r, report) => {
    const acl = known(r.props, "acl");
    if ((PUBLIC_CANNED_ACLS as readonly string[]).includes(String(acl)))
      report(`${r.type.split(":")[2]} ${r.name} uses the canned ACL ${acl}, which opens it to ${acl === "authenticated-read" ? "every AWS account" : "everyone"}.`);
    const grants = isBucket(r)
      ? asArray(known(r.props, "grants")).map((g: any) => ({ uri: peek(g, "uri"), permissions: asArray(peek(g, "permissions")).map(String) }))
      : asArray(known(r.props, "accessControlPolicy.grants")).map((g: any) => ({ uri: peek(g, "grantee.uri"), permissions: [String(peek(g, "permission"))] }));
    for (const g of grants) {
      if ((PUBLIC_GRANTEE_URIS as readonly string[]).includes(String(g.uri))) report(`${r.type.split(":")[2]} ${r.name} grants ${g.permissions.join(", ")} to ${String(g.uri).split("/").pop()}.`);
    }
  },
});

export const bucketWebsiteDisabled = resourcePolicy({
  name: "s3-bucket-website-disabled",
  description: "No bucket serves a static website (no inline website block, no aws.s3.BucketWebsiteConfiguration): website endpoints are HTTP-only and need a public bucket.",
  types: [...BUCKET_TYPES, ...WEBSITE_TYPES],
  severity: "high",
  category: "security",
  controls: ["LOG-5", "TLS-1"],
  remediation: "serve the files through CloudFront with origin access control from a private bucket (HTTPS only) and remove the website configuration.",
  validate: (r, report) => {
    if (isBucket(r) && !present(r.props, "website")) return;
    report(`${r.type.split(":")[2]} ${r.name} turns on S3 website hosting, which serves objects over plain HTTP to anyone.`);
  },
});

export const bucketCorsNoWildcard = resourcePolicy({
  name: "s3-bucket-cors-no-wildcard-origin",
  description: 'CORS rules (inline corsRules or aws.s3.BucketCorsConfiguration) list origins by name: no "*" origin.',
  types: [...BUCKET_TYPES, ...CORS_TYPES],
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  remediation: 'list each HTTPS origin, e.g. allowedOrigins: ["https://app.example.com"] (SecureBucket corsOrigins).',
  validate: (r, report) => {
    for (const rule of asArray(known(r.props, "corsRules"))) {
      const open = asArray(peek(rule, "allowedOrigins"))
        .map(String)
        .filter((o) => o === "*" || /^https?:\/\/\*$/.test(o));
      if (open.length) report(`CORS rule of ${r.name} allows origin ${open.join(", ")}, so any website can call the bucket from a visitor's browser.`);
    }
  },
});

export const versioningMfaDelete = resourcePolicy({
  name: "s3-bucket-versioning-mfa-delete",
  description: "Bucket versioning (inline versioning or aws.s3.BucketVersioning) has MFA delete enabled.",
  types: [...BUCKET_TYPES, ...VERSIONING_TYPES],
  severity: "low",
  category: "security",
  controls: ["BAK-5"],
  fsbp: ["S3.20"],
  enforcementLevel: "advisory",
  advisoryInEveryStack: true,
  notes: {
    "S3.20":
      "Advisory in every stack: only the root user with its MFA device can enable MFA delete, so no deployment can. Object Lock (SecureBucket objectLock) protects versions from deletion instead.",
  },
  remediation: "enable MFA delete as the root user (aws s3api put-bucket-versioning --mfa …), or protect evidence with Object Lock (SecureBucket objectLock).",
  validate: (r, report) => {
    const on = isBucket(r) ? (present(r.props, "versioning") ? peek(r.props, "versioning.mfaDelete") === true : true) : String(peek(r.props, "versioningConfiguration.mfaDelete")) === "Enabled";
    if (!on) report(`Versioning of ${r.name} has MFA delete off, so one set of stolen credentials can delete every object version.`);
  },
});

/** The bucket's policy documents: its inline `policy` and every aws.s3.BucketPolicy pointing at it. */
function policyDocuments(bucket: PolicyResource, resources: readonly PolicyResource[]): any[] {
  const docs = resources.filter((p) => p.type === BUCKET_POLICY && refersTo(p, bucket)).map((p) => knownJson(raw(p.props), "policy", "the bucket policy is built from values not yet known"));
  if (present(bucket.props, "policy")) docs.push(knownJson(raw(bucket.props), "policy", "the bucket policy is built from values not yet known"));
  return docs;
}

/** True when `res.<prop>.<field>` (a nested block such as `accessLogs.bucket`) names the bucket. */
function nestedRefersTo(res: PolicyResource, prop: string, field: string, bucket: PolicyResource): boolean {
  if ((res.propertyDependencies?.[prop] ?? []).some((d) => d.urn === bucket.urn)) return true;
  const value = peek(res.props, `${prop}.${field}`);
  return value !== undefined && [peek(bucket.props, "bucket"), peek(bucket.props, "id")].includes(value);
}

/** Buckets that receive load balancer access or connection logs (ELB delivers those with SSE-S3 only). */
function elbLogDestination(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
  return resources.some(
    (r) => (LB_TYPES as readonly string[]).includes(r.type) && ["accessLogs", "connectionLogs"].some((p) => peek(r.props, `${p}.enabled`) !== false && nestedRefersTo(r, p, "bucket", bucket)),
  );
}

/** Buckets that receive S3 server access logs (inline `logging` of another bucket or an aws.s3.BucketLogging). */
function s3LogDestination(bucket: PolicyResource, resources: readonly PolicyResource[]): boolean {
  return resources.some(
    (r) =>
      (LOGGING_TYPES.includes(r.type) && pointsAt(r, "targetBucket", [bucket], ["bucket", "id"]).length > 0) || (isBucket(r) && r !== bucket && nestedRefersTo(r, "logging", "targetBucket", bucket)),
  );
}

export const bucketPrivateTlsOnly = stackPolicy({
  name: "s3-bucket-private-tls-only",
  description: "Every bucket has a public access block and a bucket policy (standalone or inline) that denies requests without TLS (aws:SecureTransport false).",
  severity: "high",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.2", "S3.3", "S3.5", "S3.8"],
  checkov: ["CKV_AWS_379", "CKV2_AWS_6"],
  remediation:
    'add an aws.s3.BucketPublicAccessBlock with all four flags true and an aws.s3.BucketPolicy with { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
  validate: (resources, report) => {
    const blocks = resources.filter((r) => r.type === PUBLIC_ACCESS_BLOCK);
    for (const bucket of resources.filter(isBucket)) {
      if (!blocks.some((b) => refersTo(b, bucket))) report(`Bucket ${bucket.name} has no public access block, so one ACL or policy change can publish its objects.`, bucket.urn);
      if (!policyDocuments(bucket, resources).some(deniesInsecureTransport)) report(`Bucket ${bucket.name} accepts requests over plain HTTP (no policy denies aws:SecureTransport false).`, bucket.urn);
    }
  },
});

export const bucketVersioningEnabled = stackPolicy({
  name: "s3-bucket-versioning-enabled",
  description: "Every bucket has versioning Enabled: inline versioning.enabled true or an aws.s3.BucketVersioning with status Enabled.",
  severity: "medium",
  category: "security",
  controls: ["BAK-5"],
  fsbp: ["S3.14"],
  checkov: ["CKV_AWS_21"],
  remediation: 'add an aws.s3.BucketVersioning with versioningConfiguration: { status: "Enabled" } (SecureBucket: leave versioning unset).',
  validate: (resources, report) => {
    const versionings = resources.filter((r) => VERSIONING_TYPES.includes(r.type));
    for (const bucket of resources.filter(isBucket)) {
      const inline = known(bucket.props, "versioning.enabled") === true;
      const standalone = versionings.some((v) => refersTo(v, bucket) && known(v.props, "versioningConfiguration.status") === "Enabled");
      if (!inline && !standalone) report(`Bucket ${bucket.name} keeps no object versions, so one overwrite or delete loses the data for good.`, bucket.urn);
    }
  },
});

export const bucketAccessLogging = stackPolicy({
  name: "s3-bucket-access-logging",
  description: "Every bucket that is not itself a log destination has server access logging: inline logging.targetBucket or an aws.s3.BucketLogging.",
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.9"],
  checkov: ["CKV_AWS_18"],
  notes: {
    "S3.9": "A bucket that receives S3 server access logs or load balancer logs is exempt: logging it needs yet another bucket, and AWS advises against logging a log bucket.",
    CKV_AWS_18: "a bucket that is itself a log destination is exempt",
  },
  remediation: "add an aws.s3.BucketLogging with targetBucket (a private log bucket in the same region) and targetPrefix (SecureBucket: leave accessLogging unset).",
  validate: (resources, report) => {
    const loggings = resources.filter((r) => LOGGING_TYPES.includes(r.type));
    for (const bucket of resources.filter(isBucket)) {
      if (present(bucket.props, "logging.targetBucket") || loggings.some((l) => refersTo(l, bucket))) continue;
      if (s3LogDestination(bucket, resources) || elbLogDestination(bucket, resources)) continue;
      report(`Bucket ${bucket.name} has no server access logging, so nobody can tell who read or changed which object.`, bucket.urn);
    }
  },
});

/**
 * The default-encryption rules of a bucket: inline `serverSideEncryptionConfiguration.rule` and standalone `rules`.
 * Decided in a preview of a new stack: only the algorithm must be known; a key ARN still unknown counts as present.
 */
function encryptionRules(bucket: PolicyResource, resources: readonly PolicyResource[]): any[] {
  const read = (props: any, path: string) => {
    const rules = asArray(peek(props, path));
    if (
      isUnknown(peek(props, path)) ||
      rules.some((rule) => isUnknown(rule) || isUnknown(peek(rule, "applyServerSideEncryptionByDefault")) || isUnknown(peek(rule, "applyServerSideEncryptionByDefault.sseAlgorithm")))
    ) {
      undecided(`${path}.applyServerSideEncryptionByDefault.sseAlgorithm`, "it comes from a resource not yet created");
    }
    return rules;
  };
  const standalone = resources.filter((r) => SSE_TYPES.includes(r.type) && refersTo(r, bucket)).flatMap((r) => read(r.props, "rules"));
  return [...read(bucket.props, "serverSideEncryptionConfiguration.rule"), ...standalone];
}

export const bucketCmkEncrypted = stackPolicy({
  name: "s3-bucket-cmk-encrypted",
  description:
    "Every bucket encrypts by default with SSE-KMS under a customer managed key (sseAlgorithm aws:kms or aws:kms:dsse with kmsMasterKeyId); buckets that receive S3 or load balancer logs may use SSE-S3.",
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.17"],
  checkov: ["CKV_AWS_145"],
  notes: {
    "S3.17": "Log destinations are exempt: load balancer log delivery supports SSE-S3 only, and server access log buckets hold request records, not object data.",
    CKV_AWS_145: "buckets that receive S3 or load balancer logs may use SSE-S3, the only encryption log delivery accepts",
  },
  remediation:
    'add an aws.s3.BucketServerSideEncryptionConfiguration with rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: <CMK ARN> }, bucketKeyEnabled: true }] (SecureBucket: leave encryption unset).',
  validate: (resources, report) => {
    for (const bucket of resources.filter(isBucket)) {
      const cmk = encryptionRules(bucket, resources).some(
        (rule) => KMS_ALGORITHMS.includes(String(peek(rule, "applyServerSideEncryptionByDefault.sseAlgorithm"))) && present(rule, "applyServerSideEncryptionByDefault.kmsMasterKeyId"),
      );
      if (cmk || elbLogDestination(bucket, resources) || s3LogDestination(bucket, resources)) continue;
      report(`Bucket ${bucket.name} is not encrypted with a customer managed KMS key, so key policy and CloudTrail do not govern who decrypts its objects.`, bucket.urn);
    }
  },
});

export const OWNERSHIP_TYPES = ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"] as const;

export const bucketAclsDisabled = stackPolicy({
  name: "s3-bucket-acls-disabled",
  description: "Every bucket disables ACLs: an aws.s3.BucketOwnershipControls with objectOwnership BucketOwnerEnforced, so access is decided by policies alone.",
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["S3.12"],
  checkov: ["CKV2_AWS_65"],
  remediation: 'add an aws.s3.BucketOwnershipControls for the bucket with rule: { objectOwnership: "BucketOwnerEnforced" } (SecureBucket and SecureLoadBalancer do this).',
  validate: (resources, report) => {
    const controls = resources.filter((r) => (OWNERSHIP_TYPES as readonly string[]).includes(r.type));
    for (const bucket of resources.filter(isBucket)) {
      const mine = controls.filter((c) => refersTo(c, bucket));
      if (mine.some((c) => known(c.props, "rule.objectOwnership") === "BucketOwnerEnforced")) continue;
      const set = mine.map((c) => peek(c.props, "rule.objectOwnership")).find((o) => typeof o === "string");
      report(
        `Bucket ${bucket.name} ${set ? `keeps ACLs (objectOwnership ${set})` : "keeps ACLs (no ownership controls)"}: any ACL on it or on an object can grant access that its bucket policy does not show.`,
        bucket.urn,
      );
    }
  },
});

export const policies = [
  publicAccessBlockAllOn,
  bucketPolicyNotPublic,
  bucketNoPublicAcl,
  bucketWebsiteDisabled,
  bucketCorsNoWildcard,
  versioningMfaDelete,
  bucketPrivateTlsOnly,
  bucketVersioningEnabled,
  bucketAccessLogging,
  bucketCmkEncrypted,
  bucketAclsDisabled,
];
