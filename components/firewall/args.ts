import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { Environment } from "../shared/naming";
import { PathRateTier } from "./defaults";
import { RateFigure } from "./rates";

export type { PathRateTier } from "./defaults";
export type { RateFigure } from "./rates";

/** Per-API-key limits keyed on a request header (WAF-7). */
export interface ApiKeyRateArgs {
  /** Header that carries the key, e.g. `x-api-key` (also redacted from WAF logs). */
  readonly header: string;
  /** Requests per key per minute (rule `api-key-per-minute`, 60 s window). @default 60 */
  readonly perMinute?: number;
  /** Requests per key per hour (rule `api-key-per-hour`, mapped to a 600 s window). @default 1000 */
  readonly perHour?: number;
}

/** Arguments for {@link WebFirewall}. */
export interface WebFirewallArgs {
  /** Environment; tags, names and the default mode. @checked at construction */
  readonly environment: Environment;
  /** Application name; the ACL is `<appName>-<env>` and its log group `aws-waf-logs-<appName>-<env>`. @checked at construction */
  readonly appName: string;
  /** Log classes that supply the WAF log group (class `security`). @checked at construction */
  readonly logs: LogClasses;
  /** ARN of the load balancer the ACL protects. @checked at construction, or when it resolves if it is an Output */
  readonly resourceArn: pulumi.Input<string>;
  /** `block` enforces; `count` only records matches (observe before enforcing). @default "block" in prod, "count" in staging @checked at construction */
  readonly mode?: "block" | "count";
  /**
   * Per-IP rate on every path, as the requirement states it (WAF-3), optionally with its own
   * `evaluationWindowSec`. The pack requires one unscoped rate rule, so this tier is always present.
   * @default 1000 per 900 s (limit 667 over 600 s)
   * @checked at construction
   */
  readonly generalRate?: RateFigure;
  /**
   * Per-IP rates scoped to path prefixes, keyed by a stable name (the rule becomes `<name>-per-ip`); each
   * carries the app's own figure, paths and optional window. Only the tiers passed are created;
   * DEFAULT_PATH_RATES holds the seeds' api / auth / search / upload tiers for apps whose guide asks for them.
   * @default {} (no path tier)
   * @checked at construction
   */
  readonly pathRates?: Readonly<Record<string, PathRateTier>>;
  /** Per-key limits on an API-key header (WAF-7). @default none @checked at construction */
  readonly apiKey?: ApiKeyRateArgs;
  /**
   * Largest request body the app accepts, bytes. Up to 8192 a WAF rule blocks larger bodies; above it WAF
   * cannot see the whole body on an ALB, so CRS `SizeRestrictions_BODY` is set to count and the app enforces
   * the limit (EDGE-7). @default 8192
   * @checked at construction
   */
  readonly maxBodyBytes?: number;
  /** Further AWS managed rule groups, after the four core ones (e.g. AWSManagedRulesLinuxRuleSet). @default [] @checked at construction */
  readonly extraManagedRuleGroups?: readonly string[];
  /** SNS topic for the blocked-requests, rate-rule and SQLi alarms. @default no alarms @checked at construction, or when it resolves if it is an Output */
  readonly alarmTopicArn?: pulumi.Input<string>;
}
