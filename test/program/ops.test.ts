/** The program's backups, alerting and log groups per stack. */
import { describe, expect, it } from "@jest/globals";
import { captureStack } from "../support/program";

describe("the program's backups, alerts and logs", () => {
  it("backs prod up to a compliance-locked vault and copies to a locked vault in drRegion", async () => {
    const cap = await captureStack("prod");
    const provider = cap.one("pulumi:providers:aws", "backup-dr");
    expect(provider.inputs.region).toBe("eu-central-1");
    const drVault = cap.one("aws:backup/vault:Vault", "backup-dr-vault");
    expect(drVault.provider).toBe(`${provider.urn}::${provider.id}`);
    const rules = cap.one("aws:backup/plan:Plan").inputs.rules;
    expect(rules[0]).toMatchObject({ lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: drVault.outputs.arn }] });
    expect(rules[1]).toMatchObject({ enableContinuousBackup: true, lifecycle: { deleteAfter: 35 } });
    const locks = cap.ofType("aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    expect(locks.map((l) => l.inputs.changeableForDays)).toEqual([3, 3]);
    expect(cap.outputs.backupVaultArn).toBe(cap.one("aws:backup/vault:Vault", "backup-vault").outputs.arn);
    expect(cap.outputs.drBackupVaultArn).toBe(drVault.outputs.arn);
  });

  it("keeps staging in one region with a governance-mode lock and 7-day points", async () => {
    const cap = await captureStack("staging");
    expect(cap.ofType("pulumi:providers:aws")).toHaveLength(0);
    expect(cap.ofType("aws:backup/vault:Vault")).toHaveLength(1);
    expect(cap.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration").inputs.changeableForDays).toBeUndefined();
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0]).toEqual(expect.not.objectContaining({ copyActions: expect.anything() }));
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0].lifecycle).toEqual({ deleteAfter: 7 });
  });

  it("routes backup failures and security alarms to the encrypted alert topic, emailing the configured addresses", async () => {
    const cap = await captureStack("prod");
    const topic = cap.one("aws:sns/topic:Topic");
    expect(cap.outputs.alertTopicArn).toBe(topic.outputs.arn);
    expect(topic.inputs.kmsMasterKeyId).toBe(cap.one("aws:kms/key:Key", "monitoring-key").outputs.arn);
    expect(cap.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => s.inputs.endpoint).sort()).toEqual(["platform-oncall@example.com", "security@example.com"]);
    expect(cap.one("aws:backup/vaultNotifications:VaultNotifications").inputs.snsTopicArn).toBe(topic.outputs.arn);
    expect(cap.one("aws:cloudwatch/eventTarget:EventTarget").inputs.arn).toBe(topic.outputs.arn);
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "auth-failures").inputs.logGroupName).toBe("/app/prod/security");
    expect(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").every((a) => a.inputs.alarmActions[0] === topic.outputs.arn)).toBe(true);
  });

  it("keeps alert addresses secret when they were set with --secret", async () => {
    const cap = await captureStack("staging", { secretKeys: ["hardened-aws:alertEmails"] });
    const sub = cap.one("aws:sns/topicSubscription:TopicSubscription");
    expect(sub.secretInputPaths).toContain("endpoint");
    expect(sub.name).not.toContain("example");
  });

  it("creates the standard log groups and takes every log group from LogClasses", async () => {
    const cap = await captureStack("prod");
    const groups = cap.ofType("aws:cloudwatch/logGroup:LogGroup");
    const byName = Object.fromEntries(groups.map((g) => [g.inputs.name, [g.inputs.retentionInDays, g.inputs.tags["log-class"], g.options.retainOnDelete]]));
    expect(byName).toMatchObject({
      "/app/prod/security": [365, "security", false],
      "/app/prod/security-critical": [365, "security-critical", false],
      "/app/prod/audit": [2557, "audit", true],
    });
    const key = cap.one("aws:kms/key:Key", "logs-key").outputs.arn;
    expect(groups.every((g) => g.inputs.kmsKeyId === key && typeof g.inputs.tags["log-class"] === "string")).toBe(true);
  });
});
