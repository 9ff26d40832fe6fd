import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { bucketPrivateTlsOnly, publicAccessBlockAllOn } from "../../policy/s3";
import { checkResource, checkStack, UNKNOWN } from "../support/policy";

const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const all = { bucket: UNKNOWN, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("s3-public-access-block-all-on", () => {
  it("passes all four flags true with an unknown bucket", async () => {
    assert.deepEqual((await checkResource(publicAccessBlockAllOn, { type: PAB, props: all })).violations, []);
  });
  it("fails any flag false or missing", async () => {
    const v = await checkResource(publicAccessBlockAllOn, { type: PAB, props: { ...all, restrictPublicBuckets: false } });
    assert.deepEqual(v.violations, ["Public access block leaves restrictPublicBuckets off, so an ACL or bucket policy can still make objects public. Fix: set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true."]);
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
  const tlsOnly = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }] });
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
    const allowOnly = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Action: "s3:PutObject", Resource: `${arn}/*` }] });
    const v = await checkStack(bucketPrivateTlsOnly, [bucket, pab, { ...policy, props: { bucket: name, policy: allowOnly } }]);
    assert.deepEqual(v.violations.map((m) => m.split(" Fix:")[0]), ["Bucket logs accepts requests over plain HTTP (no policy denies aws:SecureTransport false)."]);
    assert.equal((await checkStack(bucketPrivateTlsOnly, [bucket, pab])).violations.length, 1);
  });

  it("is undecided, not passed, when the policy document is unknown", async () => {
    const v = await checkStack(bucketPrivateTlsOnly, [bucket, pab, { ...policy, props: { bucket: name, policy: UNKNOWN } }]);
    assert.match(v.undecided ?? "", /^policy is not known until apply/);
  });
});
