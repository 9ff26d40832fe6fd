import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { Environment } from "../shared/naming";

/** What the cache holds; decides the eviction policy (CACHE-5). */
export type CachePurpose = "cache" | "session" | "ratelimit";

/** `maxmemory-policy` values ElastiCache accepts for Valkey and Redis OSS 7. */
export type EvictionPolicy = "allkeys-lru" | "allkeys-lfu" | "allkeys-random" | "volatile-lru" | "volatile-lfu" | "volatile-random" | "volatile-ttl" | "noeviction";

/** Engines of an ElastiCache replication group this component builds. */
export type CacheEngine = "valkey" | "redis";

/** Arguments for {@link SecureCache}. */
export interface SecureCacheArgs {
  /** Environment; part of every name, and prod turns on replicas, failover and 35-day snapshots. @checked at construction */
  readonly environment: Environment;
  /** Application name: first segment of the replication group id and of the credential secret `/<appName>/<env>/…`. @checked at construction */
  readonly appName: string;
  /** Log classes that supply the slow-log (application) and engine-log (security) groups. @checked at construction */
  readonly logs: LogClasses;
  /** VPC of the subnets; the cache security group is created in it. @checked at construction, or when it resolves if it is an Output */
  readonly vpcId: pulumi.Input<string>;
  /** Private data-tier subnets (no route to the internet) for the cache subnet group; at least 2 AZs. @checked at construction, or when it resolves if it is an Output */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups admitted on the cache port (the app tasks). At least one of these or `allowedCidrs`. @default [] @checked at construction, or when it resolves if it is an Output */
  readonly allowedSecurityGroupIds?: pulumi.Input<string>[];
  /** Private CIDRs (VPN, bastion) admitted on the cache port. Never 0.0.0.0/0 or ::/0. @default [] @checked at construction */
  readonly allowedCidrs?: readonly string[];
  /** Cache engine (Valkey or Redis OSS). @default "valkey" @checked at construction */
  readonly engine?: CacheEngine;
  /** Engine version (major.minor). Valkey 7.2/8.x or Redis OSS 7.x (transit mode `required` needs 7.0.5+). @default "8.0" for valkey, "7.1" for redis @checked at construction */
  readonly engineVersion?: string;
  /** Node type with at least 1 GiB usable memory (CACHE-5). @default "cache.t4g.small" @checked at construction */
  readonly nodeType?: string;
  /** Read replicas of the primary (0–5). Prod needs at least 1 for automatic failover and Multi-AZ. @default 1 in prod, 0 in staging @checked at construction */
  readonly replicas?: number;
  /** TCP port the nodes listen on (TLS). @default 6379 @checked at construction */
  readonly port?: number;
  /**
   * What the keys are for. `session` or `ratelimit` switch eviction to `volatile-lru` so keys without a
   * TTL (counters, sessions in flight) are never evicted to make room for cache entries. @default ["cache"]
   * @checked at construction
   */
  readonly purposes?: readonly CachePurpose[];
  /**
   * `maxmemory-policy`. A pure `cache` may evict any key (`allkeys-*`); with `session` or `ratelimit` only a policy
   * that never evicts keys without a TTL is accepted (`volatile-*` or `noeviction`), so a session or a counter is
   * never dropped silently to make room. @default "allkeys-lru" for a pure cache, "volatile-lru" otherwise
   * @checked at construction
   */
  readonly maxmemoryPolicy?: EvictionPolicy;
  /** Key prefixes the app user may touch (access string `~<prefix>*`). @default ["sess:", "rl:", "<appName>:"] @checked at construction */
  readonly keyPrefixes?: readonly string[];
  /** RBAC user name of the application (never "default"). @default appName @checked at construction */
  readonly appUserName?: string;
  /** CMK for encryption at rest and for the credential secret. @default a new CMK with yearly rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Days ElastiCache keeps daily snapshots (0–35). @default 35 in prod, 7 in staging @checked at construction */
  readonly snapshotRetentionDays?: number;
  /**
   * Private subnets the password rotation function runs in: they reach the cache port and, on 443, the Secrets
   * Manager and ElastiCache APIs (through a NAT gateway or interface endpoints), e.g. the app subnets of Network.
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly rotationSubnetIds: pulumi.Input<string>[];
  /**
   * Days between rotations of the app user's password (1–90, SEC-4). Each rotation gives the user two passwords,
   * the current one and the new one, and drops the previous one only at the next rotation: a task keeps working
   * with the password it read at start for a full period. @default 90
   * @checked at construction
   */
  readonly rotationDays?: number;
  /**
   * IAM role ARNs (or account-local role-name patterns) that may read the credential secret; every other
   * principal except the deploying identity is denied GetSecretValue. @default no resource policy (IAM decides)
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly readerRoleArns?: readonly pulumi.Input<string>[];
  /**
   * SNS topic for CPU, memory and eviction alarms, and for ElastiCache's failure events (cache and snapshot failures,
   * limits approaching) through an EventBridge rule. The replication group's own `notificationTopicArn` is not used:
   * ElastiCache cannot publish to a KMS-encrypted topic (its topic shows as inactive). @default no alarms, no event rule
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** Weekly maintenance window (UTC). @default "sun:03:00-sun:04:00" @checked at construction */
  readonly maintenanceWindow?: string;
  /** Daily snapshot window (UTC), must not overlap the maintenance window. @default "01:00-02:00" @checked at construction */
  readonly snapshotWindow?: string;
}
