/**
 * RDS controls for any instance, cluster or parameter group in the stack, not only SecureDatabase's
 * (DB-1, DB-2, DB-4, DB-5, DB-7, DB-8, DB-10; FSBP RDS.*). One policy per rule.
 *
 * Prod-only rules apply unless policy/environment.ts's isProd says the resource is staging (exactly tagged
 * `staging`, or untagged in a stack whose pack config says staging); any other spelling is held to prod.
 */
import { ENVIRONMENT_CONFIG, isProd, nonProdReason } from "./environment";
import { asArray, isAwsManagedKeyRef, isFalse, isTrue, known, lower, peek, pointsAt, PolicyResourceView, present, raw, referencesResource, resourcePolicy, stackPolicy, setProps } from "./lib";

export const INSTANCE = "aws:rds/instance:Instance";
export const CLUSTER = "aws:rds/cluster:Cluster";
export const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
export const CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";

/** Engine defaults FSBP RDS.24/RDS.25 reject as master user names. */
export const DEFAULT_ADMIN_USERNAMES = ["postgres", "admin"] as const;
/** CAs whose certificates expired (RDS moved to the rsa2048/ecc384 G1 CAs). */
export const EXPIRED_CAS = ["rds-ca-2019", "rds-ca-2015"] as const;
export const TLS_FLOOR_OK = ["TLSv1.2", "TLSv1.3"] as const;

/** Not applicable unless prod rules apply to the resource (policy/environment.ts). */
function prodOnly(r: PolicyResourceView): void {
  if (!isProd(r.props, r.args.getConfig())) r.args.notApplicable(nonProdReason(r.props));
}

/** Not applicable unless the engine is PostgreSQL (RDS or Aurora). */
function postgresOnly(r: PolicyResourceView): void {
  const engine = known(r.props, "engine", "the engine decides whether PostgreSQL rules apply");
  if (engine !== "postgres" && engine !== "aurora-postgresql") r.args.notApplicable(`PostgreSQL-only rule; engine is ${engine ?? "not set"}`);
}

/** Not applicable unless the parameter group family is PostgreSQL (postgresNN, aurora-postgresqlNN). */
function postgresFamilyOnly(r: PolicyResourceView): void {
  const family = String(known(r.props, "family", "the family decides whether PostgreSQL rules apply") ?? "");
  if (!/^(aurora-)?postgres/.test(family)) r.args.notApplicable(`PostgreSQL-only rule; family is ${family || "not set"}`);
}

/** The parameters of a group as name → value (values must be known to decide). */
function parameters(r: PolicyResourceView): Map<string, string> {
  const list = asArray(known(r.props, "parameters", "parameter values decide the check"));
  return new Map(list.map((p: any) => [String(p.name), String(p.value)]));
}

const isOn = (v: string | undefined) => v !== undefined && ["1", "on", "true"].includes(v.toLowerCase());

// ---- instances and clusters: network, encryption, credentials --------------------------------------

export const instanceNotPublic = resourcePolicy({
  name: "rds-instance-not-publicly-accessible",
  description: "RDS and Aurora DB instances are not publicly accessible.",
  types: [INSTANCE, CLUSTER_INSTANCE],
  severity: "critical",
  category: "security",
  controls: ["DB-4"],
  fsbp: ["RDS.2"],
  checkov: ["CKV_AWS_17"],
  remediation: "set publiclyAccessible: false and place the instance in private subnets; admit callers by security group.",
  validate: (r, report) => {
    if (known(r.props, "publiclyAccessible") === true) report("DB instance is publicly accessible: it gets a public DNS name and address, one security group rule away from the internet.");
  },
});

export const instanceEncrypted = resourcePolicy({
  name: "rds-instance-storage-encrypted",
  description: "RDS DB instances encrypt storage at rest (storageEncrypted: true).",
  types: [INSTANCE],
  severity: "high",
  category: "security",
  controls: ["DB-8"],
  fsbp: ["RDS.3"],
  checkov: ["CKV_AWS_16"],
  remediation: "set storageEncrypted: true with kmsKeyId = a customer-managed key (encryption cannot be turned on later: restore a snapshot copy into an encrypted instance).",
  validate: (r, report) => {
    if (known(r.props, "storageEncrypted") !== true) report("DB instance storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key.");
  },
});

export const clusterEncrypted = resourcePolicy({
  name: "rds-cluster-storage-encrypted",
  description: "RDS and Aurora DB clusters encrypt storage at rest (storageEncrypted: true; Aurora Serverless v1, engineMode serverless, is encrypted unless it says false).",
  types: [CLUSTER],
  severity: "high",
  category: "security",
  controls: ["DB-8"],
  fsbp: ["RDS.27"],
  checkov: ["CKV_AWS_96"],
  remediation: "set storageEncrypted: true with kmsKeyId = a customer-managed key (encryption cannot be turned on later).",
  validate: (r, report) => {
    const encrypted = known(r.props, "storageEncrypted");
    // Aurora Serverless v1 (engineMode serverless) clusters are always encrypted; the provider defaults the flag to true for them.
    if (lower(known(r.props, "engineMode")) === "serverless" ? isFalse(encrypted) : !isTrue(encrypted))
      report("DB cluster storage is not encrypted, so its volumes, snapshots and backups are readable without a KMS key.");
  },
});

export const noLiteralMasterPassword = resourcePolicy({
  name: "rds-master-password-managed",
  description: "RDS instances and clusters take no master password input; RDS manages it in Secrets Manager (manageMasterUserPassword: true).",
  types: [INSTANCE, CLUSTER],
  severity: "high",
  category: "security",
  controls: ["DB-5"],
  remediation: "remove the password and set manageMasterUserPassword: true with masterUserSecretKmsKeyId = your CMK; apps use their own role's secret.",
  validate: (r, report) => {
    const props = r.type === INSTANCE ? ["password", "passwordWo"] : ["masterPassword", "masterPasswordWo"];
    const given = props.filter((p) => present(r.props, p));
    if (given.length) report(`DB master password is passed as ${given.join(" and ")}: it sits in program config and state, and nothing rotates it.`);
  },
});

export const customAdminUsername = resourcePolicy({
  name: "rds-custom-admin-username",
  description: "RDS instances and clusters use a master user name other than the engine defaults postgres and admin.",
  types: [INSTANCE, CLUSTER],
  severity: "low",
  category: "security",
  controls: ["DB-5"],
  fsbp: ["RDS.24", "RDS.25"],
  remediation: "set username (instance) or masterUsername (cluster) to a custom name such as dbadmin.",
  validate: (r, report) => {
    const user = known(r.props, r.type === INSTANCE ? "username" : "masterUsername");
    if (typeof user === "string" && (DEFAULT_ADMIN_USERNAMES as readonly string[]).includes(user.toLowerCase()))
      report(`DB master user is the engine default "${user}", the first name password-guessing tries.`);
  },
});

export const iamAuth = resourcePolicy({
  name: "rds-iam-authentication-enabled",
  description: "RDS instances and clusters have IAM database authentication enabled.",
  types: [INSTANCE, CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["DB-3"],
  fsbp: ["RDS.10", "RDS.12"],
  checkov: ["CKV_AWS_161", "CKV_AWS_162"],
  remediation: "set iamDatabaseAuthenticationEnabled: true so roles granted rds_iam can use 15-minute IAM tokens instead of passwords.",
  remediate: setProps({ iamDatabaseAuthenticationEnabled: true }),
  validate: (r, report) => {
    if (known(r.props, "iamDatabaseAuthenticationEnabled") !== true) report("IAM database authentication is off, so every login needs a long-lived password.");
  },
});

// ---- TLS and parameter groups ----------------------------------------------------------------------

export const currentCa = resourcePolicy({
  name: "rds-certificate-authority-current",
  description: "RDS instances and clusters use a current certificate authority (not the expired rds-ca-2019 or rds-ca-2015).",
  types: [INSTANCE, CLUSTER],
  severity: "high",
  category: "security",
  controls: ["DB-2"],
  checkov: ["CKV_AWS_211"],
  remediation: 'set caCertIdentifier (instance) or caCertificateIdentifier (cluster) to "rds-ca-rsa2048-g1" and publish the global bundle to clients.',
  validate: (r, report) => {
    const ca = known(r.props, r.type === INSTANCE ? "caCertIdentifier" : "caCertificateIdentifier");
    if ((EXPIRED_CAS as readonly string[]).includes(ca))
      report(`DB server certificate is signed by ${ca}, which expired: clients that verify the server (sslmode=verify-full) cannot connect, and those that do not are open to impersonation.`);
  },
});

export const postgresCustomParameterGroup = resourcePolicy({
  name: "rds-postgres-custom-parameter-group",
  description: "PostgreSQL instances and clusters use their own parameter group (not absent, not default.*), where TLS and audit settings live.",
  types: [INSTANCE, CLUSTER],
  severity: "high",
  category: "security",
  controls: ["DB-1", "DB-7"],
  remediation:
    "create an aws.rds.ParameterGroup (instance) or aws.rds.ClusterParameterGroup (cluster) with rds.force_ssl=1, ssl_min_protocol_version=TLSv1.2, pgaudit and connection logging, and reference it.",
  validate: (r, report) => {
    postgresOnly(r);
    const prop = r.type === INSTANCE ? "parameterGroupName" : "dbClusterParameterGroupName";
    if (!present(r.props, prop))
      return report(`PostgreSQL ${r.type === INSTANCE ? "instance" : "cluster"} has no ${prop}, so it runs on the engine's default group: TLS is not forced and nothing is audited.`);
    const name = peek(r.props, prop); // an unknown value is a reference to a group in this program, never a default
    if (typeof name === "string" && name.startsWith("default."))
      report(`PostgreSQL ${r.type === INSTANCE ? "instance" : "cluster"} uses the default parameter group ${name}, which cannot be changed: TLS is not forced and nothing is audited.`);
  },
});

export const pgForceSsl = resourcePolicy({
  name: "rds-postgres-parameter-group-force-ssl",
  description: "PostgreSQL parameter groups set rds.force_ssl=1, so the server refuses unencrypted connections.",
  types: [PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP],
  severity: "high",
  category: "security",
  controls: ["DB-1"],
  checkov: ["CKV2_AWS_69"],
  remediation: 'add { name: "rds.force_ssl", value: "1" } to parameters (it defaults to 1 only from PostgreSQL 15; set it explicitly).',
  validate: (r, report) => {
    postgresFamilyOnly(r);
    const v = parameters(r).get("rds.force_ssl");
    if (!isOn(v))
      report(`PostgreSQL parameter group ${v === undefined ? "does not set rds.force_ssl" : `sets rds.force_ssl=${v}`}: clients may connect without TLS and send passwords and data in clear text.`);
  },
});

export const pgTlsFloor = resourcePolicy({
  name: "rds-postgres-parameter-group-tls-floor",
  description: "PostgreSQL parameter groups set ssl_min_protocol_version to TLSv1.2 or TLSv1.3.",
  types: [PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP],
  severity: "high",
  category: "security",
  controls: ["DB-1"],
  remediation: 'add { name: "ssl_min_protocol_version", value: "TLSv1.2" } (or "TLSv1.3") to parameters.',
  validate: (r, report) => {
    postgresFamilyOnly(r);
    const v = parameters(r).get("ssl_min_protocol_version");
    if (!(TLS_FLOOR_OK as readonly string[]).includes(v as string))
      report(
        `PostgreSQL parameter group ${v === undefined ? "does not set ssl_min_protocol_version" : `sets ssl_min_protocol_version=${v}`}: the TLS 1.2 floor is not pinned, so an older, weaker protocol may be negotiated.`,
      );
  },
});

export const pgAudit = resourcePolicy({
  name: "rds-postgres-parameter-group-pgaudit",
  description: "Prod PostgreSQL parameter groups preload pgaudit (shared_preload_libraries) and set pgaudit.log.",
  types: [PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP],
  severity: "medium",
  category: "security",
  controls: ["DB-7"],
  remediation: "add pgaudit to shared_preload_libraries (applyMethod pending-reboot) and set pgaudit.log to ddl,role,write; then CREATE EXTENSION pgaudit.",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    prodOnly(r);
    postgresFamilyOnly(r);
    const params = parameters(r);
    const libs = (params.get("shared_preload_libraries") ?? "").split(",").map((s) => s.trim());
    if (!libs.includes("pgaudit")) report("PostgreSQL parameter group does not preload pgaudit: DDL, role changes and writes leave no audit trail.");
    else if (!params.get("pgaudit.log") || params.get("pgaudit.log") === "none") report("PostgreSQL parameter group preloads pgaudit but sets no pgaudit.log classes, so nothing is audited.");
  },
});

export const pgConnectionLogging = resourcePolicy({
  name: "rds-postgres-parameter-group-connection-logging",
  description: "PostgreSQL parameter groups set log_connections=1 and log_disconnections=1.",
  types: [PARAMETER_GROUP, CLUSTER_PARAMETER_GROUP],
  severity: "medium",
  category: "security",
  controls: ["DB-7"],
  remediation: 'add { name: "log_connections", value: "1" } and { name: "log_disconnections", value: "1" } to parameters.',
  validate: (r, report) => {
    postgresFamilyOnly(r);
    const params = parameters(r);
    const off = ["log_connections", "log_disconnections"].filter((n) => !isOn(params.get(n)));
    if (off.length) report(`PostgreSQL parameter group does not turn on ${off.join(" and ")}: who connected from where, and for how long, is not logged.`);
  },
});

// ---- logging, monitoring, backups, lifecycle --------------------------------------------------------

export const postgresLogExport = resourcePolicy({
  name: "rds-postgres-log-export",
  description: "PostgreSQL instances and clusters export the postgresql log to CloudWatch Logs.",
  types: [INSTANCE, CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["DB-7", "LOG-3"],
  fsbp: ["RDS.9", "RDS.36", "RDS.37"],
  checkov: ["CKV_AWS_324"],
  remediation: 'set enabledCloudwatchLogsExports: ["postgresql", "upgrade"] and create /aws/rds/instance/<identifier>/postgresql first, encrypted and with audit retention.',
  validate: (r, report) => {
    postgresOnly(r);
    const exports = asArray(known(r.props, "enabledCloudwatchLogsExports", "the export list decides the check"));
    if (!exports.includes("postgresql")) report("PostgreSQL log (connections, pgaudit, slow queries) is not exported to CloudWatch Logs, so it is lost when RDS rotates it and no alarm can see it.");
  },
});

export const enhancedMonitoring = resourcePolicy({
  name: "rds-instance-enhanced-monitoring",
  description: "RDS DB instances and Aurora cluster instances have enhanced monitoring (monitoringInterval > 0 with a monitoring role).",
  types: [INSTANCE, CLUSTER_INSTANCE],
  severity: "low",
  category: "resilience",
  controls: ["DB-10"],
  fsbp: ["RDS.6"],
  checkov: ["CKV_AWS_118"],
  remediation: "set monitoringInterval: 60 and monitoringRoleArn to a role for monitoring.rds.amazonaws.com with AmazonRDSEnhancedMonitoringRole.",
  validate: (r, report) => {
    const interval = Number(known(r.props, "monitoringInterval") ?? 0);
    if (!(interval > 0)) report("Enhanced monitoring is off: OS-level CPU, memory and I/O of the DB host are not recorded.");
  },
});

export const backupsEnabled = resourcePolicy({
  name: "rds-instance-backups-enabled",
  description:
    "RDS DB instances keep automated backups for a stated period: backupRetentionPeriod is set and not 0 (unset is the provider default, documented as 0 and at most the API's 1 day); read replicas are exempt.",
  types: [INSTANCE],
  severity: "high",
  category: "resilience",
  controls: ["DB-10", "BAK-2"],
  fsbp: ["RDS.11"],
  checkov: ["CKV_AWS_133"],
  notes: { CKV_AWS_133: "instances; AWS keeps at least one day of automated backups for every cluster" },
  remediation: "set backupRetentionPeriod to 7 (staging) or 35 (prod) days.",
  validate: (r, report) => {
    if (present(r.props, "replicateSourceDb")) return r.args.notApplicable("read replicas are restored from their source's backups");
    const days = known(r.props, "backupRetentionPeriod");
    if (days === undefined || days === null || days === "")
      report(
        "DB instance leaves backupRetentionPeriod unset: the provider documents 0 (automated backups and point-in-time recovery off) and the RDS API keeps 1 day, neither a retention anyone chose.",
      );
    else if (Number(days) === 0) report("DB instance has backupRetentionPeriod 0: automated backups and point-in-time recovery are off.");
  },
});

export const copyTagsToSnapshot = resourcePolicy({
  name: "rds-copy-tags-to-snapshot",
  description: "RDS instances and clusters copy their tags to snapshots.",
  types: [INSTANCE, CLUSTER],
  severity: "low",
  category: "resilience",
  controls: ["DB-10", "BAK-1"],
  fsbp: ["RDS.16", "RDS.17", "RDS.47", "RDS.48"],
  checkov: ["CKV_AWS_313", "CKV2_AWS_60"],
  remediation: "set copyTagsToSnapshot: true.",
  remediate: setProps({ copyTagsToSnapshot: true }),
  validate: (r, report) => {
    if (known(r.props, "copyTagsToSnapshot") !== true) report("Snapshots do not inherit the database's tags, so ownership, environment and backup selection tags are lost on them.");
  },
});

export const autoMinorUpgrade = resourcePolicy({
  name: "rds-auto-minor-version-upgrade",
  description: "RDS instances, cluster instances and clusters apply minor engine versions automatically (autoMinorVersionUpgrade unset counts as on: the provider defaults it to true).",
  types: [INSTANCE, CLUSTER, CLUSTER_INSTANCE],
  severity: "medium",
  category: "security",
  controls: ["DB-10"],
  fsbp: ["RDS.13", "RDS.35"],
  checkov: ["CKV_AWS_226"],
  remediation: "set autoMinorVersionUpgrade: true (minor versions carry security fixes and are applied in the maintenance window).",
  remediate: setProps({ autoMinorVersionUpgrade: true }),
  validate: (r, report) => {
    if (isFalse(known(r.props, "autoMinorVersionUpgrade"))) report("Automatic minor version upgrades are off, so engine security fixes wait for someone to apply them.");
  },
});

export const deletionProtection = resourcePolicy({
  name: "rds-deletion-protection",
  description: "Prod RDS instances and clusters have deletion protection.",
  types: [INSTANCE, CLUSTER],
  severity: "high",
  category: "resilience",
  controls: ["DB-10"],
  fsbp: ["RDS.7", "RDS.8"],
  checkov: ["CKV_AWS_139", "CKV_AWS_293"],
  notes: { CKV_AWS_139: "in prod; staging is exempt", CKV_AWS_293: "in prod; staging is exempt" },
  remediation: "set deletionProtection: true (SecureDatabase does in prod).",
  remediate: setProps({ deletionProtection: true }),
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    prodOnly(r);
    if (known(r.props, "deletionProtection") !== true) report("Prod database has no deletion protection: one API call or a replacement in an update deletes it.");
  },
});

export const finalSnapshot = resourcePolicy({
  name: "rds-final-snapshot",
  description: "Prod RDS instances and clusters take a final snapshot on deletion (skipFinalSnapshot is not true).",
  types: [INSTANCE, CLUSTER],
  severity: "high",
  category: "resilience",
  controls: ["DB-10"],
  remediation: "set skipFinalSnapshot: false and a finalSnapshotIdentifier.",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    prodOnly(r);
    if (known(r.props, "skipFinalSnapshot") === true) report("Prod database skips the final snapshot: deleting it deletes its data with no copy to restore.");
  },
});

export const multiAz = resourcePolicy({
  name: "rds-instance-multi-az",
  description: "Prod RDS DB instances run Multi-AZ.",
  types: [INSTANCE],
  severity: "medium",
  category: "resilience",
  controls: ["DB-10"],
  fsbp: ["RDS.5"],
  checkov: ["CKV_AWS_157"],
  notes: { CKV_AWS_157: "in prod; staging is exempt" },
  remediation: "set multiAz: true (the dbMultiAz config key, true in Pulumi.prod.yaml).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    prodOnly(r);
    if (present(r.props, "replicateSourceDb")) return; // replicas follow their source's availability design
    if (known(r.props, "multiAz") !== true) report("Prod database runs in a single AZ: an AZ outage or host failure stops it until it is restored.");
  },
});

// ---- other engines, proxies, event subscriptions, placement ---------------------------------------------

export const PROXY = "aws:rds/proxy:Proxy";
export const EVENT_SUBSCRIPTION = "aws:rds/eventSubscription:EventSubscription";
export const SUBNET_GROUP = "aws:rds/subnetGroup:SubnetGroup";

/**
 * Logs each non-PostgreSQL engine must export (FSBP RDS.9, RDS.34, RDS.40, RDS.42): every log type the engine can
 * publish to CloudWatch Logs that records access or failures. PostgreSQL and Aurora PostgreSQL are rds-postgres-log-export.
 */
export const ENGINE_LOG_EXPORTS: readonly { engine: RegExp; label: string; logs: readonly string[] }[] = [
  { engine: /^aurora-mysql$|^aurora$/, label: "Aurora MySQL", logs: ["audit", "error", "general", "slowquery"] },
  { engine: /^mysql$/, label: "MySQL", logs: ["audit", "error", "general", "slowquery"] },
  { engine: /^mariadb$/, label: "MariaDB", logs: ["audit", "error", "general", "slowquery"] },
  { engine: /^sqlserver-/, label: "SQL Server", logs: ["agent", "error"] },
  { engine: /^oracle-/, label: "Oracle", logs: ["alert", "audit", "listener", "trace"] },
];

/** The well-known port of each engine family (FSBP RDS.23). */
export const ENGINE_DEFAULT_PORTS: readonly { engine: RegExp; port: number }[] = [
  { engine: /postgres/, port: 5432 },
  { engine: /mysql|mariadb/, port: 3306 },
  { engine: /^oracle/, port: 1521 },
  { engine: /^sqlserver/, port: 1433 },
  { engine: /^db2/, port: 50000 },
];

export const nonDefaultPort = resourcePolicy({
  name: "rds-non-default-port",
  description: "RDS instances and clusters listen on a port other than their engine's well-known default.",
  types: [INSTANCE, CLUSTER],
  severity: "low",
  category: "security",
  controls: ["DB-4"],
  fsbp: ["RDS.23"],
  remediation: "set port to another value (RDS accepts 1150-65535; SecureDatabase defaults to 5433) and give clients the port from the connection template or secret.",
  validate: (r, report) => {
    if (r.type === INSTANCE && present(r.props, "replicateSourceDb")) return r.args.notApplicable("read replicas take the source's port");
    const engine = String(known(r.props, "engine", "the engine decides the default port") ?? "");
    const rule = ENGINE_DEFAULT_PORTS.find((e) => e.engine.test(engine));
    if (!rule) return r.args.notApplicable(`no default port known for engine ${engine || "not set"}`);
    const port = known(r.props, "port");
    if (port === undefined || Number(port) === rule.port)
      report(`${engine} listens on its default port ${rule.port}${port === undefined ? " (port not set)" : ""}, the first one scanners and brute-force tools try.`);
  },
});

export const engineLogExport = resourcePolicy({
  name: "rds-engine-log-export",
  description:
    "MySQL, MariaDB and Aurora MySQL export the audit, error, general and slowquery logs, SQL Server the agent and error logs, Oracle the alert, audit, listener and trace logs (engine names in any case).",
  types: [INSTANCE, CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["LOG-3"],
  fsbp: ["RDS.9", "RDS.34", "RDS.40", "RDS.42"],
  checkov: ["CKV_AWS_129", "CKV_AWS_324", "CKV_AWS_325"],
  remediation:
    "add the engine's logs to enabledCloudwatchLogsExports (mysql, mariadb, aurora-mysql: audit, error, general, slowquery, with the MariaDB audit plugin option for audit on RDS; sqlserver: agent, error; oracle: alert, audit, listener, trace).",
  validate: (r, report) => {
    const engine = lower(known(r.props, "engine", "the engine decides which logs are required"));
    const rule = ENGINE_LOG_EXPORTS.find((e) => e.engine.test(engine));
    if (!rule) return r.args.notApplicable(`no export rule for engine ${engine || "not set"}`);
    const exported = asArray(known(r.props, "enabledCloudwatchLogsExports", "the export list decides the check")).map((l) => lower(l));
    const missing = rule.logs.filter((l) => !exported.includes(l));
    if (missing.length)
      report(
        `${rule.label} does not export its ${missing.join(", ")} log${missing.length > 1 ? "s" : ""} to CloudWatch Logs, so ${missing.length > 1 ? "they are" : "it is"} lost when RDS rotates ${missing.length > 1 ? "them" : "it"}.`,
      );
  },
});

/** Parameters that make other engines refuse unencrypted connections (FSBP RDS.41, RDS.44). */
export const ENGINE_TLS_PARAMETERS: readonly { family: RegExp; label: string; parameter: string }[] = [
  { family: /^sqlserver-/, label: "SQL Server", parameter: "rds.force_ssl" },
  { family: /^mariadb/, label: "MariaDB", parameter: "require_secure_transport" },
  { family: /^mysql/, label: "MySQL", parameter: "require_secure_transport" },
];

export const engineTls = resourcePolicy({
  name: "rds-parameter-group-engine-tls",
  description: "SQL Server parameter groups set rds.force_ssl=1, MariaDB and MySQL ones require_secure_transport=ON.",
  types: [PARAMETER_GROUP],
  severity: "medium",
  category: "security",
  controls: ["DB-1"],
  fsbp: ["RDS.41", "RDS.44"],
  checkov: ["CKV2_AWS_69"],
  remediation: 'add { name: "rds.force_ssl", value: "1" } (SQL Server) or { name: "require_secure_transport", value: "1" } (MariaDB 10.5+, MySQL 5.7+) to parameters.',
  validate: (r, report) => {
    const family = String(known(r.props, "family", "the family decides which parameter applies") ?? "");
    const rule = ENGINE_TLS_PARAMETERS.find((e) => e.family.test(family));
    if (!rule) return r.args.notApplicable(`no in-transit rule for family ${family || "not set"}`);
    const v = parameters(r).get(rule.parameter);
    if (!isOn(v)) report(`${rule.label} parameter group ${v === undefined ? `does not set ${rule.parameter}` : `sets ${rule.parameter}=${v}`}: clients may connect without TLS.`);
  },
});

export const auroraMysqlAudit = resourcePolicy({
  name: "rds-aurora-mysql-audit-logging",
  description: "Aurora MySQL cluster parameter groups turn on server_audit_logging with a non-empty server_audit_events.",
  types: [CLUSTER_PARAMETER_GROUP],
  severity: "medium",
  category: "security",
  controls: ["LOG-3"],
  fsbp: ["RDS.45"],
  remediation: 'add { name: "server_audit_logging", value: "1" } and { name: "server_audit_events", value: "CONNECT,QUERY_DCL,QUERY_DDL" } to parameters.',
  validate: (r, report) => {
    const family = String(known(r.props, "family", "the family decides whether the rule applies") ?? "");
    if (!family.startsWith("aurora-mysql")) return r.args.notApplicable(`Aurora MySQL rule; family is ${family || "not set"}`);
    const p = parameters(r);
    if (!isOn(p.get("server_audit_logging")) || !(p.get("server_audit_events") ?? "").trim())
      report("Aurora MySQL audit logging is off or records no events: connections and privilege changes leave no trace.");
  },
});

export const auroraMysqlBacktracking = resourcePolicy({
  name: "rds-aurora-mysql-backtracking",
  description: "Aurora MySQL clusters keep a backtrack window.",
  types: [CLUSTER],
  severity: "medium",
  category: "resilience",
  controls: ["BAK-2"],
  fsbp: ["RDS.14"],
  checkov: ["CKV_AWS_326"],
  remediation: "set backtrackWindow (seconds, up to 259200 = 72 hours), e.g. 86400.",
  validate: (r, report) => {
    if (known(r.props, "engine", "the engine decides whether the rule applies") !== "aurora-mysql") return r.args.notApplicable("backtracking exists for Aurora MySQL only");
    if (!(Number(known(r.props, "backtrackWindow")) > 0)) report("Aurora MySQL cluster has no backtrack window: undoing a bad write means a full point-in-time restore to a new cluster.");
  },
});

export const performanceInsightsCmk = resourcePolicy({
  name: "rds-performance-insights-cmk",
  description: "RDS instances, cluster instances and clusters with Performance Insights on encrypt it with a customer-managed key (performanceInsightsKmsKeyId, not the AWS-managed alias/aws/rds).",
  types: [INSTANCE, CLUSTER_INSTANCE, CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["DB-8"],
  checkov: ["CKV_AWS_354"],
  remediation: "set performanceInsightsKmsKeyId to the database's CMK (SecureDatabase uses its own key); without it RDS uses the AWS-managed key.",
  validate: (r, report) => {
    if (!isTrue(known(r.props, "performanceInsightsEnabled"))) return r.args.notApplicable("Performance Insights is off");
    const key = peek(r.props, "performanceInsightsKmsKeyId"); // an unknown reference is a key of this program, never an AWS-managed alias
    if (!present(r.props, "performanceInsightsKmsKeyId"))
      report("Performance Insights keeps query text and wait statistics under the AWS-managed RDS key (performanceInsightsKmsKeyId unset): the database's key policy does not govern who reads them.");
    else if (isAwsManagedKeyRef(key))
      report(`Performance Insights names the AWS-managed key ${key}, which is not a customer-managed key: the database's key policy does not govern who reads its query text.`);
  },
});

/**
 * AWS security bulletin AWS-2022-004 (https://aws.amazon.com/security/security-bulletins/AWS-2022-004/): with the
 * log_fdw extension, RDS for PostgreSQL and Aurora PostgreSQL before these minor versions let a database user read
 * local files of the host (credentials of the internal service included). The lowest fixed minor per major;
 * majors not listed and older are affected, newer majors are fixed.
 */
export const LOG_FDW_FIXED: Readonly<Record<string, { newestAffectedMajor: number; fixed: Readonly<Record<number, number>> }>> = {
  postgres: { newestAffectedMajor: 13, fixed: { 13: 3, 12: 7, 11: 12, 10: 17 } },
  "aurora-postgresql": { newestAffectedMajor: 11, fixed: { 11: 9, 10: 14 } },
};

/** Why an engine version is affected by AWS-2022-004, or undefined. A major alone ("16") gets the current minor. */
export function logFdwAffected(engine: string, version: string): string | undefined {
  const rule = LOG_FDW_FIXED[engine];
  if (!rule) return undefined;
  const parts = version
    .trim()
    .split(".")
    .map((p) => Number(p));
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p))) return undefined;
  const [major, minor, patch] = parts;
  if (major > rule.newestAffectedMajor) return undefined;
  if (engine === "postgres" && major === 9) {
    // PostgreSQL 9.x numbers minors in the third part (9.6.22 fixed).
    if (minor === 6 && patch !== undefined && patch >= 22) return undefined;
    return "before 9.6.22";
  }
  const fixed = rule.fixed[major];
  if (fixed !== undefined && minor >= fixed) return undefined;
  return fixed !== undefined ? `before ${major}.${fixed}` : `a ${major}.x release, all affected`;
}

export const engineVersionNotVulnerable = resourcePolicy({
  name: "rds-engine-version-not-vulnerable",
  description:
    "RDS PostgreSQL and Aurora PostgreSQL run no engine version affected by AWS security bulletin AWS-2022-004 (log_fdw local file read): PostgreSQL 13.3, 12.7, 11.12, 10.17, 9.6.22 or later, Aurora PostgreSQL 11.9, 10.14 or later.",
  types: [INSTANCE, CLUSTER, CLUSTER_INSTANCE],
  severity: "high",
  category: "security",
  controls: ["DB-10"],
  checkov: ["CKV_AWS_250", "CKV_AWS_388"],
  remediation: 'set engineVersion to a current major (e.g. "16"), or at least the fixed minor of the bulletin; leave autoMinorVersionUpgrade on.',
  validate: (r, report) => {
    const engine = lower(known(r.props, "engine", "the engine decides whether the bulletin applies"));
    if (!LOG_FDW_FIXED[engine]) return r.args.notApplicable(`bulletin AWS-2022-004 concerns PostgreSQL engines; engine is ${engine || "not set"}`);
    const version = known(r.props, "engineVersion");
    if (typeof version !== "string" || version === "") return; // AWS picks the current default version
    const why = logFdwAffected(engine, version);
    if (why)
      report(
        `${engine} ${version} (${why}) is affected by AWS security bulletin AWS-2022-004: through the log_fdw extension a database user can read files of the host, credentials of the internal service included.`,
      );
  },
});

export const proxyRequiresTls = resourcePolicy({
  name: "rds-proxy-require-tls",
  description: "RDS proxies require TLS for client connections.",
  types: [PROXY],
  severity: "medium",
  category: "security",
  controls: ["DB-1"],
  fsbp: ["RDS.43"],
  remediation: "set requireTls: true.",
  validate: (r, report) => {
    if (known(r.props, "requireTls") !== true) report("Proxy accepts clients without TLS, so credentials and data cross the network in clear text before the proxy re-encrypts them.");
  },
});

/** Event categories FSBP RDS.19-RDS.22 require per source type (an empty list subscribes to all). */
export const CRITICAL_EVENTS: Readonly<Record<string, readonly string[]>> = {
  "db-cluster": ["failure", "maintenance"],
  "db-instance": ["maintenance", "configuration change", "failure"],
  "db-parameter-group": ["configuration change"],
  "db-security-group": ["configuration change", "failure"],
};

export const eventSubscriptionCritical = resourcePolicy({
  name: "rds-event-subscription-critical-events",
  description: "RDS event subscriptions are enabled and include the critical categories of their source type (failure, maintenance, configuration change).",
  types: [EVENT_SUBSCRIPTION],
  severity: "low",
  category: "resilience",
  controls: ["MON-1"],
  fsbp: ["RDS.19", "RDS.20", "RDS.21", "RDS.22"],
  remediation: "leave eventCategories empty (all events) or include the categories named for the source type; keep enabled: true.",
  validate: (r, report) => {
    if (peek(r.props, "enabled") === false) return report("Event subscription is disabled: failures and maintenance go unnoticed.");
    const sourceType = String(known(r.props, "sourceType", "the source type decides the categories") ?? "");
    const required = CRITICAL_EVENTS[sourceType];
    if (!required) return r.args.notApplicable(`no critical categories for source type ${sourceType || "not set"}`);
    const categories = asArray(known(r.props, "eventCategories")).map(String);
    const missing = categories.length ? required.filter((c) => !categories.includes(c)) : [];
    if (missing.length) report(`Subscription to ${sourceType} events leaves out ${missing.join(", ")}.`);
  },
});

export const clusterMultiAz = stackPolicy({
  name: "rds-cluster-multi-az",
  description: "RDS and Aurora clusters run in more than one Availability Zone: a Multi-AZ DB cluster, or at least two cluster instances.",
  severity: "medium",
  category: "resilience",
  controls: ["DB-10"],
  fsbp: ["RDS.15"],
  remediation: "add a second aws.rds.ClusterInstance (Aurora places it in another AZ), or create a Multi-AZ DB cluster (dbClusterInstanceClass with three AZs).",
  validate: (resources, report) => {
    const members = resources.filter((r) => r.type === CLUSTER_INSTANCE);
    for (const cluster of resources.filter((r) => r.type === CLUSTER)) {
      if (present(cluster.props, "dbClusterInstanceClass")) continue; // a Multi-AZ DB cluster: three AZs by construction
      const count = members.filter((m) => referencesResource(m, "clusterIdentifier", cluster, ["clusterIdentifier", "id"])).length;
      if (count < 2) report(`Cluster ${cluster.name} has ${count} instance(s): one Availability Zone outage takes the database down until a new instance is built.`, cluster.urn);
    }
  },
});

export const instanceNotInPublicSubnet = stackPolicy({
  name: "rds-instance-not-in-public-subnet",
  description: "RDS instances sit in subnets whose route tables send no traffic to an internet gateway.",
  severity: "high",
  category: "security",
  controls: ["DB-4", "NET-1"],
  fsbp: ["RDS.46"],
  remediation: "give the DB subnet group private subnets only (routes to a NAT gateway or none; the Network component's data subnets).",
  validate: (resources, report) => {
    const of = (type: string) => resources.filter((r) => r.type === type);
    const igws = of("aws:ec2/internetGateway:InternetGateway");
    const toIgw = (gatewayId: unknown) => typeof gatewayId === "string" && (gatewayId.startsWith("igw-") || igws.some((g) => peek(g.props, "id") === gatewayId));
    const tables = of("aws:ec2/routeTable:RouteTable");
    const publicTables = new Set([
      ...tables.filter((t) => asArray(peek(t.props, "routes")).some((route) => toIgw(raw(route)?.gatewayId)) || pointsAt(t, "routes", igws).length > 0),
      ...of("aws:ec2/route:Route")
        .filter((route) => toIgw(peek(route.props, "gatewayId")) || pointsAt(route, "gatewayId", igws).length > 0)
        .flatMap((route) => pointsAt(route, "routeTableId", tables)),
    ]);
    const subnets = of("aws:ec2/subnet:Subnet");
    const publicSubnets = new Set(
      of("aws:ec2/routeTableAssociation:RouteTableAssociation")
        .filter((a) => pointsAt(a, "routeTableId", tables).some((t) => publicTables.has(t)))
        .flatMap((a) => pointsAt(a, "subnetId", subnets)),
    );
    for (const db of of(INSTANCE)) {
      for (const group of pointsAt(db, "dbSubnetGroupName", of(SUBNET_GROUP), ["name", "id"])) {
        const exposed = pointsAt(group, "subnetIds", subnets).filter((sn) => publicSubnets.has(sn));
        if (exposed.length)
          report(
            `DB instance ${db.name} uses subnet group ${group.name}, whose subnet ${exposed[0].name} routes to an internet gateway: one security group or publiclyAccessible change from exposure.`,
            db.urn,
          );
      }
    }
  },
});

// ---- copies of the data: global clusters, snapshots and replicated backups ------------------------------

export const GLOBAL_CLUSTER = "aws:rds/globalCluster:GlobalCluster";
export const SNAPSHOT_TYPES = ["aws:rds/snapshot:Snapshot", "aws:rds/clusterSnapshot:ClusterSnapshot"] as const;
export const COPY_TYPES = [
  "aws:rds/snapshotCopy:SnapshotCopy",
  "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
] as const;

export const clusterCmkEncrypted = resourcePolicy({
  name: "rds-cluster-cmk-encrypted",
  description: "RDS and Aurora clusters encrypt storage with a customer-managed KMS key (kmsKeyId set, not the AWS-managed alias/aws/rds).",
  types: [CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["DB-8"],
  checkov: ["CKV_AWS_327"],
  remediation: "set kmsKeyId to a customer-managed key whose policy names who may use it (the key cannot be changed after creation: restore a snapshot into a new cluster).",
  validate: (r, report) => {
    if (isFalse(known(r.props, "storageEncrypted")) && lower(known(r.props, "engineMode")) !== "serverless") return; // rds-cluster-storage-encrypted reports it
    const key = peek(r.props, "kmsKeyId"); // an unknown reference is a key of this program, never an AWS-managed alias
    if (!present(r.props, "kmsKeyId") || (typeof key === "string" && key.trim() === ""))
      report("Cluster storage is encrypted under the AWS-managed RDS key (kmsKeyId unset): the key policy is AWS's, so it cannot limit who decrypts the data, its snapshots and their copies.");
    else if (isAwsManagedKeyRef(key)) report(`Cluster storage names the AWS-managed key ${key}: its policy is AWS's, so it cannot limit who decrypts the data.`);
  },
});

export const globalClusterEncrypted = resourcePolicy({
  name: "rds-global-cluster-encrypted",
  description:
    "Aurora global clusters created empty set storageEncrypted: true; one created from an existing cluster (sourceDbClusterIdentifier) takes that cluster's encryption, which rds-cluster-storage-encrypted decides.",
  types: [GLOBAL_CLUSTER],
  severity: "high",
  category: "security",
  controls: ["DB-8"],
  checkov: ["CKV_AWS_140"],
  remediation: "set storageEncrypted: true (it cannot be turned on later), or create the global cluster from an encrypted cluster with sourceDbClusterIdentifier.",
  validate: (r, report) => {
    if (present(r.props, "sourceDbClusterIdentifier")) return;
    if (!isTrue(known(r.props, "storageEncrypted")))
      report("Global cluster is created without storage encryption (storageEncrypted not true): every regional cluster that joins it stores data unencrypted.");
  },
});

export const snapshotNotPublic = resourcePolicy({
  name: "rds-snapshot-not-public",
  description: 'RDS DB and cluster snapshots are not shared with all AWS accounts (sharedAccounts does not list "all").',
  types: SNAPSHOT_TYPES,
  severity: "critical",
  category: "security",
  controls: ["DB-8", "BAK-5"],
  fsbp: ["RDS.1"],
  checkov: ["CKV_AWS_302"],
  remediation: 'remove "all" from sharedAccounts; share with named account ids only, and copy snapshots to other accounts under a customer-managed key.',
  validate: (r, report) => {
    if (asArray(known(r.props, "sharedAccounts")).some((a) => lower(a) === "all")) report('Snapshot is shared with "all": any AWS account can restore the database from it.');
  },
});

export const copiesCmkEncrypted = resourcePolicy({
  name: "rds-snapshot-copies-cmk-encrypted",
  description: "Snapshot copies, cluster snapshot copies and replicated automated backups name a customer-managed KMS key (kmsKeyId set, not an AWS-managed alias/aws/...).",
  types: COPY_TYPES,
  severity: "medium",
  category: "security",
  controls: ["DB-8", "BAK-4"],
  checkov: ["CKV_AWS_245", "CKV_AWS_266"],
  remediation: "set kmsKeyId to a customer-managed key in the destination region (the DR key of the backup plan).",
  validate: (r, report) => {
    const key = peek(r.props, "kmsKeyId");
    if (!present(r.props, "kmsKeyId") || (typeof key === "string" && key.trim() === ""))
      report("The copy names no KMS key (kmsKeyId unset): it keeps the source's AWS-managed key or none, so no key policy of yours limits who restores it.");
    else if (isAwsManagedKeyRef(key)) report(`The copy is encrypted under the AWS-managed key ${key}: its policy is AWS's, so it cannot limit who restores it.`);
  },
});

export const policies = [
  instanceNotPublic,
  instanceEncrypted,
  clusterEncrypted,
  noLiteralMasterPassword,
  customAdminUsername,
  iamAuth,
  currentCa,
  postgresCustomParameterGroup,
  pgForceSsl,
  pgTlsFloor,
  pgAudit,
  pgConnectionLogging,
  postgresLogExport,
  enhancedMonitoring,
  backupsEnabled,
  copyTagsToSnapshot,
  autoMinorUpgrade,
  deletionProtection,
  finalSnapshot,
  multiAz,
  nonDefaultPort,
  engineLogExport,
  performanceInsightsCmk,
  engineVersionNotVulnerable,
  engineTls,
  auroraMysqlAudit,
  auroraMysqlBacktracking,
  proxyRequiresTls,
  eventSubscriptionCritical,
  clusterMultiAz,
  instanceNotInPublicSubnet,
  clusterCmkEncrypted,
  globalClusterEncrypted,
  snapshotNotPublic,
  copiesCmkEncrypted,
];
