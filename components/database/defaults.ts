import { Environment, isProd } from "../shared/naming";
import { PostgresTlsVersion } from "./args";

export const DEFAULT_ENGINE_VERSION = "16";
/** Majors RDS offers with a `postgres<major>` parameter group family and pgaudit. */
export const SUPPORTED_MAJOR_VERSIONS = ["14", "15", "16", "17"] as const;
export const DEFAULT_INSTANCE_CLASS = "db.t4g.medium";
export const DEFAULT_ALLOCATED_STORAGE_GIB = 20;
export const DEFAULT_MAX_ALLOCATED_STORAGE_GIB = 100;
export const STORAGE_TYPE = "gp3";
export const DEFAULT_MASTER_USERNAME = "dbadmin";
/** RDS.24/RDS.25: the engine defaults, and names RDS reserves. */
export const FORBIDDEN_MASTER_USERNAMES = ["postgres", "admin", "rdsadmin", "root", "app_rw", "readonly", "migrator"] as const;
export const DEFAULT_MIN_TLS: PostgresTlsVersion = "TLSv1.2";
export const DEFAULT_SLOW_QUERY_MS = 1000;
/**
 * FSBP RDS.23: not the engine's well-known 5432, so scanners that sweep default ports miss it. Clients take the
 * port from the connection template and the role secrets.
 */
export const DEFAULT_PORT = 5433;
/** PostgreSQL's default port, which RDS.23 rejects; and the port range RDS accepts for PostgreSQL. */
export const ENGINE_DEFAULT_PORT = 5432;
export const PORT_RANGE = [1150, 65535] as const;
/** DB-2: the CA RDS signs server certificates with, and the bundle clients verify against. */
export const CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";
export const CA_BUNDLE_URL = "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem";
/** DB-7: pgaudit classes (write covers DELETE, ddl covers DROP); `read` is opt-in because of volume. */
export const PGAUDIT_LOG = "ddl,role,write";
export const SHARED_PRELOAD_LIBRARIES = "pg_stat_statements,pgaudit";
export const CLOUDWATCH_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export const DEFAULT_MONITORING_INTERVAL = 60;
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;
export const DEFAULT_PERFORMANCE_INSIGHTS_RETENTION = 7;
export const ENHANCED_MONITORING_POLICY = "service-role/AmazonRDSEnhancedMonitoringRole";
export const multiAzDefault = (env: Environment): boolean => isProd(env);
export const backupRetentionDefault = (env: Environment): number => (isProd(env) ? 35 : 7);
export const deletionProtectionDefault = (env: Environment): boolean => isProd(env);
export const protectDefault = (env: Environment): boolean => isProd(env);

export { ROLE_PASSWORD_LENGTH, ROLE_PASSWORD_SPECIALS, ROTATION_EXCLUDE_CHARACTERS } from "./roles";

/** SEC-4: role passwords rotate monthly by default; never less often than quarterly. */
export const DEFAULT_ROLE_ROTATION_DAYS = 30;
/** Role secrets stay without rotation until the bootstrap SQL created the roles (see `rolesBootstrapped`). */
export const DEFAULT_ROLES_BOOTSTRAPPED = false;
/** The tag a role secret carries while its rotation waits for the bootstrap; policy/secrets.ts accepts it on db secrets only. */
export const PENDING_BOOTSTRAP_TAGS = { rotation: "pending-bootstrap" } as const;
export const MAX_ROLE_ROTATION_DAYS = 90;
export const HTTPS_PORT = 443;
/** The rotation function: seconds per step (three TLS logins at most) and memory. */
export const ROTATION_TIMEOUT_SECONDS = 30;
export const ROTATION_MEMORY_MB = 256;
/** On Lambda's Node.js runtimes this file holds the Amazon RDS CA certificates (trusted through NODE_EXTRA_CA_CERTS). */
export const LAMBDA_RDS_CA_FILE = "/var/runtime/ca-cert.pem";

/** Alarm thresholds (used only when `alarmTopicArn` is given). */
export const ALARMS = {
  /** CPUUtilization average above this percent for 3 periods of 5 minutes. */
  cpuPercent: 80,
  /** FreeStorageSpace below this fraction of the allocated storage. */
  freeStorageFraction: 0.1,
  /** DatabaseConnections above this fraction of max_connections. */
  connectionsFraction: 0.8,
  periodSeconds: 300,
  evaluationPeriods: 3,
} as const;

/** Memory (GiB) of common instance classes; RDS sets max_connections = LEAST(memory bytes / 9531392, 5000). */
const MEMORY_BY_SIZE_GIB: Record<string, Record<string, number>> = {
  t3: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 },
  t4g: { micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, "2xlarge": 32 },
  m5: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128 },
  m6g: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128 },
  m6i: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128 },
  m7g: { large: 8, xlarge: 16, "2xlarge": 32, "4xlarge": 64, "8xlarge": 128 },
  r5: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256 },
  r6g: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256 },
  r6i: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256 },
  r7g: { large: 16, xlarge: 32, "2xlarge": 64, "4xlarge": 128, "8xlarge": 256 },
};

/** RDS's default max_connections for an instance class, or undefined for a class not in the table. */
export function estimatedMaxConnections(instanceClass: string): number | undefined {
  const [, family, size] = instanceClass.split(".");
  const gib = MEMORY_BY_SIZE_GIB[family]?.[size];
  return gib === undefined ? undefined : Math.min(Math.floor((gib * 1024 ** 3) / 9531392), 5000);
}
