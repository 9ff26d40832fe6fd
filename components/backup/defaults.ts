import { Environment, isProd } from "../shared/naming";

/** BAK-1: daily at 03:00 UTC. */
export const DEFAULT_SCHEDULE = "cron(0 3 * * ? *)";
export const DEFAULT_START_WINDOW_MINUTES = 60;
export const DEFAULT_COMPLETION_WINDOW_MINUTES = 360;
/** BAK-2 (derived, no seed figure): 35 days in prod, 7 in staging. */
export const retentionDaysDefault = (env: Environment): number => (isProd(env) ? 35 : 7);
/** BAK-2: prod floor for daily recovery point retention. */
export const PROD_MIN_RETENTION_DAYS = 7;
/** AWS Backup continuous backup keeps at most 35 days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
export const DEFAULT_SELECTION_TAG = { key: "backup", value: "true" } as const;
export const DEFAULT_LOCK_MAX_RETENTION_DAYS = 3653;
/** AWS's minimum grace period before a compliance-mode lock becomes immutable. */
export const DEFAULT_LOCK_CHANGEABLE_FOR_DAYS = 3;
/** BAK-3 (derived): monthly, first Sunday, 05:00 UTC (after the 03:00 backup). */
export const DEFAULT_RESTORE_TEST_SCHEDULE = "cron(0 5 ? * 1#1 *)";
/** Restore tests pick the newest recovery point of the last N days. */
export const RESTORE_TEST_SELECTION_WINDOW_DAYS = 7;
export const RESTORE_TEST_START_WINDOW_HOURS = 24;
export const RESTORE_TEST_VALIDATION_WINDOW_HOURS = 4;
/** Vault events AWS still emits that signal a failure (BACKUP_JOB_FAILED and RESTORE_JOB_FAILED are deprecated; job failures go through EventBridge). */
export const VAULT_FAILURE_EVENTS = ["COPY_JOB_FAILED", "S3_BACKUP_OBJECT_FAILED", "S3_RESTORE_OBJECT_FAILED"] as const;
/** EventBridge job states that mean no usable recovery point or restore. */
export const FAILED_JOB_STATES = ["FAILED", "ABORTED", "EXPIRED"] as const;
/** AWS managed policies for the AWS Backup service role. */
export const BACKUP_SERVICE_POLICIES = ["AWSBackupServiceRolePolicyForBackup", "AWSBackupServiceRolePolicyForRestores"] as const;
/** BAK-5: what the vault access policy denies to everyone but the break-glass roles; deleting the vault only in prod, so staging can be torn down. */
export const DENIED_VAULT_ACTIONS = ["backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"] as const;
export const PROD_DENIED_VAULT_ACTIONS = [...DENIED_VAULT_ACTIONS, "backup:DeleteBackupVault"] as const;
