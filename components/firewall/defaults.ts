import { Environment, isProd } from "../shared/naming";
import { RateFigure } from "./rates";

/** WAF-1: rules block in prod; staging counts first. */
export const modeDefault = (env: Environment): "block" | "count" => (isProd(env) ? "block" : "count");

/** WAF-2: the managed groups every ACL carries, in evaluation order, ahead of the rate rules. */
export const CORE_MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesAmazonIpReputationList"] as const;

/** The web ACL's description; WAFv2 descriptions take no parentheses (see names.ts). */
export const aclDescription = (appName: string, env: Environment, mode: "block" | "count"): string => `Managed rules and rate limits for ${appName} ${env}, mode ${mode}`;

/** WAF-3: general per-IP rate, 1000 requests per 15 minutes (004, 4S). */
export const DEFAULT_GENERAL_RATE: RateFigure = { requests: 1000, perSeconds: 900 };

/** A rate tier limited to request paths that start with one of `paths` (matched in lowercase). */
export interface PathRateTier extends RateFigure {
  readonly paths: readonly string[];
}

/**
 * WAF-4..WAF-6: the seeds' per-IP tiers scoped to paths, for a program to pass (none is applied unless
 * passed): API 100 / 15 min (Apex, 4S), auth 5 / 15 min (Apex, 4S, 004), search 30 / min and upload 10 / h
 * (4S). Paths are the common defaults; pass your own.
 */
export const DEFAULT_PATH_RATES: Readonly<Record<"api" | "auth" | "search" | "upload", PathRateTier>> = {
  api: { requests: 100, perSeconds: 900, paths: ["/api/"] },
  auth: { requests: 5, perSeconds: 900, paths: ["/api/auth/", "/auth/", "/login"] },
  search: { requests: 30, perSeconds: 60, paths: ["/api/search", "/search"] },
  upload: { requests: 10, perSeconds: 3600, paths: ["/api/upload", "/upload"] },
};

/** WAF-7: per-API-key limits (ITS `rate_limit_per_minute 60`, `rate_limit_per_hour 1000`). */
export const DEFAULT_API_KEY_PER_MINUTE = 60;
export const DEFAULT_API_KEY_PER_HOUR = 1000;

/** EDGE-7: WAF inspects at most the first 8 KB of a body on an ALB; CRS SizeRestrictions_BODY blocks above it. */
export const WAF_ALB_BODY_INSPECTION_BYTES = 8192;
export const DEFAULT_MAX_BODY_BYTES = 8192;
export const CRS_BODY_SIZE_RULE = "SizeRestrictions_BODY";

/** Custom responses (keys of the ACL's customResponseBodies). */
export const RATE_LIMITED_BODY = { key: "rate-limited", contentType: "APPLICATION_JSON", content: '{"error":"too_many_requests"}' } as const;
export const TOO_LARGE_BODY = { key: "too-large", contentType: "APPLICATION_JSON", content: '{"error":"payload_too_large"}' } as const;

/** LOG-5: headers never written to WAF logs. */
export const REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** Rule priorities: managed groups first, then the body rule, then rate rules. */
export const PRIORITY = { managed: 10, body: 100, rate: 200, step: 10 } as const;

/** Alarm thresholds: MON-3 (> 1000 rate-rule blocks per hour), MON-4 (any SQLi block in 5 minutes). */
export const ALARMS = { aclBlockedPerHour: 1000, rateBlockedPerHour: 1000, sqliBlockedPer5Min: 1 } as const;
