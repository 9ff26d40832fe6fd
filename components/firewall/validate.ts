import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { loadBalancerArn, topicArn } from "../shared/arn";
import { checkArgs, environment, input, list, logClasses, num, obj, oneOf, opt, record, req, Shape, str } from "../shared/shape";
import { ApiKeyRateArgs, WebFirewallArgs } from "./args";
import {
  aclDescription,
  CORE_MANAGED_RULE_GROUPS,
  DEFAULT_API_KEY_PER_HOUR,
  DEFAULT_API_KEY_PER_MINUTE,
  DEFAULT_GENERAL_RATE,
  DEFAULT_MAX_BODY_BYTES,
  modeDefault,
  PathRateTier,
  RATE_LIMITED_BODY,
  TOO_LARGE_BODY,
} from "./defaults";
import { checkWafText } from "./names";
import { RateFigure, RateMapping, wafRate } from "./rates";

/** One rate-based rule to create: its name, the mapped numbers, and what it is scoped or keyed on. */
export interface PlannedRateRule {
  readonly name: string;
  readonly rate: RateMapping;
  readonly paths?: readonly string[];
  readonly header?: string;
}

export type ResolvedWebFirewallArgs = WebFirewallArgs & {
  readonly mode: "block" | "count";
  readonly maxBodyBytes: number;
  readonly extraManagedRuleGroups: readonly string[];
  readonly pathRates: Readonly<Record<string, PathRateTier>>;
  readonly rateRules: readonly PlannedRateRule[];
  /** The web ACL's name and description as emitted. */
  readonly aclName: string;
  readonly description: string;
};

const TIER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const HEADER = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const PATH = /^\/[\x21-\x7e]{0,199}$/;

const RATE_FIGURE: Shape<RateFigure> = { requests: req(num()), perSeconds: req(num()), evaluationWindowSec: opt(num()) };

/** Runtime shape of {@link WebFirewallArgs}. */
export const SHAPE: Shape<WebFirewallArgs> = {
  environment,
  appName: req(str()),
  logs: req(logClasses),
  resourceArn: req(input(str(loadBalancerArn("RESOURCE_ARN")))),
  mode: opt(oneOf(["block", "count"])),
  generalRate: opt(obj<RateFigure>(RATE_FIGURE)),
  pathRates: opt(record(obj<PathRateTier>({ ...RATE_FIGURE, paths: req(list(str(), { unique: true })) }))),
  apiKey: opt(obj<ApiKeyRateArgs>({ header: req(str()), perMinute: opt(num()), perHour: opt(num()) })),
  maxBodyBytes: opt(num()),
  extraManagedRuleGroups: opt(list(str(), { unique: true })),
  alarmTopicArn: opt(input(str(topicArn()))),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: WebFirewallArgs): WebFirewallArgs => checkArgs("WebFirewall", "WAF", name, args, SHAPE);

export function withDefaults(args: WebFirewallArgs): ResolvedWebFirewallArgs {
  return {
    ...args,
    mode: args.mode ?? modeDefault(args.environment),
    maxBodyBytes: args.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    extraManagedRuleGroups: args.extraManagedRuleGroups ?? [],
    pathRates: args.pathRates ?? {},
    rateRules: [],
    aclName: `${args.appName}-${args.environment}`,
    description: aclDescription(args.appName, args.environment, args.mode ?? modeDefault(args.environment)),
  };
}

/** Validates the arguments and maps every rate figure with {@link wafRate}; the plan lands in `rateRules`. */
export function validate(name: string, a: ResolvedWebFirewallArgs): ResolvedWebFirewallArgs {
  checkEnvironment("WebFirewall", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  const rules: PlannedRateRule[] = [];
  const map = (arg: string, rule: string, requests: number, perSeconds: number, extra: Partial<PlannedRateRule> = {}, window?: number) => {
    const r = wafRate(requests, perSeconds, window);
    if (r.ok) rules.push({ name: rule, rate: r.value, ...extra });
    else p.add(r.error.code, arg, r.error.problem, r.error.fix);
  };
  p.check(
    a.environment === "prod" && a.mode !== "block",
    "WAF_PROD_COUNT",
    "mode",
    "prod only counts WAF matches, so attacks and floods reach the app",
    'leave mode unset (block in prod) or set "block".',
  );
  p.check(!/^[a-z][a-z0-9-]{0,23}$/.test(a.appName), "WAF_APP_NAME", "appName", `"${a.appName}" is not 1-24 lowercase letters, digits or hyphens`, "use the stack's appName.");
  const general = a.generalRate ?? DEFAULT_GENERAL_RATE;
  map("generalRate", "general-per-ip", general.requests, general.perSeconds, {}, general.evaluationWindowSec);
  for (const [key, tier] of Object.entries(a.pathRates ?? {})) {
    p.check(!TIER_NAME.test(key), "WAF_TIER_NAME", `pathRates.${key}`, "tier names must be lowercase letters, digits or hyphens starting with a letter", "rename the key, e.g. auth.");
    p.check(
      !Array.isArray(tier.paths) || tier.paths.length === 0,
      "WAF_TIER_PATHS",
      `pathRates.${key}.paths`,
      "a path tier without paths would limit every request",
      'list the path prefixes, e.g. ["/api/auth/"], or use generalRate.',
    );
    const paths = Array.isArray(tier.paths) ? tier.paths : [];
    paths.forEach((path, i) =>
      p.check(typeof path !== "string" || !PATH.test(path), "WAF_TIER_PATHS", `pathRates.${key}.paths[${i}]`, `"${path}" is not an absolute path prefix`, 'start it with "/", e.g. "/login".'),
    );
    map(`pathRates.${key}`, `${key}-per-ip`, tier.requests, tier.perSeconds, { paths: paths.map((x) => String(x).toLowerCase()) }, tier.evaluationWindowSec);
  }
  if (a.apiKey) {
    const header = a.apiKey.header.toLowerCase();
    p.check(!HEADER.test(header), "WAF_API_KEY_HEADER", "apiKey.header", `"${a.apiKey.header}" is not an HTTP header name`, "use the header the clients send, e.g. x-api-key.");
    map("apiKey.perMinute", "api-key-per-minute", a.apiKey.perMinute ?? DEFAULT_API_KEY_PER_MINUTE, 60, { header });
    map("apiKey.perHour", "api-key-per-hour", a.apiKey.perHour ?? DEFAULT_API_KEY_PER_HOUR, 3600, { header });
  }
  // Every name, metric name and description the ACL carries, as WAFv2 will see it.
  checkWafText(p, "name", "appName", a.aclName, "web ACL name");
  checkWafText(p, "description", "appName", a.description, "web ACL description");
  checkWafText(p, "metric", "appName", `${a.aclName}-acl`, "web ACL metric name");
  for (const key of [RATE_LIMITED_BODY.key, TOO_LARGE_BODY.key]) checkWafText(p, "name", "customResponseBodies", key, "custom response body key");
  for (const r of rules) {
    if (r.paths && !TIER_NAME.test(r.name.replace(/-per-ip$/, ""))) continue; // already reported as WAF_TIER_NAME
    const arg = r.name === "general-per-ip" ? "generalRate" : r.header ? "apiKey" : `pathRates.${r.name.replace(/-per-ip$/, "")}`;
    checkWafText(p, "name", arg, r.name, "rule name");
    checkWafText(p, "metric", arg, r.name, "rule metric name");
  }
  a.extraManagedRuleGroups.forEach((g, i) => checkWafText(p, "metric", `extraManagedRuleGroups[${i}]`, g, "rule metric name"));
  p.check(
    !Number.isInteger(a.maxBodyBytes) || a.maxBodyBytes < 1,
    "WAF_MAX_BODY",
    "maxBodyBytes",
    `${a.maxBodyBytes} is not a positive whole number of bytes`,
    "give the app's largest accepted body, e.g. 10485760 for 10 MB.",
  );
  a.extraManagedRuleGroups.forEach((g, i) => {
    p.check(
      !/^AWSManagedRules[A-Za-z0-9]+$/.test(g),
      "WAF_MANAGED_GROUP",
      `extraManagedRuleGroups[${i}]`,
      `"${g}" is not an AWS managed rule group name`,
      "use a name such as AWSManagedRulesLinuxRuleSet.",
    );
    p.check(
      (CORE_MANAGED_RULE_GROUPS as readonly string[]).includes(g),
      "WAF_MANAGED_GROUP",
      `extraManagedRuleGroups[${i}]`,
      `"${g}" is already one of the core groups`,
      "remove it from extraManagedRuleGroups.",
    );
  });
  p.throwIfAny("WebFirewall", name);
  return { ...a, rateRules: rules };
}
