/**
 * WAF controls: every web ACL carries the core AWS managed groups, a rate limit, metrics and sampling on
 * every rule, and logging with credentials redacted (WAF-1..3, LOG-5).
 */
import { asArray, isUnknown, knownJson, peek, raw, referencesResource, resourcePolicy, stackPolicy, undecided } from "./lib";
import { ENVIRONMENT_CONFIG, isProd } from "./environment";

export const WEB_ACL = "aws:wafv2/webAcl:WebAcl";
export const WEB_ACL_LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
/** WAF-2: the groups every ACL must carry (XSS/common exploits, known bad inputs, SQL injection). */
export const REQUIRED_MANAGED_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"] as const;
/** The rule of AWSManagedRulesKnownBadInputsRuleSet that blocks Log4Shell (CVE-2021-44228) payloads. */
export const LOG4J_RULE = "Log4JRCE";
/** LOG-5: headers that must never reach WAF logs. */
export const REQUIRED_REDACTED_HEADERS = ["authorization", "cookie"] as const;

/** A rule in one shape, whether it came from `rules` or the `ruleJson` document (PascalCase). */
interface RuleView {
  name: string;
  managedGroup?: string;
  overrideCount: boolean;
  /** Rules of the managed group that do not block: excluded, or overridden to count or allow. */
  notBlocking: string[];
  rateBased: boolean;
  scopedDown: boolean;
  metrics: boolean;
  sampled: boolean;
}

function fromRules(rules: any[]): RuleView[] {
  return rules.map((r: any, i: number) => {
    const statement = peek(r, "statement");
    if (isUnknown(statement)) undecided(`rules[${i}].statement`, "the rule statement is computed");
    const rate = peek(r, "statement.rateBasedStatement");
    return {
      name: String(peek(r, "name")),
      managedGroup: peek(r, "statement.managedRuleGroupStatement.name"),
      overrideCount: peek(r, "overrideAction.count") !== undefined || String(peek(r, "overrideAction.type") ?? "").toUpperCase() === "COUNT",
      notBlocking: [
        ...asArray(peek(r, "statement.managedRuleGroupStatement.excludedRules")).map((x: any) => String(raw(x)?.name)),
        ...asArray(peek(r, "statement.managedRuleGroupStatement.ruleActionOverrides"))
          .map(raw)
          .filter((x: any) => x?.actionToUse && (x.actionToUse.count !== undefined || x.actionToUse.allow !== undefined))
          .map((x: any) => String(x.name)),
      ],
      rateBased: rate !== undefined && rate !== null,
      scopedDown: peek(r, "statement.rateBasedStatement.scopeDownStatement") !== undefined,
      metrics: peek(r, "visibilityConfig.cloudwatchMetricsEnabled") === true,
      sampled: peek(r, "visibilityConfig.sampledRequestsEnabled") === true,
    };
  });
}

function fromRuleJson(doc: any[]): RuleView[] {
  return doc.map((r: any) => ({
    name: String(r?.Name),
    managedGroup: r?.Statement?.ManagedRuleGroupStatement?.Name,
    overrideCount: r?.OverrideAction?.Count !== undefined,
    notBlocking: [
      ...asArray(r?.Statement?.ManagedRuleGroupStatement?.ExcludedRules).map((x: any) => String(x?.Name)),
      ...asArray(r?.Statement?.ManagedRuleGroupStatement?.RuleActionOverrides)
        .filter((x: any) => x?.ActionToUse?.Count !== undefined || x?.ActionToUse?.Allow !== undefined)
        .map((x: any) => String(x?.Name)),
    ],
    rateBased: r?.Statement?.RateBasedStatement !== undefined,
    scopedDown: r?.Statement?.RateBasedStatement?.ScopeDownStatement !== undefined,
    metrics: r?.VisibilityConfig?.CloudWatchMetricsEnabled === true,
    sampled: r?.VisibilityConfig?.SampledRequestsEnabled === true,
  }));
}

/** Every rule of an ACL, from `rules` and `ruleJson`; undecided when either is unknown. */
export function aclRules(props: any): RuleView[] {
  const rules = peek(props, "rules");
  if (isUnknown(rules)) undecided("rules", "the rules are computed");
  const json = peek(props, "ruleJson") ? knownJson(props, "ruleJson", "the rule document is built from values not yet known") : undefined;
  return [...fromRules(asArray(rules)), ...(Array.isArray(json) ? fromRuleJson(json) : [])];
}

export const webAclRateRule = resourcePolicy({
  name: "waf-web-acl-rate-rule",
  description: "Web ACLs have a rate-based rule; in prod one of them covers every request (no scope-down).",
  types: [WEB_ACL],
  severity: "medium",
  category: "security",
  controls: ["WAF-3"],
  remediation: "add a rateBasedStatement rule keyed on IP without scopeDownStatement (WebFirewall generalRate: 1000 per 15 min becomes limit 667 over 600 s).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    const rules = aclRules(r.props).filter((x) => x.rateBased);
    if (rules.length === 0) return report("Web ACL has no rate-based rule, so one client can flood the app or brute-force logins without limit.");
    if (isProd(r.props, r.args.getConfig()) && rules.every((x) => x.scopedDown))
      report(`Web ACL's rate rules (${rules.map((x) => x.name).join(", ")}) are all scoped to some paths, so floods on the other paths are not limited.`);
  },
});

export const webAclManagedGroups = resourcePolicy({
  name: "waf-web-acl-core-managed-groups",
  description:
    "Web ACLs include AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet and AWSManagedRulesSQLiRuleSet; in prod none is overridden to count, and the Log4JRCE rule of KnownBadInputs is neither excluded nor overridden to count or allow.",
  types: [WEB_ACL],
  severity: "high",
  category: "security",
  controls: ["WAF-2", "WAF-1"],
  fsbp: ["WAF.10"],
  checkov: ["CKV_AWS_192", "CKV2_AWS_76"],
  remediation:
    'add each group as a managedRuleGroupStatement (vendorName "AWS") with overrideAction { none: {} } and no ruleActionOverrides for Log4JRCE (WebFirewall does this; mode "count" only outside prod).',
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    const rules = aclRules(r.props);
    const nonProd = !isProd(r.props, r.args.getConfig());
    for (const group of REQUIRED_MANAGED_GROUPS) {
      const rule = rules.find((x) => x.managedGroup === group);
      if (!rule)
        report(
          `Web ACL lacks ${group}, so the attacks it blocks (${group.includes("SQLi") ? "SQL injection" : group.includes("KnownBad") ? "known exploit payloads such as Log4Shell" : "XSS and common exploits"}) reach the app.`,
        );
      else if (rule.overrideCount && !nonProd) report(`Web ACL only counts ${group} (overrideAction count), so its matches are logged but not blocked in production.`);
      else if (group === "AWSManagedRulesKnownBadInputsRuleSet" && rule.notBlocking.includes(LOG4J_RULE) && !nonProd)
        report(`Web ACL excludes ${LOG4J_RULE} from ${group} (or overrides it to count or allow), so Log4Shell (CVE-2021-44228) lookups in requests reach the app in production.`);
    }
  },
});

export const webAclMetrics = resourcePolicy({
  name: "waf-web-acl-metrics",
  description: "Web ACLs and every rule in them publish CloudWatch metrics and keep sampled requests.",
  types: [WEB_ACL],
  severity: "low",
  category: "security",
  controls: ["WAF-1", "MON-3"],
  fsbp: ["WAF.12"],
  remediation: "set visibilityConfig { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName } on the ACL and on each rule.",
  validate: (r, report) => {
    if (peek(r.props, "visibilityConfig.cloudwatchMetricsEnabled") !== true || peek(r.props, "visibilityConfig.sampledRequestsEnabled") !== true) {
      report("Web ACL does not publish metrics and sampled requests, so blocks and rate-limit hits cannot be alarmed on or investigated.");
    }
    const blind = aclRules(r.props)
      .filter((x) => !x.metrics || !x.sampled)
      .map((x) => x.name);
    if (blind.length) report(`Web ACL rules ${blind.join(", ")} publish no metrics or samples, so their matches are invisible.`);
  },
});

export const webAclLogging = stackPolicy({
  name: "waf-web-acl-logging",
  description: "Every web ACL has a logging configuration that redacts the authorization and cookie headers.",
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["WAF.11"],
  checkov: ["CKV2_AWS_31"],
  remediation:
    'add an aws.wafv2.WebAclLoggingConfiguration (resourceArn = the ACL ARN, logDestinationConfigs = an "aws-waf-logs-" log group) with redactedFields singleHeader authorization and cookie (WebFirewall does this).',
  validate: (resources, report) => {
    const configs = resources.filter((r) => r.type === WEB_ACL_LOGGING);
    for (const acl of resources.filter((r) => r.type === WEB_ACL)) {
      const config = configs.find((c) => referencesResource(c, "resourceArn", acl, ["arn"]));
      if (!config) {
        report(`Web ACL ${acl.name} has no logging configuration, so blocked attacks and rate-limit hits leave no record.`, acl.urn);
        continue;
      }
      const redacted = asArray(peek(raw(config.props), "redactedFields")).map((f: any) => String(peek(f, "singleHeader.name") ?? "").toLowerCase());
      const missing = REQUIRED_REDACTED_HEADERS.filter((h) => !redacted.includes(h));
      if (missing.length)
        report(`Web ACL ${acl.name} logs the ${missing.join(" and ")} header${missing.length > 1 ? "s" : ""} in clear, so session tokens and credentials land in the logs.`, config.urn);
    }
  },
});

/** Every WAF Classic (global and regional) resource type. */
export const WAF_CLASSIC_TYPES = ["waf", "wafregional"].flatMap((ns) =>
  [
    "byteMatchSet:ByteMatchSet",
    "geoMatchSet:GeoMatchSet",
    "ipSet:IpSet",
    "rateBasedRule:RateBasedRule",
    "regexMatchSet:RegexMatchSet",
    "regexPatternSet:RegexPatternSet",
    "rule:Rule",
    "ruleGroup:RuleGroup",
    "sizeConstraintSet:SizeConstraintSet",
    "sqlInjectionMatchSet:SqlInjectionMatchSet",
    "webAcl:WebAcl",
    "xssMatchSet:XssMatchSet",
    ...(ns === "wafregional" ? ["webAclAssociation:WebAclAssociation"] : []),
  ].map((t) => `aws:${ns}/${t}`),
);

export const wafClassicNotUsed = resourcePolicy({
  name: "waf-classic-not-used",
  description: "No WAF Classic (aws.waf, aws.wafregional) resource is created; web ACLs are WAFv2.",
  types: WAF_CLASSIC_TYPES,
  severity: "medium",
  category: "security",
  controls: ["WAF-1"],
  fsbp: ["WAF.1", "WAF.2", "WAF.3", "WAF.4", "WAF.6", "WAF.7", "WAF.8"],
  notes: Object.fromEntries(["WAF.1", "WAF.2", "WAF.3", "WAF.4", "WAF.6", "WAF.7", "WAF.8"].map((id) => [id, "stricter: no WAF Classic resource may exist"])),
  remediation: "use WAFv2 (aws.wafv2.WebAcl with aws.wafv2.WebAclAssociation; the WebFirewall component builds one with managed groups, rate rules and logging).",
  validate: (r, report) => {
    report(`${r.type.split(":")[1]} is WAF Classic, which AWS no longer supports: no managed rule groups, no new features, and its rules can stop protecting at any time.`);
  },
});

export const policies = [webAclRateRule, webAclManagedGroups, webAclMetrics, webAclLogging, wafClassicNotUsed];
