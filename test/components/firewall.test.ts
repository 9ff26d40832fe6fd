import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import { LogClasses } from "../../components";
import { DEFAULT_PATH_RATES, WebFirewall, WebFirewallArgs } from "../../components/firewall";
import { aclDescription } from "../../components/firewall/defaults";
import { checkWafText, WAF_DESCRIPTION, WAF_METRIC_NAME, WAF_NAME } from "../../components/firewall/names";
import { Problems } from "../../components/shared/errors";
import { wafRate, WAF_EVALUATION_WINDOWS, WAF_MIN_RATE_LIMIT } from "../../components/firewall/rates";
import { rateTableMarkdown, REQUIREMENT_TIERS } from "../../components/firewall/table";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const REGION = { config: { "aws:region": "eu-west-1" } };
const ALB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/edge/abc";
const build =
  (over: Partial<WebFirewallArgs> = {}) =>
  () => {
    const env = over.environment ?? "prod";
    const logs = new LogClasses("logs", { environment: env, appName: "shop", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" });
    return new WebFirewall("waf", { environment: env, appName: "shop", logs, resourceArn: ALB, ...over });
  };
const rulesOf = async (over: Partial<WebFirewallArgs> = {}) => {
  const cap = await capture(build(over), REGION);
  const acl = cap.one("aws:wafv2/webAcl:WebAcl");
  return { cap, acl, rules: Object.fromEntries(acl.inputs.rules.map((r: any) => [r.name, r])) as Record<string, any> };
};

describe("wafRate", () => {
  it.each([
    [1000, 900, 667, 600, 1],
    [100, 900, 67, 600, 1],
    [5, 900, 10, 600, 3],
    [30, 60, 30, 60, 1],
    [10, 3600, 10, 600, 6],
    [60, 60, 60, 60, 1],
    [1000, 3600, 167, 600, 1],
    [30, 30, 60, 60, 1],
    [50, 120, 50, 120, 1],
  ])("maps %i per %i s to limit %i over %i s (%i× the figure)", (requests, per, limit, window, looseness) => {
    const r = wafRate(requests, per);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.value.limit, r.value.evaluationWindowSec, Math.round(r.value.looseness)]).toEqual([limit, window, looseness]);
  });

  it("never produces a limit below WAF's minimum or a window WAF does not offer", () => {
    for (const per of [1, 30, 59, 60, 61, 119, 120, 299, 300, 599, 600, 900, 3600, 86400]) {
      for (const requests of [1, 2, 5, 9, 10, 11, 99, 100, 1000, 123457]) {
        const r = wafRate(requests, per);
        if (!r.ok) throw new Error(`${requests}/${per}: ${r.error.code}`);
        expect(r.value.limit).toBeGreaterThanOrEqual(WAF_MIN_RATE_LIMIT);
        expect(WAF_EVALUATION_WINDOWS).toContain(r.value.evaluationWindowSec);
        // Never stricter than the figure over the same period.
        expect(r.value.effectiveRequests).toBeGreaterThanOrEqual(requests);
        expect(r.value.raisedToMinimum).toBe(Math.ceil((requests * r.value.evaluationWindowSec) / per - 1e-9) < 10);
      }
    }
    expect(WAF_MIN_RATE_LIMIT).toBe(10);
    expect([...WAF_EVALUATION_WINDOWS]).toEqual([60, 120, 300, 600]);
  });

  it("rejects what WAF cannot express, with a code", () => {
    expect(wafRate(0, 900)).toMatchObject({ ok: false, error: { code: "WAF_RATE_FIGURE" } });
    expect(wafRate(2.5, 900)).toMatchObject({ ok: false, error: { code: "WAF_RATE_FIGURE" } });
    expect(wafRate(10, 0)).toMatchObject({ ok: false, error: { code: "WAF_RATE_PERIOD" } });
    expect(wafRate(2_000_000_000, 30)).toMatchObject({ ok: false, error: { code: "WAF_RATE_LIMIT_MAX" } });
    expect(wafRate(100, 900, 900)).toMatchObject({ ok: false, error: { code: "WAF_RATE_WINDOW" } });
  });

  it("scales a figure to a window the caller chooses", () => {
    expect(wafRate(100, 900, 300)).toMatchObject({ ok: true, value: { limit: 34, evaluationWindowSec: 300 } });
    expect(wafRate(5, 900, 60)).toMatchObject({ ok: true, value: { limit: 10, evaluationWindowSec: 60, raisedToMinimum: true } });
    expect(wafRate(30, 60, 120)).toMatchObject({ ok: true, value: { limit: 60, evaluationWindowSec: 120, looseness: 1 } });
  });

  it("keeps the README rate table in step with the mapping", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    expect(readme).toContain(rateTableMarkdown());
    expect(REQUIREMENT_TIERS.map((t) => t.rule)).toEqual(["general-per-ip", "api-per-ip", "auth-per-ip", "search-per-ip", "upload-per-ip", "api-key-per-minute", "api-key-per-hour"]);
  });
});

describe("WebFirewall", () => {
  it("creates a REGIONAL ACL with default allow, metrics and sampling, and a 429 body", async () => {
    const { acl } = await rulesOf();
    expect(acl.inputs).toMatchObject({
      name: "shop-prod",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: "shop-prod-acl" },
      customResponseBodies: [
        { key: "rate-limited", contentType: "APPLICATION_JSON", content: '{"error":"too_many_requests"}' },
        { key: "too-large", contentType: "APPLICATION_JSON", content: '{"error":"payload_too_large"}' },
      ],
    });
    for (const r of acl.inputs.rules) expect(r.visibilityConfig).toEqual({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: r.name });
  });

  it("associates the ACL with the load balancer", async () => {
    const { cap, acl } = await rulesOf();
    expect(cap.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs).toEqual({ resourceArn: ALB, webAclArn: acl.outputs.arn });
  });

  it("creates only the general tier unless path tiers are passed", async () => {
    const { rules } = await rulesOf();
    expect(Object.keys(rules).filter((n) => n.endsWith("-per-ip"))).toEqual(["general-per-ip"]);
  });

  it("puts the four core managed groups first, unoverridden in block mode, then body size, then rate rules", async () => {
    const { acl, rules } = await rulesOf({ pathRates: DEFAULT_PATH_RATES });
    expect(acl.inputs.rules.map((r: any) => [r.priority, r.name])).toEqual([
      [10, "AWSManagedRulesCommonRuleSet"],
      [20, "AWSManagedRulesKnownBadInputsRuleSet"],
      [30, "AWSManagedRulesSQLiRuleSet"],
      [40, "AWSManagedRulesAmazonIpReputationList"],
      [100, "body-size"],
      [200, "general-per-ip"],
      [210, "api-per-ip"],
      [220, "auth-per-ip"],
      [230, "search-per-ip"],
      [240, "upload-per-ip"],
    ]);
    expect(rules.AWSManagedRulesSQLiRuleSet).toMatchObject({ overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesSQLiRuleSet" } } });
    expect(rules.AWSManagedRulesCommonRuleSet.statement.managedRuleGroupStatement.ruleActionOverrides).toBeUndefined();
  });

  it("blocks rate-limited clients with 429 and maps every tier to WAF's numbers", async () => {
    const { rules } = await rulesOf({ pathRates: DEFAULT_PATH_RATES });
    expect(rules["general-per-ip"].statement).toEqual({ rateBasedStatement: { limit: 667, evaluationWindowSec: 600, aggregateKeyType: "IP" } });
    expect(rules["general-per-ip"].action).toEqual({
      block: { customResponse: { responseCode: 429, customResponseBodyKey: "rate-limited", responseHeaders: [{ name: "retry-after", value: "600" }] } },
    });
    const lower = (p: string) => ({
      byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: p, textTransformations: [{ priority: 0, type: "LOWERCASE" }] },
    });
    expect(rules["api-per-ip"].statement.rateBasedStatement).toEqual({ limit: 67, evaluationWindowSec: 600, aggregateKeyType: "IP", scopeDownStatement: lower("/api/") });
    expect(rules["auth-per-ip"].statement.rateBasedStatement).toEqual({
      limit: 10,
      evaluationWindowSec: 600,
      aggregateKeyType: "IP",
      scopeDownStatement: { orStatement: { statements: ["/api/auth/", "/auth/", "/login"].map(lower) } },
    });
    expect(rules["search-per-ip"].statement.rateBasedStatement).toMatchObject({ limit: 30, evaluationWindowSec: 60 });
    expect(rules["search-per-ip"].action.block.customResponse.responseHeaders).toEqual([{ name: "retry-after", value: "60" }]);
    expect(rules["upload-per-ip"].statement.rateBasedStatement).toMatchObject({ limit: 10, evaluationWindowSec: 600 });
  });

  it("keys the API-key tiers on the header and redacts it from logs", async () => {
    const { cap, rules } = await rulesOf({ apiKey: { header: "X-API-Key" } });
    const key = [{ header: { name: "x-api-key", textTransformations: [{ priority: 0, type: "NONE" }] } }];
    expect(rules["api-key-per-minute"].statement).toEqual({ rateBasedStatement: { limit: 60, evaluationWindowSec: 60, aggregateKeyType: "CUSTOM_KEYS", customKeys: key } });
    expect(rules["api-key-per-hour"].statement).toEqual({ rateBasedStatement: { limit: 167, evaluationWindowSec: 600, aggregateKeyType: "CUSTOM_KEYS", customKeys: key } });
    expect(cap.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs.redactedFields).toEqual([
      { singleHeader: { name: "authorization" } },
      { singleHeader: { name: "cookie" } },
      { singleHeader: { name: "x-api-key" } },
    ]);
  });

  it("takes rate figures as stated and path tiers keyed by name", async () => {
    const { rules } = await rulesOf({ generalRate: { requests: 2000, perSeconds: 300 }, pathRates: { admin: { requests: 20, perSeconds: 60, paths: ["/Admin/"] } } });
    expect(Object.keys(rules).filter((n) => n.endsWith("-per-ip"))).toEqual(["general-per-ip", "admin-per-ip"]);
    expect(rules["general-per-ip"].statement.rateBasedStatement).toEqual({ limit: 2000, evaluationWindowSec: 300, aggregateKeyType: "IP" });
    expect(rules["admin-per-ip"].statement.rateBasedStatement.scopeDownStatement.byteMatchStatement.searchString).toBe("/admin/");
  });

  it("takes each tier's own window and an API-key figure from the program", async () => {
    const { rules } = await rulesOf({
      generalRate: { requests: 1000, perSeconds: 900, evaluationWindowSec: 300 },
      pathRates: { ingest: { requests: 120, perSeconds: 60, evaluationWindowSec: 120, paths: ["/ingest/"] } },
      apiKey: { header: "x-camera-key", perMinute: 30, perHour: 600 },
    });
    expect(rules["general-per-ip"].statement.rateBasedStatement).toEqual({ limit: 334, evaluationWindowSec: 300, aggregateKeyType: "IP" });
    expect(rules["ingest-per-ip"].statement.rateBasedStatement).toMatchObject({ limit: 240, evaluationWindowSec: 120 });
    expect(rules["api-key-per-minute"].statement.rateBasedStatement).toMatchObject({ limit: 30, evaluationWindowSec: 60 });
    expect(rules["api-key-per-hour"].statement.rateBasedStatement).toMatchObject({ limit: 100, evaluationWindowSec: 600 });
  });

  it("emits a description, names and metric names WAFv2 accepts", async () => {
    const { acl } = await rulesOf({ pathRates: DEFAULT_PATH_RATES, apiKey: { header: "x-api-key" }, extraManagedRuleGroups: ["AWSManagedRulesLinuxRuleSet"] });
    expect(acl.inputs.description).toBe("Managed rules and rate limits for shop prod, mode block");
    expect(acl.inputs.description).toMatch(WAF_DESCRIPTION);
    expect(acl.inputs.name).toMatch(WAF_NAME);
    expect(acl.inputs.visibilityConfig.metricName).toMatch(WAF_METRIC_NAME);
    for (const r of acl.inputs.rules) {
      expect(r.name).toMatch(WAF_NAME);
      expect(r.visibilityConfig.metricName).toMatch(WAF_METRIC_NAME);
    }
    for (const b of acl.inputs.customResponseBodies) expect(b.key).toMatch(WAF_NAME);
  });

  it("refuses the description text CreateWebACL rejected (parentheses)", () => {
    const p = new Problems();
    checkWafText(p, "description", "appName", "Managed rules and rate limits for shop prod (block)", "web ACL description");
    checkWafText(p, "description", "appName", aclDescription("shop", "staging", "count"), "web ACL description");
    checkWafText(p, "metric", "appName", "shop prod acl", "web ACL metric name");
    checkWafText(p, "metric", "appName", "Default_Action", "web ACL metric name");
    checkWafText(p, "name", "pathRates.x", "x.per.ip", "rule name");
    expect(p.items.map((i) => [i.code, i.problem.split(" is ")[0]])).toEqual([
      ["WAF_TEXT", 'web ACL description "Managed rules and rate limits for shop prod (block)"'],
      ["WAF_TEXT", 'web ACL metric name "shop prod acl"'],
      ["WAF_TEXT", 'web ACL metric name "Default_Action"'],
      ["WAF_TEXT", 'rule name "x.per.ip"'],
    ]);
  });

  it("blocks bodies over maxBodyBytes when WAF can see them (≤ 8 KB)", async () => {
    const { rules } = await rulesOf({ maxBodyBytes: 4096 });
    expect(rules["body-size"]).toMatchObject({
      action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: "too-large" } } },
      statement: { sizeConstraintStatement: { comparisonOperator: "GT", size: 4096, fieldToMatch: { body: { oversizeHandling: "MATCH" } }, textTransformations: [{ priority: 0, type: "NONE" }] } },
    });
  });

  it("sets CRS SizeRestrictions_BODY to count and adds no body rule when the app accepts more than 8 KB", async () => {
    const { rules } = await rulesOf({ maxBodyBytes: 10 * 1024 * 1024 });
    expect(rules["body-size"]).toBeUndefined();
    expect(rules.AWSManagedRulesCommonRuleSet.statement.managedRuleGroupStatement.ruleActionOverrides).toEqual([{ name: "SizeRestrictions_BODY", actionToUse: { count: {} } }]);
    expect(rules.AWSManagedRulesCommonRuleSet.overrideAction).toEqual({ none: {} });
  });

  it("only counts in count mode (staging default)", async () => {
    const { rules } = await rulesOf({ environment: "staging" });
    expect(rules.AWSManagedRulesCommonRuleSet.overrideAction).toEqual({ count: {} });
    expect(rules["general-per-ip"].action).toEqual({ count: {} });
    expect(rules["body-size"].action).toEqual({ count: {} });
  });

  it("logs to aws-waf-logs-<app>-<env> in the security class with authorization and cookie redacted", async () => {
    const { cap, acl } = await rulesOf();
    const group = cap.one("aws:cloudwatch/logGroup:LogGroup");
    expect(group.inputs).toMatchObject({ name: "aws-waf-logs-shop-prod", retentionInDays: 90, tags: { "log-class": "security" } });
    expect(cap.one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration").inputs).toEqual({
      resourceArn: acl.outputs.arn,
      logDestinationConfigs: [group.outputs.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
  });

  it("alarms on blocked requests, each rate rule (> 1000/h) and any SQLi block (≥ 1 / 5 min)", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:alarms";
    const { cap } = await rulesOf({ alarmTopicArn: topic, pathRates: DEFAULT_PATH_RATES });
    const alarms = Object.fromEntries(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => [r.name, r.inputs]));
    expect(Object.keys(alarms).sort()).toEqual([
      "waf-api-per-ip-blocked",
      "waf-auth-per-ip-blocked",
      "waf-blocked",
      "waf-general-per-ip-blocked",
      "waf-search-per-ip-blocked",
      "waf-sqli-blocked",
      "waf-upload-per-ip-blocked",
    ]);
    expect(alarms["waf-general-per-ip-blocked"]).toMatchObject({
      namespace: "AWS/WAFV2",
      metricName: "BlockedRequests",
      statistic: "Sum",
      period: 3600,
      threshold: 1000,
      comparisonOperator: "GreaterThanThreshold",
      dimensions: { WebACL: "shop-prod", Region: "eu-west-1", Rule: "general-per-ip" },
      alarmActions: [topic],
    });
    expect(alarms["waf-sqli-blocked"]).toMatchObject({
      period: 300,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      dimensions: { Rule: "AWSManagedRulesSQLiRuleSet" },
    });
    expect(alarms["waf-blocked"].dimensions.Rule).toBe("ALL");
  });

  it.each([
    [{ mode: "count" as const }, "WAF_PROD_COUNT", "mode"],
    [{ generalRate: { requests: 0, perSeconds: 900 } }, "WAF_RATE_FIGURE", "generalRate"],
    [{ pathRates: { auth: { requests: 5, perSeconds: 0, paths: ["/login"] } } }, "WAF_RATE_PERIOD", "pathRates.auth"],
    [{ pathRates: { auth: { requests: 5, perSeconds: 900, paths: [] } } }, "WAF_TIER_PATHS", "pathRates.auth.paths"],
    [{ pathRates: { auth: { requests: 5, perSeconds: 900, paths: ["login"] } } }, "WAF_TIER_PATHS", "pathRates.auth.paths[0]"],
    [{ apiKey: { header: "X API Key" } }, "WAF_API_KEY_HEADER", "apiKey.header"],
    [{ generalRate: { requests: 1000, perSeconds: 900, evaluationWindowSec: 900 } }, "WAF_RATE_WINDOW", "generalRate"],
    [{ pathRates: { auth: { requests: 5, perSeconds: 900, evaluationWindowSec: 30, paths: ["/login"] } } }, "WAF_RATE_WINDOW", "pathRates.auth"],
    [{ pathRates: { "auth.v2": { requests: 5, perSeconds: 900, paths: ["/login"] } } }, "WAF_TIER_NAME", "pathRates.auth.v2"],
    [{ maxBodyBytes: 0 }, "WAF_MAX_BODY", "maxBodyBytes"],
    [{ extraManagedRuleGroups: ["AWSManagedRulesSQLiRuleSet"] }, "WAF_MANAGED_GROUP", "extraManagedRuleGroups[0]"],
  ])("rejects %j with %s before any child registers", async (over, code, arg) => {
    const { error, registered } = await captureError(build(over));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual([code]);
    expect((error as Error).message).toContain(`${arg}:`);
    expect(registered).toBe(1); // the LogClasses component only
  });
});
