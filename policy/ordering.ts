/**
 * Ordering and reachability between resources that mocks and previews accept but AWS refuses or silently drops
 * at deploy time: a secret rotation configured before Secrets Manager may invoke its function, and an event
 * source wired to a topic whose policy or key does not let that service publish.
 */
import { PolicyResource } from "@pulumi/policy";
import { actionMatches, allowStatements, asArray, isPublicPrincipal, isUnknown, knownJson, peek, pointsAt, present, stackPolicy } from "./lib";

const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const FUNCTION = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const SECRETS_MANAGER = "secretsmanager.amazonaws.com";

/** Every resource `res` waits for: its dependencies and property dependencies, transitively. */
function waitsFor(res: PolicyResource, target: PolicyResource): boolean {
  const seen = new Set<string>();
  const stack: PolicyResource[] = [res];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    const next = [...(cur.dependencies ?? []), ...Object.values(cur.propertyDependencies ?? {}).flat()];
    for (const d of next) {
      if (!d || seen.has(d.urn)) continue;
      if (d.urn === target.urn) return true;
      seen.add(d.urn);
      stack.push(d);
    }
  }
  return false;
}

/** A permission that lets Secrets Manager invoke the function (principal and action, when known). */
function letsSecretsManagerInvoke(p: PolicyResource): boolean {
  const principal = peek(p.props, "principal");
  const action = peek(p.props, "action");
  const principalOk = isUnknown(principal) || principal === SECRETS_MANAGER;
  const actionOk = isUnknown(action) || (typeof action === "string" && actionMatches(action, "lambda:InvokeFunction"));
  return principalOk && actionOk;
}

export const rotationAfterInvokePermission = stackPolicy({
  name: "secretsmanager-rotation-after-invoke-permission",
  description: "Every secret rotation whose function is in the stack depends on a Lambda permission that lets secretsmanager.amazonaws.com invoke that function.",
  severity: "medium",
  category: "resilience",
  controls: ["SEC-4"],
  remediation: 'add an aws.lambda.Permission (action "lambda:InvokeFunction", principal "secretsmanager.amazonaws.com") for the rotation function and pass it in the SecretRotation\'s dependsOn; SecretSet does both.',
  validate: (resources, report) => {
    const functions = resources.filter((r) => r.type === FUNCTION);
    const permissions = resources.filter((r) => r.type === PERMISSION);
    for (const rot of resources.filter((r) => r.type === ROTATION)) {
      // A function from outside the stack (or from a deployed application) brings its own permission.
      for (const fn of pointsAt(rot, "rotationLambdaArn", functions, ["arn", "qualifiedArn"])) {
        const mine = permissions.filter((p) => pointsAt(p, "function", [fn], ["arn", "name", "id"]).length > 0 && letsSecretsManagerInvoke(p));
        if (mine.length === 0) {
          report(`Secret rotation ${rot.name} uses function ${fn.name}, which no Lambda permission lets Secrets Manager invoke: configuring rotation invokes the function at once (testSecret), so the deployment fails with AccessDenied.`, rot.urn);
        } else if (!mine.some((p) => waitsFor(rot, p))) {
          report(`Secret rotation ${rot.name} does not depend on ${mine.map((p) => p.name).join(", ")}, the permission that lets Secrets Manager invoke ${fn.name}: the rotation can be configured first, and Secrets Manager's test invocation then fails the deployment.`, rot.urn);
        }
      }
    }
  },
});

/** One kind of event source: the property naming the topic and the service that publishes. */
interface EventSource {
  readonly type: string;
  readonly props: readonly string[];
  readonly service: string;
  readonly what: string;
}

const EVENT_SOURCES: readonly EventSource[] = [
  { type: "aws:cloudwatch/metricAlarm:MetricAlarm", props: ["alarmActions", "okActions", "insufficientDataActions"], service: "cloudwatch.amazonaws.com", what: "CloudWatch alarm" },
  { type: "aws:backup/vaultNotifications:VaultNotifications", props: ["snsTopicArn"], service: "backup.amazonaws.com", what: "Backup vault notifications" },
  { type: "aws:cloudwatch/eventTarget:EventTarget", props: ["arn"], service: "events.amazonaws.com", what: "EventBridge target" },
  { type: "aws:elasticache/replicationGroup:ReplicationGroup", props: ["notificationTopicArn"], service: "elasticache.amazonaws.com", what: "ElastiCache replication group" },
  { type: "aws:elasticache/cluster:Cluster", props: ["notificationTopicArn"], service: "elasticache.amazonaws.com", what: "ElastiCache cluster" },
];

/** True when an Allow statement names the service (or everyone) as principal for every action given. */
function admits(doc: any, service: string, actions: readonly string[]): boolean {
  return allowStatements(doc).some((s) => {
    const services = asArray(s.principal?.Service).map(String);
    if (!services.includes(service) && !isPublicPrincipal(s.principal)) return false;
    return actions.every((a) => s.actions.some((pattern) => actionMatches(pattern, a)));
  });
}

/** The stack's key a topic is encrypted with: by reference, by key id or ARN, or through an alias of the stack. */
function topicKey(topic: PolicyResource, keys: readonly PolicyResource[], aliases: readonly PolicyResource[]): PolicyResource | undefined {
  const direct = pointsAt(topic, "kmsMasterKeyId", keys, ["arn", "id", "keyId"]);
  if (direct.length > 0) return direct[0];
  const via = pointsAt(topic, "kmsMasterKeyId", aliases, ["name", "arn"]);
  return via.length > 0 ? pointsAt(via[0], "targetKeyId", keys, ["arn", "id", "keyId"])[0] : undefined;
}

export const eventSourcesCanPublish = stackPolicy({
  name: "sns-event-sources-can-publish",
  description:
    "Every CloudWatch alarm, Backup vault notification and EventBridge target that sends to a topic of the stack can publish there: the topic policy allows the service SNS:Publish and, for an encrypted topic, the key policy allows it kms:GenerateDataKey* and kms:Decrypt; ElastiCache notifies only unencrypted topics, so it sends to none that is encrypted.",
  severity: "medium",
  category: "resilience",
  controls: ["MON-1", "MON-7"],
  remediation:
    "add an SNS:Publish statement for the service principal (cloudwatch, backup, events .amazonaws.com) to the topic policy and a kms:GenerateDataKey*/kms:Decrypt statement to the topic key's policy (Monitoring does both for its publishers); for ElastiCache, route its events through an EventBridge rule to the topic instead of notificationTopicArn (SecureCache does).",
  validate: (resources, report) => {
    const topics = resources.filter((r) => r.type === TOPIC);
    if (topics.length === 0) return;
    const topicPolicies = resources.filter((r) => r.type === TOPIC_POLICY);
    const keys = resources.filter((r) => r.type === KEY);
    const aliases = resources.filter((r) => r.type === ALIAS);
    for (const source of EVENT_SOURCES) {
      for (const res of resources.filter((r) => r.type === source.type)) {
        const targets = new Set<PolicyResource>(source.props.flatMap((p) => pointsAt(res, p, topics, ["arn", "id"])));
        for (const topic of targets) {
          const encrypted = present(topic.props, "kmsMasterKeyId");
          if (source.service === "elasticache.amazonaws.com") {
            if (encrypted) report(`${source.what} ${res.name} notifies topic ${topic.name}, which is KMS-encrypted: ElastiCache cannot publish to an encrypted topic and marks it inactive, so its events are lost.`, res.urn);
            continue;
          }
          const policies = topicPolicies.filter((tp) => pointsAt(tp, "arn", [topic], ["arn", "id"]).length > 0);
          const docs = [...policies.map((tp) => knownJson(tp.props, "policy", "the topic policy is built from values not yet known")), ...(present(topic.props, "policy") ? [knownJson(topic.props, "policy", "the topic policy is built from values not yet known")] : [])];
          if (!docs.some((doc) => admits(doc, source.service, ["SNS:Publish"]))) {
            report(`${source.what} ${res.name} sends to topic ${topic.name}, whose policy does not allow ${source.service} SNS:Publish: the notifications are refused and nobody hears of the event.`, res.urn);
          }
          if (!encrypted) continue;
          const keyRef = peek(topic.props, "kmsMasterKeyId");
          if (typeof keyRef === "string" && /(^|:)alias\/aws\/sns$/.test(keyRef)) {
            report(`${source.what} ${res.name} sends to topic ${topic.name}, encrypted with the AWS managed key alias/aws/sns, whose policy no service can be added to: ${source.service} cannot encrypt the message and it is dropped.`, res.urn);
            continue;
          }
          const key = topicKey(topic, keys, aliases);
          if (!key) continue; // a key from outside the stack: its policy is not visible here
          const keyDoc = present(key.props, "policy") ? knownJson(key.props, "policy", "the key policy is built from values not yet known") : undefined;
          if (!admits(keyDoc, source.service, ["kms:GenerateDataKey", "kms:Decrypt"])) {
            report(`${source.what} ${res.name} sends to topic ${topic.name}, whose key ${key.name} does not let ${source.service} use kms:GenerateDataKey* and kms:Decrypt: SNS cannot encrypt the message and it is dropped.`, res.urn);
          }
        }
      }
    }
  },
});

export const policies = [rotationAfterInvokePermission, eventSourcesCanPublish];
