import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, baseTags, statefulOptions } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { BackupPlanArgs } from "./args";
import {
  BACKUP_SERVICE_POLICIES,
  DENIED_VAULT_ACTIONS,
  FAILED_JOB_STATES,
  PROD_DENIED_VAULT_ACTIONS,
  RESTORE_TEST_SELECTION_WINDOW_DAYS,
  RESTORE_TEST_START_WINDOW_HOURS,
  RESTORE_TEST_VALIDATION_WINDOW_HOURS,
  VAULT_FAILURE_EVENTS,
} from "./defaults";
import { checked, ResolvedBackupPlanArgs, validate, withDefaults } from "./validate";

export * from "./args";

/**
 * AWS Backup for the stateful tier (BAK-1..5): a CMK-encrypted, locked vault; a daily snapshot rule and a
 * continuous (point-in-time) rule over every resource tagged `backup=true`; copies to a locked vault in a
 * second region; a monthly restore test of the tagged RDS databases; failed jobs sent to the alert topic.
 */
export class BackupPlan extends pulumi.ComponentResource {
  /** ARN of the primary vault. */
  readonly vaultArn: pulumi.Output<string>;
  /** Name of the primary vault. */
  readonly vaultName: pulumi.Output<string>;
  /** Id of the backup plan. */
  readonly planId: pulumi.Output<string>;
  /** ARN of the DR vault in `drRegion`; undefined without a DR region. */
  readonly drVaultArn: pulumi.Output<string | undefined>;
  /** ARN of the role AWS Backup assumes for backups and restores. */
  readonly roleArn: pulumi.Output<string>;
  /** Name of the restore testing plan; undefined when restore testing is off. */
  readonly restoreTestingPlanName: pulumi.Output<string | undefined>;

  constructor(name: string, args: BackupPlanArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:backup:BackupPlan", name, {}, opts);
    const tags = baseTags(a.environment, "backup");
    const prefix = `${a.appName}-${a.environment}`;
    const ctx = awsContext(this);

    // Primary vault: CMK-encrypted (BAK-5), locked (compliance mode in prod).
    const kmsKeyArn = a.kmsKeyArn ? pulumi.output(a.kmsKeyArn) : this.key(`${name}-key`, `${prefix}-backup`, a, tags, ctx, { parent: this });
    const vault = new aws.backup.Vault(`${name}-vault`, { name: `${prefix}-vault`, kmsKeyArn, tags }, statefulOptions(a.environment, { parent: this, retainOnDelete: a.environment === "prod" }));
    this.lock(`${name}-vault-lock`, vault, a, { parent: this });
    this.denyDeletes(`${name}-vault-policy`, vault, a, { parent: this });

    // DR vault in a second region through its own provider (BAK-4).
    let drVault: aws.backup.Vault | undefined;
    if (a.drRegion) {
      const dr = a.drProvider ?? new aws.Provider(`${name}-dr`, { region: a.drRegion as aws.Region }, { parent: this });
      const drOpts = { parent: this, provider: dr };
      const drKeyArn = this.key(`${name}-dr-key`, `${prefix}-backup-dr`, a, tags, ctx, drOpts);
      drVault = new aws.backup.Vault(
        `${name}-dr-vault`,
        { name: `${prefix}-dr-vault`, kmsKeyArn: drKeyArn, tags },
        statefulOptions(a.environment, { ...drOpts, retainOnDelete: a.environment === "prod" }),
      );
      this.lock(`${name}-dr-vault-lock`, drVault, a, drOpts);
      this.denyDeletes(`${name}-dr-vault-policy`, drVault, a, drOpts);
    }

    const copyActions = drVault ? [{ destinationVaultArn: drVault.arn, lifecycle: { deleteAfter: a.retentionDays } }] : undefined;
    const plan = new aws.backup.Plan(
      `${name}-plan`,
      {
        name: `${prefix}-backup`,
        rules: [
          {
            ruleName: "daily",
            targetVaultName: vault.name,
            schedule: a.schedule,
            startWindow: a.startWindowMinutes,
            completionWindow: a.completionWindowMinutes,
            lifecycle: { deleteAfter: a.retentionDays },
            ...(copyActions ? { copyActions } : {}),
          },
          {
            ruleName: "continuous",
            targetVaultName: vault.name,
            schedule: a.schedule,
            startWindow: a.startWindowMinutes,
            completionWindow: a.completionWindowMinutes,
            enableContinuousBackup: true,
            lifecycle: { deleteAfter: a.continuousRetentionDays },
          },
        ],
        tags,
      },
      { parent: this },
    );

    // Least privilege for AWS Backup: the two AWS managed service-role policies, nothing else.
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: `${prefix}-backup`,
        description: `AWS Backup service role for ${prefix}`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags,
      },
      { parent: this },
    );
    for (const policy of BACKUP_SERVICE_POLICIES) {
      new aws.iam.RolePolicyAttachment(
        `${name}-role-${policy.endsWith("Backup") ? "backup" : "restores"}`,
        {
          role: role.name,
          policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/service-role/${policy}`,
        },
        { parent: this },
      );
    }

    new aws.backup.Selection(
      `${name}-selection`,
      {
        name: `${prefix}-tagged`,
        planId: plan.id,
        iamRoleArn: role.arn,
        selectionTags: [{ type: "STRINGEQUALS", key: a.selectionTag.key, value: a.selectionTag.value }],
        ...(a.resourceArns ? { resources: a.resourceArns } : {}),
      },
      { parent: this },
    );

    // BAK-3: restore the newest RDS recovery point monthly, validate, and let AWS Backup clean up.
    let restorePlanName: pulumi.Output<string | undefined> = pulumi.output(undefined);
    if (a.restoreTesting) {
      const testName = `${prefix}_restore_test`.replace(/-/g, "_");
      const rtp = new aws.backup.RestoreTestingPlan(
        `${name}-restore-test`,
        {
          name: testName,
          scheduleExpression: a.restoreTestSchedule,
          startWindowHours: RESTORE_TEST_START_WINDOW_HOURS,
          recoveryPointSelection: {
            algorithm: "LATEST_WITHIN_WINDOW",
            includeVaults: [vault.arn],
            recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"],
            selectionWindowDays: RESTORE_TEST_SELECTION_WINDOW_DAYS,
          },
          tags,
        },
        { parent: this },
      );
      const overrides: Record<string, pulumi.Input<string>> = {};
      if (a.restoreSubnetGroupName) overrides.dbsubnetgroupname = a.restoreSubnetGroupName;
      if (a.restoreSecurityGroupIds) overrides.vpcSecurityGroupIds = pulumi.jsonStringify(pulumi.output(a.restoreSecurityGroupIds));
      new aws.backup.RestoreTestingSelection(
        `${name}-restore-test-rds`,
        {
          name: "rds_tagged",
          restoreTestingPlanName: rtp.name,
          protectedResourceType: "RDS",
          iamRoleArn: role.arn,
          protectedResourceArns: ["*"],
          protectedResourceConditions: { stringEquals: [{ key: `aws:ResourceTag/${a.selectionTag.key}`, value: a.selectionTag.value }] },
          validationWindowHours: RESTORE_TEST_VALIDATION_WINDOW_HOURS,
          ...(Object.keys(overrides).length ? { restoreMetadataOverrides: overrides } : {}),
        },
        { parent: this },
      );
      restorePlanName = rtp.name;
    }

    // Failed jobs reach the alert topic: vault events for copies and S3 objects, EventBridge for job states.
    if (a.alertTopicArn) {
      new aws.backup.VaultNotifications(
        `${name}-vault-notifications`,
        {
          backupVaultName: vault.name,
          snsTopicArn: a.alertTopicArn,
          backupVaultEvents: [...VAULT_FAILURE_EVENTS],
        },
        { parent: this },
      );
      const rule = new aws.cloudwatch.EventRule(
        `${name}-job-failed`,
        {
          name: `${prefix}-backup-job-failed`,
          description: "AWS Backup backup, copy and restore jobs that failed, aborted or expired",
          eventPattern: JSON.stringify({
            source: ["aws.backup"],
            "detail-type": ["Backup Job State Change", "Copy Job State Change", "Restore Job State Change"],
            detail: { state: [...FAILED_JOB_STATES] },
          }),
          tags,
        },
        { parent: this },
      );
      new aws.cloudwatch.EventTarget(`${name}-job-failed-alert`, { rule: rule.name, arn: a.alertTopicArn }, { parent: this });
    }

    this.vaultArn = vault.arn;
    this.vaultName = vault.name;
    this.planId = plan.id;
    this.drVaultArn = drVault ? drVault.arn : pulumi.output(undefined);
    this.roleArn = role.arn;
    this.restoreTestingPlanName = restorePlanName;
    this.registerOutputs({ vaultArn: this.vaultArn, planId: this.planId, drVaultArn: this.drVaultArn, restoreTestingPlanName: this.restoreTestingPlanName });
  }

  /** A rotating CMK for a vault; the key policy leaves access to the account's IAM policies. */
  /** Account-administered: AWS Backup uses the key through grants it creates with the backup role's permissions. */
  private key(
    resourceName: string,
    alias: string,
    a: ResolvedBackupPlanArgs,
    tags: Record<string, string>,
    ctx: ReturnType<typeof awsContext>,
    opts: pulumi.CustomResourceOptions,
  ): pulumi.Output<string> {
    return customerManagedKey(resourceName, { environment: a.environment, description: `AWS Backup vault encryption for ${a.appName} ${a.environment}`, alias, tags, ctx }, opts);
  }

  /** BAK-5: early deletion and lifecycle changes denied to every principal except the break-glass roles. */
  private denyDeletes(resourceName: string, vault: aws.backup.Vault, a: ResolvedBackupPlanArgs, opts: pulumi.CustomResourceOptions): void {
    const actions = a.environment === "prod" ? PROD_DENIED_VAULT_ACTIONS : DENIED_VAULT_ACTIONS;
    new aws.backup.VaultPolicy(
      resourceName,
      {
        backupVaultName: vault.name,
        policy: pulumi.all([vault.arn, pulumi.output(a.breakGlassRoleArns ?? [])]).apply(([arn, breakGlass]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyEarlyDeletionExceptBreakGlass",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: [...actions],
                Resource: arn,
                ...(breakGlass.length ? { Condition: { ArnNotLike: { "aws:PrincipalArn": breakGlass } } } : {}),
              },
            ],
          }),
        ),
      },
      opts,
    );
  }

  /** BAK-5: compliance mode (changeableForDays set) in prod, governance mode (removable by privileged IAM) in staging. */
  private lock(resourceName: string, vault: aws.backup.Vault, a: ResolvedBackupPlanArgs, opts: pulumi.CustomResourceOptions): void {
    new aws.backup.VaultLockConfiguration(
      resourceName,
      {
        backupVaultName: vault.name,
        minRetentionDays: Math.min(a.retentionDays, a.continuousRetentionDays),
        maxRetentionDays: a.lockMaxRetentionDays,
        ...(a.environment === "prod" ? { changeableForDays: a.lockChangeableForDays } : {}),
      },
      opts,
    );
  }
}
