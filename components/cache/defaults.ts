import { Environment, isProd } from "../shared/naming";
import { CacheEngine, CachePurpose, EvictionPolicy } from "./args";

export const DEFAULT_ENGINE: CacheEngine = "valkey";
export const DEFAULT_ENGINE_VERSION: Readonly<Record<CacheEngine, string>> = { valkey: "8.0", redis: "7.1" };
/** CACHE-5: `maxmemory 1gb` of the seeds becomes a node type with at least 1 GiB usable (t4g.small: 1.37 GiB). */
export const DEFAULT_NODE_TYPE = "cache.t4g.small";
/** CACHE-1: 6379 as in the seeds; TLS is on whatever the port (6380 is only a convention). */
export const DEFAULT_PORT = 6379;
export const DEFAULT_PURPOSES: readonly CachePurpose[] = ["cache"];
/** SEC-4: the app user's password rotates quarterly at most. */
export const MAX_ROTATION_DAYS = 90;
export const DEFAULT_ROTATION_DAYS = 90;
/** The rotation function's timeout: setSecret waits for ModifyUser to apply (the function waits at most 240 s). */
export const ROTATION_TIMEOUT_SECONDS = 300;
export const HTTPS_PORT = 443;
export const DEFAULT_MAINTENANCE_WINDOW = "sun:03:00-sun:04:00";
export const DEFAULT_SNAPSHOT_WINDOW = "01:00-02:00";
/** ElastiCache keeps automatic snapshots at most 35 days. */
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;
export const MAX_REPLICAS = 5;
/** CACHE-6/BAK-2: prod keeps the maximum; staging a week. */
export const snapshotRetentionDefault = (env: Environment): number => (isProd(env) ? 35 : 7);
/** CACHE-6: prod runs a replica so failover and Multi-AZ work. */
export const replicasDefault = (env: Environment): number => (isProd(env) ? 1 : 0);
/** CACHE-2: prefixes from the seeds (`sess:`, `rl:auth:` …) plus the app's own namespace. */
export const defaultKeyPrefixes = (appName: string): readonly string[] => ["sess:", "rl:", `${appName}:`];
/** Generated password length of RBAC users (ElastiCache accepts 16–128; SEC-3 asks 64). Alphanumeric, so it is URL-safe. */
export const PASSWORD_LENGTH = 64;

/** CACHE-5: server settings of the seeds that ElastiCache lets us set. */
export const TIMEOUT_SECONDS = 300;
export const TCP_KEEPALIVE_SECONDS = 60;
/** Whether keys without a TTL (sessions in flight, rate-limit counters) live in the cache. */
export const holdsDurableKeys = (purposes: readonly CachePurpose[]): boolean => purposes.includes("session") || purposes.includes("ratelimit");
/** CACHE-5: allkeys-lru for a pure cache; volatile-lru keeps keys without a TTL when sessions or rate limits live here. */
export const maxmemoryPolicy = (purposes: readonly CachePurpose[]): EvictionPolicy => (holdsDurableKeys(purposes) ? "volatile-lru" : "allkeys-lru");
export const EVICTION_POLICIES: readonly EvictionPolicy[] = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "noeviction"];
/**
 * ElastiCache events that reach the alert topic through EventBridge (source `aws.elasticache`, sent directly by the
 * service: https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-elasticache.html).
 */
export const ALERT_EVENT_TYPES = ["Cache Creation Failed", "Cache Update Failed", "Cache Limit Approaching", "Snapshot Creation Failed", "Snapshot Export Failed", "Snapshot Copy Failed"] as const;

/** MON-7 alarm thresholds (engineering choices). */
export const ALARM_CPU_PERCENT = 80;
export const ALARM_ENGINE_CPU_PERCENT = 80;
export const ALARM_MEMORY_PERCENT = 80;
/** Any eviction is a lost session or a reset rate-limit counter; a pure cache tolerates some. */
export const alarmEvictionsThreshold = (purposes: readonly CachePurpose[]): number => (purposes.some((p) => p !== "cache") ? 0 : 1000);
export const ALARM_PERIOD_SECONDS = 300;
export const ALARM_EVALUATION_PERIODS = 3;
