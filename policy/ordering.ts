/**
 * Ordering and reachability between resources that mocks and previews accept but AWS refuses or silently drops
 * at deploy time: a secret rotation configured before Secrets Manager may invoke its function, an event
 * source wired to a topic whose policy or key does not let that service publish, an ECS service created before
 * the listener that attaches its target group, an HTTPS listener created before its certificate is validated,
 * and a metric filter on a log group nothing writes to.
 */
import { PolicyResource } from "@pulumi/policy";
import { actionMatches, allowStatements, asArray, containsUnknown, isPublicPrincipal, isUnknown, knownJson, lower, peek, pointsAt, present, raw, stackPolicy, undecided } from "./lib";

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
  remediation:
    'add an aws.lambda.Permission (action "lambda:InvokeFunction", principal "secretsmanager.amazonaws.com") for the rotation function and pass it in the SecretRotation\'s dependsOn; SecretSet does both.',
  validate: (resources, report) => {
    const functions = resources.filter((r) => r.type === FUNCTION);
    const permissions = resources.filter((r) => r.type === PERMISSION);
    for (const rot of resources.filter((r) => r.type === ROTATION)) {
      // A function from outside the stack (or from a deployed application) brings its own permission.
      for (const fn of pointsAt(rot, "rotationLambdaArn", functions, ["arn", "qualifiedArn"])) {
        const mine = permissions.filter((p) => pointsAt(p, "function", [fn], ["arn", "name", "id"]).length > 0 && letsSecretsManagerInvoke(p));
        if (mine.length === 0) {
          report(
            `Secret rotation ${rot.name} uses function ${fn.name}, which no Lambda permission lets Secrets Manager invoke: configuring rotation invokes the function at once (testSecret), so the deployment fails with AccessDenied.`,
            rot.urn,
          );
        } else if (!mine.some((p) => waitsFor(rot, p))) {
          report(
            `Secret rotation ${rot.name} does not depend on ${mine.map((p) => p.name).join(", ")}, the permission that lets Secrets Manager invoke ${fn.name}: the rotation can be configured first, and Secrets Manager's test invocation then fails the deployment.`,
            rot.urn,
          );
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
            if (encrypted)
              report(
                `${source.what} ${res.name} notifies topic ${topic.name}, which is KMS-encrypted: ElastiCache cannot publish to an encrypted topic and marks it inactive, so its events are lost.`,
                res.urn,
              );
            continue;
          }
          const policies = topicPolicies.filter((tp) => pointsAt(tp, "arn", [topic], ["arn", "id"]).length > 0);
          const docs = [
            ...policies.map((tp) => knownJson(tp.props, "policy", "the topic policy is built from values not yet known")),
            ...(present(topic.props, "policy") ? [knownJson(topic.props, "policy", "the topic policy is built from values not yet known")] : []),
          ];
          if (!docs.some((doc) => admits(doc, source.service, ["SNS:Publish"]))) {
            report(
              `${source.what} ${res.name} sends to topic ${topic.name}, whose policy does not allow ${source.service} SNS:Publish: the notifications are refused and nobody hears of the event.`,
              res.urn,
            );
          }
          if (!encrypted) continue;
          const keyRef = peek(topic.props, "kmsMasterKeyId");
          if (typeof keyRef === "string" && /(^|:)alias\/aws\/sns$/.test(keyRef)) {
            report(
              `${source.what} ${res.name} sends to topic ${topic.name}, encrypted with the AWS managed key alias/aws/sns, whose policy no service can be added to: ${source.service} cannot encrypt the message and it is dropped.`,
              res.urn,
            );
            continue;
          }
          const key = topicKey(topic, keys, aliases);
          if (!key) continue; // a key from outside the stack: its policy is not visible here
          const keyDoc = present(key.props, "policy") ? knownJson(key.props, "policy", "the key policy is built from values not yet known") : undefined;
          if (!admits(keyDoc, source.service, ["kms:GenerateDataKey", "kms:Decrypt"])) {
            report(
              `${source.what} ${res.name} sends to topic ${topic.name}, whose key ${key.name} does not let ${source.service} use kms:GenerateDataKey* and kms:Decrypt: SNS cannot encrypt the message and it is dropped.`,
              res.urn,
            );
          }
        }
      }
    }
  },
});

// ---- ECS services after the listener that attaches their target group ---------------------------------

const SERVICE = "aws:ecs/service:Service";
const TARGET_GROUPS = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"];
const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];
const LISTENER_RULES = ["aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule"];
const LISTENER_CERTIFICATES = ["aws:lb/listenerCertificate:ListenerCertificate", "aws:alb/listenerCertificate:ListenerCertificate"];

/** Known string values (unknowns left out). */
function knownStrings(values: readonly unknown[]): string[] {
  return values.map(raw).filter((v): v is string => typeof v === "string" && !containsUnknown(v));
}

/**
 * The target groups a list property (`loadBalancers`, `defaultActions`, `actions`) refers to: by property
 * dependency, or by a known ARN read from each entry.
 */
function targetGroupsIn(res: PolicyResource, prop: string, arnsOf: (entry: any) => unknown[], groups: readonly PolicyResource[]): PolicyResource[] {
  const deps = new Set((res.propertyDependencies?.[prop] ?? []).map((d) => d.urn));
  const arns = new Set(knownStrings(asArray(peek(res.props, prop)).flatMap(arnsOf)));
  return groups.filter((g) => deps.has(g.urn) || arns.has(peek(g.props, "arn")));
}

/** The target groups an action forwards to: `targetGroupArn`, or each of `forward.targetGroups[].arn`. */
const forwardedArns = (action: any): unknown[] => [peek(action, "targetGroupArn"), ...asArray(peek(action, "forward.targetGroups")).map((t) => peek(t, "arn"))];

export const serviceAfterListener = stackPolicy({
  name: "ecs-service-after-listener",
  description: "Every ECS service attached to a target group of the stack depends, directly or through its dependencies, on a listener or listener rule that forwards to that target group.",
  severity: "medium",
  category: "resilience",
  controls: ["EDGE-1"],
  remediation: "create the aws.lb.Listener or aws.lb.ListenerRule that forwards to the target group and pass it in the ECS service's dependsOn; HardenedService does so with loadBalancerDependencies.",
  validate: (resources, report) => {
    const groups = resources.filter((r) => TARGET_GROUPS.includes(r.type));
    if (groups.length === 0) return;
    const forwarders = [
      ...resources.filter((r) => LISTENERS.includes(r.type)).map((res) => ({ res, prop: "defaultActions" })),
      ...resources.filter((r) => LISTENER_RULES.includes(r.type)).map((res) => ({ res, prop: "actions" })),
    ];
    for (const svc of resources.filter((r) => r.type === SERVICE)) {
      for (const tg of targetGroupsIn(svc, "loadBalancers", (e) => [peek(e, "targetGroupArn")], groups)) {
        const mine = forwarders.filter((f) => targetGroupsIn(f.res, f.prop, forwardedArns, [tg]).length > 0).map((f) => f.res);
        if (mine.length === 0) {
          report(
            `ECS service ${svc.name} attaches target group ${tg.name}, which no listener or listener rule of the stack forwards to: CreateService fails with "The target group ... does not have an associated load balancer".`,
            svc.urn,
          );
        } else if (!mine.some((l) => waitsFor(svc, l))) {
          report(
            `ECS service ${svc.name} does not depend on ${mine.map((l) => l.name).join(", ")}, which forwards to its target group ${tg.name}: the service can be created first, and CreateService then fails with "The target group ... does not have an associated load balancer".`,
            svc.urn,
          );
        }
      }
    }
  },
});

// ---- listeners after their certificate is validated ------------------------------------------------------

const CERTIFICATE = "aws:acm/certificate:Certificate";
const VALIDATION = "aws:acm/certificateValidation:CertificateValidation";

export const listenerCertificateValidated = stackPolicy({
  name: "elb-listener-certificate-validated",
  description:
    "Every HTTPS or TLS listener (and listener certificate) that serves an ACM certificate of the stack validated by DNS or email depends on an aws.acm.CertificateValidation of that certificate; imported and external certificates pass.",
  severity: "medium",
  category: "resilience",
  controls: ["TLS-2", "EDGE-1"],
  remediation:
    "create an aws.acm.CertificateValidation for the certificate (with the validation records' FQDNs) and give the listener its certificateArn output, or pass it in the listener's dependsOn; SecureLoadBalancer does so.",
  validate: (resources, report) => {
    const certs = resources.filter((r) => r.type === CERTIFICATE && ["dns", "email"].includes(lower(peek(r.props, "validationMethod"))));
    if (certs.length === 0) return;
    const validations = resources.filter((r) => r.type === VALIDATION);
    const servers = resources.filter((r) => {
      if (LISTENER_CERTIFICATES.includes(r.type)) return true;
      if (!LISTENERS.includes(r.type)) return false;
      const protocol = peek(r.props, "protocol");
      return isUnknown(protocol) || ["https", "tls"].includes(lower(protocol));
    });
    for (const server of servers) {
      const what = LISTENERS.includes(server.type) ? "Listener" : "Listener certificate";
      for (const cert of pointsAt(server, "certificateArn", certs, ["arn", "id"])) {
        const method = String(peek(cert.props, "validationMethod")).toUpperCase();
        const mine = validations.filter((v) => pointsAt(v, "certificateArn", [cert], ["arn", "id"]).length > 0);
        if (mine.length === 0) {
          report(
            `${what} ${server.name} serves certificate ${cert.name} (validated by ${method}), which no aws.acm.CertificateValidation of the stack waits for: the listener is created while the certificate is still pending validation, and CreateListener fails with UnsupportedCertificate.`,
            server.urn,
          );
        } else if (!mine.some((v) => waitsFor(server, v))) {
          report(
            `${what} ${server.name} does not depend on ${mine.map((v) => v.name).join(", ")}, the validation of its certificate ${cert.name}: the listener can be created while the certificate is still pending validation, and CreateListener then fails with UnsupportedCertificate.`,
            server.urn,
          );
        }
      }
    }
  },
});

// ---- metric filters on log groups something writes to ---------------------------------------------------

const METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
/** Resources that reference a log group to read it, not to write it. */
const READERS = [METRIC_FILTER, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"];
const IAM_POLICIES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"];

/** The group name in a log-group ARN (`arn:…:logs:…:log-group:<name>`, with or without `:*`), or the value itself. */
function groupNameOf(value: string): string {
  const m = /^arn:[^:]*:logs:[^:]*:[^:]*:log-group:([^:]+)(:.*)?$/.exec(value);
  return m ? m[1] : value;
}

/** Names at the given paths (single values or lists), log-group ARNs read as names; UNKNOWN where not known. */
function namesAt(props: any, ...paths: string[]): string[] {
  return paths
    .flatMap((p) => asArray(peek(props, p)))
    .map(raw)
    .flatMap((v) => (typeof v !== "string" ? [] : containsUnknown(v) ? [UNKNOWN_NAME] : [groupNameOf(v)]));
}
const UNKNOWN_NAME = "\u0000unknown";

/** A service's own log group names, e.g. /aws/rds/instance/<id>/<log>, with UNKNOWN_NAME for a part not known yet. */
function serviceGroups(prefix: string, id: unknown, logs: readonly unknown[]): string[] {
  const part = (v: unknown) => (typeof v === "string" && !containsUnknown(v) ? v : UNKNOWN_NAME);
  return logs.map(raw).map((log) => `${prefix}/${part(id)}/${part(log)}`);
}

/** Whether a written name (possibly with UNKNOWN_NAME parts) is the group's name: "yes", "maybe" (once known) or "no". */
function names(candidate: string, name: string): "yes" | "maybe" | "no" {
  if (name === UNKNOWN_NAME) return "maybe";
  if (!candidate.includes(UNKNOWN_NAME)) return candidate === name ? "yes" : "no";
  const re = new RegExp(
    `^${candidate
      .split(UNKNOWN_NAME)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".+")}$`,
  );
  return re.test(name) ? "maybe" : "no";
}

/** The log groups a resource writes to by name, per kind of writer (UNKNOWN_NAME for a name not known yet). */
function writtenGroups(r: PolicyResource): string[] {
  const p = r.props;
  switch (r.type) {
    case "aws:ecs/taskDefinition:TaskDefinition": {
      const defs = peek(p, "containerDefinitions");
      if (containsUnknown(defs)) return [UNKNOWN_NAME];
      let parsed: any;
      try {
        parsed = typeof defs === "string" ? JSON.parse(defs) : defs;
      } catch {
        return [];
      }
      return asArray(parsed).flatMap((c) => namesAt(c, "logConfiguration.options.awslogs-group"));
    }
    case "aws:ec2/flowLog:FlowLog":
      return ["", "cloud-watch-logs"].includes(lower(peek(p, "logDestinationType"))) ? namesAt(p, "logDestination", "logGroupName") : [];
    case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
      return namesAt(p, "logDestinationConfigs");
    case "aws:rds/instance:Instance":
      return serviceGroups("/aws/rds/instance", peek(p, "identifier"), asArray(peek(p, "enabledCloudwatchLogsExports")));
    case "aws:rds/cluster:Cluster":
      return serviceGroups("/aws/rds/cluster", peek(p, "clusterIdentifier"), asArray(peek(p, "enabledCloudwatchLogsExports")));
    case "aws:lambda/function:Function":
      return present(p, "loggingConfig.logGroup") ? namesAt(p, "loggingConfig.logGroup") : serviceGroups("/aws", "lambda", [peek(p, "name")]);
    case "aws:elasticache/replicationGroup:ReplicationGroup":
    case "aws:elasticache/cluster:Cluster":
      return asArray(peek(p, "logDeliveryConfigurations"))
        .filter((c) => lower(peek(c, "destinationType")) !== "kinesis-firehose")
        .flatMap((c) => namesAt(c, "destination"));
    case "aws:cloudtrail/trail:Trail":
      return namesAt(p, "cloudWatchLogsGroupArn");
    case "aws:ecs/cluster:Cluster":
      return namesAt(p, "configuration.executeCommandConfiguration.logConfiguration.cloudWatchLogGroupName");
    case "aws:apigateway/stage:Stage":
    case "aws:apigatewayv2/stage:Stage":
      return namesAt(p, "accessLogSettings.destinationArn");
    case "aws:route53/queryLog:QueryLog":
      return namesAt(p, "cloudwatchLogGroupArn");
    case "aws:sfn/stateMachine:StateMachine":
      return namesAt(p, "loggingConfiguration.logDestination");
    default:
      return [];
  }
}

/**
 * True when an IAM resource pattern covers putting log events into the group: its ARN, `<arn>:*` or its
 * streams, with IAM wildcards. The pattern's partition, region and account are not compared: the stack's own
 * are not visible to the pack.
 */
function coversGroup(pattern: string, name: string): boolean {
  const parts = pattern.split(":");
  if (parts.length < 6) return actionMatches(pattern, `arn:aws:logs:region:account:log-group:${name}:log-stream:stream`);
  if (parts[0] !== "arn" || !actionMatches(parts[2], "logs")) return false;
  const rest = parts.slice(5).join(":");
  return actionMatches(rest, `log-group:${name}`) || actionMatches(rest, `log-group:${name}:log-stream:stream`);
}

/** True when an IAM policy allows logs:PutLogEvents into the named group; undefined when its document or the name is not known. */
function grantsPutLogEvents(r: PolicyResource, name: string): boolean | undefined {
  const doc = peek(r.props, "policy");
  if (containsUnknown(doc) || name === UNKNOWN_NAME) return undefined;
  let parsed: any;
  try {
    parsed = typeof doc === "string" ? JSON.parse(doc) : doc;
  } catch {
    return false;
  }
  return allowStatements(parsed).some((s) => s.actions.some((a) => actionMatches(a, "logs:PutLogEvents")) && s.resources.some((res) => coversGroup(res, name)));
}

export const metricFilterLogGroupWritten = stackPolicy({
  name: "cloudwatch-metric-filter-log-group-written",
  description:
    "Every metric filter on a log group of the stack watches a group something in the stack writes to: a task definition's awslogs-group, an IAM policy allowing logs:PutLogEvents on it, a flow log, WAF logging, RDS log exports, a Lambda function's group, ElastiCache log delivery, CloudTrail, or any other resource referring to the group. A filter on a group from outside the stack passes: its writers are not visible here.",
  severity: "medium",
  category: "resilience",
  controls: ["MON-2", "MON-6"],
  remediation:
    "point the filter's logGroupName at the group the application or service writes (the task definition's awslogs-group, a group its role may logs:PutLogEvents to, or the service's /aws/... group), or let the writer put events into it; Monitoring watches the groups HardenedService's eventLogGroups let the task write.",
  validate: (resources, report) => {
    const groups = resources.filter((r) => r.type === LOG_GROUP);
    const filters = resources.filter((r) => r.type === METRIC_FILTER);
    if (filters.length === 0) return;
    const undecidedOn: string[] = [];
    for (const filter of filters) {
      const ref = peek(filter.props, "logGroupName");
      const watched = pointsAt(filter, "logGroupName", groups, ["name", "id"]);
      if (watched.length === 0) {
        // A known name of no group in the stack is an external group: passed. An unknown one names no group yet.
        if (containsUnknown(ref)) undecidedOn.push(filter.name);
        continue;
      }
      for (const group of watched) {
        const own = peek(group.props, "name");
        const name = typeof own === "string" && !containsUnknown(own) ? own : typeof ref === "string" && !containsUnknown(ref) ? ref : UNKNOWN_NAME;
        let unsure = name === UNKNOWN_NAME;
        const written = resources.some((r) => {
          if (r.urn === group.urn || READERS.includes(r.type)) return false;
          if (Object.values(r.propertyDependencies ?? {}).some((ds) => ds.some((d) => d.urn === group.urn))) return true;
          if (IAM_POLICIES.includes(r.type)) {
            const grants = grantsPutLogEvents(r, name);
            if (grants === undefined) unsure = true;
            return grants === true;
          }
          const verdicts = writtenGroups(r).map((w) => names(w, name));
          if (verdicts.includes("maybe")) unsure = true;
          return verdicts.includes("yes");
        });
        if (written) continue;
        if (unsure) {
          undecidedOn.push(filter.name);
          continue;
        }
        report(
          `Metric filter ${filter.name} watches log group ${group.name} (${name}), which nothing in the stack writes to (no awslogs-group of a task definition, logs:PutLogEvents grant, service log delivery or other reference): the filter never sees an event, so its metric and alarms stay silent.`,
          filter.urn,
        );
      }
    }
    if (undecidedOn.length > 0) undecided("logGroupName", `whether anything writes the log group of metric filter ${undecidedOn.join(", ")} depends on values not yet known`);
  },
});

export const policies = [rotationAfterInvokePermission, eventSourcesCanPublish, serviceAfterListener, listenerCertificateValidated, metricFilterLogGroupWritten];
