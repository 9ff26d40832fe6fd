import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  bucketAccessLogging,
  bucketCmkEncrypted,
  bucketCorsNoWildcard,
  bucketNoPublicAcl,
  bucketPolicyNotPublic,
  bucketPrivateTlsOnly,
  bucketVersioningEnabled,
  bucketWebsiteDisabled,
  publicAccessBlockAllOn,
  versioningMfaDelete,
} from "../../policy/s3";
import { checkResource, checkStack, UNKNOWN } from "../support/policy";

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const all = { bucket: UNKNOWN, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("s3-public-access-block-all-on", () => {
  it("passes all four flags true with an unknown bucket", async () => {
    assert.deepEqual((await checkResource(publicAccessBlockAllOn, { type: PAB, props: all })).violations, []);
  });
  it("fails any flag false or missing", async () => {
    const v = await checkResource(publicAccessBlockAllOn, { type: PAB, props: { ...all, restrictPublicBuckets: false } });
    assert.deepEqual(v.violations, [
      "Public access block leaves restrictPublicBuckets off, so an ACL or bucket policy can still make objects public. Fix: set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    ]);
    const { blockPublicAcls, ...missing } = all;
    void blockPublicAcls;
    assert.match((await checkResource(publicAccessBlockAllOn, { type: PAB, props: missing })).violations[0], /leaves blockPublicAcls off/);
  });
  it("checks an account-level block the same way (S3.1)", async () => {
    const type = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
    assert.deepEqual((await checkResource(publicAccessBlockAllOn, { type, props: all })).violations, []);
    assert.match((await checkResource(publicAccessBlockAllOn, { type, props: { ...all, blockPublicPolicy: false } })).violations[0], /^Public access block leaves blockPublicPolicy off/);
  });
});

describe("s3-bucket-private-tls-only", () => {
  const name = "app-prod-alb-logs-123456789012";
  const arn = `arn:aws:s3:::${name}`;
  const tlsOnly = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  });
  const bucketUrn = "urn:pulumi:test::fixture::aws:s3/bucket:Bucket::logs";
  const bucket = { type: "aws:s3/bucket:Bucket", name: "logs", urn: bucketUrn, props: { bucket: name } };
  const pab = { type: PAB, name: "pab", props: { ...all, bucket: name }, propertyDependencies: { bucket: [bucketUrn] } };
  const policy = { type: "aws:s3/bucketPolicy:BucketPolicy", name: "policy", props: { bucket: name, policy: tlsOnly }, propertyDependencies: { bucket: [bucketUrn] } };

  it("passes a bucket with a public access block and a TLS-only policy (aws:s3/bucket and aws:s3/bucketV2)", async () => {
    assert.deepEqual((await checkStack(bucketPrivateTlsOnly, [bucket, pab, policy])).violations, []);
    assert.deepEqual((await checkStack(bucketPrivateTlsOnly, [{ ...bucket, type: "aws:s3/bucketV2:BucketV2" }, pab, policy])).violations, []);
  });

  it("matches by known bucket name when there are no property dependencies", async () => {
    assert.deepEqual((await checkStack(bucketPrivateTlsOnly, [bucket, { ...pab, propertyDependencies: {} }, { ...policy, propertyDependencies: {} }])).violations, []);
  });

  it("fails a bucket without a public access block", async () => {
    const v = await checkStack(bucketPrivateTlsOnly, [bucket, policy]);
    assert.deepEqual(v.urns, [bucketUrn]);
    assert.match(v.violations[0], /^Bucket logs has no public access block, so one ACL or policy change can publish its objects\. Fix:/);
  });

  it("fails a bucket whose policy does not deny plain HTTP, and one with no policy", async () => {
    const allowOnly = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/*` }],
    });
    const v = await checkStack(bucketPrivateTlsOnly, [bucket, pab, { ...policy, props: { bucket: name, policy: allowOnly } }]);
    assert.deepEqual(
      v.violations.map((m) => m.split(" Fix:")[0]),
      ["Bucket logs accepts requests over plain HTTP (no policy denies aws:SecureTransport false)."],
    );
    assert.equal((await checkStack(bucketPrivateTlsOnly, [bucket, pab])).violations.length, 1);
  });

  it("is undecided, not passed, when the policy document is unknown", async () => {
    const v = await checkStack(bucketPrivateTlsOnly, [bucket, pab, { ...policy, props: { bucket: name, policy: UNKNOWN } }]);
    assert.match(v.undecided ?? "", /^policy is not known until apply/);
  });
});

// ---- every bucket, every form ---------------------------------------------------------------------

const BUCKET = "aws:s3/bucket:Bucket";
const NAME = "shop-prod-uploads-123456789012";
const ARN = `arn:aws:s3:::${NAME}`;
const BUCKET_URN = `urn:pulumi:test::fixture::${BUCKET}::files`;
const ROLE = "arn:aws:iam::123456789012:role/shop-prod-app";
const deny = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [ARN, `${ARN}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
const doc = (...statements: object[]) => ({ Version: "2012-10-17", Statement: [deny, ...statements] });
const onBucket = { bucket: NAME };
const deps = { bucket: [BUCKET_URN] };
const fixStr = (policy: { spec: { remediation: string } }) => ` Fix: ${policy.spec.remediation}`;

describe("s3-bucket-policy-not-public", () => {
  const P = "aws:s3/bucketPolicy:BucketPolicy";
  it("passes a policy granting a named role, and a public statement pinned to the organisation", async () => {
    const named = doc({ Effect: "Allow", Principal: { AWS: [ROLE] }, Action: "s3:GetObject", Resource: `${ARN}/*` });
    assert.deepEqual((await checkResource(bucketPolicyNotPublic, { type: P, props: { ...onBucket, policy: JSON.stringify(named) } })).violations, []);
    const org = doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } });
    assert.deepEqual((await checkResource(bucketPolicyNotPublic, { type: P, props: { ...onBucket, policy: org } })).violations, []);
  });
  for (const [what, action, principal] of [
    ["get", "s3:GetObject", "*"],
    ["put", "s3:PutObject", { AWS: "*" }],
    ["list", "s3:ListBucket", { AWS: ["*"] }],
    ["delete", "s3:DeleteObject", "*"],
    ["everything", "s3:*", "*"],
  ] as const)
    it(`fails a statement that allows ${what} to any principal (JSON string)`, async () => {
      const policy = JSON.stringify(doc({ Sid: "Open", Effect: "Allow", Principal: principal, Action: action, Resource: `${ARN}/*` }));
      assert.deepEqual((await checkResource(bucketPolicyNotPublic, { type: P, props: { ...onBucket, policy } })).violations, [
        `Bucket policy statement Open allows ${action} to any principal, so anyone on the internet can use the bucket that way.${fixStr(bucketPolicyNotPublic)}`,
      ]);
    });
  it("fails the inline policy of an old-form bucket, given as an object, and ignores a bucket without one", async () => {
    const policy = doc({ Effect: "Allow", Principal: "*", Action: ["s3:GetObject"], Resource: `${ARN}/*` });
    assert.match((await checkResource(bucketPolicyNotPublic, { type: BUCKET, props: { bucket: NAME, policy } })).violations[0], /^Bucket policy statement 1 allows s3:GetObject to any principal/);
    assert.deepEqual((await checkResource(bucketPolicyNotPublic, { type: "aws:s3/bucketV2:BucketV2", props: { bucket: NAME } })).violations, []);
  });
  it("is undecided, not passed, when the document is unknown", async () => {
    assert.match((await checkResource(bucketPolicyNotPublic, { type: P, props: { ...onBucket, policy: UNKNOWN } })).undecided ?? "", /^policy is not known until apply/);
  });
});

describe("s3-bucket-no-public-acl", () => {
  it("passes a private bucket, ACL and object", async () => {
    assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: BUCKET, props: { bucket: NAME, acl: "private" } })).violations, []);
    assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: "aws:s3/bucketAcl:BucketAcl", props: { ...onBucket, acl: "private" } })).violations, []);
    assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: "aws:s3/bucketObjectv2:BucketObjectv2", props: { ...onBucket, key: "a.txt" } })).violations, []);
  });
  for (const acl of ["public-read", "public-read-write", "authenticated-read"])
    it(`fails the canned ACL ${acl} on a bucket, a BucketAclV2 and an object`, async () => {
      const to = acl === "authenticated-read" ? "every AWS account" : "everyone";
      assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: BUCKET, name: "files", props: { bucket: NAME, acl } })).violations, [
        `Bucket files uses the canned ACL ${acl}, which opens it to ${to}.${fixStr(bucketNoPublicAcl)}`,
      ]);
      assert.match(
        (await checkResource(bucketNoPublicAcl, { type: "aws:s3/bucketAclV2:BucketAclV2", name: "acl", props: { ...onBucket, acl } })).violations[0],
        new RegExp(`^BucketAclV2 acl uses the canned ACL ${acl}`),
      );
      assert.match(
        (await checkResource(bucketNoPublicAcl, { type: "aws:s3/bucketObject:BucketObject", name: "obj", props: { ...onBucket, key: "a", acl } })).violations[0],
        new RegExp(`^BucketObject obj uses the canned ACL ${acl}`),
      );
    });
  it("fails grants to AllUsers (inline grants) and AuthenticatedUsers (access control policy)", async () => {
    const inline = { bucket: NAME, grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] };
    assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: BUCKET, name: "files", props: inline })).violations, [`Bucket files grants READ to AllUsers.${fixStr(bucketNoPublicAcl)}`]);
    const acp = {
      ...onBucket,
      accessControlPolicy: { owner: { id: "abc" }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, permission: "WRITE" }] },
    };
    assert.deepEqual((await checkResource(bucketNoPublicAcl, { type: "aws:s3/bucketAcl:BucketAcl", name: "acl", props: acp })).violations, [
      `BucketAcl acl grants WRITE to AuthenticatedUsers.${fixStr(bucketNoPublicAcl)}`,
    ]);
  });
});

describe("s3-bucket-website-disabled", () => {
  it("passes a bucket without a website block", async () => {
    assert.deepEqual((await checkResource(bucketWebsiteDisabled, { type: BUCKET, props: { bucket: NAME } })).violations, []);
  });
  it("fails an inline website block and a BucketWebsiteConfigurationV2", async () => {
    assert.deepEqual((await checkResource(bucketWebsiteDisabled, { type: BUCKET, name: "site", props: { bucket: NAME, website: { indexDocument: "index.html" } } })).violations, [
      `Bucket site turns on S3 website hosting, which serves objects over plain HTTP to anyone.${fixStr(bucketWebsiteDisabled)}`,
    ]);
    assert.match(
      (
        await checkResource(bucketWebsiteDisabled, {
          type: "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
          name: "site",
          props: { ...onBucket, indexDocument: { suffix: "index.html" } },
        })
      ).violations[0],
      /^BucketWebsiteConfigurationV2 site turns on S3 website hosting/,
    );
  });
});

describe("s3-bucket-cors-no-wildcard-origin", () => {
  const rule = (origins: string[]) => [{ allowedMethods: ["GET"], allowedOrigins: origins }];
  it("passes named HTTPS origins", async () => {
    assert.deepEqual(
      (await checkResource(bucketCorsNoWildcard, { type: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration", props: { ...onBucket, corsRules: rule(["https://app.example.com"]) } })).violations,
      [],
    );
  });
  it("fails a * origin inline and on a BucketCorsConfigurationV2", async () => {
    assert.deepEqual((await checkResource(bucketCorsNoWildcard, { type: BUCKET, name: "files", props: { bucket: NAME, corsRules: rule(["https://app.example.com", "*"]) } })).violations, [
      `CORS rule of files allows origin *, so any website can call the bucket from a visitor's browser.${fixStr(bucketCorsNoWildcard)}`,
    ]);
    assert.equal(
      (await checkResource(bucketCorsNoWildcard, { type: "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2", props: { ...onBucket, corsRules: rule(["*"]) } })).violations.length,
      1,
    );
  });
});

describe("s3-bucket-versioning-mfa-delete (advisory in every stack)", () => {
  it("is advisory in code and in both stacks' pack config", () => {
    assert.equal(versioningMfaDelete.enforcementLevel, "advisory");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const stack of ["prod", "staging"]) assert.equal(require(`../../policy/config/${stack}.json`)["s3-bucket-versioning-mfa-delete"], "advisory");
  });
  it("passes MFA delete on, fails it off (standalone and inline)", async () => {
    const V = "aws:s3/bucketVersioning:BucketVersioning";
    assert.deepEqual((await checkResource(versioningMfaDelete, { type: V, props: { ...onBucket, versioningConfiguration: { status: "Enabled", mfaDelete: "Enabled" } } })).violations, []);
    assert.deepEqual((await checkResource(versioningMfaDelete, { type: V, name: "v", props: { ...onBucket, versioningConfiguration: { status: "Enabled" } } })).violations, [
      `Versioning of v has MFA delete off, so one set of stolen credentials can delete every object version.${fixStr(versioningMfaDelete)}`,
    ]);
    assert.equal((await checkResource(versioningMfaDelete, { type: BUCKET, props: { bucket: NAME, versioning: { enabled: true } } })).violations.length, 1);
  });
});

describe("stack-level bucket checks", () => {
  const bucket = { type: BUCKET, name: "files", urn: BUCKET_URN, props: { bucket: NAME } };
  const versioning = { type: "aws:s3/bucketVersioning:BucketVersioning", name: "v", props: { ...onBucket, versioningConfiguration: { status: "Enabled" } }, propertyDependencies: deps };
  const logging = { type: "aws:s3/bucketLogging:BucketLogging", name: "l", props: { ...onBucket, targetBucket: "shop-prod-logs", targetPrefix: "files/" }, propertyDependencies: deps };
  const sse = {
    type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    name: "sse",
    props: { ...onBucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" }, bucketKeyEnabled: true }] },
    propertyDependencies: deps,
  };

  describe("s3-bucket-versioning-enabled", () => {
    it("passes a standalone BucketVersioning (and its V2 token), and inline versioning", async () => {
      assert.deepEqual((await checkStack(bucketVersioningEnabled, [bucket, versioning])).violations, []);
      assert.deepEqual((await checkStack(bucketVersioningEnabled, [bucket, { ...versioning, type: "aws:s3/bucketVersioningV2:BucketVersioningV2" }])).violations, []);
      assert.deepEqual((await checkStack(bucketVersioningEnabled, [{ ...bucket, props: { bucket: NAME, versioning: { enabled: true } } }])).violations, []);
    });
    it("fails a bucket without versioning, or with it suspended", async () => {
      const v = await checkStack(bucketVersioningEnabled, [bucket]);
      assert.deepEqual(v.violations, [`Bucket files keeps no object versions, so one overwrite or delete loses the data for good.${fixStr(bucketVersioningEnabled)}`]);
      assert.deepEqual(v.urns, [BUCKET_URN]);
      assert.equal((await checkStack(bucketVersioningEnabled, [bucket, { ...versioning, props: { ...onBucket, versioningConfiguration: { status: "Suspended" } } }])).violations.length, 1);
    });
  });

  describe("s3-bucket-access-logging", () => {
    it("passes a BucketLogging, inline logging, and exempts the log destination itself", async () => {
      const target = { type: BUCKET, name: "logs", urn: `urn:pulumi:test::fixture::${BUCKET}::logs`, props: { bucket: "shop-prod-logs" } };
      assert.deepEqual((await checkStack(bucketAccessLogging, [bucket, logging, target])).violations, []);
      assert.deepEqual((await checkStack(bucketAccessLogging, [{ ...bucket, props: { bucket: NAME, logging: { targetBucket: "shop-prod-logs" } } }, target])).violations, []);
      assert.deepEqual((await checkStack(bucketAccessLogging, [bucket, { ...logging, type: "aws:s3/bucketLoggingV2:BucketLoggingV2" }, target])).violations, []);
    });
    it("exempts a bucket that receives load balancer access logs", async () => {
      const lb = { type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", props: { accessLogs: { bucket: NAME, enabled: true } } };
      assert.deepEqual((await checkStack(bucketAccessLogging, [bucket, lb])).violations, []);
    });
    it("fails a bucket without server access logging", async () => {
      const v = await checkStack(bucketAccessLogging, [bucket]);
      assert.deepEqual(v.violations, [`Bucket files has no server access logging, so nobody can tell who read or changed which object.${fixStr(bucketAccessLogging)}`]);
      assert.deepEqual(v.urns, [BUCKET_URN]);
    });
  });

  describe("s3-bucket-cmk-encrypted", () => {
    it("passes SSE-KMS with a CMK (standalone, V2 token, inline rule)", async () => {
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, sse])).violations, []);
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, { ...sse, type: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2" }])).violations, []);
      const inline = { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" } } } };
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [{ ...bucket, props: { bucket: NAME, ...inline } }])).violations, []);
    });
    it("fails SSE-S3, SSE-KMS with the AWS managed key, and no configuration", async () => {
      const message = `Bucket files is not encrypted with a customer managed KMS key, so key policy and CloudTrail do not govern who decrypts its objects.${fixStr(bucketCmkEncrypted)}`;
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, { ...sse, props: { ...onBucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } }])).violations, [
        message,
      ]);
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, { ...sse, props: { ...onBucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] } }])).violations, [
        message,
      ]);
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket])).violations, [message]);
    });
    it("passes with the key ARN unknown (a new CMK in preview) and is undecided, not passed, with the algorithm unknown", async () => {
      const rules = (algorithm: string, key: string) => [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyId: key } }];
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, { ...sse, props: { ...onBucket, rules: rules("aws:kms", UNKNOWN) } }])).violations, []);
      const v = await checkStack(bucketCmkEncrypted, [bucket, { ...sse, props: { ...onBucket, rules: rules(UNKNOWN, "k") } }]);
      assert.match(v.undecided ?? "", /^rules\.applyServerSideEncryptionByDefault\.sseAlgorithm is not known until apply/);
    });
    it("exempts a server access log destination on SSE-S3", async () => {
      const source = { type: BUCKET, name: "src", props: { bucket: "src", logging: { targetBucket: NAME } } };
      const srcSse = { ...sse, props: { ...sse.props, bucket: "src" }, propertyDependencies: {} };
      assert.deepEqual((await checkStack(bucketCmkEncrypted, [bucket, source, srcSse])).violations, []);
    });
  });

  describe("s3-bucket-private-tls-only with an inline policy", () => {
    it("accepts the TLS deny in an old-form bucket's inline policy", async () => {
      const b = { ...bucket, props: { bucket: NAME, policy: JSON.stringify(doc()) } };
      const v = await checkStack(bucketPrivateTlsOnly, [b, { type: PAB, name: "pab", props: { ...all, bucket: NAME }, propertyDependencies: deps }]);
      assert.deepEqual(v.violations, []);
    });
  });
});
