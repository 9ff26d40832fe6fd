/** Backup controls: encrypted and locked vaults, retention and DR copies, coverage and restore testing (BAK-1..5). */
import { PolicyResource } from "@pulumi/policy";
import { ENVIRONMENT_CONFIG, isProd } from "./environment";
import { asArray, containsUnknown, isUnknown, peek, present, resourcePolicy, stackPolicy, undecided } from "./lib";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const SELECTION = "aws:backup/selection:Selection";
const RESTORE_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const CACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

/** BAK-2 (derived): prod recovery points are kept at least this many days. */
export const MIN_RETENTION_DAYS = 7;

/** True when `res` references `target` through property `prop`: by property dependency (known in preview) or by equal known value. */
function refersTo(res: PolicyResource, prop: string, target: PolicyResource, targetProp: string): boolean {
  if ((res.propertyDependencies[prop] ?? []).some((d) => d.urn === target.urn)) return true;
  const want = peek(target.props, targetProp);
  const have = peek(res.props, prop);
  return want !== undefined && !isUnknown(want) && !isUnknown(have) && (have === want || asArray(have).includes(want));
}

export const vaultEncrypted = resourcePolicy({
  name: "backup-vault-kms-encrypted",
  description: "AWS Backup vaults are encrypted with a customer-managed KMS key.",
  types: [VAULT],
  severity: "high",
  category: "security",
  controls: ["BAK-5"],
  checkov: ["CKV_AWS_166"],
  // FSBP Backup.1 checks recovery points, not vaults: the vault key encrypts recovery points only of
  // resource types AWS Backup fully manages (RDS snapshots keep the database's key), so it is not claimed here.
  remediation: "set kmsKeyArn to a CMK with rotation (BackupPlan creates one).",
  validate: (r, report) => {
    if (!present(r.props, "kmsKeyArn"))
      report("Backup vault uses the AWS managed key, so anyone who can use backup in the account can decrypt and copy recovery points and the key policy cannot be narrowed.");
  },
});

export const vaultLocked = stackPolicy({
  name: "backup-vault-locked",
  description: "In prod every AWS Backup vault has a vault lock configuration in compliance mode (changeableForDays set).",
  severity: "high",
  // Security, not resilience: the lock is an anti-tamper control. Without it an attacker (or ransomware)
  // holding backup:DeleteRecoveryPoint wipes the recovery points before encrypting the database.
  category: "security",
  controls: ["BAK-5"],
  remediation: "add an aws.backup.VaultLockConfiguration for the vault (compliance mode, changeableForDays set, in prod); BackupPlan does this.",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (resources, report, args) => {
    const locks = resources.filter((r) => r.type === LOCK);
    for (const vault of resources.filter((r) => r.type === VAULT && isProd(r.props, args.getConfig()))) {
      const mine = locks.filter((l) => refersTo(l, "backupVaultName", vault, "name"));
      if (mine.length === 0) {
        report(`Backup vault ${vault.name} has no vault lock, so recovery points can be deleted early by anyone with backup delete permissions.`, vault.urn);
      } else if (!mine.some((l) => present(l.props, "changeableForDays"))) {
        report(`Backup vault ${vault.name} is locked in governance mode only (no changeableForDays), so an administrator's credentials can remove the lock and the recovery points.`, vault.urn);
      }
    }
  },
});

export const planRetention = resourcePolicy({
  name: "backup-plan-retention-floor",
  description: `In prod every backup plan rule keeps recovery points at least ${MIN_RETENTION_DAYS} days.`,
  types: [PLAN],
  severity: "medium",
  category: "resilience",
  controls: ["BAK-2"],
  remediation: `set rules[].lifecycle.deleteAfter to ${MIN_RETENTION_DAYS} or more (config backupRetentionDays; 35 recommended).`,
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isProd(r.props, r.args.getConfig())) return;
    const rules = peek(r.props, "rules");
    if (isUnknown(rules)) undecided("rules", "the rules are computed from other resources");
    asArray(rules).forEach((rule: any, i: number) => {
      const days = peek(rule, "lifecycle.deleteAfter");
      if (isUnknown(days)) undecided(`rules[${i}].lifecycle.deleteAfter`, "the retention comes from a resource not yet created");
      if (typeof days === "number" && days < MIN_RETENTION_DAYS)
        report(`Backup rule ${peek(rule, "ruleName") ?? i} deletes recovery points after ${days} days, so corruption noticed after a week cannot be undone.`);
    });
  },
});

export const planCopy = resourcePolicy({
  name: "backup-plan-cross-region-copy",
  description: "In prod a backup plan copies recovery points to a vault in a second region.",
  types: [PLAN],
  severity: "medium",
  category: "resilience",
  controls: ["BAK-4"],
  remediation: "add copyActions with destinationVaultArn of a vault in drRegion (BackupPlan does this when drRegion is set).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isProd(r.props, r.args.getConfig())) return;
    const rules = peek(r.props, "rules");
    if (isUnknown(rules)) undecided("rules", "the rules are computed from other resources");
    const copies = asArray(rules).some((rule: any) => asArray(peek(rule, "copyActions")).some((c: any) => present(c, "destinationVaultArn")));
    if (!copies) report("Backup plan keeps every recovery point in one region, so a regional outage or a compromised region loses them all.");
  },
});

/** Whether a tag map satisfies a key/value pair; undefined when the tags are unknown. */
function hasTag(tags: any, key: string, value: string): boolean | undefined {
  if (isUnknown(tags) || isUnknown(peek(tags, key))) return undefined;
  return peek(tags, key) === value;
}

/** Whether an AWS Backup selection covers a resource: explicit ARN, `*`, a selection tag or AND-ed conditions. */
function selectionCovers(sel: PolicyResource, res: PolicyResource): boolean | undefined {
  const tags = peek(res.props, "tags");
  const resources = peek(sel.props, "resources");
  if ((sel.propertyDependencies.resources ?? []).some((d) => d.urn === res.urn)) return true;
  const arn = peek(res.props, "arn");
  if (asArray(resources).some((x) => x === "*" || (arn !== undefined && !isUnknown(arn) && x === arn))) {
    const conds = asArray(peek(sel.props, "conditions")).flatMap((c: any) => asArray(peek(c, "stringEquals")));
    if (conds.length === 0) return true;
    const results = conds.map((c: any) => hasTag(tags, String(peek(c, "key")).replace(/^aws:ResourceTag\//, ""), peek(c, "value")));
    return results.every((x) => x === true) ? true : results.some((x) => x === false) ? false : undefined;
  }
  let open = false;
  for (const t of asArray(peek(sel.props, "selectionTags"))) {
    if (containsUnknown(t)) {
      open = true;
      continue;
    }
    if (String(peek(t, "type")).toUpperCase() !== "STRINGEQUALS") continue;
    const m = hasTag(tags, peek(t, "key"), peek(t, "value"));
    if (m === true) return true;
    if (m === undefined) open = true;
  }
  return open || isUnknown(resources) || isUnknown(peek(sel.props, "selectionTags")) ? undefined : false;
}

export const dataStoresCovered = stackPolicy({
  name: "backup-data-stores-covered",
  description: "In prod every RDS instance and cluster is in an AWS Backup selection, and every ElastiCache replication group keeps daily snapshots.",
  severity: "high",
  category: "resilience",
  controls: ["BAK-1", "BAK-2", "CACHE-6"],
  checkov: ["CKV2_AWS_8"],
  notes: { CKV2_AWS_8: "in prod" },
  remediation:
    'tag the database backup: "true" (the database component does) or list its ARN in a BackupPlan selection; ElastiCache, which AWS Backup does not support, needs snapshotRetentionLimit of 1 or more.',
  configSchema: ENVIRONMENT_CONFIG,
  validate: (resources, report, args) => {
    const selections = resources.filter((r) => r.type === SELECTION);
    let open: string | undefined;
    for (const res of resources.filter((r) => (r.type === RDS_INSTANCE || r.type === RDS_CLUSTER) && isProd(r.props, args.getConfig()))) {
      const verdicts = selections.map((s) => selectionCovers(s, res));
      if (verdicts.includes(true)) continue;
      if (verdicts.includes(undefined)) {
        open = res.name;
        continue;
      }
      report(`Database ${res.name} is in no AWS Backup selection, so it has no daily recovery point outside RDS and none in the locked vault or the DR region.`, res.urn);
    }
    for (const res of resources.filter((r) => r.type === CACHE_GROUP && isProd(r.props, args.getConfig()))) {
      const limit = peek(res.props, "snapshotRetentionLimit");
      if (isUnknown(limit)) undecided("snapshotRetentionLimit", "it comes from a resource not yet created");
      if (!(typeof limit === "number" && limit >= 1))
        report(`ElastiCache replication group ${res.name} keeps no snapshots (snapshotRetentionLimit ${limit ?? "unset"}), and AWS Backup cannot back up ElastiCache.`, res.urn);
    }
    if (open) undecided(`${open}.tags`, "a backup selection's tags or resources come from resources not yet created");
  },
});

/** Whether a restore testing selection targets a database: explicit ARN, or `*` with matching tag conditions. */
function restoreSelectionCovers(sel: PolicyResource, res: PolicyResource): boolean | undefined {
  const type = peek(sel.props, "protectedResourceType");
  const wanted = res.type === RDS_CLUSTER ? "Aurora" : "RDS";
  if (isUnknown(type)) return undefined;
  if (type !== wanted) return false;
  if ((sel.propertyDependencies.protectedResourceArns ?? []).some((d) => d.urn === res.urn)) return true;
  const arns = peek(sel.props, "protectedResourceArns");
  if (isUnknown(arns)) return undefined;
  const arn = peek(res.props, "arn");
  if (arn !== undefined && asArray(arns).includes(arn)) return true;
  if (!asArray(arns).includes("*") && asArray(arns).length > 0) return false;
  const conds = asArray(peek(sel.props, "protectedResourceConditions.stringEquals"));
  const results = conds.map((c: any) => hasTag(peek(res.props, "tags"), String(peek(c, "key")).replace(/^aws:ResourceTag\//, ""), peek(c, "value")));
  return results.every((x) => x === true) ? true : results.some((x) => x === false) ? false : undefined;
}

export const restoreTested = stackPolicy({
  name: "backup-rds-restore-tested",
  description: "In prod every RDS instance and cluster is targeted by an AWS Backup restore testing selection.",
  severity: "medium",
  category: "resilience",
  controls: ["BAK-3"],
  enforcementLevel: "advisory",
  remediation: 'tag the database backup: "true" and keep BackupPlan restore testing on (restoreTesting), or add an aws.backup.RestoreTestingSelection for it.',
  configSchema: ENVIRONMENT_CONFIG,
  validate: (resources, report, args) => {
    const selections = resources.filter((r) => r.type === RESTORE_SELECTION);
    for (const res of resources.filter((r) => (r.type === RDS_INSTANCE || r.type === RDS_CLUSTER) && isProd(r.props, args.getConfig()))) {
      const verdicts = selections.map((s) => restoreSelectionCovers(s, res));
      if (verdicts.includes(true)) continue;
      if (verdicts.includes(undefined)) undecided(`${res.name}.tags`, "a restore testing selection's targets come from resources not yet created");
      report(`Database ${res.name} is never restored from backup in a test, so nobody knows whether its recovery points restore.`, res.urn);
    }
  },
});

export const policies = [vaultEncrypted, vaultLocked, planRetention, planCopy, dataStoresCovered, restoreTested];
