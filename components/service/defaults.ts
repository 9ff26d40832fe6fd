import { Environment, isProd } from "../shared/naming";

export const DEFAULT_SERVICE_NAME = "app";
/** ITS listens on 8000 (NET-2). */
export const DEFAULT_CONTAINER_PORT = 8000;
export const DEFAULT_HEALTH_PATH = "/health";
export const DEFAULT_CPU = 512;
export const DEFAULT_MEMORY = 1024;
export const DEFAULT_CPU_ARCHITECTURE = "X86_64";
export const DEFAULT_PLATFORM = "linux/amd64";
/** CTR-2: the only writable path unless the caller declares more. */
export const DEFAULT_WRITABLE_PATHS = ["/tmp"] as const;
export const DEFAULT_CPU_TARGET = 60;
export const DEFAULT_GRACE_PERIOD_SECONDS = 60;
export const DEFAULT_KEEP_IMAGES = 30;
/** ECR lifecycle: untagged images expire after this many days (CTR-7). */
export const UNTAGGED_EXPIRY_DAYS = 7;
export const minCapacityDefault = (env: Environment): number => (isProd(env) ? 2 : 1);
export const maxCapacityDefault = (env: Environment): number => (isProd(env) ? 6 : 2);

/** CTR-4: the container health check (ITS `HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3`). */
export const HEALTH_CHECK = { interval: 30, timeout: 10, startPeriod: 5, retries: 3 } as const;
/** ECS limits on a container health check (ContainerDefinition HealthCheck). */
export const HEALTH_CHECK_LIMITS = { interval: [5, 300], timeout: [2, 60], startPeriod: [0, 300], retries: [1, 10] } as const;
/** The app container waits for each sidecar to report healthy unless the sidecar says START. */
export const DEFAULT_APP_STARTS_AFTER = "HEALTHY";
/** One-off tasks (migrations, bootstrap SQL) are small. */
export const DEFAULT_ONE_OFF_CPU = 256;
export const DEFAULT_ONE_OFF_MEMORY = 512;
export const healthCheckCommand = (port: number, path: string): string[] => ["CMD-SHELL", `curl -f http://localhost:${port}${path} || exit 1`];

/** Alarm thresholds (%) on the service's average utilisation, over 5 one-minute periods. */
export const CPU_ALARM_THRESHOLD = 85;
export const MEMORY_ALARM_THRESHOLD = 85;

/**
 * CTR-5: variable names that hold secrets (plus the AWS key names FSBP ECS.8 checks); they must come through
 * `secrets` (by ARN). The pack uses the
 * same pattern (policy/ecs.ts SECRET_ENV_NAME; a test keeps them equal).
 */
export const SECRET_ENV_NAME = /SECRET|PASSWORD|PASS|TOKEN|API_KEY|PRIVATE_KEY|DATABASE_URL|REDIS_URL|DSN|ACCESS_KEY_ID|ECS_ENGINE_AUTH_DATA/i;

/** ENV-3: values that turn TLS verification off. Returns the reason, or undefined. Same rules as policy/ecs.ts. */
export function tlsDisabled(name: string, value: string): string | undefined {
  if (/REJECT_UNAUTHORIZED$/i.test(name) && /^(0|false|no)$/i.test(value.trim())) return `${name}=${value} turns off TLS certificate verification`;
  if (/sslmode=(disable|allow|prefer)\b/i.test(value)) return `${name} contains ${/sslmode=(disable|allow|prefer)/i.exec(value)![0]}, which allows unencrypted or unverified database connections`;
  if (/SSLMODE$/i.test(name) && /^(disable|allow|prefer)$/i.test(value.trim())) return `${name}=${value} allows unencrypted or unverified database connections`;
  return undefined;
}

/** EDGE-6: CORS origin variables may not admit every origin. */
export const CORS_ENV_NAME = /CORS|ALLOWED_ORIGIN/i;
export const corsWildcard = (name: string, value: string): boolean => CORS_ENV_NAME.test(name) && value.split(",").some((v) => v.trim() === "*");
/** EDGE-6 (prod): the plain-HTTP origins a CORS origin variable lists, which a prod API must not trust. */
export const corsHttpOrigins = (name: string, value: string): string[] =>
  CORS_ENV_NAME.test(name)
    ? value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => /^http:\/\//i.test(v))
    : [];

/** SEC-4: a rotation of a secret the service reads redeploys it (tasks read secrets at start). */
export const DEFAULT_REDEPLOY_ON_ROTATION = true;
