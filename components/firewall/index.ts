import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, baseTags } from "../shared/naming";
import { WebFirewallArgs } from "./args";
import { ALARMS, CORE_MANAGED_RULE_GROUPS, CRS_BODY_SIZE_RULE, PRIORITY, RATE_LIMITED_BODY, REDACTED_HEADERS, TOO_LARGE_BODY, WAF_ALB_BODY_INSPECTION_BYTES } from "./defaults";
import { checked, PlannedRateRule, validate, withDefaults } from "./validate";

export * from "./args";
export { CORE_MANAGED_RULE_GROUPS, DEFAULT_API_KEY_PER_HOUR, DEFAULT_API_KEY_PER_MINUTE, DEFAULT_GENERAL_RATE, DEFAULT_PATH_RATES } from "./defaults";
export { WAF_DESCRIPTION, WAF_METRIC_NAME, WAF_NAME } from "./names";
export { wafRate, WAF_EVALUATION_WINDOWS, WAF_MIN_RATE_LIMIT } from "./rates";
export type { RateMapping } from "./rates";

type Rule = aws.types.input.wafv2.WebAclRule;
type ScopeDown = aws.types.input.wafv2.WebAclRuleStatementRateBasedStatementScopeDownStatement;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

/** Scope-down for path tiers: the URI path, lowercased, starts with one of the prefixes. */
function pathScope(paths: readonly string[]): ScopeDown {
  const match = (path: string): ScopeDown => ({
    byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: path, textTransformations: [{ priority: 0, type: "LOWERCASE" }] },
  });
  return paths.length === 1 ? match(paths[0]) : { orStatement: { statements: paths.map(match) } };
}

/**
 * A REGIONAL WAFv2 web ACL associated with a load balancer (WAF-1): default allow; the AWS managed Common,
 * KnownBadInputs, SQLi and IP-reputation groups (WAF-2) ahead of per-IP and per-key rate rules (WAF-3..7)
 * that answer 429; a body-size rule or the CRS body override (EDGE-7); metrics and sampling on every rule;
 * logs to `aws-waf-logs-<app>-<env>` with credentials redacted (LOG-5).
 */
export class WebFirewall extends pulumi.ComponentResource {
  readonly webAclArn: pulumi.Output<string>;
  readonly webAclName: string;
  readonly logGroupName: pulumi.Output<string>;
  /** The rate rules as created: name, mapped limit and window, looseness against the figure. */
  readonly rateRules: readonly PlannedRateRule[];

  constructor(name: string, args: WebFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:firewall:WebFirewall", name, {}, opts);
    const tags = baseTags(a.environment, "firewall");
    const parent = { parent: this };
    const aclName = a.aclName;
    this.webAclName = aclName;
    this.rateRules = a.rateRules;
    const block = a.mode === "block";

    const rules: Rule[] = [];
    const crsOverrides = a.maxBodyBytes > WAF_ALB_BODY_INSPECTION_BYTES ? [{ name: CRS_BODY_SIZE_RULE, actionToUse: { count: {} } }] : [];
    [...CORE_MANAGED_RULE_GROUPS, ...a.extraManagedRuleGroups].forEach((group, i) => {
      rules.push({
        name: group,
        priority: PRIORITY.managed + i * PRIORITY.step,
        overrideAction: block ? { none: {} } : { count: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: "AWS",
            name: group,
            ...(group === "AWSManagedRulesCommonRuleSet" && crsOverrides.length ? { ruleActionOverrides: crsOverrides } : {}),
          },
        },
        visibilityConfig: visibility(group),
      });
    });
    if (a.maxBodyBytes <= WAF_ALB_BODY_INSPECTION_BYTES) {
      rules.push({
        name: "body-size",
        priority: PRIORITY.body,
        action: block ? { block: { customResponse: { responseCode: 413, customResponseBodyKey: TOO_LARGE_BODY.key } } } : { count: {} },
        statement: {
          sizeConstraintStatement: { comparisonOperator: "GT", size: a.maxBodyBytes, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: [{ priority: 0, type: "NONE" }] },
        },
        visibilityConfig: visibility("body-size"),
      });
    }
    a.rateRules.forEach((r, i) => {
      rules.push({
        name: r.name,
        priority: PRIORITY.rate + i * PRIORITY.step,
        action: block
          ? { block: { customResponse: { responseCode: 429, customResponseBodyKey: RATE_LIMITED_BODY.key, responseHeaders: [{ name: "retry-after", value: String(r.rate.evaluationWindowSec) }] } } }
          : { count: {} },
        statement: {
          rateBasedStatement: {
            limit: r.rate.limit,
            evaluationWindowSec: r.rate.evaluationWindowSec,
            ...(r.header ? { aggregateKeyType: "CUSTOM_KEYS", customKeys: [{ header: { name: r.header, textTransformations: [{ priority: 0, type: "NONE" }] } }] } : { aggregateKeyType: "IP" }),
            ...(r.paths ? { scopeDownStatement: pathScope(r.paths) } : {}),
          },
        },
        visibilityConfig: visibility(r.name),
      });
    });

    const acl = new aws.wafv2.WebAcl(
      `${name}-acl`,
      {
        name: aclName,
        description: a.description,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        customResponseBodies: [{ ...RATE_LIMITED_BODY }, { ...TOO_LARGE_BODY }],
        rules,
        visibilityConfig: visibility(`${aclName}-acl`),
        tags,
      },
      parent,
    );
    this.webAclArn = acl.arn;

    new aws.wafv2.WebAclAssociation(`${name}-association`, { resourceArn: a.resourceArn, webAclArn: acl.arn }, parent);

    const group = a.logs.group(`${name}-logs`, "waf", "security", { parent: this, name: `aws-waf-logs-${aclName}` });
    this.logGroupName = group.name;
    const redacted = [...REDACTED_HEADERS, ...(a.apiKey ? [a.apiKey.header.toLowerCase()] : [])];
    new aws.wafv2.WebAclLoggingConfiguration(
      `${name}-logging`,
      {
        resourceArn: acl.arn,
        logDestinationConfigs: [group.arn],
        redactedFields: [...new Set(redacted)].map((h) => ({ singleHeader: { name: h } })),
      },
      parent,
    );

    if (a.alarmTopicArn) {
      const region = awsContext(this).region;
      const metricName = block ? "BlockedRequests" : "CountedRequests";
      const alarm = (role: string, rule: string, period: number, threshold: number, comparisonOperator: string, description: string) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-${role}`,
          {
            alarmDescription: description,
            namespace: "AWS/WAFV2",
            metricName,
            statistic: "Sum",
            period,
            evaluationPeriods: 1,
            threshold,
            comparisonOperator,
            treatMissingData: "notBreaching",
            dimensions: { WebACL: aclName, Region: region, Rule: rule },
            alarmActions: [a.alarmTopicArn!],
            tags,
          },
          parent,
        );
      alarm("blocked", "ALL", 3600, ALARMS.aclBlockedPerHour, "GreaterThanThreshold", `More than ${ALARMS.aclBlockedPerHour} requests per hour matched a WAF rule`);
      for (const r of a.rateRules)
        alarm(
          `${r.name}-blocked`,
          r.name,
          3600,
          ALARMS.rateBlockedPerHour,
          "GreaterThanThreshold",
          `Rate rule ${r.name}: more than ${ALARMS.rateBlockedPerHour} requests per hour over the limit (MON-3)`,
        );
      alarm("sqli-blocked", "AWSManagedRulesSQLiRuleSet", 300, ALARMS.sqliBlockedPer5Min, "GreaterThanOrEqualToThreshold", "SQL injection attempt matched by WAF (MON-4)");
    }

    this.registerOutputs({ webAclArn: this.webAclArn, logGroupName: this.logGroupName });
  }
}
