import { Environment, isProd } from "../shared/naming";

/**
 * TLS policies the HTTPS listener may use (TLS-1): TLS 1.2+ with forward secrecy. The `-Res-` policies
 * also drop the CBC suites, leaving ECDHE with AES-GCM (and ChaCha20 under TLS 1.3).
 */
export const ALLOWED_SSL_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
] as const;
export type AllowedSslPolicy = (typeof ALLOWED_SSL_POLICIES)[number];
/** TLS-1: the requirement's policy (TLS 1.2+, ECDHE + AEAD suites only). */
export const DEFAULT_SSL_POLICY: AllowedSslPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/** EDGE-2: one year, subdomains included; `preload` only on request. */
export const HSTS_MAX_AGE_SECONDS = 31536000;
export const hstsValue = (preload: boolean): string => `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains${preload ? "; preload" : ""}`;
/** EDGE-3. */
export const X_FRAME_OPTIONS = "DENY";
export const X_CONTENT_TYPE_OPTIONS = "nosniff";

/** EDGE-5: ALB desync protection and header hygiene. */
export const DESYNC_MITIGATION_MODE = "strictest";
/** NET-2: the ALB appends the client address to X-Forwarded-For, so per-IP app limits see the real client. */
export const XFF_HEADER_PROCESSING_MODE = "append";
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
export const deletionProtectionDefault = (env: Environment): boolean => isProd(env);

/** Access logs (LOG-5, ELB.5): S3 prefix, retention, and the prefix-scoped delivery grant. */
export const ACCESS_LOG_PREFIX = "alb";
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 365;
export const NONCURRENT_VERSION_RETENTION_DAYS = 30;
/** ELB log delivery for regions opened since 2022; older regions use the regional ELB account (both are granted). */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Target group health checks (CTR-4). */
export const HEALTH_CHECK = { interval: 30, timeout: 10, healthyThreshold: 3, unhealthyThreshold: 3, matcher: "200-399" } as const;
export const DEREGISTRATION_DELAY_SECONDS = 30;
/** ALB limits: three values per rule condition, five across a rule's conditions. */
export const MAX_VALUES_PER_CONDITION = 3;
export const MAX_VALUES_PER_RULE = 5;
export const RULE_PRIORITY_STEP = 100;

/** EDGE-8: the client-certificate listener. */
export const CLIENT_CERT_LISTENER_PORT = 8443;
export const CLIENT_CERT_PURPOSE = "camera-ingest";

/** Network load balancer: access-log prefix, TCP health checks (NLB ignores timeout and matcher for TCP). */
export const NLB_ACCESS_LOG_PREFIX = "nlb";
export const NLB_HEALTH_CHECK = { interval: 30, healthyThreshold: 3, unhealthyThreshold: 3 } as const;
/** NLB log delivery (vended logs) service principal. */
export const NLB_LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";

/** Default response for requests whose Host is not on the allowlist (EDGE-5). */
export const UNKNOWN_HOST_RESPONSE = { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" } as const;

/** Alarm thresholds (MON-5). */
export const ALARMS = {
  periodSeconds: 300,
  elb5xxCount: 10,
  target5xxCount: 10,
  unhealthyHosts: 0,
  errorRate: 0.05,
  latencyP95Seconds: 1.5,
  /** TLS-2 (ITS certificate_expiry_days 30). */
  certificateDaysToExpiry: 30,
} as const;
