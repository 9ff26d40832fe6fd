import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import * as aws from "@pulumi/aws";
import { kmsKeyArn, resourceArn, roleArn, topicArn } from "../shared/arn";
import { appNameRule, awsId, matches } from "../shared/names";
import { knownRegion, stackRegion } from "../shared/region";
import { awsSchedule } from "../shared/schedule";
import { bool, checkArgs, environment, input, list, num, obj, opt, req, resource, Rule, Shape, str } from "../shared/shape";
import { BackupPlanArgs } from "./args";
import {
  DEFAULT_COMPLETION_WINDOW_MINUTES,
  DEFAULT_LOCK_CHANGEABLE_FOR_DAYS,
  DEFAULT_LOCK_MAX_RETENTION_DAYS,
  DEFAULT_RESTORE_TEST_SCHEDULE,
  DEFAULT_SCHEDULE,
  DEFAULT_SELECTION_TAG,
  DEFAULT_START_WINDOW_MINUTES,
  MAX_CONTINUOUS_RETENTION_DAYS,
  PROD_MIN_RETENTION_DAYS,
  retentionDaysDefault,
} from "./defaults";

export type ResolvedBackupPlanArgs = BackupPlanArgs & {
  readonly retentionDays: number;
  readonly schedule: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly continuousRetentionDays: number;
  readonly drRegion: string;
  readonly selectionTag: { readonly key: string; readonly value: string };
  readonly lockMaxRetentionDays: number;
  readonly lockChangeableForDays: number;
  readonly restoreTestSchedule: string;
  readonly restoreTesting: boolean;
};

const drRegion: Rule<string> = (v) => (v === "" ? undefined : knownRegion("DR_REGION")(v));
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

/** Runtime shape of {@link BackupPlanArgs}. */
export const SHAPE: Shape<BackupPlanArgs> = {
  environment,
  appName: req(str(appNameRule())),
  retentionDays: opt(num()),
  schedule: opt(str(awsSchedule())),
  startWindowMinutes: opt(num()),
  completionWindowMinutes: opt(num()),
  continuousRetentionDays: opt(num()),
  drRegion: opt(str(drRegion)),
  drProvider: opt(resource("an aws.Provider", (v) => aws.Provider.isInstance(v))),
  selectionTag: opt(obj<{ key: string; value: string }>({ key: req(str(matches(TAG_KEY, "SELECTION_TAG", "a tag key (1-128 characters, not aws:)", '"backup"'))), value: req(str()) })),
  resourceArns: opt(input(list(input(str(resourceArn())), { unique: true }))),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  lockMaxRetentionDays: opt(num()),
  lockChangeableForDays: opt(num()),
  breakGlassRoleArns: opt(list(input(str(roleArn("BREAK_GLASS_ROLE"))), { unique: true })),
  alertTopicArn: opt(input(str(topicArn()))),
  restoreTestSchedule: opt(str(awsSchedule())),
  restoreTesting: opt(bool),
  restoreSubnetGroupName: opt(input(str(matches(/^(?!default$)[a-z][a-z0-9_. -]{0,254}$/i, "RESTORE_SUBNET_GROUP", "a DB subnet group name", "the database's subnet group name")))),
  restoreSecurityGroupIds: opt(list(input(str(awsId("sg", "SECURITY_GROUP_ID"))), { unique: true })),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: BackupPlanArgs): BackupPlanArgs => checkArgs("BackupPlan", "BACKUP", name, args, SHAPE);

export function withDefaults(args: BackupPlanArgs): ResolvedBackupPlanArgs {
  const retentionDays = args.retentionDays ?? retentionDaysDefault(args.environment);
  return {
    ...args,
    retentionDays,
    schedule: args.schedule ?? DEFAULT_SCHEDULE,
    startWindowMinutes: args.startWindowMinutes ?? DEFAULT_START_WINDOW_MINUTES,
    completionWindowMinutes: args.completionWindowMinutes ?? DEFAULT_COMPLETION_WINDOW_MINUTES,
    continuousRetentionDays: args.continuousRetentionDays ?? Math.min(MAX_CONTINUOUS_RETENTION_DAYS, retentionDays),
    drRegion: args.drRegion ?? "",
    selectionTag: args.selectionTag ?? DEFAULT_SELECTION_TAG,
    lockMaxRetentionDays: args.lockMaxRetentionDays ?? DEFAULT_LOCK_MAX_RETENTION_DAYS,
    lockChangeableForDays: args.lockChangeableForDays ?? DEFAULT_LOCK_CHANGEABLE_FOR_DAYS,
    restoreTestSchedule: args.restoreTestSchedule ?? DEFAULT_RESTORE_TEST_SCHEDULE,
    restoreTesting: args.restoreTesting ?? true,
  };
}

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const SCHEDULE = /^(cron|rate)\(.+\)$/;

export function validate(name: string, a: ResolvedBackupPlanArgs): ResolvedBackupPlanArgs {
  checkEnvironment("BackupPlan", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  const wholeDays = (n: number) => Number.isInteger(n) && n >= 1;
  p.check(!wholeDays(a.retentionDays), "BACKUP_RETENTION_VALUE", "retentionDays", `${a.retentionDays} is not a whole number of days`, "set retentionDays to 7 or more (35 recommended in prod).");
  p.check(
    a.environment === "prod" && a.retentionDays < PROD_MIN_RETENTION_DAYS,
    "BACKUP_PROD_RETENTION",
    "retentionDays",
    `prod keeps recovery points ${a.retentionDays} days, below the ${PROD_MIN_RETENTION_DAYS}-day floor (BAK-2)`,
    `set retentionDays to ${PROD_MIN_RETENTION_DAYS} or more (35 recommended).`,
  );
  p.check(
    !wholeDays(a.continuousRetentionDays) || a.continuousRetentionDays > MAX_CONTINUOUS_RETENTION_DAYS,
    "BACKUP_CONTINUOUS_RETENTION",
    "continuousRetentionDays",
    `${a.continuousRetentionDays} days; AWS Backup keeps continuous backups 1 to ${MAX_CONTINUOUS_RETENTION_DAYS} days`,
    `set continuousRetentionDays between 1 and ${MAX_CONTINUOUS_RETENTION_DAYS}.`,
  );
  p.check(!SCHEDULE.test(a.schedule), "BACKUP_SCHEDULE", "schedule", `"${a.schedule}" is not a cron(...) or rate(...) expression`, 'use an AWS Backup cron expression such as "cron(0 3 * * ? *)".');
  p.check(
    !SCHEDULE.test(a.restoreTestSchedule),
    "BACKUP_SCHEDULE",
    "restoreTestSchedule",
    `"${a.restoreTestSchedule}" is not a cron(...) or rate(...) expression`,
    'use a cron expression such as "cron(0 5 ? * 1#1 *)".',
  );
  p.check(
    !Number.isInteger(a.startWindowMinutes) || a.startWindowMinutes < 60,
    "BACKUP_WINDOW",
    "startWindowMinutes",
    `${a.startWindowMinutes} minutes; AWS Backup needs a start window of at least 60`,
    "set startWindowMinutes to 60 or more.",
  );
  p.check(
    !Number.isInteger(a.completionWindowMinutes) || a.completionWindowMinutes < a.startWindowMinutes + 60,
    "BACKUP_WINDOW",
    "completionWindowMinutes",
    `${a.completionWindowMinutes} minutes; the completion window must be at least 60 minutes longer than the start window (${a.startWindowMinutes})`,
    `set completionWindowMinutes to ${a.startWindowMinutes + 60} or more.`,
  );
  p.check(
    a.drRegion !== "" && !REGION.test(a.drRegion),
    "BACKUP_DR_REGION",
    "drRegion",
    `"${a.drRegion}" is not an AWS region`,
    "use a region name such as eu-central-1, or leave it empty in staging.",
  );
  const region = stackRegion();
  p.check(
    a.drRegion !== "" && a.drRegion === region,
    "BACKUP_DR_SAME_REGION",
    "drRegion",
    `"${a.drRegion}" is the stack's own region, so a regional outage would take the copies with the originals (BAK-4)`,
    "pick a second region, e.g. eu-central-1 for a stack in eu-west-1.",
  );
  p.check(
    a.environment === "prod" && a.drRegion === "",
    "BACKUP_PROD_DR_REQUIRED",
    "drRegion",
    "prod has no cross-region copy, so a regional outage or a compromised account region loses every recovery point (BAK-4)",
    "set drRegion to a second region, e.g. eu-central-1.",
  );
  p.check(
    !a.selectionTag.key || !a.selectionTag.value,
    "BACKUP_SELECTION_TAG",
    "selectionTag",
    "the selection tag needs a key and a value",
    'leave selectionTag unset ({ key: "backup", value: "true" }).',
  );
  p.check(
    a.lockMaxRetentionDays < Math.max(a.retentionDays, a.continuousRetentionDays),
    "BACKUP_LOCK_MAX",
    "lockMaxRetentionDays",
    `the vault lock allows at most ${a.lockMaxRetentionDays} days but the plan keeps points ${Math.max(a.retentionDays, a.continuousRetentionDays)} days, so backup jobs would fail`,
    "raise lockMaxRetentionDays or lower retentionDays.",
  );
  p.check(
    a.environment === "prod" && (!Number.isInteger(a.lockChangeableForDays) || a.lockChangeableForDays < 3),
    "BACKUP_LOCK_GRACE",
    "lockChangeableForDays",
    `${a.lockChangeableForDays} days; a compliance-mode lock needs a grace period of at least 3 days`,
    "set lockChangeableForDays to 3 or more.",
  );
  p.throwIfAny("BackupPlan", name);
  return a;
}
