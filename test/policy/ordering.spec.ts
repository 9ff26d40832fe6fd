/**
 * Ordering rules: rotations wait for the invoke permission; event sources can publish to the topic they target;
 * services wait for the listener of their target group; listeners wait for certificate validation; metric
 * filters watch a log group something writes.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { eventSourcesCanPublish, listenerCertificateValidated, metricFilterLogGroupWritten, rotationAfterInvokePermission, serviceAfterListener } from "../../policy/ordering";
import { checkStack, FixtureResource, UNKNOWN } from "../support/policy";

const FN = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";

describe("secretsmanager-rotation-after-invoke-permission", () => {
  const fn: FixtureResource = { type: FN, name: "rotator", urn: "urn:fn", props: { name: "rotator", arn: UNKNOWN } };
  const permission: FixtureResource = {
    type: PERMISSION,
    name: "rotator-invoke",
    urn: "urn:perm",
    props: { function: UNKNOWN, action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com" },
    propertyDependencies: { function: ["urn:fn"] },
  };
  const rotation = (dependencies: string[]): FixtureResource => ({
    type: ROTATION,
    name: "jwt-rotation",
    urn: "urn:rot",
    props: { secretId: UNKNOWN, rotationLambdaArn: UNKNOWN, rotationRules: { automaticallyAfterDays: 90 } },
    propertyDependencies: { rotationLambdaArn: ["urn:fn"] },
    dependencies: ["urn:fn", ...dependencies],
  });

  it("passes a rotation that depends on the function's Secrets Manager invoke permission", async () => {
    assert.deepEqual((await checkStack(rotationAfterInvokePermission, [fn, permission, rotation(["urn:perm"])])).violations, []);
  });

  it("fails a rotation configured without waiting for the permission, reporting on the rotation", async () => {
    const v = await checkStack(rotationAfterInvokePermission, [fn, permission, rotation([])]);
    assert.deepEqual(v.violations, [
      'Secret rotation jwt-rotation does not depend on rotator-invoke, the permission that lets Secrets Manager invoke rotator: the rotation can be configured first, and Secrets Manager\'s test invocation then fails the deployment. Fix: add an aws.lambda.Permission (action "lambda:InvokeFunction", principal "secretsmanager.amazonaws.com") for the rotation function and pass it in the SecretRotation\'s dependsOn; SecretSet does both.',
    ]);
    assert.deepEqual(v.urns, ["urn:rot"]);
  });

  it("fails a rotation whose function has no permission for Secrets Manager (one for another principal does not count)", async () => {
    const other = { ...permission, props: { ...permission.props, principal: "events.amazonaws.com" } };
    const v = await checkStack(rotationAfterInvokePermission, [fn, other, rotation(["urn:perm"])]);
    assert.match(v.violations[0], /^Secret rotation jwt-rotation uses function rotator, which no Lambda permission lets Secrets Manager invoke/);
  });

  it("matches the permission by function name when values are known, and ignores functions outside the stack", async () => {
    const known = { ...fn, props: { name: "rotator", arn: "arn:aws:lambda:eu-west-1:123456789012:function:rotator" } };
    const perm = { ...permission, props: { ...permission.props, function: "rotator" }, propertyDependencies: {} };
    const rot = { ...rotation(["urn:perm"]), props: { rotationLambdaArn: known.props.arn }, propertyDependencies: {}, dependencies: ["urn:perm"] };
    assert.deepEqual((await checkStack(rotationAfterInvokePermission, [known, perm, rot])).violations, []);
    const external = { type: ROTATION, name: "ext", props: { rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:shared" } };
    assert.deepEqual((await checkStack(rotationAfterInvokePermission, [external])).violations, []);
  });
});

describe("sns-event-sources-can-publish", () => {
  const ARN = "arn:aws:sns:eu-west-1:123456789012:alerts";
  const publish = (service: string) => ({ Effect: "Allow", Principal: { Service: service }, Action: "SNS:Publish", Resource: ARN });
  const keyUse = (services: string[]) => ({ Effect: "Allow", Principal: { Service: services }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" });
  const key = (services: string[]): FixtureResource => ({
    type: KEY,
    name: "alerts-key",
    urn: "urn:key",
    props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }, keyUse(services)] }) },
  });
  const topic: FixtureResource = { type: TOPIC, name: "alerts", urn: "urn:topic", props: { name: "alerts", kmsMasterKeyId: UNKNOWN }, propertyDependencies: { kmsMasterKeyId: ["urn:key"] } };
  const topicPolicy = (services: string[]): FixtureResource => ({
    type: TOPIC_POLICY,
    name: "alerts-policy",
    props: { arn: UNKNOWN, policy: JSON.stringify({ Statement: services.map(publish) }) },
    propertyDependencies: { arn: ["urn:topic"] },
  });
  const ALL = ["cloudwatch.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"];
  const alarm: FixtureResource = {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name: "cpu",
    urn: "urn:alarm",
    props: { alarmActions: [UNKNOWN] },
    propertyDependencies: { alarmActions: ["urn:topic"] },
  };
  const vault: FixtureResource = {
    type: "aws:backup/vaultNotifications:VaultNotifications",
    name: "vault-events",
    urn: "urn:vault",
    props: { snsTopicArn: UNKNOWN },
    propertyDependencies: { snsTopicArn: ["urn:topic"] },
  };
  const target: FixtureResource = { type: "aws:cloudwatch/eventTarget:EventTarget", name: "job-failed", urn: "urn:target", props: { arn: UNKNOWN }, propertyDependencies: { arn: ["urn:topic"] } };
  const fix =
    "Fix: add an SNS:Publish statement for the service principal (cloudwatch, backup, events .amazonaws.com) to the topic policy and a kms:GenerateDataKey*/kms:Decrypt statement to the topic key's policy (Monitoring does both for its publishers); for ElastiCache, route its events through an EventBridge rule to the topic instead of notificationTopicArn (SecureCache does).";

  it("passes alarms, vault notifications and EventBridge targets on a topic whose policy and key admit each service", async () => {
    assert.deepEqual((await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(ALL), alarm, vault, target])).violations, []);
  });

  it("fails a source whose service the topic policy does not admit (Backup missing)", async () => {
    const v = await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(["cloudwatch.amazonaws.com", "events.amazonaws.com"]), alarm, vault, target]);
    assert.deepEqual(v.violations, [
      `Backup vault notifications vault-events sends to topic alerts, whose policy does not allow backup.amazonaws.com SNS:Publish: the notifications are refused and nobody hears of the event. ${fix}`,
    ]);
    assert.deepEqual(v.urns, ["urn:vault"]);
  });

  it("fails a source whose service the topic's key policy does not admit (EventBridge missing), and a topic without any policy", async () => {
    const v = await checkStack(eventSourcesCanPublish, [key(["cloudwatch.amazonaws.com", "backup.amazonaws.com"]), topic, topicPolicy(ALL), target]);
    assert.deepEqual(v.violations, [
      `EventBridge target job-failed sends to topic alerts, whose key alerts-key does not let events.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt: SNS cannot encrypt the message and it is dropped. ${fix}`,
    ]);
    const bare = await checkStack(eventSourcesCanPublish, [key(ALL), topic, alarm]);
    assert.match(bare.violations[0], /^CloudWatch alarm cpu sends to topic alerts, whose policy does not allow cloudwatch\.amazonaws\.com SNS:Publish/);
  });

  it("fails a topic encrypted with the AWS managed key alias/aws/sns", async () => {
    const managed = { ...topic, props: { name: "alerts", kmsMasterKeyId: "alias/aws/sns" }, propertyDependencies: {} };
    const v = await checkStack(eventSourcesCanPublish, [managed, topicPolicy(ALL), alarm]);
    assert.match(v.violations[0], /^CloudWatch alarm cpu sends to topic alerts, encrypted with the AWS managed key alias\/aws\/sns/);
  });

  it("fails an ElastiCache replication group notifying an encrypted topic, and passes one notifying an unencrypted topic", async () => {
    const rg: FixtureResource = {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "cache",
      urn: "urn:rg",
      props: { notificationTopicArn: UNKNOWN },
      propertyDependencies: { notificationTopicArn: ["urn:topic"] },
    };
    const v = await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(ALL), rg]);
    assert.deepEqual(v.violations, [
      `ElastiCache replication group cache notifies topic alerts, which is KMS-encrypted: ElastiCache cannot publish to an encrypted topic and marks it inactive, so its events are lost. ${fix}`,
    ]);
    const plain = { ...topic, props: { name: "alerts" }, propertyDependencies: {} };
    assert.deepEqual((await checkStack(eventSourcesCanPublish, [plain, rg])).violations, []);
  });
});

describe("ecs-service-after-listener", () => {
  const TG_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
  const tg: FixtureResource = { type: "aws:lb/targetGroup:TargetGroup", name: "web", urn: "urn:tg", props: { arn: UNKNOWN, port: 8000, protocol: "HTTP" } };
  const listener: FixtureResource = { type: "aws:lb/listener:Listener", name: "https", urn: "urn:listener", props: { protocol: "HTTPS", defaultActions: [{ type: "fixed-response" }] } };
  const rule: FixtureResource = {
    type: "aws:alb/listenerRule:ListenerRule",
    name: "api",
    urn: "urn:rule",
    props: { listenerArn: UNKNOWN, actions: [{ type: "forward", targetGroupArn: UNKNOWN }] },
    propertyDependencies: { listenerArn: ["urn:listener"], actions: ["urn:tg"] },
  };
  const service = (dependencies: string[]): FixtureResource => ({
    type: "aws:ecs/service:Service",
    name: "api-service",
    urn: "urn:svc",
    props: { loadBalancers: [{ targetGroupArn: UNKNOWN, containerName: "app", containerPort: 8000 }] },
    propertyDependencies: { loadBalancers: ["urn:tg"] },
    dependencies,
  });
  const fix =
    "Fix: create the aws.lb.Listener or aws.lb.ListenerRule that forwards to the target group and pass it in the ECS service's dependsOn; HardenedService does so with loadBalancerDependencies.";

  it("passes a service that depends on the listener rule forwarding to its target group (alb token)", async () => {
    assert.deepEqual((await checkStack(serviceAfterListener, [tg, listener, rule, service(["urn:rule"])])).violations, []);
  });

  it("passes a service that waits for the forwarding listener through another dependency", async () => {
    const middle: FixtureResource = { type: "aws:iam/rolePolicy:RolePolicy", name: "task", urn: "urn:mid", props: {}, dependencies: ["urn:rule"] };
    assert.deepEqual((await checkStack(serviceAfterListener, [tg, listener, rule, middle, service(["urn:mid"])])).violations, []);
  });

  it("fails a service that does not wait for the forwarding rule, reporting on the service", async () => {
    const v = await checkStack(serviceAfterListener, [tg, listener, rule, service([])]);
    assert.deepEqual(v.violations, [
      `ECS service api-service does not depend on api, which forwards to its target group web: the service can be created first, and CreateService then fails with "The target group ... does not have an associated load balancer". ${fix}`,
    ]);
    assert.deepEqual(v.urns, ["urn:svc"]);
  });

  it("fails a service on a target group no listener forwards to; depending on a listener that forwards elsewhere does not count", async () => {
    const v = await checkStack(serviceAfterListener, [tg, listener, service(["urn:listener"])]);
    assert.deepEqual(v.violations, [
      `ECS service api-service attaches target group web, which no listener or listener rule of the stack forwards to: CreateService fails with "The target group ... does not have an associated load balancer". ${fix}`,
    ]);
  });

  it("matches known ARNs, including weighted forward.targetGroups, and ignores target groups outside the stack", async () => {
    const known = { ...tg, props: { ...tg.props, arn: TG_ARN } };
    const weighted: FixtureResource = {
      type: "aws:lb/listener:Listener",
      name: "weighted",
      urn: "urn:weighted",
      props: { protocol: "HTTPS", defaultActions: [{ type: "forward", forward: { targetGroups: [{ arn: TG_ARN, weight: 1 }] } }] },
    };
    const svc = (deps: string[]): FixtureResource => ({
      ...service(deps),
      props: { loadBalancers: [{ targetGroupArn: TG_ARN, containerName: "app", containerPort: 8000 }] },
      propertyDependencies: {},
    });
    assert.deepEqual((await checkStack(serviceAfterListener, [known, weighted, svc(["urn:weighted"])])).violations, []);
    assert.match((await checkStack(serviceAfterListener, [known, weighted, svc([])])).violations[0], /^ECS service api-service does not depend on weighted, which forwards to its target group web/);
    const external = { ...svc([]), props: { loadBalancers: [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shared/1" }] } };
    assert.deepEqual((await checkStack(serviceAfterListener, [known, external])).violations, []);
  });
});

describe("elb-listener-certificate-validated", () => {
  const CERT_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0b8f5c1e-0000-4000-8000-000000000001";
  const cert: FixtureResource = { type: "aws:acm/certificate:Certificate", name: "site-cert", urn: "urn:cert", props: { domainName: "app.example.com", validationMethod: "DNS", arn: UNKNOWN } };
  const validation: FixtureResource = {
    type: "aws:acm/certificateValidation:CertificateValidation",
    name: "site-cert-validation",
    urn: "urn:val",
    props: { certificateArn: UNKNOWN },
    propertyDependencies: { certificateArn: ["urn:cert"] },
  };
  const listener = (certDep: string, dependencies: string[] = []): FixtureResource => ({
    type: "aws:alb/listener:Listener",
    name: "https",
    urn: "urn:listener",
    props: { protocol: "HTTPS", port: 443, certificateArn: UNKNOWN },
    propertyDependencies: { certificateArn: [certDep] },
    dependencies,
  });
  const fix =
    "Fix: create an aws.acm.CertificateValidation for the certificate (with the validation records' FQDNs) and give the listener its certificateArn output, or pass it in the listener's dependsOn; SecureLoadBalancer does so.";

  it("passes a listener given the validation's certificateArn, and one on the certificate that depends on the validation", async () => {
    assert.deepEqual((await checkStack(listenerCertificateValidated, [cert, validation, listener("urn:val")])).violations, []);
    assert.deepEqual((await checkStack(listenerCertificateValidated, [cert, validation, listener("urn:cert", ["urn:val"])])).violations, []);
  });

  it("fails a listener on the certificate that does not wait for its validation, reporting on the listener", async () => {
    const v = await checkStack(listenerCertificateValidated, [cert, validation, listener("urn:cert")]);
    assert.deepEqual(v.violations, [
      `Listener https does not depend on site-cert-validation, the validation of its certificate site-cert: the listener can be created while the certificate is still pending validation, and CreateListener then fails with UnsupportedCertificate. ${fix}`,
    ]);
    assert.deepEqual(v.urns, ["urn:listener"]);
  });

  it("fails a TLS listener and a listener certificate on an email-validated certificate that nothing validates", async () => {
    const email = { ...cert, props: { ...cert.props, validationMethod: "EMAIL", arn: CERT_ARN } };
    const tls: FixtureResource = { type: "aws:lb/listener:Listener", name: "tls", urn: "urn:tls", props: { protocol: "TLS", port: 443, certificateArn: CERT_ARN } };
    const extra: FixtureResource = { type: "aws:lb/listenerCertificate:ListenerCertificate", name: "extra", urn: "urn:extra", props: { listenerArn: UNKNOWN, certificateArn: CERT_ARN } };
    const v = await checkStack(listenerCertificateValidated, [email, tls, extra]);
    assert.deepEqual(v.violations, [
      `Listener tls serves certificate site-cert (validated by EMAIL), which no aws.acm.CertificateValidation of the stack waits for: the listener is created while the certificate is still pending validation, and CreateListener fails with UnsupportedCertificate. ${fix}`,
      `Listener certificate extra serves certificate site-cert (validated by EMAIL), which no aws.acm.CertificateValidation of the stack waits for: the listener is created while the certificate is still pending validation, and CreateListener fails with UnsupportedCertificate. ${fix}`,
    ]);
    assert.deepEqual(v.urns, ["urn:tls", "urn:extra"]);
  });

  it("passes an external certificate ARN and an imported certificate (no validation method)", async () => {
    const external: FixtureResource = { type: "aws:lb/listener:Listener", name: "ext", props: { protocol: "HTTPS", certificateArn: CERT_ARN } };
    assert.deepEqual((await checkStack(listenerCertificateValidated, [cert, external])).violations, []);
    const imported: FixtureResource = { type: "aws:acm/certificate:Certificate", name: "imported", urn: "urn:imp", props: { certificateBody: "-----BEGIN CERTIFICATE-----", arn: UNKNOWN } };
    assert.deepEqual((await checkStack(listenerCertificateValidated, [imported, { ...listener("urn:imp"), urn: "urn:l2" }])).violations, []);
  });
});

describe("cloudwatch-metric-filter-log-group-written", () => {
  const NAME = "/app/prod/security";
  const group: FixtureResource = { type: "aws:cloudwatch/logGroup:LogGroup", name: "security-logs", urn: "urn:group", props: { name: NAME, arn: UNKNOWN } };
  const filter: FixtureResource = {
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    name: "auth-failures",
    urn: "urn:filter",
    props: { logGroupName: UNKNOWN, pattern: '{ $.event = "AUTH_FAILURE" }' },
    propertyDependencies: { logGroupName: ["urn:group"] },
  };
  const grant = (resource: string | string[], action: string | string[] = ["logs:CreateLogStream", "logs:PutLogEvents"]): FixtureResource => ({
    type: "aws:iam/rolePolicy:RolePolicy",
    name: "task-policy",
    props: { role: UNKNOWN, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: resource }] }) },
  });
  const fix =
    "Fix: point the filter's logGroupName at the group the application or service writes (the task definition's awslogs-group, a group its role may logs:PutLogEvents to, or the service's /aws/... group), or let the writer put events into it; Monitoring watches the groups HardenedService's eventLogGroups let the task write.";
  const silent = `Metric filter auth-failures watches log group security-logs (${NAME}), which nothing in the stack writes to (no awslogs-group of a task definition, logs:PutLogEvents grant, service log delivery or other reference): the filter never sees an event, so its metric and alarms stay silent. ${fix}`;

  it("fails a filter on a group of the stack nothing writes to, reporting on the filter; another filter on it does not count", async () => {
    const other = { ...filter, name: "sqli", urn: "urn:other" };
    const v = await checkStack(metricFilterLogGroupWritten, [group, filter, other]);
    assert.equal(v.violations[0], silent);
    assert.deepEqual(v.urns, ["urn:filter", "urn:other"]);
  });

  it("passes when a role policy allows logs:PutLogEvents on the group's ARN, its :* form or a wildcard", async () => {
    for (const resource of [
      `arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}`,
      `arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}:*`,
      [`arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}:log-stream:*`],
      "arn:aws:logs:*:*:log-group:/app/prod/*",
      "*",
    ]) {
      assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, grant(resource)])).violations, [], JSON.stringify(resource));
    }
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, grant(`arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}`, "logs:*")])).violations, []);
  });

  it("fails when the only grant is on another group or does not allow PutLogEvents", async () => {
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, grant("arn:aws:logs:eu-west-1:123456789012:log-group:/app/prod/audit:*")])).violations, [silent]);
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, grant(`arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}:*`, "logs:GetLogEvents")])).violations, [silent]);
  });

  it("passes when a task definition's awslogs-group, a Lambda function, RDS log exports or a flow log write the group", async () => {
    const task: FixtureResource = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "task",
      props: { containerDefinitions: JSON.stringify([{ name: "app", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": NAME } } }]) },
    };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, task])).violations, []);
    const lambdaGroup = { ...group, props: { name: "/aws/lambda/rotator" } };
    const fn: FixtureResource = { type: "aws:lambda/function:Function", name: "rotator", props: { name: "rotator" } };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [lambdaGroup, filter, fn])).violations, []);
    const rdsGroup = { ...group, props: { name: "/aws/rds/instance/app-db/postgresql" } };
    const db: FixtureResource = { type: "aws:rds/instance:Instance", name: "db", props: { identifier: "app-db", enabledCloudwatchLogsExports: ["postgresql", "upgrade"] } };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [rdsGroup, filter, db])).violations, []);
    const flow: FixtureResource = { type: "aws:ec2/flowLog:FlowLog", name: "flow", props: { logDestination: `arn:aws:logs:eu-west-1:123456789012:log-group:${NAME}`, trafficType: "ALL" } };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, flow])).violations, []);
  });

  it("passes when any other resource refers to the group by property dependency (a WAF logging configuration)", async () => {
    const waf: FixtureResource = {
      type: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
      name: "waf-logs",
      props: { logDestinationConfigs: [UNKNOWN] },
      propertyDependencies: { logDestinationConfigs: ["urn:group"] },
    };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, waf])).violations, []);
  });

  it("is undecided while a possible writer's value is unknown, and passes a filter on a group outside the stack", async () => {
    const pending = { ...grant("*"), props: { role: UNKNOWN, policy: UNKNOWN } };
    const v = await checkStack(metricFilterLogGroupWritten, [group, filter, pending]);
    assert.deepEqual(v.violations, []);
    assert.match(v.undecided ?? "", /^logGroupName is not known until apply \(whether anything writes the log group of metric filter auth-failures depends on values not yet known\)/);
    const autonamed: FixtureResource = { type: "aws:rds/instance:Instance", name: "db", props: { identifier: UNKNOWN, enabledCloudwatchLogsExports: ["postgresql"] } };
    assert.deepEqual((await checkStack(metricFilterLogGroupWritten, [group, filter, autonamed])).violations, [silent], "a writer of another kind of group leaves the verdict decided");
    const rdsGroup = { ...group, props: { name: "/aws/rds/instance/app-db/postgresql" } };
    assert.match((await checkStack(metricFilterLogGroupWritten, [rdsGroup, filter, autonamed])).undecided ?? "", /^logGroupName is not known until apply/);
    const external = { ...filter, props: { logGroupName: "/shared/platform/security" }, propertyDependencies: {} };
    const ext = await checkStack(metricFilterLogGroupWritten, [group, external]);
    assert.deepEqual([ext.violations, ext.undecided], [[], undefined]);
  });
});
