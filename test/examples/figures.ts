/**
 * Each seed application's figures, as its hardening guide states them (shared/seeds/, traced in
 * shared/requirements.md), in the units the resources carry. WAF figures are the guide's rate mapped to a
 * WAF window (limit >= 10, window 60-600 s): 1000 per 15 min -> 667 per 600 s, 100 per 15 min -> 67 per 600 s,
 * 5 per 15 min -> 10 per 600 s (the WAF floor), 30 per min -> 30 per 60 s, 10 per hour -> 10 per 600 s.
 */
import type { AppFigures } from "./requirements";

const NODE = { name: "NODE_ENV", value: "production" } as const;
const HSTS = "max-age=31536000; includeSubDomains";
const CORE_AUDIT = 2557;

/** The five applications by example directory. */
export const APPS: Readonly<Record<string, AppFigures>> = {
  "apex-ai": {
    app: "Apex",
    appName: "apex",
    runtimeFlag: NODE,
    secrets: { jwt: 90, "jwt-refresh": 90 },
    secretVariables: ["JWT_SECRET", "JWT_REFRESH_SECRET"],
    wafApi: { limit: 67, window: 600 },
    wafAuth: { limit: 10, window: 600 },
    hsts: HSTS,
    corsVariable: "CORS_ALLOWED_ORIGINS",
    containerPort: 8000,
    retention: { audit: CORE_AUDIT },
    // "Log all admin actions" with "Automated alerting system": every admin action alerts (derived figure).
    alarms: { AuthFailures: { threshold: 100, period: 300 }, AdminActions: { threshold: 1, period: 300 } },
  },
  "four-seasons": {
    app: "4S",
    appName: "fourseasons",
    runtimeFlag: NODE,
    cache: { evictionPolicy: "volatile-lru", keyPrefixes: ["sess:", "rl:"] },
    secrets: { jwt: 90, "jwt-refresh": 90, session: 30, "encryption-key": 90, "signing-key": 90, smtp: "external", sentry: "external", siem: "external" },
    // SMTP_PASS is injected once the SendGrid key has been put (smtpSet); the secret exists from the first deployment.
    secretVariables: ["JWT_SECRET", "JWT_REFRESH_SECRET", "SESSION_SECRET", "ENCRYPTION_KEY", "SIGNING_KEY"],
    wafGeneral: { limit: 667, window: 600 },
    wafApi: { limit: 67, window: 600 },
    wafAuth: { limit: 10, window: 600 },
    wafTiers: { search: { limit: 30, window: 60 }, upload: { limit: 10, window: 600 } },
    hsts: `${HSTS}; preload`,
    corsVariable: "ALLOWED_ORIGINS",
    maxBodyBytes: 10 * 1024 * 1024,
    containerPort: 8000,
    retention: { security: 90, securityCritical: 365, audit: CORE_AUDIT },
    alarms: {
      AuthFailures: { threshold: 100, period: 300 },
      RateLimited: { threshold: 1000, period: 3600 },
      SqlInjectionAttempts: { threshold: 1, period: 300 },
      VirusDetected: { threshold: 1, period: 300 },
    },
    smtpEgress: true,
    clamavSidecar: true,
    uploadsBucket: true,
  },
  "its-camera-ai": {
    app: "ITS",
    appName: "its",
    runtimeFlag: { name: "ENVIRONMENT", value: "production" },
    cache: { evictionPolicy: "allkeys-lru" },
    secrets: { "secret-key": 90 },
    jwtKeyPair: true,
    wafApiKey: { perMinute: { limit: 60, window: 60 }, perTenMinutes: { limit: 167, window: 600 } },
    hsts: HSTS,
    containerPort: 8000,
    retention: { audit: CORE_AUDIT },
    alarms: {
      AuthFailures: { threshold: 10, period: 60 },
      UnauthorizedApiAccess: { threshold: 5, period: 300 },
      RateLimited: { threshold: 100, period: 3600 },
      SqlInjectionAttempts: { threshold: 1, period: 86400 },
      SecurityHeaderViolations: { threshold: 10, period: 3600 },
    },
    cameraIngress: true,
    certificateExpiryDays: 30,
  },
  "aia-system": {
    app: "AIA",
    appName: "aia",
    runtimeFlag: { name: "ENVIRONMENT", value: "production" },
    cache: { evictionPolicy: "volatile-lru", keyPrefixes: ["rl:"] },
    secrets: { "jwt-secret-key": 90, "api-key-secret": 90, "session-secret": 90, "encryption-key": 90 },
    secretVariables: ["JWT_SECRET_KEY", "API_KEY_SECRET", "SESSION_SECRET", "ENCRYPTION_KEY"],
    wafApiKey: { perMinute: { limit: 60, window: 60 }, perTenMinutes: { limit: 167, window: 600 } },
    hsts: HSTS,
    hosts: ["013a.tech", "api.013a.tech", "app.013a.tech"],
    corsVariable: "CORS_ORIGINS",
    containerPort: 8000,
    retention: { audit: CORE_AUDIT },
    alarms: { AuthFailures: { threshold: 100, period: 300 }, RateLimited: { threshold: 1000, period: 3600 } },
  },
  "customer-service": {
    app: "004",
    appName: "customer",
    runtimeFlag: NODE,
    secrets: { jwt: 90, "jwt-refresh": 90, "api-key": 90, sentry: "external" },
    secretVariables: ["DATABASE_URL", "JWT_SECRET", "JWT_REFRESH_SECRET", "API_KEY_SECRET"],
    wafGeneral: { limit: 667, window: 600 },
    wafAuth: { limit: 10, window: 600 },
    wafApiKey: { perMinute: { limit: 60, window: 60 }, perTenMinutes: { limit: 167, window: 600 } },
    hsts: HSTS,
    corsVariable: "ALLOWED_ORIGINS",
    maxBodyBytes: 50 * 1024 * 1024,
    containerPort: 8000,
    retention: { audit: CORE_AUDIT },
    alarms: { AuthFailures: { threshold: 100, period: 300 } },
  },
};
