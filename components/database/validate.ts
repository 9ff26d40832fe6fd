import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { kmsKeyArn, lambdaArn, rolePattern, topicArn } from "../shared/arn";
import { cidrRule } from "../shared/cidr";
import { appNameRule, awsId, matches } from "../shared/names";
import { anything, bool, checkArgs, environment, input, list, logClasses, num, opt, req, Shape, str, within } from "../shared/shape";
import { SecureDatabaseArgs } from "./args";
import * as d from "./defaults";

export type ResolvedDatabaseArgs = Required<Omit<SecureDatabaseArgs, "kmsKeyArn" | "alarmTopicArn" | "maxConnections" | "rotationLambdaArn" | "readerRoleArns">> &
  Pick<SecureDatabaseArgs, "kmsKeyArn" | "alarmTopicArn" | "maxConnections" | "rotationLambdaArn" | "readerRoleArns"> & {
    /** `<appName>-<env>-<name>`: fixed, so log group names and alarms are known at preview. */
    readonly identifier: string;
    /** Parameter group family, e.g. `postgres16`. */
    readonly family: string;
  };

/** DB-4: operators' private networks only; never a /0, a public range or a block with host bits. */
const ALLOWED_CIDR = cidrRule("ALLOWLIST_CIDR", { world: false, worldCode: "ALLOWLIST_WORLD", private: true, publicCode: "ALLOWLIST_PUBLIC" });

/** Runtime shape of {@link SecureDatabaseArgs}. */
export const SHAPE: Shape<SecureDatabaseArgs> = {
  environment,
  appName: req(str()),
  logs: req(logClasses),
  vpcId: req(input(str(awsId("vpc", "VPC_ID")))),
  subnetIds: req(
    input(list(input(str(awsId("subnet", "SUBNET_ID"))), { unique: true, min: 2, minCode: "SUBNETS", minFix: "pass the private data subnets of two or more AZs (Network.dataSubnetIds)." })),
  ),
  allowedSecurityGroupIds: opt(list(input(str(awsId("sg", "SECURITY_GROUP_ID"))), { unique: true })),
  allowedCidrs: opt(list(str(), { unique: true })),
  port: opt(num()),
  engineVersion: opt(str()),
  instanceClass: opt(str(matches(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "INSTANCE_CLASS", "an RDS instance class", '"db.t4g.medium"'))),
  allocatedStorage: opt(num()),
  maxAllocatedStorage: opt(num()),
  databaseName: opt(str()),
  masterUsername: opt(str()),
  minTlsVersion: opt(str()),
  slowQueryMs: opt(num()),
  multiAz: opt(bool),
  backupRetentionDays: opt(num()),
  deletionProtection: opt(bool),
  protect: opt(bool),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  monitoringInterval: opt(num()),
  performanceInsightsRetentionDays: opt(num()),
  alarmTopicArn: opt(input(str(topicArn()))),
  maxConnections: opt(num("integer", within(1, 262143))),
  roleRotationDays: opt(num()),
  rolesBootstrapped: opt(anything) /* DB_ROLES_BOOTSTRAPPED */,
  rotationLambdaArn: opt(input(str(lambdaArn("ROTATION_LAMBDA_ARN")))),
  readerRoleArns: opt(list(input(str(rolePattern("READER_ARN"))), { unique: true })),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: SecureDatabaseArgs): SecureDatabaseArgs => checkArgs("SecureDatabase", "DB", name, args, SHAPE);

export function withDefaults(name: string, args: SecureDatabaseArgs): ResolvedDatabaseArgs {
  const env = args.environment;
  const engineVersion = args.engineVersion ?? d.DEFAULT_ENGINE_VERSION;
  return {
    ...args,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    allowedCidrs: args.allowedCidrs ?? [],
    engineVersion,
    port: args.port ?? d.DEFAULT_PORT,
    instanceClass: args.instanceClass ?? d.DEFAULT_INSTANCE_CLASS,
    allocatedStorage: args.allocatedStorage ?? d.DEFAULT_ALLOCATED_STORAGE_GIB,
    maxAllocatedStorage: args.maxAllocatedStorage ?? Math.max(d.DEFAULT_MAX_ALLOCATED_STORAGE_GIB, args.allocatedStorage ?? 0),
    databaseName: args.databaseName ?? args.appName.replace(/[^A-Za-z0-9]/g, ""),
    masterUsername: args.masterUsername ?? d.DEFAULT_MASTER_USERNAME,
    minTlsVersion: args.minTlsVersion ?? d.DEFAULT_MIN_TLS,
    slowQueryMs: args.slowQueryMs ?? d.DEFAULT_SLOW_QUERY_MS,
    multiAz: args.multiAz ?? d.multiAzDefault(env),
    backupRetentionDays: args.backupRetentionDays ?? d.backupRetentionDefault(env),
    deletionProtection: args.deletionProtection ?? d.deletionProtectionDefault(env),
    protect: args.protect ?? d.protectDefault(env),
    monitoringInterval: args.monitoringInterval ?? d.DEFAULT_MONITORING_INTERVAL,
    performanceInsightsRetentionDays: args.performanceInsightsRetentionDays ?? d.DEFAULT_PERFORMANCE_INSIGHTS_RETENTION,
    roleRotationDays: args.roleRotationDays ?? d.DEFAULT_ROLE_ROTATION_DAYS,
    rolesBootstrapped: args.rolesBootstrapped ?? d.DEFAULT_ROLES_BOOTSTRAPPED,
    identifier: `${args.appName}-${env}-${name}`,
    family: `postgres${engineVersion.split(".")[0]}`,
  };
}

export function validate(name: string, a: ResolvedDatabaseArgs): ResolvedDatabaseArgs {
  checkEnvironment("SecureDatabase", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(
    a.allowedSecurityGroupIds.length === 0 && a.allowedCidrs.length === 0,
    "DB_ALLOWLIST_EMPTY",
    "allowedSecurityGroupIds",
    "neither allowedSecurityGroupIds nor allowedCidrs is set, so nothing could reach the database",
    "pass the app tasks' security group id in allowedSecurityGroupIds (and VPN/bastion CIDRs in allowedCidrs if operators need access).",
  );
  a.allowedCidrs.forEach((cidr, i) => {
    const f = ALLOWED_CIDR(cidr);
    if (f) p.add(`DB_${f.code}`, `allowedCidrs[${i}]`, f.problem, f.fix);
  });
  p.check(
    !Number.isInteger(a.port) || a.port < d.PORT_RANGE[0] || a.port > d.PORT_RANGE[1],
    "DB_PORT",
    "port",
    `${a.port} is not a port RDS accepts for PostgreSQL`,
    `use a whole number from ${d.PORT_RANGE[0]} to ${d.PORT_RANGE[1]} other than ${d.ENGINE_DEFAULT_PORT}, or leave it unset (${d.DEFAULT_PORT}).`,
  );
  p.check(
    !/^\d+(\.\d+)?$/.test(a.engineVersion) || !(d.SUPPORTED_MAJOR_VERSIONS as readonly string[]).includes(a.engineVersion.split(".")[0]),
    "DB_ENGINE_VERSION",
    "engineVersion",
    `"${a.engineVersion}" is not a supported PostgreSQL major (optionally with a minor)`,
    `use one of ${d.SUPPORTED_MAJOR_VERSIONS.join(", ")}, e.g. "16".`,
  );
  p.check(
    a.minTlsVersion !== "TLSv1.2" && a.minTlsVersion !== "TLSv1.3",
    "DB_TLS_VERSION",
    "minTlsVersion",
    `"${a.minTlsVersion}" is below the TLS 1.2 floor or not a PostgreSQL value`,
    'use "TLSv1.2" (default) or "TLSv1.3".',
  );
  p.check(
    !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(a.identifier) || a.identifier.length > 50,
    "DB_IDENTIFIER",
    appNameRule()(a.appName) ? "appName" : "name",
    `the instance identifier "${a.identifier}" (<appName>-<environment>-<name>) is not a valid RDS identifier of at most 50 characters`,
    "use lowercase letters, digits and single hyphens in appName and the component name.",
  );
  p.check(
    !/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(a.databaseName),
    "DB_NAME",
    "databaseName",
    `"${a.databaseName}" is not a valid database name`,
    "start with a letter; use letters, digits and underscores, at most 63 characters.",
  );
  p.check(
    !/^[a-z][a-z0-9_]{0,15}$/.test(a.masterUsername) || (d.FORBIDDEN_MASTER_USERNAMES as readonly string[]).includes(a.masterUsername),
    "DB_MASTER_USERNAME",
    "masterUsername",
    `"${a.masterUsername}" is an engine default, reserved, one of the app roles or not a valid user name`,
    `choose a custom lowercase name of at most 16 characters, e.g. "${d.DEFAULT_MASTER_USERNAME}".`,
  );
  p.check(
    !Number.isInteger(a.backupRetentionDays) || a.backupRetentionDays < 1 || a.backupRetentionDays > 35,
    "DB_BACKUP_RETENTION",
    "backupRetentionDays",
    `${a.backupRetentionDays} days; 0 turns automated backups and point-in-time recovery off and RDS allows at most 35`,
    "set 1 to 35 days (7 staging, 35 prod by default).",
  );
  p.check(
    a.environment === "prod" && !a.deletionProtection,
    "DB_PROD_DELETION_PROTECTION",
    "deletionProtection",
    "prod without deletion protection can be deleted by a single API call",
    "leave deletionProtection unset (true in prod).",
  );
  p.check(
    !(d.MONITORING_INTERVALS as readonly number[]).includes(a.monitoringInterval),
    "DB_MONITORING_INTERVAL",
    "monitoringInterval",
    `${a.monitoringInterval} seconds is not an enhanced monitoring interval (0 would turn it off)`,
    `use one of ${d.MONITORING_INTERVALS.join(", ")}.`,
  );
  p.check(
    !Number.isInteger(a.allocatedStorage) || a.allocatedStorage < 20 || a.allocatedStorage > 65536,
    "DB_STORAGE",
    "allocatedStorage",
    `${a.allocatedStorage} GiB is outside gp3's 20 to 65536 GiB`,
    "set allocatedStorage to 20 or more.",
  );
  p.check(
    !Number.isInteger(a.maxAllocatedStorage) || a.maxAllocatedStorage < a.allocatedStorage || a.maxAllocatedStorage > 65536,
    "DB_STORAGE",
    "maxAllocatedStorage",
    `the autoscaling ceiling ${a.maxAllocatedStorage} GiB is below the start (${a.allocatedStorage} GiB) or above 65536`,
    "set maxAllocatedStorage to at least allocatedStorage.",
  );
  p.check(
    !Number.isInteger(a.slowQueryMs) || a.slowQueryMs < 0,
    "DB_SLOW_QUERY_MS",
    "slowQueryMs",
    `${a.slowQueryMs} is not a whole number of milliseconds`,
    "set slowQueryMs to 0 (log every statement) or more; 1000 is the default.",
  );
  p.check(
    a.performanceInsightsRetentionDays !== 7 &&
      !(a.performanceInsightsRetentionDays % 31 === 0 && a.performanceInsightsRetentionDays >= 31 && a.performanceInsightsRetentionDays <= 713) &&
      a.performanceInsightsRetentionDays !== 731,
    "DB_PI_RETENTION",
    "performanceInsightsRetentionDays",
    `${a.performanceInsightsRetentionDays} is not a Performance Insights retention`,
    "use 7, a multiple of 31 up to 713, or 731.",
  );
  p.check(
    typeof a.rolesBootstrapped !== "boolean",
    "DB_ROLES_BOOTSTRAPPED",
    "rolesBootstrapped",
    `${JSON.stringify(a.rolesBootstrapped)} is not true or false`,
    "leave it unset (false) until the bootstrap SQL ran, then set true.",
  );
  p.check(
    !Number.isInteger(a.roleRotationDays) || a.roleRotationDays < 1 || a.roleRotationDays > d.MAX_ROLE_ROTATION_DAYS,
    "DB_ROLE_ROTATION_DAYS",
    "roleRotationDays",
    `${a.roleRotationDays} is not a whole number of days from 1 to ${d.MAX_ROLE_ROTATION_DAYS}; role passwords must rotate at least quarterly (SEC-4)`,
    `set roleRotationDays to 1..${d.MAX_ROLE_ROTATION_DAYS} (${d.DEFAULT_ROLE_ROTATION_DAYS} by default).`,
  );
  const maxConn = a.maxConnections ?? d.estimatedMaxConnections(a.instanceClass);
  p.check(
    a.alarmTopicArn !== undefined && (maxConn === undefined || !Number.isInteger(maxConn) || maxConn < 1),
    "DB_MAX_CONNECTIONS",
    "maxConnections",
    `no max_connections known for ${a.instanceClass}, so the connections alarm has no threshold`,
    "pass maxConnections (the instance's max_connections).",
  );
  p.throwIfAny("SecureDatabase", name);
  return a;
}
