import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { webAclLogging, webAclManagedGroups, webAclMetrics, webAclRateRule } from "../../policy/waf";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const ACL = "aws:wafv2/webAcl:WebAcl";
const vis = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
const managed = (name: string, override: object = { none: {} }) => ({
  name,
  priority: 10,
  overrideAction: override,
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name } },
  visibilityConfig: vis(name),
});
const rate = (name: string, scoped: boolean) => ({
  name,
  priority: 200,
  action: { block: { customResponse: { responseCode: 429, customResponseBodyKey: "rate-limited" } } },
  statement: {
    rateBasedStatement: {
      limit: 667,
      evaluationWindowSec: 600,
      aggregateKeyType: "IP",
      ...(scoped
        ? {
            scopeDownStatement: {
              byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: "STARTS_WITH", searchString: "/api/", textTransformations: [{ priority: 0, type: "LOWERCASE" }] },
            },
          }
        : {}),
    },
  },
  visibilityConfig: vis(name),
});
const acl = {
  name: "app-prod",
  scope: "REGIONAL",
  defaultAction: { allow: {} },
  rules: [managed("AWSManagedRulesCommonRuleSet"), managed("AWSManagedRulesKnownBadInputsRuleSet"), managed("AWSManagedRulesSQLiRuleSet"), rate("general-per-ip", false), rate("api-per-ip", true)],
  visibilityConfig: vis("app-prod-acl"),
  tags: { environment: "prod" },
};
const violations = async (policy: any, props: Record<string, any>) => (await checkResource(policy, { type: ACL, props })).violations;
const without = (name: string) => ({ ...acl, rules: acl.rules.filter((r) => r.name !== name) });

describe("waf-web-acl-rate-rule", () => {
  it("passes an ACL with an unscoped rate rule", async () => {
    assert.deepEqual(await violations(webAclRateRule, acl), []);
  });

  it("fails an ACL without any rate rule", async () => {
    const v = await violations(webAclRateRule, { ...acl, rules: acl.rules.slice(0, 3) });
    assert.deepEqual(v, [
      "Web ACL has no rate-based rule, so one client can flood the app or brute-force logins without limit. Fix: add a rateBasedStatement rule keyed on IP without scopeDownStatement (WebFirewall generalRate: 1000 per 15 min becomes limit 667 over 600 s).",
    ]);
  });

  it("fails only scoped rate rules in prod and allows them when tagged staging", async () => {
    const scopedOnly = without("general-per-ip");
    assert.match((await violations(webAclRateRule, scopedOnly))[0], /^Web ACL's rate rules \(api-per-ip\) are all scoped to some paths/);
    assert.deepEqual(await violations(webAclRateRule, { ...scopedOnly, tags: { environment: "staging" } }), []);
  });

  it("reads rules given as ruleJson", async () => {
    const json = JSON.stringify([
      {
        Name: "flood",
        Priority: 1,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: 100, AggregateKeyType: "IP" } },
        VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: "flood" },
      },
    ]);
    assert.deepEqual(await violations(webAclRateRule, { ...acl, rules: [], ruleJson: json }), []);
    const v = await checkResource(webAclRateRule, { type: ACL, props: { ...acl, rules: [], ruleJson: UNKNOWN } });
    assert.match(v.undecided ?? "", /^ruleJson is not known until apply/);
  });
});

describe("waf-web-acl-core-managed-groups", () => {
  it("passes Common, KnownBadInputs and SQLi unoverridden", async () => {
    assert.deepEqual(await violations(webAclManagedGroups, acl), []);
  });

  it("fails an ACL missing the SQLi group", async () => {
    assert.deepEqual(await violations(webAclManagedGroups, without("AWSManagedRulesSQLiRuleSet")), [
      'Web ACL lacks AWSManagedRulesSQLiRuleSet, so the attacks it blocks (SQL injection) reach the app. Fix: add each group as a managedRuleGroupStatement (vendorName "AWS") with overrideAction { none: {} } and no ruleActionOverrides for Log4JRCE (WebFirewall does this; mode "count" only outside prod).',
    ]);
  });

  it("fails a group overridden to count in prod (and untagged), allows it in staging", async () => {
    const counted = { ...acl, rules: acl.rules.map((r) => (r.name === "AWSManagedRulesCommonRuleSet" ? managed(r.name, { count: {} }) : r)) };
    assert.match((await violations(webAclManagedGroups, counted))[0], /^Web ACL only counts AWSManagedRulesCommonRuleSet \(overrideAction count\)/);
    assert.equal((await violations(webAclManagedGroups, { ...counted, tags: undefined })).length, 1);
    assert.deepEqual(await violations(webAclManagedGroups, { ...counted, tags: { environment: "staging" } }), []);
  });

  it("is undecided when a rule's whole statement is unknown, and still fails a missing group when only a limit is unknown", async () => {
    const v = await checkResource(webAclManagedGroups, { type: ACL, props: withUnknown(acl, "rules.4.statement") });
    assert.match(v.undecided ?? "", /^rules\[4\]\.statement is not known until apply/);
    const missing = await checkResource(webAclManagedGroups, { type: ACL, props: withUnknown(without("AWSManagedRulesKnownBadInputsRuleSet"), "rules.3.statement.rateBasedStatement.limit") });
    assert.equal(missing.undecided, undefined);
    assert.match(missing.violations[0], /^Web ACL lacks AWSManagedRulesKnownBadInputsRuleSet/);
  });
});

describe("waf-web-acl-metrics", () => {
  it("passes metrics and sampling on the ACL and every rule", async () => {
    assert.deepEqual(await violations(webAclMetrics, acl), []);
  });

  it("fails an ACL without metrics and a rule without sampling", async () => {
    assert.match((await violations(webAclMetrics, { ...acl, visibilityConfig: { ...vis("x"), cloudwatchMetricsEnabled: false } }))[0], /^Web ACL does not publish metrics and sampled requests/);
    const rules = acl.rules.map((r) => (r.name === "api-per-ip" ? { ...r, visibilityConfig: { ...vis("api"), sampledRequestsEnabled: false } } : r));
    assert.deepEqual(
      (await violations(webAclMetrics, { ...acl, rules })).map((m) => m.split(" Fix:")[0]),
      ["Web ACL rules api-per-ip publish no metrics or samples, so their matches are invisible."],
    );
  });
});

describe("waf-web-acl-logging", () => {
  const aclUrn = "urn:pulumi:test::fixture::aws:wafv2/webAcl:WebAcl::acl";
  const aclRes = { type: ACL, name: "acl", urn: aclUrn, props: acl };
  const logging = {
    type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    name: "logging",
    urn: "urn:pulumi:test::fixture::aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration::logging",
    props: { resourceArn: UNKNOWN, logDestinationConfigs: [UNKNOWN], redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "Cookie" } }] },
    propertyDependencies: { resourceArn: [aclUrn] },
  };

  it("passes an ACL whose logging (by property dependency, ARNs unknown) redacts authorization and cookie", async () => {
    const v = await checkStack(webAclLogging, [aclRes, logging]);
    assert.deepEqual(v.violations, []);
    assert.equal(v.undecided, undefined);
  });

  it("fails an ACL without logging, reporting on the ACL", async () => {
    const v = await checkStack(webAclLogging, [aclRes]);
    assert.deepEqual(v.urns, [aclUrn]);
    assert.match(v.violations[0], /^Web ACL acl has no logging configuration, so blocked attacks and rate-limit hits leave no record\. Fix: add an aws\.wafv2\.WebAclLoggingConfiguration/);
  });

  it("fails logging that keeps the cookie header, reporting on the logging configuration", async () => {
    const v = await checkStack(webAclLogging, [aclRes, { ...logging, props: { ...logging.props, redactedFields: [{ singleHeader: { name: "authorization" } }] } }]);
    assert.deepEqual(v.urns, [logging.urn]);
    assert.match(v.violations[0], /^Web ACL acl logs the cookie header in clear, so session tokens and credentials land in the logs\./);
  });
});

describe("waf-classic-not-used", () => {
  it("refuses global and regional WAF Classic resources and ignores WAFv2", async () => {
    const { wafClassicNotUsed, WAF_CLASSIC_TYPES } = await import("../../policy/waf");
    assert.equal(WAF_CLASSIC_TYPES.length, 25);
    const v = await checkResource(wafClassicNotUsed, { type: "aws:wafregional/webAcl:WebAcl", props: { defaultAction: { type: "ALLOW" }, metricName: "x", name: "x" } });
    assert.match(v.violations[0], /^wafregional\/webAcl is WAF Classic, which AWS no longer supports/);
    assert.equal((await checkResource(wafClassicNotUsed, { type: "aws:waf/rule:Rule", props: {} })).violations.length, 1);
    assert.equal((await checkResource(wafClassicNotUsed, { type: "aws:wafv2/webAcl:WebAcl", props: {} })).notApplicable, true);
  });
});
