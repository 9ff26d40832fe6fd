/** Cross-check: LogClasses, Monitoring and BackupPlan with their defaults pass the whole pack; each flipped setting fires exactly its policy. */
import { describe, expect, it } from "@jest/globals";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { BackupPlan, LogClasses, Monitoring } from "../../components";
import { Environment } from "../../components/shared/naming";
import { allPolicies } from "../../policy/policies";
import { capture, Capture, UNKNOWN } from "../support/capture";
import { checkResource, checkStack, FixtureResource, fixtureOf } from "../support/policy";

const config = { "aws:region": "eu-west-1" };
const resourcePolicies = allPolicies.filter((p) => "validateResource" in p) as (ResourceValidationPolicy & { name: string })[];
const stackPolicies = allPolicies.filter((p) => "validateStack" in p) as (StackValidationPolicy & { name: string })[];

const build = (environment: Environment, publishers?: string[]) => () => {
  const logs = new LogClasses("logs", { environment, appName: "shop" });
  const std = logs.standardGroups();
  const mon = new Monitoring("mon", { environment, appName: "shop", alertEmails: ["security@example.com"], securityLogGroupName: std.security.name, appLogGroupName: "/shop/app", publishers });
  new BackupPlan("bak", { environment, appName: "shop", drRegion: environment === "prod" ? "eu-central-1" : undefined, alertTopicArn: mon.topicArn });
};

/** Names of the resource policies that report a violation for one resource's inputs; an undecided verdict fails the test. */
async function firing(type: string, props: Record<string, any>): Promise<string[]> {
  const names: string[] = [];
  for (const p of resourcePolicies) {
    const v = await checkResource(p, { type, props });
    if (v.undecided) throw new Error(`${p.name} undecided on ${type}: ${v.undecided}`);
    if (v.violations.length) names.push(p.name);
  }
  return names;
}

const fixtures = (cap: Capture): FixtureResource[] =>
  cap.resources.filter((r) => r.custom).map((r) => fixtureOf(r));

async function stackFiring(resources: FixtureResource[]): Promise<string[]> {
  const names: string[] = [];
  for (const p of stackPolicies) {
    const v = await checkStack(p, resources);
    if (v.undecided) throw new Error(`${p.name} undecided: ${v.undecided}`);
    if (v.violations.length) names.push(p.name);
  }
  return names;
}

const DB: FixtureResource = { type: "aws:rds/instance:Instance", name: "db", props: { identifier: "shop-prod-db", tags: { environment: "prod", backup: "true" } }, opts: { protect: true } };
const DB_ALARM: FixtureResource = { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "db-cpu", props: { namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "shop-prod-db" }, alarmActions: ["arn:aws:sns:eu-west-1:123456789012:shop-prod-alerts"] } };

describe("LogClasses, Monitoring and BackupPlan against the policy pack", () => {
  it.each(["prod", "staging"] as const)("pass every resource and stack policy with the %s defaults", async (env) => {
    const cap = await capture(build(env), { config });
    for (const r of cap.resources.filter((r) => r.custom)) expect({ name: r.name, firing: await firing(r.type, r.inputs) }).toEqual({ name: r.name, firing: [] });
    expect(await stackFiring(fixtures(cap))).toEqual([]);
  });

  it("cover a database tagged backup=true with a backup selection and a restore test", async () => {
    const cap = await capture(build("prod"), { config });
    expect(await stackFiring([...fixtures(cap), DB, DB_ALARM])).toEqual([]);
    const untagged = { ...DB, props: { ...DB.props, tags: { environment: "prod" } } };
    expect(await stackFiring([...fixtures(cap), untagged, DB_ALARM])).toEqual(["backup-data-stores-covered", "backup-rds-restore-tested"]);
    expect(await stackFiring([...fixtures(cap), DB])).toEqual(["cloudwatch-data-stores-alarmed"]);
  });

  it.each([
    ["aws:backup/vault:Vault", "bak-vault", (p: any) => ({ ...p, kmsKeyArn: undefined }), "backup-vault-kms-encrypted"],
    ["aws:backup/plan:Plan", "bak-plan", (p: any) => ({ ...p, rules: [{ ...p.rules[0], lifecycle: { deleteAfter: 3 } }, p.rules[1]] }), "backup-plan-retention-floor"],
    ["aws:backup/plan:Plan", "bak-plan", (p: any) => ({ ...p, rules: p.rules.map(({ copyActions: _, ...r }: any) => r) }), "backup-plan-cross-region-copy"],
    ["aws:sns/topic:Topic", "mon-alerts", (p: any) => ({ ...p, kmsMasterKeyId: undefined }), "sns-topic-kms-encrypted"],
    ["aws:cloudwatch/metricAlarm:MetricAlarm", "mon-sql-injection", (p: any) => ({ ...p, alarmActions: [] }), "cloudwatch-alarm-has-actions"],
    ["aws:cloudwatch/logGroup:LogGroup", "logs-audit", (p: any) => ({ ...p, retentionInDays: 365 }), "logs-group-class-retention-floor"],
    ["aws:cloudwatch/logGroup:LogGroup", "logs-security", (p: any) => ({ ...p, kmsKeyId: undefined }), "logs-group-kms-encrypted"],
  ])("flipping prod %s %s fires exactly its policy (%#)", async (type, name, change, policy) => {
    const cap = await capture(build("prod"), { config });
    const r = cap.one(type, name);
    expect(await firing(type, JSON.parse(JSON.stringify(change(r.inputs))))).toEqual([policy]);
  });

  it.each([
    ["removing the DR vault's lock", (f: FixtureResource[]) => f.filter((r) => r.name !== "bak-dr-vault-lock")],
    ["a governance-mode prod lock", (f: FixtureResource[]) => f.map((r) => (r.name === "bak-vault-lock" ? { ...r, props: { ...r.props, changeableForDays: undefined } } : r))],
  ])("%s fires exactly backup-vault-locked", async (_, change) => {
    const cap = await capture(build("prod"), { config });
    expect(await stackFiring(JSON.parse(JSON.stringify(change(fixtures(cap)))))).toEqual(["backup-vault-locked"]);
  });

  it("a topic whose publishers leave AWS Backup out fires exactly sns-event-sources-can-publish, on the vault notifications", async () => {
    const cap = await capture(build("prod", ["cloudwatch.amazonaws.com", "events.amazonaws.com"]), { config });
    expect(await stackFiring(fixtures(cap))).toEqual(["sns-event-sources-can-publish"]);
    const v = await checkStack(stackPolicies.find((p) => p.name === "sns-event-sources-can-publish")!, fixtures(cap));
    expect(v.urns).toEqual([cap.one("aws:backup/vaultNotifications:VaultNotifications").urn, cap.one("aws:backup/vaultNotifications:VaultNotifications").urn]);
    expect(v.violations.map((m) => m.split(":")[0])).toEqual(["Backup vault notifications bak-vault-notifications sends to topic mon-alerts, whose policy does not allow backup.amazonaws.com SNS", "Backup vault notifications bak-vault-notifications sends to topic mon-alerts, whose key mon-key does not let backup.amazonaws.com use kms"]);
  });

  it("leaves nothing undecided in a preview of a new stack, where ARNs and ids are unknown", async () => {
    const cap = await capture(build("prod"), { config, preview: true });
    expect(cap.one("aws:backup/vault:Vault", "bak-vault").inputs.kmsKeyArn).toBe(UNKNOWN);
    for (const r of cap.resources.filter((r) => r.custom)) expect({ name: r.name, firing: await firing(r.type, r.inputs) }).toEqual({ name: r.name, firing: [] });
    expect(await stackFiring(fixtures(cap))).toEqual([]);
  });
});
