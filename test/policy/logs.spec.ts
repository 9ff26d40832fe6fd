import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { logGroupEncrypted, logGroupRetention } from "../../policy/logs";
import { checkResource, UNKNOWN } from "../support/policy";

const LG = "aws:cloudwatch/logGroup:LogGroup";
const good = { name: "/app/prod/app", retentionInDays: 90, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc" };

describe("logs-group-kms-encrypted", () => {
  it("passes a group with a CMK, including an unknown key ARN of a key created in the same preview", async () => {
    assert.deepEqual((await checkResource(logGroupEncrypted, { type: LG, props: good })).violations, []);
    const v = await checkResource(logGroupEncrypted, { type: LG, props: { ...good, kmsKeyId: UNKNOWN } });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("fails a group without kmsKeyId", async () => {
    const { kmsKeyId: _, ...props } = good;
    const v = await checkResource(logGroupEncrypted, { type: LG, props });
    assert.match(v.violations[0], /^Log group is not encrypted with a customer-managed key.* Fix: set kmsKeyId to a CMK/);
  });
});

describe("logs-group-retention-set", () => {
  it("passes a retention and fails none or 0 (never expire)", async () => {
    assert.deepEqual((await checkResource(logGroupRetention, { type: LG, props: good })).violations, []);
    const { retentionInDays: _, ...none } = good;
    assert.equal((await checkResource(logGroupRetention, { type: LG, props: none })).violations.length, 1);
    assert.equal((await checkResource(logGroupRetention, { type: LG, props: { ...good, retentionInDays: 0 } })).violations.length, 1);
  });
});
