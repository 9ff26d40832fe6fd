/** ElastiCache controls: TLS, at-rest encryption, RBAC, replication groups only, prod resilience (CACHE-1..6). */
import { ENVIRONMENT_CONFIG, isProd, nonProdReason } from "./environment";
import { asArray, isFalse, isTrue, isUnknown, known, lower, peek, PolicyResourceView, present, resourcePolicy } from "./lib";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const CLUSTER = "aws:elasticache/cluster:Cluster";
const USER = "aws:elasticache/user:User";
const PARAMS = "aws:elasticache/parameterGroup:ParameterGroup";

export const rgTransitEncryption = resourcePolicy({
  name: "elasticache-replication-group-transit-encryption",
  description: 'Valkey/Redis replication groups encrypt traffic in transit with TLS required (transitEncryptionEnabled true, transitEncryptionMode not "preferred").',
  types: [RG],
  severity: "high",
  category: "security",
  controls: ["CACHE-1"],
  fsbp: ["ElastiCache.5"],
  checkov: ["CKV_AWS_30", "CKV_AWS_31"],
  remediation: 'set transitEncryptionEnabled: true and transitEncryptionMode: "required" (SecureCache does), and connect with rediss://.',
  validate: (r, report) => {
    if (known(r.props, "transitEncryptionEnabled") !== true) {
      report("Replication group does not encrypt traffic in transit: sessions, rate-limit counters and the AUTH exchange cross the network in clear text.");
      return;
    }
    if (known(r.props, "transitEncryptionMode") === "preferred") {
      report('Replication group accepts plaintext connections (transitEncryptionMode "preferred"): a client that skips TLS still connects and leaks its traffic.');
    }
  },
});

export const rgAtRestEncryption = resourcePolicy({
  name: "elasticache-replication-group-encrypted-at-rest",
  description: "Valkey/Redis replication groups encrypt data at rest with a customer-managed KMS key.",
  types: [RG],
  severity: "high",
  category: "security",
  controls: ["CACHE-4"],
  fsbp: ["ElastiCache.4"],
  checkov: ["CKV_AWS_29", "CKV_AWS_191"],
  remediation: "set atRestEncryptionEnabled: true and kmsKeyId to a CMK (SecureCache creates one); this is fixed at creation, so the group is replaced.",
  validate: (r, report) => {
    const enabled = known(r.props, "atRestEncryptionEnabled");
    // The provider defaults at-rest encryption on for valkey and off for redis (the default engine).
    const effective = enabled ?? (known(r.props, "engine") === "valkey" ? true : false);
    if (effective !== true) {
      report("Replication group stores snapshots and swap unencrypted: anyone with access to a backup reads every session and token in it.");
      return;
    }
    if (!present(r.props, "kmsKeyId")) report("Replication group is encrypted at rest with the AWS-owned key only, so key use is neither restricted by a key policy nor audited per key.");
  },
});

export const rgAuthentication = resourcePolicy({
  name: "elasticache-replication-group-authentication",
  description: "Valkey/Redis replication groups authenticate clients with an RBAC user group (userGroupIds) or an AUTH token.",
  types: [RG],
  severity: "critical",
  category: "security",
  controls: ["CACHE-2"],
  fsbp: ["ElastiCache.6"],
  checkov: ["CKV_AWS_31"],
  remediation: "attach a user group whose default user is off and whose app user is limited to its key prefixes (userGroupIds; SecureCache does), or set an authToken kept in Secrets Manager.",
  validate: (r, report) => {
    const groups = peek(r.props, "userGroupIds");
    const hasGroup = isUnknown(groups) || asArray(groups).length > 0;
    if (!hasGroup && !present(r.props, "authToken") && !present(r.props, "authTokenWo")) {
      report("Replication group accepts connections without a password: anything that reaches the port can read and overwrite sessions and rate-limit counters.");
    }
  },
});

export const rgMinorUpgrades = resourcePolicy({
  name: "elasticache-replication-group-minor-upgrades",
  description:
    "Valkey/Redis replication groups and standalone cache clusters apply minor engine upgrades automatically (autoMinorVersionUpgrade unset counts as on: the provider and AWS default it to true).",
  types: [RG, CLUSTER],
  severity: "medium",
  category: "security",
  controls: ["CACHE-1"],
  fsbp: ["ElastiCache.2"],
  checkov: ["CKV_AWS_322"],
  remediation: "remove autoMinorVersionUpgrade: false (or set it to true).",
  // The cluster resource takes the flag as a string, the replication group as a boolean.
  remediate: (props, type) => ({ ...props, autoMinorVersionUpgrade: type === CLUSTER ? "true" : true }),
  validate: (r, report) => {
    if (r.type === CLUSTER && present(r.props, "replicationGroupId")) return r.args.notApplicable("member of a replication group: the group's setting applies");
    const value = known(r.props, "autoMinorVersionUpgrade");
    if (isFalse(value)) report(`${r.type === CLUSTER ? "Cache cluster" : "Replication group"} never receives minor engine upgrades, so engine security fixes are not applied.`);
  },
});

export const rgResilience = resourcePolicy({
  name: "elasticache-replication-group-prod-resilience",
  description: "Prod Valkey/Redis replication groups run a replica with automatic failover and Multi-AZ, and keep daily snapshots (staging groups are exempt).",
  types: [RG],
  severity: "medium",
  category: "resilience",
  controls: ["CACHE-6", "BAK-2"],
  fsbp: ["ElastiCache.1", "ElastiCache.3"],
  checkov: ["CKV2_AWS_50"],
  notes: { CKV2_AWS_50: "in prod; staging is exempt" },
  remediation:
    "in prod set numCacheClusters >= 2 with automaticFailoverEnabled: true and multiAzEnabled: true, and snapshotRetentionLimit 1-35 (SecureCache: replicas >= 1, snapshotRetentionDays 35).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isProd(r.props, r.args.getConfig())) return;
    if (known(r.props, "automaticFailoverEnabled") !== true || known(r.props, "multiAzEnabled") !== true) {
      report("Prod replication group has no automatic Multi-AZ failover: losing the primary node or its AZ takes sessions and rate limiting down until someone promotes a replica.");
    }
    const days = known(r.props, "snapshotRetentionLimit");
    if (!(typeof days === "number" && days > 0)) report("Prod replication group takes no automatic snapshots, so a lost or corrupted dataset cannot be restored.");
  },
});

/** A standalone cluster (not a member of a replication group), or not applicable. */
function standaloneCluster(r: PolicyResourceView): void {
  if (present(r.props, "replicationGroupId")) r.args.notApplicable("member of a replication group: the group's settings apply");
}

export const clusterTransitEncryption = resourcePolicy({
  name: "elasticache-cluster-transit-encryption",
  description: "Standalone Memcached cache clusters encrypt traffic in transit (transitEncryptionEnabled true; Memcached 1.6.12 and later support it).",
  types: [CLUSTER],
  severity: "high",
  category: "security",
  controls: ["CACHE-1"],
  fsbp: ["ElastiCache.5"],
  notes: { "ElastiCache.5": "Memcached clusters as well as Valkey/Redis replication groups" },
  remediation: "set transitEncryptionEnabled: true with engineVersion 1.6.12 or later (the flag is fixed at creation, so the cluster is replaced), and connect over TLS.",
  validate: (r, report) => {
    standaloneCluster(r);
    if (lower(known(r.props, "engine", "the engine decides whether the rule applies")) !== "memcached")
      return r.args.notApplicable("Valkey/Redis standalone clusters are refused by elasticache-cluster-no-standalone-redis");
    if (!isTrue(known(r.props, "transitEncryptionEnabled")))
      report("Memcached cluster does not encrypt traffic in transit: every cached value crosses the network in clear text, readable by anything on the path.");
  },
});

export const clusterResilience = resourcePolicy({
  name: "elasticache-cluster-prod-resilience",
  description:
    "Prod standalone cache clusters survive an AZ loss or data loss: Memcached spreads its nodes across AZs (azMode cross-az), Valkey/Redis keeps daily snapshots (snapshotRetentionLimit 1-35); staging is exempt.",
  types: [CLUSTER],
  configSchema: ENVIRONMENT_CONFIG,
  severity: "medium",
  category: "resilience",
  controls: ["CACHE-6", "BAK-2"],
  fsbp: ["ElastiCache.1"],
  checkov: ["CKV_AWS_134"],
  notes: { "ElastiCache.1": "standalone Valkey/Redis clusters as well as replication groups", CKV_AWS_134: "in prod; staging is exempt" },
  remediation: 'in prod set azMode: "cross-az" with numCacheNodes >= 2 (Memcached), or snapshotRetentionLimit 1-35 (Valkey/Redis; better, a replication group).',
  validate: (r, report) => {
    standaloneCluster(r);
    if (!isProd(r.props, r.args.getConfig())) return r.args.notApplicable(nonProdReason(r.props));
    const engine = lower(known(r.props, "engine", "the engine decides which rule applies"));
    if (engine === "memcached") {
      const mode = known(r.props, "azMode");
      if (lower(mode) !== "cross-az")
        report(
          `Prod Memcached cluster keeps every node in one Availability Zone (azMode ${mode === undefined ? "unset, single-az" : JSON.stringify(mode)}): losing that AZ empties the cache and sends every read to the database at once.`,
        );
    } else if (engine === "redis" || engine === "valkey") {
      const days = Number(known(r.props, "snapshotRetentionLimit") ?? 0);
      if (!(days > 0)) report(`Prod ${engine} cluster takes no automatic snapshots (snapshotRetentionLimit unset or 0), so a lost or corrupted dataset cannot be restored.`);
    }
  },
});

export const noStandaloneRedis = resourcePolicy({
  name: "elasticache-cluster-no-standalone-redis",
  description: "Valkey/Redis caches are replication groups (which support TLS, RBAC and failover); standalone cache clusters are only used as members of a replication group or for other engines.",
  types: [CLUSTER],
  severity: "high",
  category: "security",
  controls: ["CACHE-1", "CACHE-2"],
  fsbp: ["ElastiCache.5"],
  remediation: "create an aws.elasticache.ReplicationGroup (SecureCache) instead of a standalone aws.elasticache.Cluster.",
  validate: (r, report) => {
    if (present(r.props, "replicationGroupId")) return;
    const engine = lower(known(r.props, "engine"));
    if (engine === "redis" || engine === "valkey") {
      report(`Standalone ${engine} cache cluster: it cannot require TLS in transit or use an RBAC user group, so clients connect in clear text without a password.`);
    }
  },
});

/** Tokens of an access string, lowercased. */
function accessTokens(accessString: unknown): string[] {
  return String(accessString ?? "")
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
}

export const userRequiresPassword = resourcePolicy({
  name: "elasticache-user-requires-password",
  description: "Enabled ElastiCache RBAC users authenticate with a password or IAM.",
  types: [USER],
  severity: "critical",
  category: "security",
  controls: ["CACHE-2"],
  remediation: 'remove noPasswordRequired and set authenticationMode { type: "password", passwords: [<generated, kept in Secrets Manager>] } or type "iam".',
  validate: (r, report) => {
    const noPassword = known(r.props, "noPasswordRequired") === true || known(r.props, "authenticationMode.type") === "no-password-required";
    if (!noPassword) return;
    if (accessTokens(known(r.props, "accessString")).includes("off")) return;
    report("ElastiCache user is enabled without a password: any client that reaches the cache can act as this user.");
  },
});

export const defaultUserDisabled = resourcePolicy({
  name: "elasticache-user-default-disabled",
  description: 'The ElastiCache user named "default" is switched off (access string starting with "off").',
  types: [USER],
  severity: "high",
  category: "security",
  controls: ["CACHE-2"],
  remediation: 'give the user named default the access string "off -@all" and a generated password (SecureCache does); give the app its own user limited to its key prefixes.',
  validate: (r, report) => {
    if (known(r.props, "userName") !== "default") return;
    const tokens = accessTokens(known(r.props, "accessString"));
    if (tokens.includes("off") || !tokens.includes("on")) return;
    const broad = tokens.includes("~*") || tokens.includes("allkeys");
    const all = tokens.includes("+@all") || tokens.includes("allcommands");
    report(
      `The default user is enabled${broad && all ? " with every command on every key (~* +@all)" : ""}: clients that connect without naming a user get its rights, and the access is shared by everything instead of scoped per app.`,
    );
  },
});

export const evictionPolicy = resourcePolicy({
  name: "elasticache-parameter-group-eviction-keeps-sessions",
  description: "Parameter groups of caches tagged for sessions or rate limits evict only keys with a TTL (volatile-*), never allkeys-*.",
  types: [PARAMS],
  severity: "low",
  category: "resilience",
  controls: ["CACHE-5"],
  enforcementLevel: "advisory",
  remediation: 'set maxmemory-policy to volatile-lru for caches holding sessions or rate limits (SecureCache purposes ["session", "ratelimit"]), or keep them in a separate cache.',
  validate: (r, report) => {
    const purposes = String(peek(r.props, "tags.cache-purposes") ?? "");
    if (!/session|ratelimit/.test(purposes)) return;
    const policy = asArray(known(r.props, "parameters")).find((p: any) => p?.name === "maxmemory-policy")?.value;
    if (typeof policy === "string" && policy.startsWith("allkeys-")) {
      report(
        `Cache tagged for ${purposes
          .split("+")
          .filter((x) => x !== "cache")
          .join(" and ")} evicts any key under memory pressure (${policy}): users are logged out and rate-limit counters reset, which lets a client exceed its limit.`,
      );
    }
  },
});

export const customSubnetGroup = resourcePolicy({
  name: "elasticache-custom-subnet-group",
  description: 'ElastiCache replication groups and standalone clusters run in a subnet group of their own, not "default".',
  types: [RG, CLUSTER],
  severity: "high",
  category: "security",
  controls: ["CACHE-3", "NET-1"],
  fsbp: ["ElastiCache.7"],
  checkov: ["CKV_AWS_323"],
  remediation: "create an aws.elasticache.SubnetGroup on private data subnets and set subnetGroupName (SecureCache does this).",
  validate: (r, report) => {
    if (r.type === CLUSTER && present(r.props, "replicationGroupId")) return r.args.notApplicable("member of a replication group: the group's subnet group applies");
    const name = peek(r.props, "subnetGroupName");
    if (!present(r.props, "subnetGroupName") || name === "default") report("Cache runs in the default subnet group, which spans the default VPC's public subnets.");
  },
});

export const policies = [
  customSubnetGroup,
  rgTransitEncryption,
  rgAtRestEncryption,
  rgAuthentication,
  rgMinorUpgrades,
  rgResilience,
  noStandaloneRedis,
  clusterTransitEncryption,
  clusterResilience,
  userRequiresPassword,
  defaultUserDisabled,
  evictionPolicy,
];
