import { describe, expect, it } from "@jest/globals";
import { Monitoring, MonitoringArgs } from "../../components/monitoring";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const region = { config: { "aws:region": "eu-west-1" } };
const base: MonitoringArgs = { environment: "prod", appName: "shop", alertEmails: ["security@example.com", "oncall@example.com"], securityLogGroupName: "/shop/prod/security" };
const build =
  (args: Partial<MonitoringArgs> = {}) =>
  () =>
    new Monitoring("mon", { ...base, ...args });

describe("Monitoring", () => {
  it("encrypts the alert topic with a rotating CMK that CloudWatch, AWS Backup and EventBridge may use", async () => {
    const cap = await capture(build(), region);
    const key = cap.one("aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const statements = JSON.parse(key.inputs.policy).Statement;
    expect(statements[1]).toEqual({
      Sid: "PublishingServices",
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    });
    expect(cap.one("aws:sns/topic:Topic").inputs).toMatchObject({ name: "shop-prod-alerts", kmsMasterKeyId: key.outputs.arn });
  });

  it("gives each publishing service its own topic statement with the condition it sends, and no ElastiCache", async () => {
    const cap = await capture(build(), region);
    const topic = cap.one("aws:sns/topic:Topic");
    const policy = cap.one("aws:sns/topicPolicy:TopicPolicy");
    expect(policy.inputs.arn).toBe(topic.outputs.arn);
    const statements = JSON.parse(policy.inputs.policy).Statement;
    const publish = { Effect: "Allow", Action: "SNS:Publish", Resource: topic.outputs.arn };
    expect(statements.slice(1, 4)).toEqual([
      {
        Sid: "CloudwatchAlarmsPublish",
        ...publish,
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*" } },
      },
      { Sid: "BackupVaultsPublish", ...publish, Principal: { Service: "backup.amazonaws.com" } },
      {
        Sid: "EventsRulesPublish",
        ...publish,
        Principal: { Service: "events.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/*" } },
      },
    ]);
    expect(statements[4]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(JSON.stringify(statements)).not.toContain("elasticache");
  });

  it("subscribes each address by email, keyed by a hash of the address, secret when asked", async () => {
    const cap = await capture(build({ alertEmailsSecret: true }), region);
    const subs = cap.ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => s.inputs.endpoint).sort()).toEqual(["oncall@example.com", "security@example.com"]);
    expect(subs.every((s) => s.inputs.protocol === "email" && s.inputs.topic === cap.one("aws:sns/topic:Topic").outputs.arn)).toBe(true);
    expect(subs.every((s) => s.secretInputPaths.includes("endpoint") && /^mon-email-[0-9a-f]{8}$/.test(s.name))).toBe(true);
    const plain = await capture(build(), region);
    expect(plain.ofType("aws:sns/topicSubscription:TopicSubscription").every((s) => s.secretInputPaths.length === 0)).toBe(true);
  });

  it("filters the security log on event_type with the app contract's values", async () => {
    const cap = await capture(build(), region);
    const filters = Object.fromEntries(cap.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => [f.name, [f.inputs.logGroupName, f.inputs.pattern, f.inputs.metricTransformation]]));
    const t = (name: string) => ({ name, namespace: "shop/prod/Security", value: "1", unit: "Count" });
    expect(filters).toEqual({
      "mon-auth-failures": ["/shop/prod/security", '{ $.event_type = "auth_failure" }', t("AuthFailures")],
      "mon-unauthorized-access": ["/shop/prod/security", '{ $.event_type = "unauthorized_access" }', t("UnauthorizedApiAccess")],
      "mon-sql-injection": ["/shop/prod/security", '{ $.event_type = "sql_injection_attempt" }', t("SqlInjectionAttempts")],
      "mon-header-violations": ["/shop/prod/security", '{ ($.event_type = "csp_violation") || ($.event_type = "security_header_violation") }', t("SecurityHeaderViolations")],
      "mon-virus-detected": ["/shop/prod/security", '{ $.event_type = "virus_detected" }', t("VirusDetected")],
      "mon-admin-actions": ["/shop/prod/security", '{ $.event_type = "admin_action" }', t("AdminActions")],
    });
  });

  it("alarms at the requirement figures, to the topic, with missing data not breaching", async () => {
    const cap = await capture(build({ appLogGroupName: "/shop/prod/app" }), region);
    const topicArn = cap.one("aws:sns/topic:Topic").outputs.arn;
    const alarms = Object.fromEntries(
      cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, [a.inputs.metricName, a.inputs.period, a.inputs.comparisonOperator, a.inputs.threshold]]),
    );
    expect(alarms).toEqual({
      "mon-auth-failures-5m": ["AuthFailures", 300, "GreaterThanThreshold", 100],
      "mon-auth-failures-1m": ["AuthFailures", 60, "GreaterThanThreshold", 10],
      "mon-unauthorized-access": ["UnauthorizedApiAccess", 300, "GreaterThanOrEqualToThreshold", 5],
      "mon-sql-injection": ["SqlInjectionAttempts", 300, "GreaterThanOrEqualToThreshold", 1],
      "mon-header-violations": ["SecurityHeaderViolations", 3600, "GreaterThanOrEqualToThreshold", 10],
      "mon-virus-detected": ["VirusDetected", 300, "GreaterThanOrEqualToThreshold", 1],
      "mon-admin-actions": ["AdminActions", 300, "GreaterThanOrEqualToThreshold", 1],
      "mon-http-401-403-burst": ["Http401And403", 60, "GreaterThanThreshold", 50],
      "mon-rate-limited": ["RateLimited", 3600, "GreaterThanThreshold", 1000],
    });
    for (const a of cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
      expect(a.inputs).toMatchObject({ namespace: "shop/prod/Security", statistic: "Sum", evaluationPeriods: 1, treatMissingData: "notBreaching", alarmActions: [topicArn] });
    }
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "sql-injection").inputs.tags.severity).toBe("critical");
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "auth-failures-1m").inputs.tags.severity).toBe("high");
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "header-violations").inputs.tags.severity).toBe("low");
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "mon-http-401-403").inputs).toMatchObject({ logGroupName: "/shop/prod/app", pattern: "{ ($.status = 401) || ($.status = 403) }" });
  });

  it("takes each alarm's threshold and period from the app (ITS: 100 rate-limit events per hour) and skips filters whose log group is not given", async () => {
    const cap = await capture(
      build({ securityLogGroupName: undefined, appLogGroupName: "/shop/prod/app", alarms: { "rate-limited": { threshold: 100 }, "http-401-403-burst": { threshold: 20, periodSeconds: 300 } } }),
      region,
    );
    expect(
      cap
        .ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter")
        .map((f) => f.name)
        .sort(),
    ).toEqual(["mon-http-401-403", "mon-rate-limited"]);
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "rate-limited").inputs).toMatchObject({
      threshold: 100,
      period: 3600,
      alarmDescription: "More than 100 rate-limited (429) responses in an hour (MON-3)",
    });
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "401-403-burst").inputs).toMatchObject({
      threshold: 20,
      period: 300,
      alarmDescription: "More than 20 responses with 401 or 403 in 5 minutes (derived)",
    });
  });

  it("filters on the field and values the app actually logs (4Seasons: type = SQL_INJECTION_ATTEMPT)", async () => {
    const cap = await capture(build({ filters: { "sql-injection": { field: "type", values: ["SQL_INJECTION_ATTEMPT"] }, "auth-failures": { values: ["LOGIN_FAILED", "MFA_FAILED"] } } }), region);
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "mon-sql-injection").inputs.pattern).toBe('{ $.type = "SQL_INJECTION_ATTEMPT" }');
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "mon-auth-failures").inputs.pattern).toBe('{ ($.event_type = "LOGIN_FAILED") || ($.event_type = "MFA_FAILED") }');
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "mon-virus-detected").inputs.pattern).toBe('{ $.event_type = "virus_detected" }');
  });

  it("charts only the resources it is given", async () => {
    const cap = await capture(build({ dashboard: { albArnSuffix: "app/shop/abc", targetGroupArnSuffix: "targetgroup/shop/def", dbInstanceIdentifier: "shop-prod" } }), region);
    const body = JSON.parse(cap.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    expect(body.widgets.map((w: any) => w.properties.title)).toEqual(["Security events", "Requests and 5XX", "Error rate (MON-5)", "Target response time p95", "Target health", "Database"]);
    expect(body.widgets[4].properties.metrics[0]).toEqual(["AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", "targetgroup/shop/def", "LoadBalancer", "app/shop/abc"]);
    expect(body.widgets[2].properties.metrics[0][0].expression).toBe("(m2 + m3) / m1");
    expect(body.widgets.every((w: any) => w.properties.region === "eu-west-1")).toBe(true);
    const none = await capture(build({ securityLogGroupName: undefined }), region);
    expect(none.ofType("aws:cloudwatch/dashboard:Dashboard")).toHaveLength(0);
  });

  it("uses a given key and creates none", async () => {
    const cap = await capture(build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/given" }), region);
    expect(cap.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(cap.one("aws:sns/topic:Topic").inputs.kmsMasterKeyId).toBe("arn:aws:kms:eu-west-1:123456789012:key/given");
  });

  it.each([
    [{ alertEmails: ["not-an-address"] }, ["MON_EMAIL"]],
    [{ alertEmails: ["a@example.com", "a@example.com"] }, ["MON_EMAIL_DUPLICATE"]],
    [{ alarms: { "sql-injection": { threshold: 0 } } }, ["MON_THRESHOLD"]],
    [{ alarms: { "rate-limited": { periodSeconds: 90 } } }, ["MON_PERIOD"]],
    [{ alarms: { "rate-limit": { threshold: 100 } } }, ["MON_ALARM_UNKNOWN"]],
    [{ filters: { "sql-injections": { field: "type" } } }, ["MON_FILTER_UNKNOWN"]],
    [{ filters: { "sql-injection": { field: "$.type" } } }, ["MON_FILTER_FIELD"]],
    [{ filters: { "sql-injection": { values: [] } } }, ["MON_FILTER_VALUES"]],
    [{ filters: { "sql-injection": { values: ['a"b'] } } }, ["MON_FILTER_VALUES"]],
    [{ publishers: ["*"] }, ["MON_PUBLISHER"]],
    [{ dashboard: { targetGroupArnSuffix: "targetgroup/x/1" } }, ["MON_DASHBOARD_PARTIAL"]],
    [{ dashboard: { ecsServiceName: "svc" } }, ["MON_DASHBOARD_PARTIAL"]],
  ])("rejects %j with %s before any child registers", async (args, codes) => {
    const { error, registered } = await captureError(build(args as Partial<MonitoringArgs>));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect(registered).toBe(0);
  });
});
