import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { dataStoresCovered, planCopy, planRetention, restoreTested, vaultEncrypted, vaultLocked } from "../../policy/backup";
import { checkResource, checkStack, FixtureResource, UNKNOWN, urnOf, withUnknown } from "../support/policy";

const VAULT = "aws:backup/vault:Vault";
const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const PLAN = "aws:backup/plan:Plan";
const SEL = "aws:backup/selection:Selection";
const RTS = "aws:backup/restoreTestingSelection:RestoreTestingSelection";
const RDS = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";

describe("backup-vault-kms-encrypted", () => {
  it("passes a vault with a CMK, also when the key ARN is unknown", async () => {
    assert.deepEqual((await checkResource(vaultEncrypted, { type: VAULT, props: { name: "v", kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k" } })).violations, []);
    const v = await checkResource(vaultEncrypted, { type: VAULT, props: withUnknown({ name: "v", kmsKeyArn: "x" }, "kmsKeyArn") });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("fails a vault without kmsKeyArn", async () => {
    const v = await checkResource(vaultEncrypted, { type: VAULT, props: { name: "v" } });
    assert.deepEqual(v.violations, [
      "Backup vault uses the AWS managed key, so anyone who can use backup in the account can decrypt and copy recovery points and the key policy cannot be narrowed. Fix: set kmsKeyArn to a CMK with rotation (BackupPlan creates one).",
    ]);
  });
});

describe("backup-vault-locked", () => {
  const vault: FixtureResource = { type: VAULT, name: "vault", props: { name: "shop-prod-vault", kmsKeyArn: UNKNOWN, tags: { environment: "prod" } } };
  const lock: FixtureResource = {
    type: LOCK,
    name: "lock",
    props: { backupVaultName: UNKNOWN, minRetentionDays: 35, maxRetentionDays: 3653, changeableForDays: 3 },
    propertyDependencies: { backupVaultName: [urnOf(vault)] },
  };

  it("passes a prod vault with a lock matched by property dependency while the name is unknown, and by name when known", async () => {
    assert.deepEqual((await checkStack(vaultLocked, [vault, lock])).violations, []);
    const byName = { ...lock, props: { ...lock.props, backupVaultName: "shop-prod-vault" }, propertyDependencies: {} };
    assert.deepEqual((await checkStack(vaultLocked, [vault, byName])).violations, []);
  });
  it("fails a prod vault without a lock, and ignores staging vaults", async () => {
    const v = await checkStack(vaultLocked, [vault]);
    assert.deepEqual(v.violations, [
      "Backup vault vault has no vault lock, so recovery points can be deleted early by anyone with backup delete permissions. Fix: add an aws.backup.VaultLockConfiguration for the vault (compliance mode, changeableForDays set, in prod); BackupPlan does this.",
    ]);
    assert.deepEqual(v.urns, [urnOf(vault)]);
    assert.deepEqual((await checkStack(vaultLocked, [{ ...vault, props: { ...vault.props, tags: { environment: "staging" } } }])).violations, []);
  });
  it("fails a prod vault whose lock is in governance mode (no changeableForDays)", async () => {
    const { changeableForDays: _, ...governance } = lock.props;
    assert.deepEqual((await checkStack(vaultLocked, [vault, { ...lock, props: governance }])).violations, [
      "Backup vault vault is locked in governance mode only (no changeableForDays), so an administrator's credentials can remove the lock and the recovery points. Fix: add an aws.backup.VaultLockConfiguration for the vault (compliance mode, changeableForDays set, in prod); BackupPlan does this.",
    ]);
    const unknownGrace = await checkStack(vaultLocked, [vault, { ...lock, props: withUnknown(lock.props, "changeableForDays") }]);
    assert.deepEqual([unknownGrace.violations, unknownGrace.undecided], [[], undefined]);
  });
  it("fails when the lock names another vault, and stays blocked when the lock's vault name is unknown without a dependency", async () => {
    assert.equal((await checkStack(vaultLocked, [vault, { ...lock, props: { ...lock.props, backupVaultName: "other" }, propertyDependencies: {} }])).violations.length, 1);
    const v = await checkStack(vaultLocked, [vault, { ...lock, propertyDependencies: {} }]);
    assert.equal(v.violations.length, 1);
  });
});

const plan = {
  name: "shop-prod-backup",
  rules: [
    {
      ruleName: "daily",
      targetVaultName: "shop-prod-vault",
      schedule: "cron(0 3 * * ? *)",
      lifecycle: { deleteAfter: 35 },
      copyActions: [{ destinationVaultArn: UNKNOWN, lifecycle: { deleteAfter: 35 } }],
    },
    { ruleName: "continuous", targetVaultName: "shop-prod-vault", enableContinuousBackup: true, lifecycle: { deleteAfter: 35 } },
  ],
  tags: { environment: "prod" },
};

describe("backup-plan-retention-floor", () => {
  it("passes 35 days with the DR vault ARN unknown", async () => {
    const v = await checkResource(planRetention, { type: PLAN, props: plan });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("fails a prod rule keeping points 3 days, and passes it in staging", async () => {
    const short = JSON.parse(JSON.stringify(plan));
    short.rules[1].lifecycle.deleteAfter = 3;
    assert.deepEqual((await checkResource(planRetention, { type: PLAN, props: short })).violations, [
      "Backup rule continuous deletes recovery points after 3 days, so corruption noticed after a week cannot be undone. Fix: set rules[].lifecycle.deleteAfter to 7 or more (config backupRetentionDays; 35 recommended).",
    ]);
    assert.deepEqual((await checkResource(planRetention, { type: PLAN, props: { ...short, tags: { environment: "staging" } } })).violations, []);
  });
  it("is undecided when a rule's retention is unknown", async () => {
    const v = await checkResource(planRetention, { type: PLAN, props: withUnknown(plan, "rules.0.lifecycle.deleteAfter") });
    assert.match(v.undecided ?? "", /^rules\[0\]\.lifecycle\.deleteAfter is not known until apply/);
  });
});

describe("backup-plan-cross-region-copy", () => {
  it("passes a plan whose daily rule copies to an (unknown) DR vault ARN", async () => {
    const v = await checkResource(planCopy, { type: PLAN, props: plan });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("fails a prod plan without copy actions and passes it in staging", async () => {
    const none = { ...plan, rules: plan.rules.map(({ copyActions: _, ...r }: any) => r) };
    assert.deepEqual((await checkResource(planCopy, { type: PLAN, props: none })).violations, [
      "Backup plan keeps every recovery point in one region, so a regional outage or a compromised region loses them all. Fix: add copyActions with destinationVaultArn of a vault in drRegion (BackupPlan does this when drRegion is set).",
    ]);
    assert.deepEqual((await checkResource(planCopy, { type: PLAN, props: { ...none, tags: { environment: "staging" } } })).violations, []);
  });
  it("is undecided when the rules as a whole are unknown", async () => {
    assert.match((await checkResource(planCopy, { type: PLAN, props: withUnknown(plan, "rules") })).undecided ?? "", /^rules is not known until apply/);
  });
});

const db: FixtureResource = { type: RDS, name: "db", props: { identifier: "shop-prod", tags: { environment: "prod", backup: "true" } } };
const selection: FixtureResource = { type: SEL, name: "sel", props: { planId: UNKNOWN, iamRoleArn: UNKNOWN, selectionTags: [{ type: "STRINGEQUALS", key: "backup", value: "true" }] } };
const cache: FixtureResource = { type: CACHE, name: "cache", props: { replicationGroupId: "shop-prod", snapshotRetentionLimit: 35, tags: { environment: "prod" } } };

describe("backup-data-stores-covered", () => {
  it("passes a database tagged backup=true with a tag selection and a cache keeping snapshots", async () => {
    const v = await checkStack(dataStoresCovered, [db, selection, cache]);
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("passes a database listed by ARN (property dependency), or by * with a matching condition", async () => {
    const byArn: FixtureResource = { type: SEL, name: "sel", props: { resources: [UNKNOWN] }, propertyDependencies: { resources: [urnOf(db)] } };
    assert.deepEqual((await checkStack(dataStoresCovered, [db, byArn])).violations, []);
    const byCondition: FixtureResource = { type: SEL, name: "sel", props: { resources: ["*"], conditions: [{ stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] }] } };
    assert.deepEqual((await checkStack(dataStoresCovered, [db, byCondition])).violations, []);
  });
  it("fails a prod database without the tag and a cache without snapshots", async () => {
    const untagged = { ...db, props: { ...db.props, tags: { environment: "prod" } } };
    const v = await checkStack(dataStoresCovered, [untagged, selection, { ...cache, props: { ...cache.props, snapshotRetentionLimit: 0 } }]);
    assert.deepEqual(v.violations, [
      'Database db is in no AWS Backup selection, so it has no daily recovery point outside RDS and none in the locked vault or the DR region. Fix: tag the database backup: "true" (the database component does) or list its ARN in a BackupPlan selection; ElastiCache, which AWS Backup does not support, needs snapshotRetentionLimit of 1 or more.',
      'ElastiCache replication group cache keeps no snapshots (snapshotRetentionLimit 0), and AWS Backup cannot back up ElastiCache. Fix: tag the database backup: "true" (the database component does) or list its ARN in a BackupPlan selection; ElastiCache, which AWS Backup does not support, needs snapshotRetentionLimit of 1 or more.',
    ]);
    assert.deepEqual(v.urns, [urnOf(untagged), urnOf(cache, 2)]);
  });
  it("ignores staging data stores", async () => {
    assert.deepEqual((await checkStack(dataStoresCovered, [{ ...db, props: { tags: { environment: "staging" } } }])).violations, []);
  });
  it("is undecided when the selection tags are unknown", async () => {
    const v = await checkStack(dataStoresCovered, [db, { ...selection, props: withUnknown(selection.props, "selectionTags") }]);
    assert.deepEqual(v.violations, []);
    assert.match(v.undecided ?? "", /^db\.tags is not known until apply/);
  });
});

describe("backup-rds-restore-tested", () => {
  const rts: FixtureResource = {
    type: RTS,
    name: "rts",
    props: {
      protectedResourceType: "RDS",
      protectedResourceArns: ["*"],
      protectedResourceConditions: { stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] },
      restoreTestingPlanName: "shop_prod_restore_test",
      iamRoleArn: UNKNOWN,
    },
  };

  it("passes a tagged database targeted by the tag condition", async () => {
    assert.deepEqual((await checkStack(restoreTested, [db, rts])).violations, []);
  });
  it("fails an untagged database, and a selection for another resource type", async () => {
    const untagged = { ...db, props: { ...db.props, tags: { environment: "prod" } } };
    assert.deepEqual((await checkStack(restoreTested, [untagged, rts])).violations, [
      'Database db is never restored from backup in a test, so nobody knows whether its recovery points restore. Fix: tag the database backup: "true" and keep BackupPlan restore testing on (restoreTesting), or add an aws.backup.RestoreTestingSelection for it.',
    ]);
    assert.equal((await checkStack(restoreTested, [db, { ...rts, props: { ...rts.props, protectedResourceType: "DynamoDB" } }])).violations.length, 1);
  });
  it("is undecided when the protected resource type is unknown", async () => {
    const v = await checkStack(restoreTested, [db, { ...rts, props: withUnknown(rts.props, "protectedResourceType") }]);
    assert.match(v.undecided ?? "", /^db\.tags is not known until apply/);
  });
});
