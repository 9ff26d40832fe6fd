/** Ordering rules: rotations wait for the invoke permission; event sources can publish to the topic they target. */
import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { eventSourcesCanPublish, rotationAfterInvokePermission } from "../../policy/ordering";
import { checkStack, FixtureResource, UNKNOWN } from "../support/policy";

const FN = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const KEY = "aws:kms/key:Key";

describe("secretsmanager-rotation-after-invoke-permission", () => {
  const fn: FixtureResource = { type: FN, name: "rotator", urn: "urn:fn", props: { name: "rotator", arn: UNKNOWN } };
  const permission: FixtureResource = { type: PERMISSION, name: "rotator-invoke", urn: "urn:perm", props: { function: UNKNOWN, action: "lambda:InvokeFunction", principal: "secretsmanager.amazonaws.com" }, propertyDependencies: { function: ["urn:fn"] } };
  const rotation = (dependencies: string[]): FixtureResource => ({ type: ROTATION, name: "jwt-rotation", urn: "urn:rot", props: { secretId: UNKNOWN, rotationLambdaArn: UNKNOWN, rotationRules: { automaticallyAfterDays: 90 } }, propertyDependencies: { rotationLambdaArn: ["urn:fn"] }, dependencies: ["urn:fn", ...dependencies] });

  it("passes a rotation that depends on the function's Secrets Manager invoke permission", async () => {
    assert.deepEqual((await checkStack(rotationAfterInvokePermission, [fn, permission, rotation(["urn:perm"])])).violations, []);
  });

  it("fails a rotation configured without waiting for the permission, reporting on the rotation", async () => {
    const v = await checkStack(rotationAfterInvokePermission, [fn, permission, rotation([])]);
    assert.deepEqual(v.violations, [
      "Secret rotation jwt-rotation does not depend on rotator-invoke, the permission that lets Secrets Manager invoke rotator: the rotation can be configured first, and Secrets Manager's test invocation then fails the deployment. Fix: add an aws.lambda.Permission (action \"lambda:InvokeFunction\", principal \"secretsmanager.amazonaws.com\") for the rotation function and pass it in the SecretRotation's dependsOn; SecretSet does both.",
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
  const key = (services: string[]): FixtureResource => ({ type: KEY, name: "alerts-key", urn: "urn:key", props: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }, keyUse(services)] }) } });
  const topic: FixtureResource = { type: TOPIC, name: "alerts", urn: "urn:topic", props: { name: "alerts", kmsMasterKeyId: UNKNOWN }, propertyDependencies: { kmsMasterKeyId: ["urn:key"] } };
  const topicPolicy = (services: string[]): FixtureResource => ({ type: TOPIC_POLICY, name: "alerts-policy", props: { arn: UNKNOWN, policy: JSON.stringify({ Statement: services.map(publish) }) }, propertyDependencies: { arn: ["urn:topic"] } });
  const ALL = ["cloudwatch.amazonaws.com", "backup.amazonaws.com", "events.amazonaws.com"];
  const alarm: FixtureResource = { type: "aws:cloudwatch/metricAlarm:MetricAlarm", name: "cpu", urn: "urn:alarm", props: { alarmActions: [UNKNOWN] }, propertyDependencies: { alarmActions: ["urn:topic"] } };
  const vault: FixtureResource = { type: "aws:backup/vaultNotifications:VaultNotifications", name: "vault-events", urn: "urn:vault", props: { snsTopicArn: UNKNOWN }, propertyDependencies: { snsTopicArn: ["urn:topic"] } };
  const target: FixtureResource = { type: "aws:cloudwatch/eventTarget:EventTarget", name: "job-failed", urn: "urn:target", props: { arn: UNKNOWN }, propertyDependencies: { arn: ["urn:topic"] } };
  const fix = "Fix: add an SNS:Publish statement for the service principal (cloudwatch, backup, events .amazonaws.com) to the topic policy and a kms:GenerateDataKey*/kms:Decrypt statement to the topic key's policy (Monitoring does both for its publishers); for ElastiCache, route its events through an EventBridge rule to the topic instead of notificationTopicArn (SecureCache does).";

  it("passes alarms, vault notifications and EventBridge targets on a topic whose policy and key admit each service", async () => {
    assert.deepEqual((await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(ALL), alarm, vault, target])).violations, []);
  });

  it("fails a source whose service the topic policy does not admit (Backup missing)", async () => {
    const v = await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(["cloudwatch.amazonaws.com", "events.amazonaws.com"]), alarm, vault, target]);
    assert.deepEqual(v.violations, [`Backup vault notifications vault-events sends to topic alerts, whose policy does not allow backup.amazonaws.com SNS:Publish: the notifications are refused and nobody hears of the event. ${fix}`]);
    assert.deepEqual(v.urns, ["urn:vault"]);
  });

  it("fails a source whose service the topic's key policy does not admit (EventBridge missing), and a topic without any policy", async () => {
    const v = await checkStack(eventSourcesCanPublish, [key(["cloudwatch.amazonaws.com", "backup.amazonaws.com"]), topic, topicPolicy(ALL), target]);
    assert.deepEqual(v.violations, [`EventBridge target job-failed sends to topic alerts, whose key alerts-key does not let events.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt: SNS cannot encrypt the message and it is dropped. ${fix}`]);
    const bare = await checkStack(eventSourcesCanPublish, [key(ALL), topic, alarm]);
    assert.match(bare.violations[0], /^CloudWatch alarm cpu sends to topic alerts, whose policy does not allow cloudwatch\.amazonaws\.com SNS:Publish/);
  });

  it("fails a topic encrypted with the AWS managed key alias/aws/sns", async () => {
    const managed = { ...topic, props: { name: "alerts", kmsMasterKeyId: "alias/aws/sns" }, propertyDependencies: {} };
    const v = await checkStack(eventSourcesCanPublish, [managed, topicPolicy(ALL), alarm]);
    assert.match(v.violations[0], /^CloudWatch alarm cpu sends to topic alerts, encrypted with the AWS managed key alias\/aws\/sns/);
  });

  it("fails an ElastiCache replication group notifying an encrypted topic, and passes one notifying an unencrypted topic", async () => {
    const rg: FixtureResource = { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", urn: "urn:rg", props: { notificationTopicArn: UNKNOWN }, propertyDependencies: { notificationTopicArn: ["urn:topic"] } };
    const v = await checkStack(eventSourcesCanPublish, [key(ALL), topic, topicPolicy(ALL), rg]);
    assert.deepEqual(v.violations, [`ElastiCache replication group cache notifies topic alerts, which is KMS-encrypted: ElastiCache cannot publish to an encrypted topic and marks it inactive, so its events are lost. ${fix}`]);
    const plain = { ...topic, props: { name: "alerts" }, propertyDependencies: {} };
    assert.deepEqual((await checkStack(eventSourcesCanPublish, [plain, rg])).violations, []);
  });
});
