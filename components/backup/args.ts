import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";

/** Arguments for {@link BackupPlan}. */
export interface BackupPlanArgs {
  /** Environment; prod locks the vaults in compliance mode and requires a DR copy. @checked at construction */
  readonly environment: Environment;
  /** Application name; part of vault, plan and restore-test names. @checked at construction */
  readonly appName: string;
  /** Days the daily recovery points are kept (BAK-2). Prod needs at least 7. @default 35 in prod, 7 in staging @checked at construction */
  readonly retentionDays?: number;
  /** Schedule of the daily rule, an AWS Backup cron expression in UTC. @default "cron(0 3 * * ? *)" @checked at construction */
  readonly schedule?: string;
  /** Minutes after the scheduled time a job may start (at least 60). @default 60 @checked at construction */
  readonly startWindowMinutes?: number;
  /** Minutes a started job may run before it is cancelled (at least startWindowMinutes + 60). @default 360 @checked at construction */
  readonly completionWindowMinutes?: number;
  /** Days continuous (point-in-time) recovery points are kept; AWS allows 1 to 35. @default min(35, retentionDays) @checked at construction */
  readonly continuousRetentionDays?: number;
  /**
   * Region that receives copies of every recovery point (BAK-4). Required in prod; empty or unset means no
   * cross-region copy (staging). @default none
   * @checked at construction
   */
  readonly drRegion?: string;
  /**
   * Provider for `drRegion`, when the stack configures credentials on providers (an explicit provider does not
   * read the stack's `aws:*` config). @default a provider with only `region` set, using the ambient credentials
   * @checked at construction
   */
  readonly drProvider?: aws.Provider;
  /** Tag key and value that put a resource in the plan; data components tag their stateful resources with it. @default { key: "backup", value: "true" } @checked at construction */
  readonly selectionTag?: { readonly key: string; readonly value: string };
  /** Further resources to back up by ARN, besides those carrying the selection tag. @default [] @checked at construction, or when it resolves if it is an Output */
  readonly resourceArns?: pulumi.Input<pulumi.Input<string>[]>;
  /** An existing CMK ARN (this region) for the primary vault. @default a new CMK with rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Vault lock ceiling: the longest retention any recovery point in a vault may have. @default 3653 (10 years) @checked at construction */
  readonly lockMaxRetentionDays?: number;
  /** Days a prod (compliance-mode) vault lock can still be removed after creation; AWS needs at least 3. @default 3 @checked at construction */
  readonly lockChangeableForDays?: number;
  /**
   * IAM role ARNs (break-glass) still allowed to delete recovery points early or change their lifecycle;
   * the vault access policy denies it to every other principal (BAK-5). @default [] (nobody)
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly breakGlassRoleArns?: pulumi.Input<string>[];
  /** SNS topic that receives failed backup, copy and restore jobs (Monitoring's `topicArn`). @default no notifications @checked at construction, or when it resolves if it is an Output */
  readonly alertTopicArn?: pulumi.Input<string>;
  /** Restore testing (BAK-3) schedule. @default "cron(0 5 ? * 1#1 *)" (first Sunday of every month, 05:00 UTC) @checked at construction */
  readonly restoreTestSchedule?: string;
  /** Turn restore testing of the tagged RDS databases off. @default true @checked at construction */
  readonly restoreTesting?: boolean;
  /** DB subnet group (private data subnets) that test restores are placed in. @default the one AWS infers @checked at construction, or when it resolves if it is an Output */
  readonly restoreSubnetGroupName?: pulumi.Input<string>;
  /** Security groups given to test-restored databases. @default the ones AWS infers @checked at construction, or when it resolves if it is an Output */
  readonly restoreSecurityGroupIds?: pulumi.Input<string>[];
}
