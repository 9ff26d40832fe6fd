/**
 * Security metric filters and their alarms (MON-2, MON-3, MON-4, MON-6). Filter patterns read JSON fields of
 * the app's log events (the app contract in the README): by default `event_type` on the security log, `status` on
 * the application (access) log; `filters` and `alarms` take what an application actually logs and wants.
 * Thresholds and periods are the requirement figures unless marked derived.
 */

/** Where a filter reads: the security-class group or the application group. */
export type FilterSource = "security" | "application";

export interface FilterSpec {
  readonly source: FilterSource;
  /** JSON field of the log event (dotted path below the root), e.g. `event_type` or `status`. */
  readonly field: string;
  /** Values of the field that count as one event (strings match exactly, numbers as numbers). */
  readonly values: readonly (string | number)[];
  readonly metricName: string;
}

/**
 * The app contract's defaults. An application that logs something else passes `filters` (e.g. 4Seasons logs
 * `{ "type": "SQL_INJECTION_ATTEMPT" }`: `filters: { "sql-injection": { field: "type", values: ["SQL_INJECTION_ATTEMPT"] } }`).
 */
export const SECURITY_FILTERS = {
  "auth-failures": { source: "security", field: "event_type", values: ["auth_failure"], metricName: "AuthFailures" },
  "unauthorized-access": { source: "security", field: "event_type", values: ["unauthorized_access"], metricName: "UnauthorizedApiAccess" },
  "sql-injection": { source: "security", field: "event_type", values: ["sql_injection_attempt"], metricName: "SqlInjectionAttempts" },
  "header-violations": { source: "security", field: "event_type", values: ["csp_violation", "security_header_violation"], metricName: "SecurityHeaderViolations" },
  "virus-detected": { source: "security", field: "event_type", values: ["virus_detected"], metricName: "VirusDetected" },
  "admin-actions": { source: "security", field: "event_type", values: ["admin_action"], metricName: "AdminActions" },
  "http-401-403": { source: "application", field: "status", values: [401, 403], metricName: "Http401And403" },
  "rate-limited": { source: "application", field: "status", values: [429], metricName: "RateLimited" },
} as const satisfies Record<string, FilterSpec>;

export type FilterName = keyof typeof SECURITY_FILTERS;

/** A CloudWatch Logs JSON filter pattern matching any of the values of one field. */
export function filterPattern(field: string, values: readonly (string | number)[]): string {
  const term = (v: string | number) => `$.${field} = ${typeof v === "number" ? v : JSON.stringify(v)}`;
  return values.length === 1 ? `{ ${term(values[0])} }` : `{ ${values.map((v) => `(${term(v)})`).join(" || ")} }`;
}

export interface AlarmSpec {
  readonly filter: FilterName;
  /** Seconds per evaluation period. */
  readonly period: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
  /** What is counted, for the alarm description (e.g. "failed logins"). */
  readonly what: string;
  /** Requirement id, or "derived". */
  readonly control: string;
  /** MON-1 severity (ITS levels), carried as the alarm's `severity` tag for routing and triage. */
  readonly severity: "critical" | "high" | "medium" | "low";
}

export const SECURITY_ALARMS = {
  /** MON-2 (4S failed_auth_spike): more than 100 failed logins in 5 minutes. */
  "auth-failures-5m": { filter: "auth-failures", period: 300, threshold: 100, comparison: "GreaterThanThreshold", what: "failed logins", control: "MON-2", severity: "high" },
  /** MON-2 (ITS authentication_failures_per_minute, high): more than 10 per minute. */
  "auth-failures-1m": { filter: "auth-failures", period: 60, threshold: 10, comparison: "GreaterThanThreshold", what: "failed logins", control: "MON-2", severity: "high" },
  /** MON-2 (ITS unauthorized_api_access_attempts, high): 5 or more in 5 minutes. */
  "unauthorized-access": { filter: "unauthorized-access", period: 300, threshold: 5, comparison: "GreaterThanOrEqualToThreshold", what: "unauthorized API calls", control: "MON-2", severity: "high" },
  /** MON-4: any SQL injection attempt, 5-minute period, missing data OK. */
  "sql-injection": { filter: "sql-injection", period: 300, threshold: 1, comparison: "GreaterThanOrEqualToThreshold", what: "SQL injection attempts", control: "MON-4", severity: "critical" },
  /** MON-6 (ITS security_header_violations, low): 10 or more; the hour is derived. */
  "header-violations": {
    filter: "header-violations",
    period: 3600,
    threshold: 10,
    comparison: "GreaterThanOrEqualToThreshold",
    what: "CSP or security header violations",
    control: "MON-6",
    severity: "low",
  },
  /** MON-6 (4S file_upload_virus): any detection. */
  "virus-detected": { filter: "virus-detected", period: 300, threshold: 1, comparison: "GreaterThanOrEqualToThreshold", what: "malware detections in uploads", control: "MON-6", severity: "critical" },
  /**
   * Derived (Apex "Log all admin actions" with "Automated alerting system"): every administrative action is reported,
   * as CIS reports every IAM or security-group change; an app with routine admin traffic raises the threshold.
   */
  "admin-actions": { filter: "admin-actions", period: 300, threshold: 1, comparison: "GreaterThanOrEqualToThreshold", what: "administrative actions", control: "derived", severity: "medium" },
  /** Derived: a burst of 401/403 responses (credential stuffing, token scanning); no seed figure. */
  "http-401-403-burst": { filter: "http-401-403", period: 60, threshold: 50, comparison: "GreaterThanThreshold", what: "responses with 401 or 403", control: "derived", severity: "medium" },
  /** MON-3 (4S rate_limit_exceeded): more than 1000 rate-limited requests in an hour (ITS: pass { threshold: 100 }). */
  "rate-limited": { filter: "rate-limited", period: 3600, threshold: 1000, comparison: "GreaterThanThreshold", what: "rate-limited (429) responses", control: "MON-3", severity: "medium" },
} as const satisfies Record<string, AlarmSpec>;

export type AlarmName = keyof typeof SECURITY_ALARMS;

/** "More than 100 failed logins in 5 minutes (MON-2)", from the spec and the values in force. */
export function alarmDescription(spec: AlarmSpec, threshold: number, period: number): string {
  const span = period % 3600 === 0 ? (period === 3600 ? "an hour" : `${period / 3600} hours`) : period === 60 ? "a minute" : `${period / 60} minutes`;
  const count = spec.comparison === "GreaterThanThreshold" ? `More than ${threshold}` : `${threshold} or more`;
  return `${count} ${spec.what} in ${span} (${spec.control})`;
}

/** Metric filter metrics are standard resolution: alarm periods are whole minutes, at most a day. */
export const MIN_ALARM_PERIOD_SECONDS = 60;
export const MAX_ALARM_PERIOD_SECONDS = 86400;

/**
 * Services that publish to the alert topic: CloudWatch alarms, AWS Backup vault events, EventBridge rules (which also
 * carry ElastiCache's events: ElastiCache itself cannot publish to a KMS-encrypted topic).
 */
export const DEFAULT_PUBLISHERS = ["cloudwatch.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"] as const;
/** MON-5: (Target 5XX + ELB 5XX) / RequestCount. */
export const ERROR_RATE_THRESHOLD = 0.05;
