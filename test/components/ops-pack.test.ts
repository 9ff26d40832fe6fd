/** Cross-check: LogClasses, Monitoring and BackupPlan with their defaults pass the whole pack (its own process, as the CLI runs it); each flipped setting fires exactly its policy. */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import { BackupPlan, LogClasses, Monitoring } from "../../components";
import { Environment } from "../../components/shared/naming";
import { PackSession } from "hardened-aws/testing";
import { capture, Capture, UNKNOWN } from "../support/capture";
import { packDir, runPack } from "../support/pack";

const config = { "aws:region": "eu-west-1" };
const build =
  (environment: Environment, extra: () => void = () => undefined, publishers?: string[]) =>
  () => {
    const logs = new LogClasses("logs", { environment, appName: "shop" });
    const std = logs.standardGroups();
    const mon = new Monitoring("mon", { environment, appName: "shop", alertEmails: ["security@example.com"], securityLogGroupName: std.security.name, appLogGroupName: "/shop/app", publishers });
    new BackupPlan("bak", { environment, appName: "shop", drRegion: environment === "prod" ? "eu-central-1" : undefined, alertTopicArn: mon.topicArn });
    // The application that writes the security events the metric filters watch.
    new aws.iam.RolePolicy("app-security-events", {
      role: "shop-app",
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:eu-west-1:123456789012:log-group:/shop/${environment}/security:*` }],
      }),
    });
    extra();
  };

let session: PackSession;
beforeAll(async () => {
  session = await PackSession.start(packDir());
}, 120_000);
afterAll(() => session?.close());

/** What the pack (its own enforcement levels) finds on a capture: per resource, the policies that fire on it, and the stack policies that fire. Nothing may be undecided. */
async function verdicts(cap: Capture): Promise<{ resources: Record<string, string[]>; stack: string[] }> {
  const r = await runPack(cap, {}, { session });
  if (r.undecided.length) throw new Error(`undecided: ${r.undecided.map((u) => `${u.policyName} ${u.urn}: ${u.reason}`).join("; ")}`);
  const stackPolicies = new Set(r.pack.policies.filter((p) => p.type === "stack").map((p) => p.name));
  const resources: Record<string, string[]> = {};
  const stack = new Set<string>();
  for (const v of r.violations) {
    if (stackPolicies.has(v.policyName)) stack.add(v.policyName);
    else (resources[v.urn.split("::").pop()!] ??= []).push(v.policyName);
  }
  return { resources, stack: [...stack].sort() };
}

/** A database tagged for backup and protected, and its CPU alarm, written by hand next to the components. */
const database =
  (tags: Record<string, string>, alarm = true) =>
  () => {
    new aws.rds.Instance("db", { identifier: "shop-prod-db", instanceClass: "db.t4g.medium", tags }, { protect: true });
    if (alarm)
      new aws.cloudwatch.MetricAlarm("db-cpu", {
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 1,
        namespace: "AWS/RDS",
        metricName: "CPUUtilization",
        dimensions: { DBInstanceIdentifier: "shop-prod-db" },
        alarmActions: ["arn:aws:sns:eu-west-1:123456789012:shop-prod-alerts"],
      });
  };

describe("LogClasses, Monitoring and BackupPlan against the policy pack", () => {
  it.each(["prod", "staging"] as const)("pass every resource and stack policy with the %s defaults", async (env) => {
    expect(await verdicts(await capture(build(env), { config }))).toEqual({ resources: {}, stack: [] });
  });

  it("cover a database tagged backup=true with a backup selection and a restore test", async () => {
    const stackOf = async (extra: () => void) => (await verdicts(await capture(build("prod", extra), { config }))).stack;
    expect(await stackOf(database({ environment: "prod", backup: "true" }))).toEqual([]);
    expect(await stackOf(database({ environment: "prod" }))).toEqual(["backup-data-stores-covered", "backup-rds-restore-tested"]);
    expect(await stackOf(database({ environment: "prod", backup: "true" }, false))).toEqual(["cloudwatch-data-stores-alarmed"]);
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
    const changed = change(r.inputs);
    const flipped = cap.withInputs(r, Object.fromEntries(Object.keys({ ...r.inputs, ...changed }).map((k) => [k, changed[k]])));
    expect(await verdicts(flipped)).toEqual({ resources: { [name]: [policy] }, stack: [] });
  });

  it.each([
    ["removing the DR vault's lock", (c: Capture) => c.without("bak-dr-vault-lock")],
    ["a governance-mode prod lock", (c: Capture) => c.withInputs("bak-vault-lock", { changeableForDays: undefined })],
  ])("%s fires exactly backup-vault-locked", async (_, change) => {
    const cap = await capture(build("prod"), { config });
    expect(await verdicts(change(cap))).toEqual({ resources: {}, stack: ["backup-vault-locked"] });
  });

  it("security metric filters on a group nothing in the stack writes fire exactly cloudwatch-metric-filter-log-group-written", async () => {
    const cap = await capture(build("prod"), { config });
    expect(await verdicts(cap.without("app-security-events"))).toEqual({ resources: {}, stack: ["cloudwatch-metric-filter-log-group-written"] });
  });

  it("a topic whose publishers leave AWS Backup out fires exactly sns-event-sources-can-publish, on the vault notifications", async () => {
    const cap = await capture(build("prod", undefined, ["cloudwatch.amazonaws.com", "events.amazonaws.com"]), { config });
    expect(await verdicts(cap)).toEqual({ resources: {}, stack: ["sns-event-sources-can-publish"] });
    const r = await runPack(cap, {}, { session });
    const found = r.violations.filter((v) => v.policyName === "sns-event-sources-can-publish");
    expect(found.map((v) => v.urn)).toEqual([cap.one("aws:backup/vaultNotifications:VaultNotifications").urn, cap.one("aws:backup/vaultNotifications:VaultNotifications").urn]);
    expect(found.map((v) => v.message.split(":")[0])).toEqual([
      "Backup vault notifications bak-vault-notifications sends to topic mon-alerts, whose policy does not allow backup.amazonaws.com SNS",
      "Backup vault notifications bak-vault-notifications sends to topic mon-alerts, whose key mon-key does not let backup.amazonaws.com use kms",
    ]);
  });

  it("leaves nothing undecided in a preview of a new stack, where ARNs and ids are unknown", async () => {
    const cap = await capture(build("prod"), { config, preview: true });
    expect(cap.one("aws:backup/vault:Vault", "bak-vault").inputs.kmsKeyArn).toBe(UNKNOWN);
    expect(await verdicts(cap)).toEqual({ resources: {}, stack: [] });
  });
});
