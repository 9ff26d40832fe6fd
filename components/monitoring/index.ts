import * as crypto from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, baseTags } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { DashboardTargets, MonitoringArgs } from "./args";
import { AlarmName, ERROR_RATE_THRESHOLD, FilterName, SECURITY_ALARMS, SECURITY_FILTERS, alarmDescription, filterPattern } from "./defaults";
import { checked, ResolvedMonitoringArgs, validate, withDefaults } from "./validate";

export * from "./args";
export { SECURITY_ALARMS, SECURITY_FILTERS, filterPattern } from "./defaults";

/**
 * Alert routing and security monitoring (MON-1..6): a CMK-encrypted SNS topic that CloudWatch alarms, AWS
 * Backup and EventBridge of this account may publish to, email subscriptions, metric filters on the app's
 * security events with their alarms, and a dashboard. Per-resource alarms (RDS, ElastiCache, ALB, WAF, ECS)
 * are created by those components when given `topicArn`.
 */
export class Monitoring extends pulumi.ComponentResource {
  /** ARN of the alert topic: pass it as `alarmTopicArn` / `alertTopicArn` to other components. */
  readonly topicArn: pulumi.Output<string>;
  /** ARN of the CMK that encrypts the topic. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** CloudWatch namespace of the security metrics. */
  readonly namespace: string;
  /** Name of the dashboard; undefined when there is nothing to chart. */
  readonly dashboardName: pulumi.Output<string | undefined>;
  /** Alarm names by alarm key (only those whose log group was given). */
  readonly alarmNames: Readonly<Partial<Record<AlarmName, pulumi.Output<string>>>>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:monitoring:Monitoring", name, {}, opts);
    const tags = baseTags(a.environment, "monitoring");
    const prefix = `${a.appName}-${a.environment}`;
    const ctx = awsContext(this);
    this.namespace = `${a.appName}/${a.environment}/Security`;

    this.kmsKeyArn = a.kmsKeyArn ? pulumi.output(a.kmsKeyArn) : this.key(name, prefix, a, tags, ctx);
    const topic = new aws.sns.Topic(`${name}-alerts`, { name: `${prefix}-alerts`, displayName: `${a.appName} ${a.environment} alerts`, kmsMasterKeyId: this.kmsKeyArn, tags }, { parent: this });
    new aws.sns.TopicPolicy(
      `${name}-alerts-policy`,
      {
        arn: topic.arn,
        // The ARN from the fixed topic name and invokes, not topic.arn: the document stays known in a preview,
        // so the pack can check its principals before the topic exists.
        policy: ctx.all.apply(({ accountId: account, partition, region }) => {
          const arn = `arn:${partition}:sns:${region}:${account}:${prefix}-alerts`;
          return JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AccountManages",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${account}:root` },
                Action: ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
                Resource: arn,
              },
              ...a.publishers.map((service) => publishStatement(service, arn, account, partition, region)),
              { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "SNS:Publish", Resource: arn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ],
          });
        }),
      },
      { parent: this },
    );
    this.topicArn = topic.arn;

    // Keyed by a hash of the address: stable across reorderings, and no address in a resource name.
    for (const email of a.alertEmails) {
      const key = crypto.createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 8);
      new aws.sns.TopicSubscription(`${name}-email-${key}`, { topic: topic.arn, protocol: "email", endpoint: a.alertEmailsSecret ? pulumi.secret(email) : email }, { parent: this });
    }

    // Metric filters and alarms for every filter whose log group was given.
    const groups: Record<"security" | "application", pulumi.Input<string> | undefined> = { security: a.securityLogGroupName, application: a.appLogGroupName };
    const created = new Set<FilterName>();
    for (const [filterName, f] of Object.entries(SECURITY_FILTERS) as [FilterName, (typeof SECURITY_FILTERS)[FilterName]][]) {
      const group = groups[f.source];
      if (!group) continue;
      new aws.cloudwatch.LogMetricFilter(
        `${name}-${filterName}`,
        {
          name: `${prefix}-${filterName}`,
          logGroupName: group,
          pattern: filterPattern(a.filters[filterName].field, a.filters[filterName].values),
          metricTransformation: { name: f.metricName, namespace: this.namespace, value: "1", unit: "Count" },
        },
        { parent: this },
      );
      created.add(filterName);
    }
    const alarmNames: Partial<Record<AlarmName, pulumi.Output<string>>> = {};
    for (const [alarmName, spec] of Object.entries(SECURITY_ALARMS) as [AlarmName, (typeof SECURITY_ALARMS)[AlarmName]][]) {
      if (!created.has(spec.filter)) continue;
      const alarm = new aws.cloudwatch.MetricAlarm(
        `${name}-${alarmName}`,
        {
          name: `${prefix}-${alarmName}`,
          alarmDescription: alarmDescription(spec, a.alarms[alarmName].threshold, a.alarms[alarmName].periodSeconds),
          namespace: this.namespace,
          metricName: SECURITY_FILTERS[spec.filter].metricName,
          statistic: "Sum",
          period: a.alarms[alarmName].periodSeconds,
          evaluationPeriods: 1,
          threshold: a.alarms[alarmName].threshold,
          comparisonOperator: spec.comparison,
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          tags: { ...tags, severity: spec.severity },
        },
        { parent: this },
      );
      alarmNames[alarmName] = alarm.name;
    }
    this.alarmNames = alarmNames;

    // A dashboard needs at least one widget: created when there is a security filter or a target to chart.
    const anyTarget = Object.values(a.dashboard ?? {}).some((v) => v !== undefined);
    if (created.size > 0 || anyTarget) {
      const dashboard = new aws.cloudwatch.Dashboard(
        `${name}-dashboard`,
        {
          dashboardName: `${prefix}-overview`,
          dashboardBody: dashboardBody(a, this.namespace, [...created], ctx.region),
        },
        { parent: this },
      );
      this.dashboardName = dashboard.dashboardName;
    } else {
      this.dashboardName = pulumi.output(undefined);
    }
    this.registerOutputs({ topicArn: this.topicArn, kmsKeyArn: this.kmsKeyArn, dashboardName: this.dashboardName });
  }

  /** CMK for the topic: the account administers; the publishing services may encrypt with it. */
  private key(name: string, prefix: string, a: ResolvedMonitoringArgs, tags: Record<string, string>, ctx: ReturnType<typeof awsContext>): pulumi.Output<string> {
    return customerManagedKey(
      `${name}-key`,
      {
        environment: a.environment,
        description: `Alert topic encryption for ${a.appName} ${a.environment}`,
        alias: `${prefix}-alerts`,
        tags,
        ctx,
        // SNS encrypts each message with a data key the publishing service must generate and decrypt under this key
        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
        statements: () => [{ Sid: "PublishingServices", Effect: "Allow", Principal: { Service: [...a.publishers] }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" }],
      },
      { parent: this },
    );
  }
}

/**
 * The topic policy statement that lets one service publish, with the condition that service sends:
 * - CloudWatch alarms of this account (`aws:SourceArn` is the alarm; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html);
 * - EventBridge rules of this account (`aws:SourceArn` is the rule; https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions);
 * - AWS Backup vault notifications: AWS Backup's documented topic policy has no condition, and a condition key it does
 *   not send would drop every notification (https://docs.aws.amazon.com/aws-backup/latest/devguide/backup-notifications.html);
 * - any other service principal: `aws:SourceAccount`.
 * ElastiCache is absent on purpose: it cannot publish to a KMS-encrypted topic, so its events come through EventBridge.
 */
export function publishStatement(service: string, topicArn: string, account: string, partition: string, region: string): object {
  const base = { Effect: "Allow", Principal: { Service: service }, Action: "SNS:Publish", Resource: topicArn };
  const sid = service.split(".")[0].replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  if (service === "cloudwatch.amazonaws.com")
    return {
      Sid: `${sid}AlarmsPublish`,
      ...base,
      Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` } },
    };
  if (service === "events.amazonaws.com")
    return { Sid: `${sid}RulesPublish`, ...base, Condition: { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:${partition}:events:${region}:${account}:rule/*` } } };
  if (service === "backup.amazonaws.com") return { Sid: `${sid}VaultsPublish`, ...base };
  return { Sid: `${sid}Publishes`, ...base, Condition: { StringEquals: { "aws:SourceAccount": account } } };
}

type Widget = Record<string, unknown>;

function metricWidget(title: string, region: string, metrics: unknown[][], extra: Record<string, unknown> = {}): Widget {
  return { type: "metric", width: 12, height: 6, properties: { title, region, view: "timeSeries", stat: "Sum", period: 300, metrics, ...extra } };
}

/** The dashboard JSON: security metrics always, other widgets only for the identifiers given. */
function dashboardBody(a: ResolvedMonitoringArgs, namespace: string, filters: FilterName[], region: pulumi.Output<string>): pulumi.Output<string> {
  const d: DashboardTargets = a.dashboard ?? {};
  return pulumi
    .all([region, d.albArnSuffix, d.targetGroupArnSuffix, d.webAclName, d.dbInstanceIdentifier, d.cacheClusterId, d.ecsClusterName, d.ecsServiceName])
    .apply(([r, alb, tg, acl, db, cache, cluster, service]) => {
      const widgets: Widget[] = [];
      if (filters.length)
        widgets.push(
          metricWidget(
            "Security events",
            r,
            filters.map((f) => [namespace, SECURITY_FILTERS[f].metricName]),
          ),
        );
      if (alb) {
        widgets.push(
          metricWidget("Requests and 5XX", r, [
            ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", alb],
            [".", "HTTPCode_Target_5XX_Count", ".", "."],
            [".", "HTTPCode_ELB_5XX_Count", ".", "."],
          ]),
        );
        widgets.push(
          metricWidget(
            "Error rate (MON-5)",
            r,
            [
              [{ expression: "(m2 + m3) / m1", label: "5XX rate", id: "e1" }],
              ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", alb, { id: "m1", visible: false }],
              [".", "HTTPCode_Target_5XX_Count", ".", ".", { id: "m2", visible: false }],
              [".", "HTTPCode_ELB_5XX_Count", ".", ".", { id: "m3", visible: false }],
            ],
            { annotations: { horizontal: [{ value: ERROR_RATE_THRESHOLD, label: "5%" }] } },
          ),
        );
        widgets.push(metricWidget("Target response time p95", r, [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", alb]], { stat: "p95" }));
      }
      if (alb && tg)
        widgets.push(
          metricWidget(
            "Target health",
            r,
            [
              ["AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", tg, "LoadBalancer", alb],
              [".", "HealthyHostCount", ".", ".", ".", "."],
            ],
            { stat: "Maximum" },
          ),
        );
      if (acl)
        widgets.push(
          metricWidget("WAF requests", r, [
            ["AWS/WAFV2", "BlockedRequests", "WebACL", acl, "Region", r, "Rule", "ALL"],
            [".", "AllowedRequests", ".", ".", ".", ".", ".", "."],
          ]),
        );
      if (db)
        widgets.push(
          metricWidget(
            "Database",
            r,
            [
              ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", db],
              [".", "DatabaseConnections", ".", "."],
              [".", "FreeStorageSpace", ".", ".", { yAxis: "right" }],
            ],
            { stat: "Average" },
          ),
        );
      if (cache)
        widgets.push(
          metricWidget("Cache", r, [
            ["AWS/ElastiCache", "Evictions", "CacheClusterId", cache],
            [".", "EngineCPUUtilization", ".", ".", { stat: "Average" }],
            [".", "DatabaseMemoryUsagePercentage", ".", ".", { stat: "Average" }],
          ]),
        );
      if (cluster && service)
        widgets.push(
          metricWidget(
            "Service",
            r,
            [
              ["AWS/ECS", "CPUUtilization", "ClusterName", cluster, "ServiceName", service],
              [".", "MemoryUtilization", ".", ".", ".", "."],
            ],
            { stat: "Average" },
          ),
        );
      return JSON.stringify({ widgets });
    });
}
