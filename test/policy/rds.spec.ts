import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { resourcePolicy } from "../../policy/lib";
import * as rds from "../../policy/rds";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

type Policy = ReturnType<typeof resourcePolicy>;
const { INSTANCE, CLUSTER, CLUSTER_INSTANCE, PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP } = rds;
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";

/** A hand-written prod PostgreSQL instance that meets every rule. */
const instance = {
  identifier: "shop-prod-db",
  engine: "postgres",
  engineVersion: "16",
  port: 5433,
  instanceClass: "db.r6g.large",
  dbName: "shop",
  username: "dbadmin",
  manageMasterUserPassword: true,
  masterUserSecretKmsKeyId: KEY,
  iamDatabaseAuthenticationEnabled: true,
  dbSubnetGroupName: "shop-prod-db",
  vpcSecurityGroupIds: ["sg-0db"],
  publiclyAccessible: false,
  parameterGroupName: "shop-prod-db-postgres16",
  caCertIdentifier: "rds-ca-rsa2048-g1",
  storageType: "gp3",
  allocatedStorage: 20,
  storageEncrypted: true,
  kmsKeyId: KEY,
  multiAz: true,
  backupRetentionPeriod: 35,
  copyTagsToSnapshot: true,
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "shop-prod-db-final",
  autoMinorVersionUpgrade: true,
  enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
  monitoringInterval: 60,
  monitoringRoleArn: "arn:aws:iam::123456789012:role/shop-prod-db-monitoring",
  tags: { environment: "prod", backup: "true" },
};

/** A hand-written prod Aurora PostgreSQL cluster that meets every rule. */
const cluster = {
  clusterIdentifier: "shop-prod-aurora",
  engine: "aurora-postgresql",
  engineVersion: "16.4",
  port: 5433,
  masterUsername: "dbadmin",
  manageMasterUserPassword: true,
  masterUserSecretKmsKeyId: KEY,
  iamDatabaseAuthenticationEnabled: true,
  dbSubnetGroupName: "shop-prod-aurora",
  dbClusterParameterGroupName: "shop-prod-aurora-pg16",
  storageEncrypted: true,
  kmsKeyId: KEY,
  backupRetentionPeriod: 35,
  copyTagsToSnapshot: true,
  deletionProtection: true,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: "shop-prod-aurora-final",
  enabledCloudwatchLogsExports: ["postgresql"],
  tags: { environment: "prod" },
};

const parameters = [
  { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
  { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" },
  { name: "log_connections", value: "1", applyMethod: "immediate" },
  { name: "log_disconnections", value: "1", applyMethod: "immediate" },
  { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
  { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" },
  { name: "pgaudit.log", value: "ddl,role,write", applyMethod: "immediate" },
];
const paramGroup = { name: "shop-prod-db-postgres16", family: "postgres16", parameters, tags: { environment: "prod" } };
const clusterParamGroup = { name: "shop-prod-aurora-pg16", family: "aurora-postgresql16", parameters, tags: { environment: "prod" } };

const msg = (p: Policy, finding: string) => `${finding} Fix: ${p.spec.remediation}`;
const violations = async (p: Policy, type: string, props: Record<string, any>) => (await checkResource(p, { type, props })).violations;
const withProps = (base: Record<string, any>, change: Record<string, any>) => ({ ...JSON.parse(JSON.stringify(base)), ...change });
const without = (base: Record<string, any>, ...keys: string[]) => {
  const copy = JSON.parse(JSON.stringify(base));
  for (const k of keys) delete copy[k];
  return copy;
};
const setParam = (name: string, value: string | undefined) => ({
  ...paramGroup,
  parameters: value === undefined ? parameters.filter((p) => p.name !== name) : parameters.map((p) => (p.name === name ? { ...p, value } : p)),
});

describe("policy/rds", () => {
  it("passes the compliant instance, cluster and parameter groups under every policy", async () => {
    for (const p of rds.policies.filter((x): x is ReturnType<typeof resourcePolicy> => "validateResource" in x)) {
      for (const [type, props] of [
        [INSTANCE, instance],
        [CLUSTER, cluster],
        [PARAMETER_GROUP, paramGroup],
        [CLUSTER_PARAMETER_GROUP, clusterParamGroup],
        [CLUSTER_INSTANCE, { clusterIdentifier: "x", publiclyAccessible: false, monitoringInterval: 60, monitoringRoleArn: UNKNOWN }],
      ] as const) {
        const v = await checkResource(p, { type, props });
        assert.deepEqual(v.violations, [], `${p.name} on ${type}`);
        assert.equal(v.undecided, undefined, `${p.name} on ${type}`);
      }
    }
  });

  it("names every policy <service>-<resource>-<rule> and gives it controls and a remediation", () => {
    const names = rds.policies.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    for (const p of rds.policies) {
      assert.match(p.name, /^rds-[a-z0-9-]+$/);
      assert.ok(p.spec.controls.length > 0, p.name);
      assert.ok(p.spec.remediation.length > 10, p.name);
    }
    const fsbp = Object.fromEntries(rds.policies.map((p) => [p.name, p.spec.fsbp ?? []]));
    assert.deepEqual(fsbp["rds-instance-not-publicly-accessible"], ["RDS.2"]);
    assert.deepEqual(fsbp["rds-instance-storage-encrypted"], ["RDS.3"]);
    assert.deepEqual(fsbp["rds-instance-multi-az"], ["RDS.5"]);
    assert.deepEqual(fsbp["rds-instance-enhanced-monitoring"], ["RDS.6"]);
    assert.deepEqual(fsbp["rds-deletion-protection"], ["RDS.7", "RDS.8"]);
    assert.deepEqual(fsbp["rds-postgres-log-export"], ["RDS.9", "RDS.36", "RDS.37"]);
    assert.deepEqual(fsbp["rds-iam-authentication-enabled"], ["RDS.10", "RDS.12"]);
    assert.deepEqual(fsbp["rds-instance-backups-enabled"], ["RDS.11"]);
    assert.deepEqual(fsbp["rds-auto-minor-version-upgrade"], ["RDS.13", "RDS.35"]);
    assert.deepEqual(fsbp["rds-copy-tags-to-snapshot"], ["RDS.16", "RDS.17", "RDS.47", "RDS.48"]);
    assert.deepEqual(fsbp["rds-custom-admin-username"], ["RDS.24", "RDS.25"]);
    const resilience = rds.policies
      .filter((p) => p.spec.category === "resilience")
      .map((p) => p.name)
      .sort();
    assert.deepEqual(resilience, [
      "rds-aurora-mysql-backtracking",
      "rds-cluster-multi-az",
      "rds-copy-tags-to-snapshot",
      "rds-deletion-protection",
      "rds-event-subscription-critical-events",
      "rds-final-snapshot",
      "rds-instance-backups-enabled",
      "rds-instance-enhanced-monitoring",
      "rds-instance-multi-az",
    ]);
  });

  it("fails closed on unknown tags (prod rules apply) and is undecided, with a reason, on an unknown engine", async () => {
    const v = await checkResource(rds.deletionProtection, { type: INSTANCE, props: withUnknown(withProps(instance, { deletionProtection: false }), "tags") });
    assert.deepEqual(v.violations, [msg(rds.deletionProtection, "Prod database has no deletion protection: one API call or a replacement in an update deletes it.")]);
    const e = await checkResource(rds.postgresLogExport, { type: INSTANCE, props: withUnknown(instance, "engine") });
    assert.match(e.undecided ?? "", /^engine is not known until apply \(the engine decides whether PostgreSQL rules apply\)/);
  });

  describe("rds-instance-not-publicly-accessible", () => {
    const p = rds.instanceNotPublic;
    const finding = "DB instance is publicly accessible: it gets a public DNS name and address, one security group rule away from the internet.";
    it("fails publiclyAccessible true on an instance and on an Aurora cluster instance", async () => {
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { publiclyAccessible: true })), [msg(p, finding)]);
      assert.deepEqual(await violations(p, CLUSTER_INSTANCE, { clusterIdentifier: "x", publiclyAccessible: true }), [msg(p, finding)]);
    });
    it("still blocks while the key, subnet group and parameter group are unknown references", async () => {
      let props = withProps(instance, { publiclyAccessible: true });
      for (const path of ["kmsKeyId", "dbSubnetGroupName", "parameterGroupName", "masterUserSecretKmsKeyId", "monitoringRoleArn"]) props = withUnknown(props, path);
      const v = await checkResource(p, { type: INSTANCE, props });
      assert.equal(v.undecided, undefined);
      assert.deepEqual(v.violations, [msg(p, finding)]);
    });
    it("is undecided, with the pack's reason, when publiclyAccessible itself is unknown", async () => {
      const v = await checkResource(p, { type: INSTANCE, props: withUnknown(instance, "publiclyAccessible") });
      assert.deepEqual(v.violations, []);
      assert.match(v.undecided ?? "", /^publiclyAccessible is not known until apply/);
    });
    it("is not applicable to other types", async () => {
      assert.equal((await checkResource(p, { type: "aws:s3/bucket:Bucket", props: {} })).notApplicable, true);
    });
  });

  describe("rds-instance-storage-encrypted / rds-cluster-storage-encrypted", () => {
    it("fails storageEncrypted false or absent", async () => {
      const f = "DB instance storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key.";
      assert.deepEqual(await violations(rds.instanceEncrypted, INSTANCE, withProps(instance, { storageEncrypted: false })), [msg(rds.instanceEncrypted, f)]);
      assert.deepEqual(await violations(rds.instanceEncrypted, INSTANCE, without(instance, "storageEncrypted")), [msg(rds.instanceEncrypted, f)]);
      const fc = "DB cluster storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key.";
      assert.deepEqual(await violations(rds.clusterEncrypted, CLUSTER, without(cluster, "storageEncrypted")), [msg(rds.clusterEncrypted, fc)]);
    });
    it("decides with the key unknown (a reference to a key created in the same program)", async () => {
      const v = await checkResource(rds.instanceEncrypted, { type: INSTANCE, props: withUnknown(withProps(instance, { storageEncrypted: false }), "kmsKeyId") });
      assert.equal(v.violations.length, 1);
    });
  });

  describe("rds-master-password-managed", () => {
    const p = rds.noLiteralMasterPassword;
    it("fails a password input on an instance (even an unknown one) and a masterPassword on a cluster", async () => {
      assert.deepEqual(await violations(p, INSTANCE, withProps(without(instance, "manageMasterUserPassword"), { password: "hunter2hunter2" })), [
        msg(p, "DB master password is passed as password: it sits in program config and state, and nothing rotates it."),
      ]);
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { password: UNKNOWN })), [
        msg(p, "DB master password is passed as password: it sits in program config and state, and nothing rotates it."),
      ]);
      assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { masterPasswordWo: "x" })), [
        msg(p, "DB master password is passed as masterPasswordWo: it sits in program config and state, and nothing rotates it."),
      ]);
    });
  });

  describe("rds-custom-admin-username", () => {
    const p = rds.customAdminUsername;
    it("fails postgres on an instance and admin on a cluster", async () => {
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { username: "postgres" })), [
        msg(p, 'DB master user is the engine default "postgres", the first name password-guessing tries.'),
      ]);
      assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { masterUsername: "admin" })), [
        msg(p, 'DB master user is the engine default "admin", the first name password-guessing tries.'),
      ]);
    });
  });

  describe("rds-iam-authentication-enabled", () => {
    const p = rds.iamAuth;
    it("fails when IAM authentication is off or unset", async () => {
      const f = msg(p, "IAM database authentication is off, so every login needs a long-lived password.");
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { iamDatabaseAuthenticationEnabled: false })), [f]);
      assert.deepEqual(await violations(p, CLUSTER, without(cluster, "iamDatabaseAuthenticationEnabled")), [f]);
    });
  });

  describe("rds-certificate-authority-current", () => {
    const p = rds.currentCa;
    it("fails rds-ca-2019 on an instance and a cluster; passes an unset CA (RDS defaults to a current one)", async () => {
      const f = msg(
        p,
        "DB server certificate is signed by rds-ca-2019, which expired: clients that verify the server (sslmode=verify-full) cannot connect, and those that do not are open to impersonation.",
      );
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { caCertIdentifier: "rds-ca-2019" })), [f]);
      assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { caCertificateIdentifier: "rds-ca-2019" })), [f]);
      assert.deepEqual(await violations(p, INSTANCE, without(instance, "caCertIdentifier")), []);
    });
  });

  describe("rds-postgres-custom-parameter-group", () => {
    const p = rds.postgresCustomParameterGroup;
    it("fails a PostgreSQL instance without a group or on default.postgres16, and a cluster on default.aurora-postgresql16", async () => {
      assert.deepEqual(await violations(p, INSTANCE, without(instance, "parameterGroupName")), [
        msg(p, "PostgreSQL instance has no parameterGroupName, so it runs on the engine's default group: TLS is not forced and nothing is audited."),
      ]);
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { parameterGroupName: "default.postgres16" })), [
        msg(p, "PostgreSQL instance uses the default parameter group default.postgres16, which cannot be changed: TLS is not forced and nothing is audited."),
      ]);
      assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { dbClusterParameterGroupName: "default.aurora-postgresql16" })), [
        msg(p, "PostgreSQL cluster uses the default parameter group default.aurora-postgresql16, which cannot be changed: TLS is not forced and nothing is audited."),
      ]);
    });
    it("passes an unknown group name (a group created in the same program) and ignores other engines", async () => {
      assert.deepEqual(await violations(p, INSTANCE, withUnknown(instance, "parameterGroupName")), []);
      assert.equal((await checkResource(p, { type: INSTANCE, props: withProps(instance, { engine: "mysql", parameterGroupName: "default.mysql8.0" }) })).notApplicable, true);
    });
  });

  describe("rds-postgres-parameter-group-force-ssl", () => {
    const p = rds.pgForceSsl;
    it("fails rds.force_ssl=0 or absent, on instance and cluster groups", async () => {
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("rds.force_ssl", "0")), [
        msg(p, "PostgreSQL parameter group sets rds.force_ssl=0: clients may connect without TLS and send passwords and data in clear text."),
      ]);
      assert.deepEqual(await violations(p, CLUSTER_PARAMETER_GROUP, { ...clusterParamGroup, parameters: parameters.filter((x) => x.name !== "rds.force_ssl") }), [
        msg(p, "PostgreSQL parameter group does not set rds.force_ssl: clients may connect without TLS and send passwords and data in clear text."),
      ]);
    });
    it("ignores MySQL families and is undecided when parameter values are unknown", async () => {
      assert.equal((await checkResource(p, { type: PARAMETER_GROUP, props: { family: "mysql8.0", parameters: [] } })).notApplicable, true);
      const v = await checkResource(p, { type: PARAMETER_GROUP, props: withUnknown(paramGroup, "parameters") });
      assert.match(v.undecided ?? "", /^parameters is not known until apply \(parameter values decide the check\)/);
    });
  });

  describe("rds-postgres-parameter-group-tls-floor", () => {
    const p = rds.pgTlsFloor;
    it("fails TLSv1.1 and an unset floor; passes TLSv1.3", async () => {
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("ssl_min_protocol_version", "TLSv1.1")), [
        msg(p, "PostgreSQL parameter group sets ssl_min_protocol_version=TLSv1.1: the TLS 1.2 floor is not pinned, so an older, weaker protocol may be negotiated."),
      ]);
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("ssl_min_protocol_version", undefined)), [
        msg(p, "PostgreSQL parameter group does not set ssl_min_protocol_version: the TLS 1.2 floor is not pinned, so an older, weaker protocol may be negotiated."),
      ]);
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("ssl_min_protocol_version", "TLSv1.3")), []);
    });
  });

  describe("rds-postgres-parameter-group-pgaudit", () => {
    const p = rds.pgAudit;
    it("fails a prod group without pgaudit preloaded or without classes", async () => {
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("shared_preload_libraries", "pg_stat_statements")), [
        msg(p, "PostgreSQL parameter group does not preload pgaudit: DDL, role changes and writes leave no audit trail."),
      ]);
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("pgaudit.log", "none")), [
        msg(p, "PostgreSQL parameter group preloads pgaudit but sets no pgaudit.log classes, so nothing is audited."),
      ]);
    });
    it("applies to untagged groups (fail closed) and not to staging-tagged ones", async () => {
      const untagged = without(setParam("shared_preload_libraries", "pg_stat_statements"), "tags");
      assert.equal((await violations(p, PARAMETER_GROUP, untagged)).length, 1);
      const staging = { ...untagged, tags: { environment: "staging" } };
      assert.equal((await checkResource(p, { type: PARAMETER_GROUP, props: staging })).notApplicable, true);
    });
  });

  describe("rds-postgres-parameter-group-connection-logging", () => {
    const p = rds.pgConnectionLogging;
    it("fails when log_connections or log_disconnections is off", async () => {
      assert.deepEqual(await violations(p, PARAMETER_GROUP, setParam("log_connections", "0")), [
        msg(p, "PostgreSQL parameter group does not turn on log_connections: who connected from where, and for how long, is not logged."),
      ]);
      assert.deepEqual(await violations(p, CLUSTER_PARAMETER_GROUP, { ...clusterParamGroup, parameters: [] }), [
        msg(p, "PostgreSQL parameter group does not turn on log_connections and log_disconnections: who connected from where, and for how long, is not logged."),
      ]);
    });
  });

  describe("rds-postgres-log-export", () => {
    const p = rds.postgresLogExport;
    const f = "PostgreSQL log (connections, pgaudit, slow queries) is not exported to CloudWatch Logs, so it is lost when RDS rotates it and no alarm can see it.";
    it("fails a PostgreSQL instance exporting only upgrade logs, and a cluster exporting nothing", async () => {
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { enabledCloudwatchLogsExports: ["upgrade"] })), [msg(p, f)]);
      assert.deepEqual(await violations(p, CLUSTER, without(cluster, "enabledCloudwatchLogsExports")), [msg(p, f)]);
    });
    it("is undecided when the export list is unknown", async () => {
      const v = await checkResource(p, { type: INSTANCE, props: withUnknown(instance, "enabledCloudwatchLogsExports") });
      assert.match(v.undecided ?? "", /^enabledCloudwatchLogsExports is not known until apply/);
    });
  });

  describe("rds-instance-enhanced-monitoring", () => {
    it("fails monitoringInterval 0 or unset", async () => {
      const p = rds.enhancedMonitoring;
      const f = msg(p, "Enhanced monitoring is off: OS-level CPU, memory and I/O of the DB host are not recorded.");
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { monitoringInterval: 0 })), [f]);
      assert.deepEqual(await violations(p, INSTANCE, without(instance, "monitoringInterval", "monitoringRoleArn")), [f]);
    });
  });

  describe("rds-instance-backups-enabled", () => {
    it("fails backupRetentionPeriod 0 and unset (the provider default), passes a stated period and read replicas", async () => {
      const p = rds.backupsEnabled;
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { backupRetentionPeriod: 0 })), [
        msg(p, "DB instance has backupRetentionPeriod 0: automated backups and point-in-time recovery are off."),
      ]);
      assert.deepEqual(await violations(p, INSTANCE, without(instance, "backupRetentionPeriod")), [
        msg(
          p,
          "DB instance leaves backupRetentionPeriod unset: the provider documents 0 (automated backups and point-in-time recovery off) and the RDS API keeps 1 day, neither a retention anyone chose.",
        ),
      ]);
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { backupRetentionPeriod: 7 })), []);
      assert.equal((await checkResource(p, { type: INSTANCE, props: { ...without(instance, "backupRetentionPeriod"), replicateSourceDb: "primary" } })).notApplicable, true);
    });
  });

  describe("rds-copy-tags-to-snapshot", () => {
    it("fails copyTagsToSnapshot false", async () => {
      const p = rds.copyTagsToSnapshot;
      const f = msg(p, "Snapshots do not inherit the database's tags, so ownership, environment and backup selection tags are lost on them.");
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { copyTagsToSnapshot: false })), [f]);
      assert.deepEqual(await violations(p, CLUSTER, without(cluster, "copyTagsToSnapshot")), [f]);
    });
  });

  describe("rds-auto-minor-version-upgrade", () => {
    it("fails autoMinorVersionUpgrade false and passes it unset (the provider default is true)", async () => {
      const p = rds.autoMinorUpgrade;
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { autoMinorVersionUpgrade: false })), [
        msg(p, "Automatic minor version upgrades are off, so engine security fixes wait for someone to apply them."),
      ]);
      assert.deepEqual(await violations(p, CLUSTER, cluster), []);
    });
  });

  describe("prod resilience: rds-deletion-protection, rds-final-snapshot, rds-instance-multi-az", () => {
    it("fails a prod instance without deletion protection, skipping the final snapshot, or single-AZ", async () => {
      assert.deepEqual(await violations(rds.deletionProtection, INSTANCE, withProps(instance, { deletionProtection: false })), [
        msg(rds.deletionProtection, "Prod database has no deletion protection: one API call or a replacement in an update deletes it."),
      ]);
      assert.deepEqual(await violations(rds.deletionProtection, CLUSTER, without(cluster, "deletionProtection")), [
        msg(rds.deletionProtection, "Prod database has no deletion protection: one API call or a replacement in an update deletes it."),
      ]);
      assert.deepEqual(await violations(rds.finalSnapshot, INSTANCE, withProps(instance, { skipFinalSnapshot: true })), [
        msg(rds.finalSnapshot, "Prod database skips the final snapshot: deleting it deletes its data with no copy to restore."),
      ]);
      assert.deepEqual(await violations(rds.multiAz, INSTANCE, withProps(instance, { multiAz: false })), [
        msg(rds.multiAz, "Prod database runs in a single AZ: an AZ outage or host failure stops it until it is restored."),
      ]);
    });
    it("treats untagged instances as prod and staging-tagged ones as not applicable", async () => {
      const weak = { deletionProtection: false, skipFinalSnapshot: true, multiAz: false };
      for (const p of [rds.deletionProtection, rds.finalSnapshot, rds.multiAz]) {
        assert.equal((await violations(p, INSTANCE, without(withProps(instance, weak), "tags"))).length, 1, p.name);
        assert.equal((await checkResource(p, { type: INSTANCE, props: withProps(instance, { ...weak, tags: { environment: "staging" } }) })).notApplicable, true, p.name);
      }
    });
  });
});

describe("RDS controls for other engines, proxies, events and placement", () => {
  it("rds-non-default-port passes 5433 and fails an unset or default port per engine", async () => {
    assert.deepEqual((await checkResource(rds.nonDefaultPort, { type: INSTANCE, props: { engine: "postgres", port: 5433, kmsKeyId: UNKNOWN } })).violations, []);
    const unset = await checkResource(rds.nonDefaultPort, { type: INSTANCE, props: { engine: "postgres" } });
    assert.deepEqual(unset.violations, [
      "postgres listens on its default port 5432 (port not set), the first one scanners and brute-force tools try. Fix: set port to another value (RDS accepts 1150-65535; SecureDatabase defaults to 5433) and give clients the port from the connection template or secret.",
    ]);
    assert.match((await checkResource(rds.nonDefaultPort, { type: CLUSTER, props: { engine: "aurora-mysql", port: 3306 } })).violations[0], /^aurora-mysql listens on its default port 3306,/);
    assert.equal((await checkResource(rds.nonDefaultPort, { type: INSTANCE, props: { engine: "postgres", replicateSourceDb: UNKNOWN } })).notApplicable, true);
  });

  it("rds-engine-log-export requires each engine's logs and ignores PostgreSQL", async () => {
    assert.deepEqual(
      (await checkResource(rds.engineLogExport, { type: CLUSTER, props: { engine: "aurora-mysql", enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"] } })).violations,
      [],
    );
    const v = await checkResource(rds.engineLogExport, { type: INSTANCE, props: { engine: "sqlserver-se", enabledCloudwatchLogsExports: ["error"] } });
    assert.deepEqual(v.violations, [
      "SQL Server does not export its agent log to CloudWatch Logs, so it is lost when RDS rotates it. Fix: add the engine's logs to enabledCloudwatchLogsExports (mysql, mariadb, aurora-mysql: audit, error, general, slowquery, with the MariaDB audit plugin option for audit on RDS; sqlserver: agent, error; oracle: alert, audit, listener, trace).",
    ]);
    assert.match((await checkResource(rds.engineLogExport, { type: INSTANCE, props: { engine: "mariadb" } })).violations[0], /^MariaDB does not export its audit, error, general, slowquery logs/);
    assert.equal((await checkResource(rds.engineLogExport, { type: INSTANCE, props: instance })).notApplicable, true);
  });

  it("rds-parameter-group-engine-tls requires rds.force_ssl on SQL Server and require_secure_transport on MariaDB and MySQL", async () => {
    assert.deepEqual(
      (await checkResource(rds.engineTls, { type: PARAMETER_GROUP, props: { family: "mariadb10.11", parameters: [{ name: "require_secure_transport", value: "ON" }] } })).violations,
      [],
    );
    const v = await checkResource(rds.engineTls, { type: PARAMETER_GROUP, props: { family: "sqlserver-se-16.0", parameters: [{ name: "rds.force_ssl", value: "0" }] } });
    assert.match(v.violations[0], /^SQL Server parameter group sets rds.force_ssl=0: clients may connect without TLS/);
    assert.equal((await checkResource(rds.engineTls, { type: PARAMETER_GROUP, props: paramGroup })).notApplicable, true);
    assert.match(
      (await checkResource(rds.engineTls, { type: PARAMETER_GROUP, props: { family: "mysql8.0", parameters: [] } })).violations[0],
      /^MySQL parameter group does not set require_secure_transport: clients may connect without TLS/,
    );
    assert.deepEqual((await checkResource(rds.engineTls, { type: PARAMETER_GROUP, props: { family: "mysql8.4", parameters: [{ name: "require_secure_transport", value: "1" }] } })).violations, []);
  });

  it("rds-aurora-mysql-audit-logging and rds-aurora-mysql-backtracking", async () => {
    const on = {
      family: "aurora-mysql8.0",
      parameters: [
        { name: "server_audit_logging", value: "1" },
        { name: "server_audit_events", value: "CONNECT,QUERY_DDL" },
      ],
    };
    assert.deepEqual((await checkResource(rds.auroraMysqlAudit, { type: CLUSTER_PARAMETER_GROUP, props: on })).violations, []);
    assert.match(
      (await checkResource(rds.auroraMysqlAudit, { type: CLUSTER_PARAMETER_GROUP, props: { family: "aurora-mysql8.0", parameters: [{ name: "server_audit_logging", value: "1" }] } })).violations[0],
      /^Aurora MySQL audit logging is off or records no events/,
    );
    assert.deepEqual((await checkResource(rds.auroraMysqlBacktracking, { type: CLUSTER, props: { engine: "aurora-mysql", backtrackWindow: 86400 } })).violations, []);
    assert.match((await checkResource(rds.auroraMysqlBacktracking, { type: CLUSTER, props: { engine: "aurora-mysql" } })).violations[0], /^Aurora MySQL cluster has no backtrack window/);
    assert.equal((await checkResource(rds.auroraMysqlBacktracking, { type: CLUSTER, props: cluster })).notApplicable, true);
  });

  it("rds-proxy-require-tls", async () => {
    assert.deepEqual((await checkResource(rds.proxyRequiresTls, { type: rds.PROXY, props: { requireTls: true, roleArn: UNKNOWN } })).violations, []);
    assert.deepEqual((await checkResource(rds.proxyRequiresTls, { type: rds.PROXY, props: { engineFamily: "POSTGRESQL" } })).violations, [
      "Proxy accepts clients without TLS, so credentials and data cross the network in clear text before the proxy re-encrypts them. Fix: set requireTls: true.",
    ]);
  });

  it("rds-event-subscription-critical-events", async () => {
    const sub = (props: object) => checkResource(rds.eventSubscriptionCritical, { type: rds.EVENT_SUBSCRIPTION, props: { snsTopic: UNKNOWN, ...props } });
    assert.deepEqual((await sub({ sourceType: "db-instance" })).violations, []);
    assert.deepEqual((await sub({ sourceType: "db-cluster", eventCategories: ["failure", "maintenance", "notification"] })).violations, []);
    assert.deepEqual((await sub({ sourceType: "db-instance", eventCategories: ["failure"] })).violations, [
      "Subscription to db-instance events leaves out maintenance, configuration change. Fix: leave eventCategories empty (all events) or include the categories named for the source type; keep enabled: true.",
    ]);
    assert.match((await sub({ sourceType: "db-parameter-group", enabled: false })).violations[0], /^Event subscription is disabled/);
  });

  it("rds-cluster-multi-az counts cluster instances by property dependency and accepts Multi-AZ DB clusters", async () => {
    const c = { type: CLUSTER, name: "aurora", urn: "urn:cluster", props: { ...cluster, clusterIdentifier: UNKNOWN } };
    const member = (n: string) => ({ type: CLUSTER_INSTANCE, name: n, props: { clusterIdentifier: UNKNOWN }, propertyDependencies: { clusterIdentifier: ["urn:cluster"] } });
    assert.deepEqual((await checkStack(rds.clusterMultiAz, [c, member("a"), member("b")])).violations, []);
    assert.deepEqual((await checkStack(rds.clusterMultiAz, [{ ...c, props: { ...cluster, dbClusterInstanceClass: "db.r6gd.large" } }])).violations, []);
    const v = await checkStack(rds.clusterMultiAz, [c, member("a")]);
    assert.match(v.violations[0], /^Cluster aurora has 1 instance\(s\): one Availability Zone outage/);
    assert.deepEqual(v.urns, ["urn:cluster"]);
  });

  it("rds-instance-not-in-public-subnet follows subnet group, association and route table to an internet gateway", async () => {
    const deps = (m: Record<string, string[]>) => ({ propertyDependencies: m });
    const graph = (routeToIgw: boolean) => [
      { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", urn: "urn:igw", props: { vpcId: UNKNOWN } },
      { type: "aws:ec2/natGateway:NatGateway", name: "nat", urn: "urn:nat", props: {} },
      {
        type: "aws:ec2/routeTable:RouteTable",
        name: "rt",
        urn: "urn:rt",
        props: { vpcId: UNKNOWN, routes: [{ cidrBlock: "0.0.0.0/0", [routeToIgw ? "gatewayId" : "natGatewayId"]: UNKNOWN }] },
        ...deps({ routes: [routeToIgw ? "urn:igw" : "urn:nat"] }),
      },
      { type: "aws:ec2/subnet:Subnet", name: "data-a", urn: "urn:subnet", props: { vpcId: UNKNOWN, cidrBlock: "10.0.8.0/22" } },
      {
        type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
        name: "assoc",
        props: { routeTableId: UNKNOWN, subnetId: UNKNOWN },
        ...deps({ routeTableId: ["urn:rt"], subnetId: ["urn:subnet"] }),
      },
      { type: rds.SUBNET_GROUP, name: "db-subnets", urn: "urn:sng", props: { name: "shop-db", subnetIds: [UNKNOWN] }, ...deps({ subnetIds: ["urn:subnet"] }) },
      { type: INSTANCE, name: "db", urn: "urn:db", props: { ...instance, dbSubnetGroupName: UNKNOWN }, ...deps({ dbSubnetGroupName: ["urn:sng"] }) },
    ];
    assert.deepEqual((await checkStack(rds.instanceNotInPublicSubnet, graph(false))).violations, []);
    const v = await checkStack(rds.instanceNotInPublicSubnet, graph(true));
    assert.deepEqual(v.violations, [
      "DB instance db uses subnet group db-subnets, whose subnet data-a routes to an internet gateway: one security group or publiclyAccessible change from exposure. Fix: give the DB subnet group private subnets only (routes to a NAT gateway or none; the Network component's data subnets).",
    ]);
    assert.deepEqual(v.urns, ["urn:db"]);
  });
});

describe("RDS forms beyond PostgreSQL instances", () => {
  const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

  it("rds-engine-log-export requires audit, error, general and slowquery for MySQL, MariaDB and Aurora MySQL, in any engine case", async () => {
    const all = ["audit", "error", "general", "slowquery"];
    for (const [type, engine] of [
      [INSTANCE, "mysql"],
      [INSTANCE, "MariaDB"],
      [CLUSTER, "aurora-mysql"],
    ]) {
      assert.deepEqual((await checkResource(rds.engineLogExport, { type, props: { engine, enabledCloudwatchLogsExports: all } })).violations, [], engine);
    }
    assert.deepEqual(await violations(rds.engineLogExport, INSTANCE, { engine: "mysql", enabledCloudwatchLogsExports: ["error", "slowquery"] }), [
      msg(rds.engineLogExport, "MySQL does not export its audit, general logs to CloudWatch Logs, so they are lost when RDS rotates them."),
    ]);
    assert.deepEqual(await violations(rds.engineLogExport, INSTANCE, { engine: "oracle-ee", enabledCloudwatchLogsExports: ["alert", "audit", "listener"] }), [
      msg(rds.engineLogExport, "Oracle does not export its trace log to CloudWatch Logs, so it is lost when RDS rotates it."),
    ]);
    assert.deepEqual(await violations(rds.engineLogExport, CLUSTER, { engine: "aurora-mysql" }), [
      msg(rds.engineLogExport, "Aurora MySQL does not export its audit, error, general, slowquery logs to CloudWatch Logs, so they are lost when RDS rotates them."),
    ]);
  });

  it("rds-postgres-log-export covers Aurora PostgreSQL clusters", async () => {
    assert.deepEqual(await violations(rds.postgresLogExport, CLUSTER, cluster), []);
    assert.equal((await violations(rds.postgresLogExport, CLUSTER, withProps(cluster, { enabledCloudwatchLogsExports: [] }))).length, 1);
  });

  it("rds-performance-insights-cmk fails Performance Insights without a key or with the AWS-managed one", async () => {
    const p = rds.performanceInsightsCmk;
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { performanceInsightsEnabled: true, performanceInsightsKmsKeyId: KEY })), []);
    assert.equal((await checkResource(p, { type: INSTANCE, props: instance })).notApplicable, true);
    const unset =
      "Performance Insights keeps query text and wait statistics under the AWS-managed RDS key (performanceInsightsKmsKeyId unset): the database's key policy does not govern who reads them.";
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { performanceInsightsEnabled: true })), [msg(p, unset)]);
    assert.deepEqual(await violations(p, CLUSTER_INSTANCE, { clusterIdentifier: "c", engine: "aurora-postgresql", instanceClass: "db.r6g.large", performanceInsightsEnabled: "true" }), [
      msg(p, unset),
    ]);
    for (const managed of ["alias/aws/rds", "arn:aws:kms:eu-west-1:123456789012:alias/aws/rds"]) {
      assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { performanceInsightsEnabled: true, performanceInsightsKmsKeyId: managed })), [
        msg(p, `Performance Insights names the AWS-managed key ${managed}, which is not a customer-managed key: the database's key policy does not govern who reads its query text.`),
      ]);
    }
  });

  it("rds-engine-version-not-vulnerable fails versions affected by AWS-2022-004 and passes fixed, current and major-only versions", async () => {
    const p = rds.engineVersionNotVulnerable;
    for (const engineVersion of ["16", "16.4", "14.1", "13.3", "12.7", "11.12", "10.17", "9.6.22"]) {
      assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { engineVersion })), [], engineVersion);
    }
    const finding = (engine: string, version: string, why: string) =>
      msg(
        p,
        `${engine} ${version} (${why}) is affected by AWS security bulletin AWS-2022-004: through the log_fdw extension a database user can read files of the host, credentials of the internal service included.`,
      );
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { engineVersion: "13.2" })), [finding("postgres", "13.2", "before 13.3")]);
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { engine: "POSTGRES", engineVersion: "10.16" })), [finding("postgres", "10.16", "before 10.17")]);
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { engineVersion: "9.6.21" })), [finding("postgres", "9.6.21", "before 9.6.22")]);
    assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { engineVersion: "11.8" })), [finding("aurora-postgresql", "11.8", "before 11.9")]);
    assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { engineVersion: "11.9" })), []);
    assert.deepEqual(await violations(p, CLUSTER, withProps(cluster, { engineVersion: "12.4" })), []);
    assert.equal((await checkResource(p, { type: INSTANCE, props: { engine: "mysql", engineVersion: "5.7.1" } })).notApplicable, true);
  });

  it("rds-cluster-storage-encrypted treats Aurora Serverless v1 as encrypted unless it says false", async () => {
    const p = rds.clusterEncrypted;
    const serverless = withProps(without(cluster, "storageEncrypted"), { engineMode: "serverless" });
    assert.deepEqual(await violations(p, CLUSTER, serverless), []);
    assert.deepEqual(await violations(p, CLUSTER, withProps(serverless, { storageEncrypted: false })), [
      msg(p, "DB cluster storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key."),
    ]);
    assert.deepEqual(await violations(p, CLUSTER, withProps(without(cluster, "storageEncrypted"), { engineMode: "provisioned" })), [
      msg(p, "DB cluster storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key."),
    ]);
  });

  it('rds-auto-minor-version-upgrade counts unset as on and fails false (or "false") on cluster instances too', async () => {
    const p = rds.autoMinorUpgrade;
    const member = { clusterIdentifier: "c", engine: "aurora-postgresql", instanceClass: "db.r6g.large" };
    assert.deepEqual(await violations(p, CLUSTER_INSTANCE, member), []);
    const f = msg(p, "Automatic minor version upgrades are off, so engine security fixes wait for someone to apply them.");
    assert.deepEqual(await violations(p, CLUSTER_INSTANCE, { ...member, autoMinorVersionUpgrade: false }), [f]);
    assert.deepEqual(await violations(p, INSTANCE, withProps(instance, { autoMinorVersionUpgrade: "false" })), [f]);
  });
});
