/**
 * Security metric filters and their alarms (MON-2, MON-3, MON-4, MON-6). Filter patterns read JSON fields of
 * the app's log events (the app contract in the README): `event_type` on the security log, `status` on the
 * application (access) log. Thresholds and periods are the requirement figures unless marked derived.
 */

/** Where a filter reads: the security-class group or the application group. */
export type FilterSource = "security" | "application";

export interface FilterSpec {
  readonly source: FilterSource;
  readonly pattern: string;
  readonly metricName: string;
}

export const SECURITY_FILTERS = {
  "auth-failures": { source: "security", pattern: '{ $.event_type = "auth_failure" }', metricName: "AuthFailures" },
  "unauthorized-access": { source: "security", pattern: '{ $.event_type = "unauthorized_access" }', metricName: "UnauthorizedApiAccess" },
  "sql-injection": { source: "security", pattern: '{ $.event_type = "sql_injection_attempt" }', metricName: "SqlInjectionAttempts" },
  "header-violations": { source: "security", pattern: '{ ($.event_type = "csp_violation") || ($.event_type = "security_header_violation") }', metricName: "SecurityHeaderViolations" },
  "virus-detected": { source: "security", pattern: '{ $.event_type = "virus_detected" }', metricName: "VirusDetected" },
  "http-401-403": { source: "application", pattern: "{ ($.status = 401) || ($.status = 403) }", metricName: "Http401And403" },
  "rate-limited": { source: "application", pattern: "{ $.status = 429 }", metricName: "RateLimited" },
} as const satisfies Record<string, FilterSpec>;

export type FilterName = keyof typeof SECURITY_FILTERS;

export interface AlarmSpec {
  readonly filter: FilterName;
  /** Seconds per evaluation period. */
  readonly period: number;
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold";
  readonly description: string;
  /** MON-1 severity (ITS levels), carried as the alarm's `severity` tag for routing and triage. */
  readonly severity: "critical" | "high" | "medium" | "low";
}

export const SECURITY_ALARMS = {
  /** MON-2 (4S failed_auth_spike): more than 100 failed logins in 5 minutes. */
  "auth-failures-5m": { filter: "auth-failures", period: 300, threshold: 100, comparison: "GreaterThanThreshold", description: "More than 100 failed logins in 5 minutes (MON-2)", severity: "high" },
  /** MON-2 (ITS authentication_failures_per_minute, high): more than 10 per minute. */
  "auth-failures-1m": { filter: "auth-failures", period: 60, threshold: 10, comparison: "GreaterThanThreshold", description: "More than 10 failed logins in a minute (MON-2)", severity: "high" },
  /** MON-2 (ITS unauthorized_api_access_attempts, high): 5 or more in 5 minutes. */
  "unauthorized-access": { filter: "unauthorized-access", period: 300, threshold: 5, comparison: "GreaterThanOrEqualToThreshold", description: "5 or more unauthorized API calls in 5 minutes (MON-2)", severity: "high" },
  /** MON-4: any SQL injection attempt, 5-minute period, missing data OK. */
  "sql-injection": { filter: "sql-injection", period: 300, threshold: 1, comparison: "GreaterThanOrEqualToThreshold", description: "SQL injection attempt detected (MON-4)", severity: "critical" },
  /** MON-6 (ITS security_header_violations, low): 10 or more; the hour is derived. */
  "header-violations": { filter: "header-violations", period: 3600, threshold: 10, comparison: "GreaterThanOrEqualToThreshold", description: "10 or more CSP or security header violations in an hour (MON-6)", severity: "low" },
  /** MON-6 (4S file_upload_virus): any detection. */
  "virus-detected": { filter: "virus-detected", period: 300, threshold: 1, comparison: "GreaterThanOrEqualToThreshold", description: "Malware detected in an upload (MON-6)", severity: "critical" },
  /** Derived: a burst of 401/403 responses (credential stuffing, token scanning); no seed figure. */
  "http-401-403-burst": { filter: "http-401-403", period: 60, threshold: 50, comparison: "GreaterThanThreshold", description: "More than 50 responses with 401 or 403 in a minute (derived)", severity: "medium" },
  /** MON-3 (4S rate_limit_exceeded): more than 1000 rate-limited requests in an hour. */
  "rate-limited": { filter: "rate-limited", period: 3600, threshold: 1000, comparison: "GreaterThanThreshold", description: "More than 1000 rate-limited (429) responses in an hour (MON-3)", severity: "medium" },
} as const satisfies Record<string, AlarmSpec>;

export type AlarmName = keyof typeof SECURITY_ALARMS;

/** Services that publish to the alert topic: CloudWatch alarms, AWS Backup vault events, EventBridge rules. */
export const DEFAULT_PUBLISHERS = ["cloudwatch.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"] as const;
/** MON-5: (Target 5XX + ELB 5XX) / RequestCount. */
export const ERROR_RATE_THRESHOLD = 0.05;
