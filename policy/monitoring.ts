/** Monitoring controls: encrypted alert topics, alarms that notify, data stores with alarms (MON-1, MON-7). */
import { PolicyResource } from "@pulumi/policy";
import { ENVIRONMENT_CONFIG, isProd } from "./environment";
import { allowStatements, asArray, isAwsManagedKeyRef, isPublicPrincipal, isUnknown, knownJson, peek, present, raw, resourcePolicy, stackPolicy, undecided } from "./lib";

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const RDS_INSTANCE = "aws:rds/instance:Instance";
const CACHE_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

export const topicEncrypted = resourcePolicy({
  name: "sns-topic-kms-encrypted",
  description: "SNS topics are encrypted with a customer-managed KMS key (kmsMasterKeyId set, and not the AWS-managed alias/aws/sns by alias or ARN).",
  types: [TOPIC],
  severity: "medium",
  category: "security",
  controls: ["MON-1"],
  fsbp: ["SNS.1"],
  checkov: ["CKV_AWS_26"],
  remediation: "set kmsMasterKeyId to a CMK whose key policy lets the publishing services (cloudwatch, backup, events) use it; Monitoring does this.",
  validate: (r, report) => {
    const key = peek(r.props, "kmsMasterKeyId");
    if (!present(r.props, "kmsMasterKeyId")) report("SNS topic stores messages unencrypted; alerts carry resource names, addresses and error details.");
    else if (isAwsManagedKeyRef(key))
      report(
        `SNS topic names the AWS-managed key ${key}: CloudWatch, Backup and EventBridge cannot publish to a topic under it (its key policy cannot be changed to admit them), and its use cannot be restricted or audited per key.`,
      );
  },
});

export const topicPolicyNotPublic = resourcePolicy({
  name: "sns-topic-policy-not-public",
  description: 'SNS topic policies admit named principals only: no statement allows Principal "*" without a condition.',
  types: [TOPIC, TOPIC_POLICY],
  severity: "high",
  category: "security",
  controls: ["MON-1"],
  fsbp: ["SNS.4"],
  checkov: ["CKV_AWS_169"],
  remediation: "name the publishing service principals or accounts in Principal, or add a condition such as aws:SourceAccount or aws:SourceArn.",
  validate: (r, report) => {
    if (r.type === TOPIC && !present(r.props, "policy")) return;
    const doc = knownJson(r.props, "policy", "the topic policy is built from values not yet known");
    for (const s of allowStatements(doc)) {
      if (isPublicPrincipal(s.principal) && !s.condition)
        report(`Statement${s.sid ? ` "${s.sid}"` : ""} allows ${s.actions.join(", ")} to every AWS principal: anyone can publish false alerts or subscribe to real ones.`);
    }
  },
});

export const alarmHasActions = resourcePolicy({
  name: "cloudwatch-alarm-has-actions",
  description: "CloudWatch metric alarms notify someone: alarmActions is set and actions are enabled.",
  types: [ALARM],
  severity: "medium",
  category: "resilience",
  controls: ["MON-1"],
  fsbp: ["CloudWatch.15"],
  remediation: "set alarmActions to the alert topic (Monitoring.topicArn) and leave actionsEnabled unset or true.",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isProd(r.props, r.args.getConfig())) return;
    const actions = peek(r.props, "alarmActions");
    if (!isUnknown(actions) && asArray(actions).length === 0) report("Alarm has no alarmActions, so it changes state without telling anyone.");
    if (peek(r.props, "actionsEnabled") === false) report("Alarm has actionsEnabled: false, so its actions never run.");
  },
});

/** Every dimension map of an alarm: its own and those of its metric queries. */
function dimensionMaps(alarm: PolicyResource): any[] {
  const own = peek(alarm.props, "dimensions");
  const queries = asArray(peek(alarm.props, "metricQueries")).map((q: any) => peek(q, "metric.dimensions"));
  return [own, ...queries].filter((d) => d !== undefined && d !== null);
}

/** Whether an alarm watches a data store: property dependency on it, or a dimension naming it. */
function alarmWatches(alarm: PolicyResource, res: PolicyResource): boolean | undefined {
  const deps = [...(alarm.propertyDependencies.dimensions ?? []), ...(alarm.propertyDependencies.metricQueries ?? [])];
  if (deps.some((d) => d.urn === res.urn)) return true;
  const maps = dimensionMaps(alarm);
  if (maps.some(isUnknown)) return undefined;
  let open = false;
  for (const m of maps.map(raw)) {
    if (res.type === RDS_INSTANCE) {
      const id = peek(res.props, "identifier");
      const dim = peek(m, "DBInstanceIdentifier");
      if (isUnknown(dim) || isUnknown(id)) open = open || dim !== undefined;
      else if (id !== undefined && dim === id) return true;
    } else {
      const id = peek(res.props, "replicationGroupId");
      const group = peek(m, "ReplicationGroupId");
      const node = peek(m, "CacheClusterId");
      if (isUnknown(group) || isUnknown(node) || isUnknown(id)) open = open || group !== undefined || node !== undefined;
      else if (id !== undefined && (group === id || (typeof node === "string" && node.startsWith(`${id}-`)))) return true;
    }
  }
  return open ? undefined : false;
}

export const dataStoresAlarmed = stackPolicy({
  name: "cloudwatch-data-stores-alarmed",
  description: "Every RDS instance and ElastiCache replication group has at least one CloudWatch alarm on its metrics.",
  severity: "medium",
  category: "resilience",
  controls: ["MON-7", "CACHE-5"],
  enforcementLevel: "advisory",
  remediation: "pass alarmTopicArn (Monitoring.topicArn) to the database and cache components, which then create their CPU, storage, connection and eviction alarms.",
  validate: (resources, report) => {
    const alarms = resources.filter((r) => r.type === ALARM);
    for (const res of resources.filter((r) => r.type === RDS_INSTANCE || r.type === CACHE_GROUP)) {
      const verdicts = alarms.map((a) => alarmWatches(a, res));
      if (verdicts.includes(true)) continue;
      if (verdicts.includes(undefined)) undecided(`${res.name} alarm dimensions`, "an alarm's dimensions come from resources not yet created");
      const what = res.type === RDS_INSTANCE ? "Database" : "ElastiCache replication group";
      report(`${what} ${res.name} has no CloudWatch alarm, so exhaustion (CPU, storage, connections, evictions) goes unnoticed until the app fails.`, res.urn);
    }
  },
});

export const policies = [topicEncrypted, topicPolicyNotPublic, alarmHasActions, dataStoresAlarmed];
