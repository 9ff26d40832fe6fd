import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  defaultUserDisabled,
  evictionPolicy,
  noStandaloneRedis,
  rgAtRestEncryption,
  rgAuthentication,
  rgMinorUpgrades,
  rgResilience,
  rgTransitEncryption,
  userRequiresPassword,
} from "../../policy/elasticache";
import { clusterResilience, clusterTransitEncryption } from "../../policy/elasticache";
import { checkResource, UNKNOWN, withUnknown } from "../support/policy";

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const USER = "aws:elasticache/user:User";
const CLUSTER = "aws:elasticache/cluster:Cluster";
const PARAMS = "aws:elasticache/parameterGroup:ParameterGroup";

/** What SecureCache registers for prod (references unknown, as in a preview). */
const group = {
  replicationGroupId: "shop-prod-cache",
  engine: "valkey",
  engineVersion: "8.0",
  numCacheClusters: 2,
  automaticFailoverEnabled: true,
  multiAzEnabled: true,
  transitEncryptionEnabled: true,
  transitEncryptionMode: "required",
  atRestEncryptionEnabled: true,
  kmsKeyId: UNKNOWN,
  userGroupIds: ["shop-prod-cache-users"],
  autoMinorVersionUpgrade: true,
  snapshotRetentionLimit: 35,
  tags: { environment: "prod", backup: "true" },
};
const rg = (over: Record<string, any> = {}) => ({ type: RG, props: { ...group, ...over } });
const drop = (key: string) => {
  const props: Record<string, any> = { ...group };
  delete props[key];
  return { type: RG, props };
};

describe("elasticache-replication-group-transit-encryption", () => {
  it("passes TLS with mode required, and with mode left to the default", async () => {
    assert.deepEqual((await checkResource(rgTransitEncryption, rg())).violations, []);
    assert.deepEqual((await checkResource(rgTransitEncryption, drop("transitEncryptionMode"))).violations, []);
  });

  it("fails transit encryption off or missing", async () => {
    const expected = [
      'Replication group does not encrypt traffic in transit: sessions, rate-limit counters and the AUTH exchange cross the network in clear text. Fix: set transitEncryptionEnabled: true and transitEncryptionMode: "required" (SecureCache does), and connect with rediss://.',
    ];
    assert.deepEqual((await checkResource(rgTransitEncryption, rg({ transitEncryptionEnabled: false }))).violations, expected);
    assert.deepEqual((await checkResource(rgTransitEncryption, drop("transitEncryptionEnabled"))).violations, expected);
  });

  it("fails mode preferred", async () => {
    const v = await checkResource(rgTransitEncryption, rg({ transitEncryptionMode: "preferred" }));
    assert.deepEqual(v.violations, [
      'Replication group accepts plaintext connections (transitEncryptionMode "preferred"): a client that skips TLS still connects and leaks its traffic. Fix: set transitEncryptionEnabled: true and transitEncryptionMode: "required" (SecureCache does), and connect with rediss://.',
    ]);
  });

  it("is undecided, not passed, when the flag is unknown", async () => {
    const v = await checkResource(rgTransitEncryption, { type: RG, props: withUnknown(group, "transitEncryptionEnabled") });
    assert.deepEqual(v.violations, []);
    assert.match(v.undecided ?? "", /^transitEncryptionEnabled is not known until apply/);
  });
});

describe("elasticache-replication-group-encrypted-at-rest", () => {
  it("passes a CMK-encrypted group whose key ARN is unknown, and valkey's default", async () => {
    assert.deepEqual((await checkResource(rgAtRestEncryption, rg())).violations, []);
    assert.deepEqual((await checkResource(rgAtRestEncryption, { type: RG, props: { ...drop("atRestEncryptionEnabled").props } })).violations, []);
  });

  it("fails at-rest encryption off, and redis's default (off)", async () => {
    const expected = [
      "Replication group stores snapshots and swap unencrypted: anyone with access to a backup reads every session and token in it. Fix: set atRestEncryptionEnabled: true and kmsKeyId to a CMK (SecureCache creates one); this is fixed at creation, so the group is replaced.",
    ];
    assert.deepEqual((await checkResource(rgAtRestEncryption, rg({ atRestEncryptionEnabled: false }))).violations, expected);
    const redis = drop("atRestEncryptionEnabled");
    redis.props.engine = "redis";
    assert.deepEqual((await checkResource(rgAtRestEncryption, redis)).violations, expected);
  });

  it("fails encryption without a CMK", async () => {
    const v = await checkResource(rgAtRestEncryption, drop("kmsKeyId"));
    assert.match(v.violations[0], /^Replication group is encrypted at rest with the AWS-owned key only/);
  });
});

describe("elasticache-replication-group-authentication", () => {
  it("passes a user group, an unknown user group id, and an auth token", async () => {
    assert.deepEqual((await checkResource(rgAuthentication, rg())).violations, []);
    assert.deepEqual((await checkResource(rgAuthentication, rg({ userGroupIds: [UNKNOWN] }))).violations, []);
    assert.deepEqual((await checkResource(rgAuthentication, { type: RG, props: withUnknown(group, "userGroupIds") })).violations, []);
    assert.deepEqual((await checkResource(rgAuthentication, rg({ userGroupIds: undefined, authToken: UNKNOWN }))).violations, []);
  });

  it("fails neither user group nor auth token", async () => {
    const v = await checkResource(rgAuthentication, rg({ userGroupIds: [] }));
    assert.deepEqual(v.violations, [
      "Replication group accepts connections without a password: anything that reaches the port can read and overwrite sessions and rate-limit counters. Fix: attach a user group whose default user is off and whose app user is limited to its key prefixes (userGroupIds; SecureCache does), or set an authToken kept in Secrets Manager.",
    ]);
  });
});

describe("elasticache-replication-group-minor-upgrades", () => {
  it("passes the default and fails autoMinorVersionUpgrade false", async () => {
    assert.deepEqual((await checkResource(rgMinorUpgrades, drop("autoMinorVersionUpgrade"))).violations, []);
    const v = await checkResource(rgMinorUpgrades, rg({ autoMinorVersionUpgrade: false }));
    assert.deepEqual(v.violations, [
      "Replication group never receives minor engine upgrades, so engine security fixes are not applied. Fix: remove autoMinorVersionUpgrade: false (or set it to true).",
    ]);
  });

  it("is undecided when the flag is unknown", async () => {
    const v = await checkResource(rgMinorUpgrades, { type: RG, props: withUnknown(group, "autoMinorVersionUpgrade") });
    assert.match(v.undecided ?? "", /^autoMinorVersionUpgrade is not known until apply/);
  });
});

describe("elasticache-replication-group-prod-resilience", () => {
  it("passes prod with failover, Multi-AZ and snapshots, and exempts a staging-tagged single node", async () => {
    assert.deepEqual((await checkResource(rgResilience, rg())).violations, []);
    const staging = rg({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 0, tags: { environment: "staging" } });
    assert.deepEqual((await checkResource(rgResilience, staging)).violations, []);
  });

  it("fails prod without Multi-AZ failover", async () => {
    const v = await checkResource(rgResilience, rg({ multiAzEnabled: false }));
    assert.deepEqual(v.violations, [
      "Prod replication group has no automatic Multi-AZ failover: losing the primary node or its AZ takes sessions and rate limiting down until someone promotes a replica. Fix: in prod set numCacheClusters >= 2 with automaticFailoverEnabled: true and multiAzEnabled: true, and snapshotRetentionLimit 1-35 (SecureCache: replicas >= 1, snapshotRetentionDays 35).",
    ]);
  });

  it("fails prod without snapshots, and an untagged group is held to prod", async () => {
    const v = await checkResource(rgResilience, rg({ snapshotRetentionLimit: 0 }));
    assert.match(v.violations[0], /^Prod replication group takes no automatic snapshots, so a lost or corrupted dataset cannot be restored\. Fix:/);
    const untagged = await checkResource(rgResilience, rg({ tags: undefined, automaticFailoverEnabled: false }));
    assert.equal(untagged.violations.length, 1);
  });

  it("holds a group with an unknown environment tag to prod", async () => {
    const v = await checkResource(rgResilience, { type: RG, props: withUnknown({ ...group, snapshotRetentionLimit: 0 }, "tags.environment") });
    assert.equal(v.violations.length, 1);
  });
});

describe("elasticache-cluster-no-standalone-redis", () => {
  it("passes a member of a replication group and a memcached cluster", async () => {
    assert.deepEqual((await checkResource(noStandaloneRedis, { type: CLUSTER, props: { replicationGroupId: UNKNOWN } })).violations, []);
    assert.deepEqual((await checkResource(noStandaloneRedis, { type: CLUSTER, props: { engine: "memcached", nodeType: "cache.t4g.small" } })).violations, []);
  });

  it("fails a standalone redis or valkey cluster", async () => {
    const v = await checkResource(noStandaloneRedis, { type: CLUSTER, props: { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1 } });
    assert.deepEqual(v.violations, [
      "Standalone redis cache cluster: it cannot require TLS in transit or use an RBAC user group, so clients connect in clear text without a password. Fix: create an aws.elasticache.ReplicationGroup (SecureCache) instead of a standalone aws.elasticache.Cluster.",
    ]);
    assert.match((await checkResource(noStandaloneRedis, { type: CLUSTER, props: { engine: "valkey" } })).violations[0], /^Standalone valkey cache cluster/);
  });

  it("is undecided when the engine is unknown", async () => {
    const v = await checkResource(noStandaloneRedis, { type: CLUSTER, props: { engine: UNKNOWN } });
    assert.match(v.undecided ?? "", /^engine is not known until apply/);
  });
});

describe("elasticache-user-requires-password and elasticache-user-default-disabled", () => {
  const app = {
    userId: "shop-prod-cache-app",
    userName: "shop",
    engine: "valkey",
    accessString: "on ~sess:* ~rl:* ~shop:* +@all -@dangerous",
    authenticationMode: { type: "password", passwords: ["x".repeat(64)] },
  };
  const def = { userId: "shop-prod-cache-default", userName: "default", engine: "valkey", accessString: "off -@all", authenticationMode: { type: "password", passwords: ["y".repeat(64)] } };

  it("passes the users SecureCache creates", async () => {
    for (const props of [app, def]) {
      assert.deepEqual((await checkResource(userRequiresPassword, { type: USER, props })).violations, []);
      assert.deepEqual((await checkResource(defaultUserDisabled, { type: USER, props })).violations, []);
    }
  });

  it("fails an enabled user without a password, either way it is said", async () => {
    const expected = [
      'ElastiCache user is enabled without a password: any client that reaches the cache can act as this user. Fix: remove noPasswordRequired and set authenticationMode { type: "password", passwords: [<generated, kept in Secrets Manager>] } or type "iam".',
    ];
    assert.deepEqual((await checkResource(userRequiresPassword, { type: USER, props: { ...app, authenticationMode: undefined, noPasswordRequired: true } })).violations, expected);
    assert.deepEqual((await checkResource(userRequiresPassword, { type: USER, props: { ...app, authenticationMode: { type: "no-password-required" } } })).violations, expected);
    // A switched-off user without a password is harmless.
    assert.deepEqual((await checkResource(userRequiresPassword, { type: USER, props: { ...def, authenticationMode: undefined, noPasswordRequired: true } })).violations, []);
  });

  it("fails an enabled default user, naming ~* +@all", async () => {
    const v = await checkResource(defaultUserDisabled, { type: USER, props: { ...def, accessString: "on ~* +@all" } });
    assert.deepEqual(v.violations, [
      'The default user is enabled with every command on every key (~* +@all): clients that connect without naming a user get its rights, and the access is shared by everything instead of scoped per app. Fix: give the user named default the access string "off -@all" and a generated password (SecureCache does); give the app its own user limited to its key prefixes.',
    ]);
    const narrow = await checkResource(defaultUserDisabled, { type: USER, props: { ...def, accessString: "on ~sess:* +get" } });
    assert.match(narrow.violations[0], /^The default user is enabled: clients/);
  });

  it("is undecided when the access string of the default user is unknown", async () => {
    const v = await checkResource(defaultUserDisabled, { type: USER, props: withUnknown(def, "accessString") });
    assert.match(v.undecided ?? "", /^accessString is not known until apply/);
  });
});

describe("elasticache-parameter-group-eviction-keeps-sessions (advisory)", () => {
  const params = (policy: string, purposes: string) => ({
    type: PARAMS,
    props: {
      family: "valkey8",
      parameters: [
        { name: "maxmemory-policy", value: policy },
        { name: "timeout", value: "300" },
      ],
      tags: { "cache-purposes": purposes },
    },
  });

  it("is advisory, passes volatile-lru for sessions and allkeys-lru for a pure cache", async () => {
    assert.equal(evictionPolicy.enforcementLevel, "advisory");
    assert.deepEqual((await checkResource(evictionPolicy, params("volatile-lru", "ratelimit+session"))).violations, []);
    assert.deepEqual((await checkResource(evictionPolicy, params("allkeys-lru", "cache"))).violations, []);
  });

  it("is undecided when the parameters of a session cache are unknown", async () => {
    const v = await checkResource(evictionPolicy, { type: PARAMS, props: withUnknown(params("allkeys-lru", "session").props, "parameters") });
    assert.match(v.undecided ?? "", /^parameters is not known until apply/);
  });

  it("flags allkeys-lru on a cache tagged for sessions and rate limits", async () => {
    const v = await checkResource(evictionPolicy, params("allkeys-lru", "ratelimit+session"));
    assert.deepEqual(v.violations, [
      'Cache tagged for ratelimit and session evicts any key under memory pressure (allkeys-lru): users are logged out and rate-limit counters reset, which lets a client exceed its limit. Fix: set maxmemory-policy to volatile-lru for caches holding sessions or rate limits (SecureCache purposes ["session", "ratelimit"]), or keep them in a separate cache.',
    ]);
  });
});

describe("elasticache-custom-subnet-group", () => {
  it("passes an unknown subnet group name and skips members of a replication group", async () => {
    const { customSubnetGroup } = await import("../../policy/elasticache");
    assert.deepEqual((await checkResource(customSubnetGroup, { type: "aws:elasticache/replicationGroup:ReplicationGroup", props: { subnetGroupName: UNKNOWN } })).violations, []);
    assert.equal((await checkResource(customSubnetGroup, { type: "aws:elasticache/cluster:Cluster", props: { replicationGroupId: UNKNOWN } })).notApplicable, true);
  });

  it("fails no subnet group and the default one", async () => {
    const { customSubnetGroup } = await import("../../policy/elasticache");
    const v = await checkResource(customSubnetGroup, { type: "aws:elasticache/replicationGroup:ReplicationGroup", props: {} });
    assert.deepEqual(v.violations, [
      "Cache runs in the default subnet group, which spans the default VPC's public subnets. Fix: create an aws.elasticache.SubnetGroup on private data subnets and set subnetGroupName (SecureCache does this).",
    ]);
    assert.equal((await checkResource(customSubnetGroup, { type: "aws:elasticache/cluster:Cluster", props: { engine: "redis", subnetGroupName: "default" } })).violations.length, 1);
  });
});

describe("standalone cache clusters (aws.elasticache.Cluster)", () => {
  /** A prod Memcached cluster written by hand the secure way. */
  const memcached = {
    clusterId: "shop-prod-mc",
    engine: "memcached",
    engineVersion: "1.6.22",
    nodeType: "cache.t4g.small",
    numCacheNodes: 2,
    azMode: "cross-az",
    transitEncryptionEnabled: true,
    subnetGroupName: "shop-data",
    tags: { environment: "prod" },
  };
  const redis = { clusterId: "shop-prod-r", engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1, snapshotRetentionLimit: 7, subnetGroupName: "shop-data", tags: { environment: "prod" } };
  const mc = (over: Record<string, any> = {}) => ({ type: CLUSTER, props: { ...memcached, ...over } });

  it('elasticache-cluster-transit-encryption passes TLS Memcached and fails it off, unset or "false"', async () => {
    assert.deepEqual((await checkResource(clusterTransitEncryption, mc())).violations, []);
    assert.deepEqual((await checkResource(clusterTransitEncryption, mc({ engine: "Memcached", transitEncryptionEnabled: "true" }))).violations, []);
    const expected = [
      "Memcached cluster does not encrypt traffic in transit: every cached value crosses the network in clear text, readable by anything on the path. Fix: set transitEncryptionEnabled: true with engineVersion 1.6.12 or later (the flag is fixed at creation, so the cluster is replaced), and connect over TLS.",
    ];
    for (const over of [{ transitEncryptionEnabled: false }, { transitEncryptionEnabled: undefined }, { transitEncryptionEnabled: "false" }]) {
      assert.deepEqual((await checkResource(clusterTransitEncryption, mc(over))).violations, expected, JSON.stringify(over));
    }
    assert.equal((await checkResource(clusterTransitEncryption, { type: CLUSTER, props: redis })).notApplicable, true);
    assert.equal((await checkResource(clusterTransitEncryption, { type: CLUSTER, props: { replicationGroupId: "g", clusterId: "g-1" } })).notApplicable, true);
  });

  it("elasticache-cluster-prod-resilience fails single-AZ Memcached and snapshot-less Redis in prod, passes staging", async () => {
    assert.deepEqual((await checkResource(clusterResilience, mc())).violations, []);
    assert.deepEqual((await checkResource(clusterResilience, mc({ azMode: "CROSS-AZ" }))).violations, []);
    const fix = ' Fix: in prod set azMode: "cross-az" with numCacheNodes >= 2 (Memcached), or snapshotRetentionLimit 1-35 (Valkey/Redis; better, a replication group).';
    assert.deepEqual((await checkResource(clusterResilience, mc({ azMode: undefined }))).violations, [
      `Prod Memcached cluster keeps every node in one Availability Zone (azMode unset, single-az): losing that AZ empties the cache and sends every read to the database at once.${fix}`,
    ]);
    assert.deepEqual((await checkResource(clusterResilience, mc({ azMode: "single-az", tags: undefined }))).violations, [
      `Prod Memcached cluster keeps every node in one Availability Zone (azMode "single-az"): losing that AZ empties the cache and sends every read to the database at once.${fix}`,
    ]);
    assert.deepEqual((await checkResource(clusterResilience, { type: CLUSTER, props: redis })).violations, []);
    assert.deepEqual((await checkResource(clusterResilience, { type: CLUSTER, props: { ...redis, snapshotRetentionLimit: 0 } })).violations, [
      `Prod redis cluster takes no automatic snapshots (snapshotRetentionLimit unset or 0), so a lost or corrupted dataset cannot be restored.${fix}`,
    ]);
    assert.equal((await checkResource(clusterResilience, mc({ azMode: "single-az", tags: { environment: "staging" } }))).notApplicable, true);
  });

  it("elasticache-replication-group-minor-upgrades covers the cluster's string flag in any case", async () => {
    assert.deepEqual((await checkResource(rgMinorUpgrades, { type: CLUSTER, props: { ...redis, autoMinorVersionUpgrade: "true" } })).violations, []);
    assert.deepEqual((await checkResource(rgMinorUpgrades, { type: CLUSTER, props: redis })).violations, []);
    for (const value of ["false", "FALSE", false]) {
      assert.deepEqual(
        (await checkResource(rgMinorUpgrades, { type: CLUSTER, props: { ...redis, autoMinorVersionUpgrade: value } })).violations,
        ["Cache cluster never receives minor engine upgrades, so engine security fixes are not applied. Fix: remove autoMinorVersionUpgrade: false (or set it to true)."],
        String(value),
      );
    }
    assert.deepEqual((await checkResource(rgMinorUpgrades, rg({ autoMinorVersionUpgrade: "false" }))).violations.length, 1);
  });

  it("elasticache-cluster-no-standalone-redis reads the engine in any case", async () => {
    assert.equal((await checkResource(noStandaloneRedis, { type: CLUSTER, props: { ...redis, engine: "Redis" } })).violations.length, 1);
  });
});
