import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { kmsKeyArn, rolePattern, topicArn } from "../shared/arn";
import { cidrRule } from "../shared/cidr";
import { appNameRule, awsId } from "../shared/names";
import { dailyWindow, maintenanceWindow, parseWindow, windowsOverlap } from "../shared/schedule";
import { checkArgs, environment, input, list, logClasses, num, opt, req, Shape, str } from "../shared/shape";
import { CacheEngine, CachePurpose, EvictionPolicy, SecureCacheArgs } from "./args";
import {
  DEFAULT_ROTATION_DAYS,
  DEFAULT_ENGINE,
  DEFAULT_ENGINE_VERSION,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_NODE_TYPE,
  DEFAULT_PORT,
  DEFAULT_PURPOSES,
  DEFAULT_SNAPSHOT_WINDOW,
  MAX_REPLICAS,
  MAX_ROTATION_DAYS,
  MAX_SNAPSHOT_RETENTION_DAYS,
  EVICTION_POLICIES,
  defaultKeyPrefixes,
  holdsDurableKeys,
  maxmemoryPolicy,
  replicasDefault,
  snapshotRetentionDefault,
} from "./defaults";

export type ResolvedCacheArgs = SecureCacheArgs & {
  readonly allowedSecurityGroupIds: NonNullable<SecureCacheArgs["allowedSecurityGroupIds"]>;
  readonly allowedCidrs: readonly string[];
  readonly engine: CacheEngine;
  readonly engineVersion: string;
  readonly nodeType: string;
  readonly replicas: number;
  readonly port: number;
  readonly purposes: readonly CachePurpose[];
  readonly maxmemoryPolicy: EvictionPolicy;
  readonly keyPrefixes: readonly string[];
  readonly appUserName: string;
  readonly snapshotRetentionDays: number;
  readonly rotationDays: number;
  readonly maintenanceWindow: string;
  readonly snapshotWindow: string;
  /** Replication group id (also the subnet group, parameter group and user id prefix). */
  readonly groupId: string;
  /** Parameter group family derived from engine and version, e.g. valkey8, redis7. */
  readonly family: string;
};

const PURPOSES: readonly CachePurpose[] = ["cache", "session", "ratelimit"];
/** ElastiCache identifiers: a letter, then letters, digits, single hyphens; at most 40; no trailing hyphen. */
const ELASTICACHE_ID = /^[a-z](?!.*--)[a-z0-9-]{0,39}(?<!-)$/;

/** The parameter group family of an engine version, or undefined when the package does not support it. */
export function parameterFamily(engine: CacheEngine, version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (engine === "valkey") return major === 7 || major === 8 ? `valkey${major}` : undefined;
  return major === 7 ? "redis7" : undefined;
}

/** Operators' private networks only; never a /0, a public range or a block with host bits. */
const ALLOWED_CIDR = cidrRule("CIDR_INVALID", { world: false, worldCode: "ALLOWLIST_WORLD", private: true, publicCode: "ALLOWLIST_PUBLIC" });

/** Runtime shape of {@link SecureCacheArgs}. */
export const SHAPE: Shape<SecureCacheArgs> = {
  environment,
  appName: req(str()),
  logs: req(logClasses),
  vpcId: req(input(str(awsId("vpc", "VPC_ID")))),
  subnetIds: req(list(input(str(awsId("subnet", "SUBNET_ID"))), { unique: true, min: 2, minCode: "SUBNETS", minFix: "pass the private data subnets of two or more AZs (Network.dataSubnetIds)." })),
  allowedSecurityGroupIds: opt(list(input(str(awsId("sg", "SECURITY_GROUP_ID"))), { unique: true })),
  allowedCidrs: opt(list(str(), { unique: true })),
  engine: opt(str()),
  engineVersion: opt(str()),
  nodeType: opt(str()),
  replicas: opt(num()),
  port: opt(num()),
  purposes: opt(list(str(), { unique: true })),
  maxmemoryPolicy: opt(str()),
  keyPrefixes: opt(list(str(), { unique: true })),
  appUserName: opt(str()),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  snapshotRetentionDays: opt(num()),
  rotationSubnetIds: req(
    list(input(str(awsId("subnet", "SUBNET_ID"))), {
      unique: true,
      min: 2,
      minCode: "ROTATION_SUBNETS",
      minFix: "pass private subnets of two or more AZs that reach the cache and, on 443, the AWS APIs (Network.appSubnetIds).",
    }),
  ),
  rotationDays: opt(num()),
  readerRoleArns: opt(list(input(str(rolePattern("READER_ARN"))), { unique: true })),
  alarmTopicArn: opt(input(str(topicArn()))),
  maintenanceWindow: opt(str(maintenanceWindow())),
  snapshotWindow: opt(str(dailyWindow())),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export function checked(name: string, args: SecureCacheArgs): SecureCacheArgs {
  return checkArgs("SecureCache", "CACHE", name, args, SHAPE);
}

export function withDefaults(name: string, args: SecureCacheArgs): ResolvedCacheArgs {
  const engine = args.engine ?? DEFAULT_ENGINE;
  const engineVersion = args.engineVersion ?? DEFAULT_ENGINE_VERSION[engine];
  return {
    ...args,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    allowedCidrs: args.allowedCidrs ?? [],
    engine,
    engineVersion,
    nodeType: args.nodeType ?? DEFAULT_NODE_TYPE,
    replicas: args.replicas ?? replicasDefault(args.environment),
    port: args.port ?? DEFAULT_PORT,
    purposes: args.purposes ?? DEFAULT_PURPOSES,
    maxmemoryPolicy: args.maxmemoryPolicy ?? maxmemoryPolicy(args.purposes ?? DEFAULT_PURPOSES),
    keyPrefixes: args.keyPrefixes ?? defaultKeyPrefixes(args.appName),
    appUserName: args.appUserName ?? args.appName,
    snapshotRetentionDays: args.snapshotRetentionDays ?? snapshotRetentionDefault(args.environment),
    rotationDays: args.rotationDays ?? DEFAULT_ROTATION_DAYS,
    maintenanceWindow: args.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW,
    snapshotWindow: args.snapshotWindow ?? DEFAULT_SNAPSHOT_WINDOW,
    groupId: `${args.appName}-${args.environment}-${name}`.toLowerCase(),
    family: parameterFamily(engine, engineVersion) ?? "",
  };
}

export function validate(name: string, a: ResolvedCacheArgs): ResolvedCacheArgs {
  checkEnvironment("SecureCache", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(
    a.allowedSecurityGroupIds.length === 0 && a.allowedCidrs.length === 0,
    "CACHE_ALLOWLIST_EMPTY",
    "allowedSecurityGroupIds",
    "neither security groups nor CIDRs are admitted, so nothing can reach the cache",
    "pass the app's security group id in allowedSecurityGroupIds (and private admin CIDRs in allowedCidrs if needed).",
  );
  a.allowedCidrs.forEach((c, i) => {
    const f = ALLOWED_CIDR(c);
    if (f) p.add(`CACHE_${f.code}`, `allowedCidrs[${i}]`, f.problem, f.fix);
  });
  p.check(a.engine !== "valkey" && a.engine !== "redis", "CACHE_ENGINE", "engine", `"${a.engine}" is not supported`, 'use "valkey" or "redis".');
  p.check(
    a.family === "",
    "CACHE_ENGINE_VERSION",
    "engineVersion",
    `${a.engine} ${a.engineVersion} is not supported (transit encryption mode "required" and RBAC need Valkey 7.2/8.x or Redis OSS 7.x)`,
    `use ${a.engine === "valkey" ? '"8.0"' : '"7.1"'}.`,
  );
  p.check(
    !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(a.nodeType) || /\.(micro|nano)$/.test(a.nodeType),
    "CACHE_NODE_TYPE",
    "nodeType",
    `"${a.nodeType}" is not a node type with at least 1 GiB usable memory`,
    "use cache.t4g.small or larger (e.g. cache.r7g.large in prod).",
  );
  p.check(
    !Number.isInteger(a.replicas) || a.replicas < 0 || a.replicas > MAX_REPLICAS,
    "CACHE_REPLICAS",
    "replicas",
    `${a.replicas} replicas; ElastiCache takes 0 to ${MAX_REPLICAS}`,
    `set replicas between 0 and ${MAX_REPLICAS}.`,
  );
  p.check(
    a.environment === "prod" && a.replicas < 1,
    "CACHE_PROD_NO_REPLICA",
    "replicas",
    "prod without a replica has no automatic failover and no Multi-AZ: one node failure loses every session",
    "leave replicas unset in prod (1) or set it to 1 or more.",
  );
  p.check(!Number.isInteger(a.port) || a.port < 1024 || a.port > 65535, "CACHE_PORT", "port", `${a.port} is not a port from 1024 to 65535`, "leave port unset (6379).");
  p.check(
    !Number.isInteger(a.snapshotRetentionDays) || a.snapshotRetentionDays < 0 || a.snapshotRetentionDays > MAX_SNAPSHOT_RETENTION_DAYS,
    "CACHE_SNAPSHOT_RETENTION",
    "snapshotRetentionDays",
    `${a.snapshotRetentionDays} days; ElastiCache keeps snapshots 0 to ${MAX_SNAPSHOT_RETENTION_DAYS} days`,
    `set 1 to ${MAX_SNAPSHOT_RETENTION_DAYS}.`,
  );
  p.check(
    a.environment === "prod" && a.snapshotRetentionDays === 0,
    "CACHE_PROD_NO_SNAPSHOTS",
    "snapshotRetentionDays",
    "prod with snapshots turned off cannot be restored",
    "leave snapshotRetentionDays unset in prod (35).",
  );
  p.check(
    a.purposes.length === 0 || a.purposes.some((x) => !PURPOSES.includes(x)),
    "CACHE_PURPOSE",
    "purposes",
    `${JSON.stringify(a.purposes)} must list one or more of ${PURPOSES.join(", ")}`,
    'e.g. ["session", "ratelimit"].',
  );
  p.check(
    !EVICTION_POLICIES.includes(a.maxmemoryPolicy),
    "CACHE_EVICTION_POLICY",
    "maxmemoryPolicy",
    `${JSON.stringify(a.maxmemoryPolicy)} is not a maxmemory-policy ElastiCache accepts`,
    `use one of ${EVICTION_POLICIES.join(", ")}, or leave it unset.`,
  );
  p.check(
    Array.isArray(a.purposes) && holdsDurableKeys(a.purposes) && a.maxmemoryPolicy.startsWith("allkeys-"),
    "CACHE_EVICTION_DURABLE_KEYS",
    "maxmemoryPolicy",
    `"${a.maxmemoryPolicy}" would evict keys without a TTL, and purposes ${JSON.stringify(a.purposes)} keep sessions or rate-limit counters there (a user logged out, a limit reset, silently)`,
    'leave maxmemoryPolicy unset ("volatile-lru"), or use another volatile-* policy or "noeviction"; put a pure cache in its own SecureCache with purposes ["cache"].',
  );
  p.check(a.keyPrefixes.length === 0, "CACHE_KEY_PREFIXES", "keyPrefixes", "no key prefixes: the app user could touch no key", 'list the prefixes the app uses, e.g. ["sess:", "rl:", "shop:"].');
  a.keyPrefixes.forEach((k, i) =>
    p.check(
      !/^[A-Za-z0-9][A-Za-z0-9:_.{}-]*$/.test(k),
      "CACHE_KEY_PREFIX",
      `keyPrefixes[${i}]`,
      `"${k}" is not a key prefix (a wildcard or whitespace would widen the user's key space)`,
      'use a literal prefix such as "sess:".',
    ),
  );
  p.check(
    a.appUserName === "default" || !/^[a-z][a-z0-9-]{0,39}$/.test(a.appUserName),
    "CACHE_APP_USER",
    "appUserName",
    `"${a.appUserName}" cannot be the app user (not "default"; lowercase letters, digits, hyphens)`,
    "leave appUserName unset (the app name).",
  );
  p.check(
    !ELASTICACHE_ID.test(a.groupId) || a.groupId.length > 32,
    "CACHE_ID",
    appNameRule()(a.appName) ? "appName" : "name",
    `replication group id "${a.groupId}" (<appName>-<env>-<name>) must be at most 32 lowercase letters, digits and single hyphens (the user ids add 8)`,
    "use a shorter component name or appName.",
  );
  p.check(
    !/^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/.test(a.maintenanceWindow),
    "CACHE_MAINTENANCE_WINDOW",
    "maintenanceWindow",
    `"${a.maintenanceWindow}" is not ddd:hh:mm-ddd:hh:mm`,
    'e.g. "sun:03:00-sun:04:00".',
  );
  const [snapshot, maintenance] = [parseWindow(a.snapshotWindow, false), parseWindow(a.maintenanceWindow, true)];
  p.check(
    !!snapshot && !!maintenance && windowsOverlap(snapshot, maintenance),
    "CACHE_WINDOW_OVERLAP",
    "snapshotWindow",
    `"${a.snapshotWindow}" overlaps the maintenance window "${a.maintenanceWindow}", which ElastiCache refuses`,
    'move one of them, e.g. snapshotWindow "01:00-02:00" with maintenanceWindow "sun:03:00-sun:04:00".',
  );
  p.check(!/^\d{2}:\d{2}-\d{2}:\d{2}$/.test(a.snapshotWindow), "CACHE_SNAPSHOT_WINDOW", "snapshotWindow", `"${a.snapshotWindow}" is not hh:mm-hh:mm`, 'e.g. "01:00-02:00".');
  p.check(
    !Number.isInteger(a.rotationDays) || a.rotationDays < 1 || a.rotationDays > MAX_ROTATION_DAYS,
    "CACHE_ROTATION_DAYS",
    "rotationDays",
    `rotation every ${a.rotationDays} days; credentials rotate at least quarterly`,
    `set 1 to ${MAX_ROTATION_DAYS} days, or leave it unset (${DEFAULT_ROTATION_DAYS}).`,
  );
  (a.readerRoleArns ?? []).forEach((r, i) => {
    if (typeof r !== "string") return;
    p.check(
      !/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/*-]+$/.test(r) || /:role\/\*?$/.test(r),
      "CACHE_READER_ARN",
      `readerRoleArns[${i}]`,
      `"${r}" is not an IAM role ARN (or a role-name pattern) of one account`,
      "use arn:aws:iam::<account>:role/<name>, e.g. the task role of the service.",
    );
  });
  p.throwIfAny("SecureCache", name);
  return a;
}
