import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import { BackupPlan, BackupPlanArgs } from "../../components/backup";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const region = { config: { "aws:region": "eu-west-1" } };
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:shop-prod-alerts";
const prodArgs: BackupPlanArgs = { environment: "prod", appName: "shop", retentionDays: 35, drRegion: "eu-central-1", alertTopicArn: TOPIC };
const build =
  (args: Partial<BackupPlanArgs> = {}) =>
  () =>
    new BackupPlan("bak", { ...prodArgs, ...args });

describe("BackupPlan", () => {
  it("encrypts the vault with a rotating CMK and locks it in compliance mode in prod", async () => {
    const cap = await capture(build(), region);
    const key = cap.one("aws:kms/key:Key", "bak-key");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    const vault = cap.one("aws:backup/vault:Vault", "bak-vault");
    expect(vault.inputs).toMatchObject({ name: "shop-prod-vault", kmsKeyArn: key.outputs.arn, tags: { environment: "prod" } });
    expect(vault.options.retainOnDelete).toBe(true);
    expect(cap.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "bak-vault-lock").inputs).toEqual({
      backupVaultName: "shop-prod-vault",
      minRetentionDays: 35,
      maxRetentionDays: 3653,
      changeableForDays: 3,
    });
  });

  it("locks the staging vault in governance mode (no changeableForDays) and creates no DR copy", async () => {
    const cap = await capture(build({ environment: "staging", retentionDays: 7, drRegion: "" }), region);
    expect(cap.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration").inputs).toEqual({ backupVaultName: "shop-staging-vault", minRetentionDays: 7, maxRetentionDays: 3653 });
    expect(cap.ofType("aws:backup/vault:Vault")).toHaveLength(1);
    expect(cap.ofType("pulumi:providers:aws")).toHaveLength(0);
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0].copyActions).toBeUndefined();
    expect(cap.one("aws:backup/vault:Vault").options.retainOnDelete).toBe(false);
  });

  it("runs a daily rule at 03:00 UTC and a 35-day continuous rule, copying daily points to the DR vault", async () => {
    const cap = await capture(build(), region);
    const drVault = cap.one("aws:backup/vault:Vault", "bak-dr-vault");
    expect(drVault.outputs.arn).toBe("arn:aws:backup:eu-central-1:123456789012:backup-vault:shop-prod-dr-vault");
    expect(cap.one("aws:backup/plan:Plan").inputs).toMatchObject({
      name: "shop-prod-backup",
      rules: [
        {
          ruleName: "daily",
          targetVaultName: "shop-prod-vault",
          schedule: "cron(0 3 * * ? *)",
          startWindow: 60,
          completionWindow: 360,
          lifecycle: { deleteAfter: 35 },
          copyActions: [{ destinationVaultArn: drVault.outputs.arn, lifecycle: { deleteAfter: 35 } }],
        },
        { ruleName: "continuous", targetVaultName: "shop-prod-vault", enableContinuousBackup: true, lifecycle: { deleteAfter: 35 } },
      ],
    });
  });

  it("creates the DR key, vault and lock through a provider for drRegion", async () => {
    const cap = await capture(build(), region);
    const provider = cap.one("pulumi:providers:aws", "bak-dr");
    expect(provider.inputs.region).toBe("eu-central-1");
    const ref = `${provider.urn}::${provider.id}`;
    for (const [type, suffix] of [
      ["aws:kms/key:Key", "bak-dr-key"],
      ["aws:backup/vault:Vault", "bak-dr-vault"],
      ["aws:backup/vaultLockConfiguration:VaultLockConfiguration", "bak-dr-vault-lock"],
    ]) {
      expect(cap.one(type, suffix).provider).toBe(ref);
    }
    expect(cap.one("aws:backup/vault:Vault", "bak-vault").provider).toBe("");
    expect(cap.one("aws:backup/vault:Vault", "bak-dr-vault").inputs.kmsKeyArn).toBe(cap.one("aws:kms/key:Key", "bak-dr-key").outputs.arn);
    expect(JSON.parse(cap.one("aws:kms/key:Key", "bak-dr-key").inputs.policy).Statement).toEqual([
      { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" },
    ]);
    expect(cap.one("aws:kms/key:Key", "bak-dr-key").inputs.enableKeyRotation).toBe(true);
    expect(cap.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "bak-dr-vault-lock").inputs.changeableForDays).toBe(3);
  });

  it("uses a given DR provider instead of creating one", async () => {
    const cap = await capture(() => {
      const dr = new aws.Provider("dr-given", { region: "eu-central-1" });
      return build({ drProvider: dr })();
    }, region);
    const provider = cap.one("pulumi:providers:aws");
    expect(provider.name).toBe("dr-given");
    expect(cap.one("aws:backup/vault:Vault", "bak-dr-vault").provider).toBe(`${provider.urn}::${provider.id}`);
  });

  it("selects resources tagged backup=true (plus explicit ARNs) with a role holding only the AWS Backup managed policies", async () => {
    const arn = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
    const cap = await capture(build({ resourceArns: [arn] }), region);
    const role = cap.one("aws:iam/role:Role");
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).toEqual([{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    expect(
      cap
        .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((a) => a.inputs.policyArn)
        .sort(),
    ).toEqual(["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup", "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores"]);
    expect(cap.ofType("aws:iam/rolePolicy:RolePolicy")).toHaveLength(0);
    expect(cap.one("aws:backup/selection:Selection").inputs).toEqual({
      name: "shop-prod-tagged",
      planId: cap.one("aws:backup/plan:Plan").id,
      iamRoleArn: role.outputs.arn,
      selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "true" }],
      resources: [arn],
    });
  });

  it("tests restores of the tagged RDS databases monthly from the latest point, into the given subnet group", async () => {
    const cap = await capture(build({ restoreSubnetGroupName: "shop-prod-db", restoreSecurityGroupIds: ["sg-restore"] }), region);
    const plan = cap.one("aws:backup/restoreTestingPlan:RestoreTestingPlan");
    expect(plan.inputs).toMatchObject({
      name: "shop_prod_restore_test",
      scheduleExpression: "cron(0 5 ? * 1#1 *)",
      recoveryPointSelection: {
        algorithm: "LATEST_WITHIN_WINDOW",
        includeVaults: [cap.one("aws:backup/vault:Vault", "bak-vault").outputs.arn],
        recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"],
        selectionWindowDays: 7,
      },
    });
    expect(cap.one("aws:backup/restoreTestingSelection:RestoreTestingSelection").inputs).toEqual({
      name: "rds_tagged",
      restoreTestingPlanName: "shop_prod_restore_test",
      protectedResourceType: "RDS",
      iamRoleArn: cap.one("aws:iam/role:Role").outputs.arn,
      protectedResourceArns: ["*"],
      protectedResourceConditions: { stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] },
      validationWindowHours: 4,
      restoreMetadataOverrides: { dbsubnetgroupname: "shop-prod-db", vpcSecurityGroupIds: '["sg-restore"]' },
    });
  });

  it("denies early deletion to everyone but the break-glass roles, and vault deletion in prod", async () => {
    const breakGlass = "arn:aws:iam::123456789012:role/break-glass";
    const cap = await capture(build({ breakGlassRoleArns: [breakGlass] }), region);
    const vault = cap.one("aws:backup/vault:Vault", "bak-vault");
    const policy = cap.one("aws:backup/vaultPolicy:VaultPolicy", "bak-vault-policy");
    expect(policy.inputs.backupVaultName).toBe("shop-prod-vault");
    expect(JSON.parse(policy.inputs.policy).Statement).toEqual([
      {
        Sid: "DenyEarlyDeletionExceptBreakGlass",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle", "backup:DeleteBackupVault"],
        Resource: vault.outputs.arn,
        Condition: { ArnNotLike: { "aws:PrincipalArn": [breakGlass] } },
      },
    ]);
    const dr = cap.one("aws:backup/vaultPolicy:VaultPolicy", "bak-dr-vault-policy");
    expect(dr.provider).toBe(cap.one("aws:backup/vault:Vault", "bak-dr-vault").provider);
    const staging = await capture(build({ environment: "staging", drRegion: "" }), region);
    expect(JSON.parse(staging.one("aws:backup/vaultPolicy:VaultPolicy").inputs.policy).Statement[0]).toMatchObject({ Action: ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"] });
    expect(JSON.parse(staging.one("aws:backup/vaultPolicy:VaultPolicy").inputs.policy).Statement[0].Condition).toBeUndefined();
  });

  it("sends failed copy jobs (vault events) and failed, aborted or expired jobs (EventBridge) to the alert topic", async () => {
    const cap = await capture(build(), region);
    expect(cap.one("aws:backup/vaultNotifications:VaultNotifications").inputs).toEqual({
      backupVaultName: "shop-prod-vault",
      snsTopicArn: TOPIC,
      backupVaultEvents: ["COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"],
    });
    const rule = cap.one("aws:cloudwatch/eventRule:EventRule");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.backup"],
      "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
      detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
    });
    expect(cap.one("aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({ rule: rule.outputs.name, arn: TOPIC });
  });

  it("uses a given vault key instead of creating one", async () => {
    const cap = await capture(build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/given", drRegion: "eu-central-1" }), region);
    expect(cap.one("aws:backup/vault:Vault", "bak-vault").inputs.kmsKeyArn).toBe("arn:aws:kms:eu-west-1:123456789012:key/given");
    expect(cap.ofType("aws:kms/key:Key").map((k) => k.name)).toEqual(["bak-dr-key"]);
  });

  it("exposes the vault, plan, DR vault and restore plan", async () => {
    const cap = await capture(() => {
      const b = build()();
      return { vaultArn: b.vaultArn, planId: b.planId, drVaultArn: b.drVaultArn, restore: b.restoreTestingPlanName };
    }, region);
    expect(cap.outputs).toEqual({
      vaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:shop-prod-vault",
      planId: cap.one("aws:backup/plan:Plan").id,
      drVaultArn: "arn:aws:backup:eu-central-1:123456789012:backup-vault:shop-prod-dr-vault",
      restore: "shop_prod_restore_test",
    });
  });

  it.each([
    [{ retentionDays: 5 }, ["BACKUP_PROD_RETENTION"]],
    [{ drRegion: "" }, ["BACKUP_PROD_DR_REQUIRED"]],
    [{ drRegion: "mars-1" }, ["BACKUP_DR_REGION"]],
    [{ continuousRetentionDays: 36 }, ["BACKUP_CONTINUOUS_RETENTION"]],
    [{ schedule: "daily" }, ["BACKUP_SCHEDULE"]],
    [{ completionWindowMinutes: 90 }, ["BACKUP_WINDOW"]],
    [{ lockMaxRetentionDays: 30 }, ["BACKUP_LOCK_MAX"]],
    [{ lockChangeableForDays: 1 }, ["BACKUP_LOCK_GRACE"]],
  ])("rejects %j with %s before any child registers", async (args, codes) => {
    const { error, registered } = await captureError(build(args));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect((error as Error).message).toContain("Fix:");
    expect(registered).toBe(0);
  });

  it("lets staging keep fewer than 7 days and skip the DR copy", async () => {
    const cap = await capture(build({ environment: "staging", retentionDays: 3, drRegion: undefined }), region);
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0].lifecycle).toEqual({ deleteAfter: 3 });
  });
});
