import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { WebFirewallArgs } from "./args";
import {
  CORE_MANAGED_RULE_GROUPS,
  DEFAULT_API_KEY_PER_HOUR,
  DEFAULT_API_KEY_PER_MINUTE,
  DEFAULT_GENERAL_RATE,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PATH_RATES,
  modeDefault,
  PathRateTier,
} from "./defaults";
import { RateMapping, wafRate } from "./rates";

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
};

const TIER_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const HEADER = /^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const PATH = /^\/[\x21-\x7e]{0,199}$/;

export function withDefaults(args: WebFirewallArgs): ResolvedWebFirewallArgs {
  return {
    ...args,
    mode: args.mode ?? modeDefault(args.environment),
    maxBodyBytes: args.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    extraManagedRuleGroups: args.extraManagedRuleGroups ?? [],
    pathRates: args.pathRates ?? DEFAULT_PATH_RATES,
    rateRules: [],
  };
}

/** Validates the arguments and maps every rate figure with {@link wafRate}; the plan lands in `rateRules`. */
export function validate(name: string, a: ResolvedWebFirewallArgs): ResolvedWebFirewallArgs {
  checkEnvironment("WebFirewall", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  const rules: PlannedRateRule[] = [];
  const map = (arg: string, rule: string, requests: number, perSeconds: number, extra: Partial<PlannedRateRule> = {}) => {
    const r = wafRate(requests, perSeconds);
    if (r.ok) rules.push({ name: rule, rate: r.value, ...extra });
    else p.add(r.error.code, arg, r.error.problem, r.error.fix);
  };
  p.check(a.environment === "prod" && a.mode !== "block", "WAF_PROD_COUNT", "mode", "prod only counts WAF matches, so attacks and floods reach the app", 'leave mode unset (block in prod) or set "block".');
  p.check(!/^[a-z][a-z0-9-]{0,23}$/.test(a.appName), "WAF_APP_NAME", "appName", `"${a.appName}" is not 1-24 lowercase letters, digits or hyphens`, "use the stack's appName.");
  const general = a.generalRate ?? DEFAULT_GENERAL_RATE;
  map("generalRate", "general-per-ip", general.requests, general.perSeconds);
  for (const [key, tier] of Object.entries(a.pathRates)) {
    p.check(!TIER_NAME.test(key), "WAF_TIER_NAME", `pathRates.${key}`, "tier names must be lowercase letters, digits or hyphens starting with a letter", "rename the key, e.g. auth.");
    p.check(tier.paths.length === 0, "WAF_TIER_PATHS", `pathRates.${key}.paths`, "a path tier without paths would limit every request", "list the path prefixes, e.g. [\"/api/auth/\"], or use generalRate.");
    tier.paths.forEach((path, i) => p.check(!PATH.test(path), "WAF_TIER_PATHS", `pathRates.${key}.paths[${i}]`, `"${path}" is not an absolute path prefix`, 'start it with "/", e.g. "/login".'));
    map(`pathRates.${key}`, `${key}-per-ip`, tier.requests, tier.perSeconds, { paths: tier.paths.map((x) => x.toLowerCase()) });
  }
  if (a.apiKey) {
    const header = a.apiKey.header.toLowerCase();
    p.check(!HEADER.test(header), "WAF_API_KEY_HEADER", "apiKey.header", `"${a.apiKey.header}" is not an HTTP header name`, "use the header the clients send, e.g. x-api-key.");
    map("apiKey.perMinute", "api-key-per-minute", a.apiKey.perMinute ?? DEFAULT_API_KEY_PER_MINUTE, 60, { header });
    map("apiKey.perHour", "api-key-per-hour", a.apiKey.perHour ?? DEFAULT_API_KEY_PER_HOUR, 3600, { header });
  }
  p.check(!Number.isInteger(a.maxBodyBytes) || a.maxBodyBytes < 1, "WAF_MAX_BODY", "maxBodyBytes", `${a.maxBodyBytes} is not a positive whole number of bytes`, "give the app's largest accepted body, e.g. 10485760 for 10 MB.");
  a.extraManagedRuleGroups.forEach((g, i) => {
    p.check(!/^AWSManagedRules[A-Za-z0-9]+$/.test(g), "WAF_MANAGED_GROUP", `extraManagedRuleGroups[${i}]`, `"${g}" is not an AWS managed rule group name`, "use a name such as AWSManagedRulesLinuxRuleSet.");
    p.check((CORE_MANAGED_RULE_GROUPS as readonly string[]).includes(g), "WAF_MANAGED_GROUP", `extraManagedRuleGroups[${i}]`, `"${g}" is already one of the core groups`, "remove it from extraManagedRuleGroups.");
  });
  p.throwIfAny("WebFirewall", name);
  return { ...a, rateRules: rules };
}
