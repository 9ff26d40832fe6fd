import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { PROD_MIN_RETENTION_DAYS } from "../../components/logs/defaults";
import { CLASS_FLOOR_DAYS, logGroupClassRetention, logGroupEncrypted, logGroupRetention } from "../../policy/logs";
import { checkResource, UNKNOWN, withUnknown } from "../support/policy";

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
  it("passes a retention and 0 (never expire, stated on purpose), and fails an unset one", async () => {
    assert.deepEqual((await checkResource(logGroupRetention, { type: LG, props: good })).violations, []);
    assert.deepEqual((await checkResource(logGroupRetention, { type: LG, props: { ...good, retentionInDays: 0 } })).violations, []);
    const { retentionInDays: _, ...none } = good;
    assert.deepEqual((await checkResource(logGroupRetention, { type: LG, props: none })).violations, [
      "Log group sets no retentionInDays: it keeps events forever, and nobody decided that. Fix: set retentionInDays to the group's class (application 30, security 90, audit 2557 days), or 0 to keep events forever on purpose.",
    ]);
  });

  it("counts retentionInDays 0 (never expire) as meeting every prod class floor", async () => {
    for (const cls of Object.keys(CLASS_FLOOR_DAYS)) {
      const v = await checkResource(logGroupClassRetention, { type: LG, props: { ...good, retentionInDays: 0, tags: { environment: "prod", "log-class": cls } } });
      assert.deepEqual(v.violations, [], cls);
    }
    const short = await checkResource(logGroupClassRetention, { type: LG, props: { ...good, retentionInDays: 30, tags: { environment: "prod", "log-class": "audit" } } });
    assert.equal(short.violations.length, 1);
  });
});

describe("logs-group-class-retention-floor", () => {
  const audit = { ...good, name: "/shop/prod/audit", retentionInDays: 2557, tags: { environment: "prod", "log-class": "audit" } };

  it("uses the same floors as LogClasses", () => {
    assert.deepEqual(CLASS_FLOOR_DAYS, PROD_MIN_RETENTION_DAYS);
  });
  it("passes groups at their class floor, untagged groups and staging groups below it", async () => {
    assert.deepEqual((await checkResource(logGroupClassRetention, { type: LG, props: audit })).violations, []);
    assert.deepEqual((await checkResource(logGroupClassRetention, { type: LG, props: { ...good, retentionInDays: 7 } })).violations, []);
    assert.deepEqual((await checkResource(logGroupClassRetention, { type: LG, props: { ...audit, retentionInDays: 365, tags: { environment: "staging", "log-class": "audit" } } })).violations, []);
  });
  it("fails a prod audit group kept 5 years", async () => {
    const v = await checkResource(logGroupClassRetention, { type: LG, props: { ...audit, retentionInDays: 1827 } });
    assert.deepEqual(v.violations, [
      "Log group of class audit keeps events 1827 days, below the 2557-day floor, so the audit record is gone before an investigation or audit needs it. Fix: set retentionInDays to the class floor or more (config securityLogRetentionDays / auditLogRetentionDays; LogClasses applies them).",
    ]);
  });
  it("fails security groups below 90 and security-critical below 365 days", async () => {
    const sec = await checkResource(logGroupClassRetention, { type: LG, props: { ...good, retentionInDays: 30, tags: { "log-class": "security" } } });
    assert.match(sec.violations[0], /^Log group of class security keeps events 30 days, below the 90-day floor/);
    const crit = await checkResource(logGroupClassRetention, { type: LG, props: { ...good, retentionInDays: 180, tags: { environment: "prod", "log-class": "security-critical" } } });
    assert.match(crit.violations[0], /^Log group of class security-critical keeps events 180 days, below the 365-day floor/);
  });
  it("is undecided when the retention is unknown, and still passes an unknown kmsKeyId", async () => {
    const v = await checkResource(logGroupClassRetention, { type: LG, props: withUnknown(audit, "retentionInDays") });
    assert.match(v.undecided ?? "", /^retentionInDays is not known until apply/);
    const k = await checkResource(logGroupClassRetention, { type: LG, props: { ...audit, kmsKeyId: UNKNOWN } });
    assert.deepEqual([k.violations, k.undecided], [[], undefined]);
  });
});
