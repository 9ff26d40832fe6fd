import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { alarmHasActions, dataStoresAlarmed, topicEncrypted } from "../../policy/monitoring";
import { checkResource, checkStack, FixtureResource, UNKNOWN, urnOf, withUnknown } from "../support/policy";

const TOPIC = "aws:sns/topic:Topic";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

describe("sns-topic-kms-encrypted", () => {
  it("passes a topic with a key, also an unknown key ARN", async () => {
    assert.deepEqual((await checkResource(topicEncrypted, { type: TOPIC, props: { name: "alerts", kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" } })).violations, []);
    const v = await checkResource(topicEncrypted, { type: TOPIC, props: withUnknown({ name: "alerts", kmsMasterKeyId: "x" }, "kmsMasterKeyId") });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("fails a topic without kmsMasterKeyId", async () => {
    assert.deepEqual((await checkResource(topicEncrypted, { type: TOPIC, props: { name: "alerts" } })).violations, [
      "SNS topic stores messages unencrypted; alerts carry resource names, addresses and error details. Fix: set kmsMasterKeyId to a CMK whose key policy lets the publishing services (cloudwatch, backup, events) use it; Monitoring does this.",
    ]);
  });
});

const alarm = {
  name: "shop-prod-sql-injection",
  namespace: "shop/prod/Security",
  metricName: "SqlInjectionAttempts",
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  alarmActions: ["arn:aws:sns:eu-west-1:123456789012:shop-prod-alerts"],
};

describe("cloudwatch-alarm-has-actions", () => {
  it("passes an alarm with a topic action, also when the topic ARN is unknown", async () => {
    assert.deepEqual((await checkResource(alarmHasActions, { type: ALARM, props: alarm })).violations, []);
    const v = await checkResource(alarmHasActions, { type: ALARM, props: { ...alarm, alarmActions: [UNKNOWN] } });
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
    const whole = await checkResource(alarmHasActions, { type: ALARM, props: withUnknown(alarm, "alarmActions") });
    assert.deepEqual([whole.violations, whole.undecided], [[], undefined]);
  });
  it("fails an alarm without actions and one with actions disabled", async () => {
    const { alarmActions: _, ...none } = alarm;
    assert.deepEqual((await checkResource(alarmHasActions, { type: ALARM, props: none })).violations, [
      "Alarm has no alarmActions, so it changes state without telling anyone. Fix: set alarmActions to the alert topic (Monitoring.topicArn) and leave actionsEnabled unset or true.",
    ]);
    assert.match((await checkResource(alarmHasActions, { type: ALARM, props: { ...alarm, actionsEnabled: false } })).violations[0], /^Alarm has actionsEnabled: false, so its actions never run\./);
    assert.deepEqual((await checkResource(alarmHasActions, { type: ALARM, props: { ...none, tags: { environment: "staging" } } })).violations, []);
  });
});

describe("cloudwatch-data-stores-alarmed", () => {
  const db: FixtureResource = { type: "aws:rds/instance:Instance", name: "db", props: { identifier: "shop-prod" } };
  const cache: FixtureResource = { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "shop-prod-cache" } };
  const dbAlarm: FixtureResource = { type: ALARM, name: "db-cpu", props: { ...alarm, namespace: "AWS/RDS", metricName: "CPUUtilization", dimensions: { DBInstanceIdentifier: "shop-prod" } } };
  const cacheAlarm: FixtureResource = {
    type: ALARM,
    name: "cache-evictions",
    props: { ...alarm, namespace: "AWS/ElastiCache", metricName: "Evictions", dimensions: { CacheClusterId: "shop-prod-cache-001" } },
  };

  it("passes data stores whose alarms name them in dimensions", async () => {
    const v = await checkStack(dataStoresAlarmed, [db, cache, dbAlarm, cacheAlarm]);
    assert.deepEqual([v.violations, v.undecided], [[], undefined]);
  });
  it("passes by property dependency while the identifier is unknown", async () => {
    const a = { ...dbAlarm, props: { ...dbAlarm.props, dimensions: { DBInstanceIdentifier: UNKNOWN } }, propertyDependencies: { dimensions: [urnOf(db)] } };
    assert.deepEqual((await checkStack(dataStoresAlarmed, [db, a])).violations, []);
  });
  it("fails a database and a cache without alarms, reporting each", async () => {
    const other = { ...dbAlarm, props: { ...dbAlarm.props, dimensions: { DBInstanceIdentifier: "another-db" } } };
    const v = await checkStack(dataStoresAlarmed, [db, cache, other]);
    assert.deepEqual(v.violations, [
      "Database db has no CloudWatch alarm, so exhaustion (CPU, storage, connections, evictions) goes unnoticed until the app fails. Fix: pass alarmTopicArn (Monitoring.topicArn) to the database and cache components, which then create their CPU, storage, connection and eviction alarms.",
      "ElastiCache replication group cache has no CloudWatch alarm, so exhaustion (CPU, storage, connections, evictions) goes unnoticed until the app fails. Fix: pass alarmTopicArn (Monitoring.topicArn) to the database and cache components, which then create their CPU, storage, connection and eviction alarms.",
    ]);
    assert.deepEqual(v.urns, [urnOf(db, 0), urnOf(cache, 1)]);
  });
  it("is undecided when an alarm's dimensions are unknown and nothing else matches", async () => {
    const v = await checkStack(dataStoresAlarmed, [db, { ...dbAlarm, props: withUnknown(dbAlarm.props, "dimensions") }]);
    assert.deepEqual(v.violations, []);
    assert.match(v.undecided ?? "", /^db alarm dimensions is not known until apply/);
  });
});

describe("sns-topic-kms-encrypted: the AWS-managed key named explicitly", () => {
  it("fails alias/aws/sns by alias or ARN and passes a customer key alias", async () => {
    for (const kmsMasterKeyId of ["alias/aws/sns", "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/aws/sns"]) {
      const v = await checkResource(topicEncrypted, { type: TOPIC, props: { name: "alerts", kmsMasterKeyId } });
      assert.deepEqual(
        v.violations,
        [
          `SNS topic names the AWS-managed key ${kmsMasterKeyId}: CloudWatch, Backup and EventBridge cannot publish to a topic under it (its key policy cannot be changed to admit them), and its use cannot be restricted or audited per key. Fix: set kmsMasterKeyId to a CMK whose key policy lets the publishing services (cloudwatch, backup, events) use it; Monitoring does this.`,
        ],
        kmsMasterKeyId,
      );
    }
    assert.deepEqual((await checkResource(topicEncrypted, { type: TOPIC, props: { name: "alerts", kmsMasterKeyId: "alias/shop/prod/alerts" } })).violations, []);
  });
});
