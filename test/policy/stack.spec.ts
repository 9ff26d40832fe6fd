/** Stack policies that need the whole graph: task secrets rotated, data-tier sources private, prod state protected. */
import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { dataTierPrivateSources } from "../../policy/network";
import { statefulProtected, STATEFUL_TYPES } from "../../policy/protect";
import { taskSecretsHaveValue, taskSecretsRotated } from "../../policy/secrets";
import { checkStack, UNKNOWN } from "../support/policy";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";

describe("ecs-task-secrets-rotated", () => {
  const jwt = { type: SECRET, name: "jwt", urn: "urn:jwt", props: { name: "/app/prod/jwt", arn: UNKNOWN } };
  const smtp = { type: SECRET, name: "smtp", urn: "urn:smtp", props: { name: "/app/prod/smtp", arn: UNKNOWN, tags: { rotation: "external" } } };
  const rotation = { type: ROTATION, props: { secretId: UNKNOWN, rotationRules: { automaticallyAfterDays: 90 } }, propertyDependencies: { secretId: ["urn:jwt"] } };
  const taskReading = (...urns: string[]) => ({ type: TASK, name: "app-task", props: { family: "app", containerDefinitions: UNKNOWN }, propertyDependencies: { containerDefinitions: urns } });

  it("passes a task reading a rotated secret and an externally rotated one, while ARNs are unknown", async () => {
    assert.deepEqual((await checkStack(taskSecretsRotated, [jwt, smtp, rotation, taskReading("urn:jwt", "urn:smtp")])).violations, []);
  });

  it("fails a task reading a secret with neither rotation nor the external tag, reporting on the secret", async () => {
    const v = await checkStack(taskSecretsRotated, [jwt, { ...smtp, props: { name: "/app/prod/smtp", arn: UNKNOWN } }, rotation, taskReading("urn:jwt", "urn:smtp")]);
    assert.deepEqual(v.violations, [
      'Task definition app-task reads secret smtp, which never rotates and is not marked as rotated elsewhere: a leaked value stays valid in every running task. Fix: add an aws.secretsmanager.SecretRotation for the secret, or, for a credential its vendor or a deploy rotates (SMTP password, Sentry DSN), tag the secret rotation: "external" (SecretSet does this for its external and key-pair purposes).',
    ]);
    assert.deepEqual(v.urns, ["urn:smtp"]);
  });

  it("matches known container JSON by secret ARN (with a JSON-key suffix) and by name", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/app/prod/db-AbCdEf";
    const db = { type: SECRET, name: "db", urn: "urn:db", props: { name: "/app/prod/db", arn } };
    const defs = JSON.stringify([
      {
        name: "app",
        secrets: [
          { name: "DB_PASSWORD", valueFrom: `${arn}:password::` },
          { name: "JWT", valueFrom: "/app/prod/jwt" },
        ],
      },
    ]);
    const v = await checkStack(taskSecretsRotated, [db, jwt, rotation, { type: TASK, name: "app-task", props: { containerDefinitions: defs } }]);
    assert.deepEqual(v.urns, ["urn:db"]);
  });
});

describe("ecs-task-secrets-have-value", () => {
  const smtp = (tags: Record<string, string>) => ({ type: SECRET, name: "smtp", urn: "urn:smtp", props: { name: "/app/prod/smtp", arn: UNKNOWN, tags: { rotation: "external", ...tags } } });
  const task = { type: TASK, name: "app-task", props: { family: "app", containerDefinitions: UNKNOWN }, propertyDependencies: { containerDefinitions: ["urn:smtp"] } };

  it("passes a task reading an external secret whose value was put (value: set), or one with a version in the stack", async () => {
    assert.deepEqual((await checkStack(taskSecretsHaveValue, [smtp({ value: "set" }), task])).violations, []);
    const version = { type: "aws:secretsmanager/secretVersion:SecretVersion", props: { secretId: UNKNOWN, secretString: UNKNOWN }, propertyDependencies: { secretId: ["urn:smtp"] } };
    assert.deepEqual((await checkStack(taskSecretsHaveValue, [smtp({ value: "pending" }), version, task])).violations, []);
  });

  it("fails a task reading a secret still tagged value: pending, reporting on the secret", async () => {
    const v = await checkStack(taskSecretsHaveValue, [smtp({ value: "pending" }), task]);
    assert.deepEqual(v.violations, [
      "Task definition app-task reads secret smtp, which is still empty (tagged value: pending): ECS cannot fetch a secret without a value, so every task fails to start. Fix: put the value (aws secretsmanager put-secret-value) and mark it set (SecretSet: valueSet true; the program: externalSecretsSet), or leave the secret out of the task's secrets until then.",
    ]);
    assert.deepEqual(v.urns, ["urn:smtp"]);
  });
});

describe("ec2-data-tier-security-groups-private-sources", () => {
  const sg = (ingress: object[]) => ({ type: "aws:ec2/securityGroup:SecurityGroup", name: "db-sg", urn: "urn:sg", props: { vpcId: UNKNOWN, ingress } });
  const db = { type: "aws:rds/instance:Instance", name: "db", props: { engine: "postgres", vpcSecurityGroupIds: [UNKNOWN] }, propertyDependencies: { vpcSecurityGroupIds: ["urn:sg"] } };

  it("passes a database admitting a security group and private CIDRs", async () => {
    const ok = sg([
      { protocol: "tcp", fromPort: 5433, toPort: 5433, securityGroups: [UNKNOWN] },
      { protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["10.8.0.0/16", "100.64.0.0/16"], ipv6CidrBlocks: ["fd00:10::/48"] },
    ]);
    assert.deepEqual((await checkStack(dataTierPrivateSources, [ok, db])).violations, []);
  });

  it("fails a public CIDR on the database's group, inline or through a rule resource, and on a cache's group", async () => {
    const v = await checkStack(dataTierPrivateSources, [sg([{ protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["203.0.113.0/24"] }]), db]);
    assert.deepEqual(v.violations, [
      "db is behind security group db-sg, which admits 203.0.113.0/24: a public source for a data store that only the app and private ranges should reach. Fix: admit the app's security group (sourceSecurityGroupId / referencedSecurityGroupId) or a private VPN/bastion range; reach a database from outside through a bastion or SSM, never a public CIDR.",
    ]);
    assert.deepEqual(v.urns, ["urn:sg"]);
    const rule = {
      type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      props: { securityGroupId: UNKNOWN, ipProtocol: "tcp", fromPort: 6379, toPort: 6379, cidrIpv4: "198.51.100.7/32" },
      propertyDependencies: { securityGroupId: ["urn:sg"] },
    };
    const cache = { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { securityGroupIds: [UNKNOWN] }, propertyDependencies: { securityGroupIds: ["urn:sg"] } };
    assert.match((await checkStack(dataTierPrivateSources, [sg([]), rule, cache])).violations[0], /^cache is behind security group db-sg, which admits 198\.51\.100\.7\/32/);
  });

  it("ignores groups that no data store uses", async () => {
    assert.deepEqual((await checkStack(dataTierPrivateSources, [sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }])])).violations, []);
  });
});

describe("pulumi-stateful-resources-protected", () => {
  it("passes protected prod resources and unprotected staging ones", async () => {
    const fixtures = STATEFUL_TYPES.map((type, i) => ({ type, name: `r${i}`, props: { tags: { environment: "prod" } }, opts: { protect: true } }));
    assert.deepEqual((await checkStack(statefulProtected, [...fixtures, { type: "aws:kms/key:Key", name: "k", props: { tags: { environment: "staging" } } }])).violations, []);
  });

  it("fails an unprotected prod database and an untagged key (held to prod), and ignores stateless types", async () => {
    const v = await checkStack(statefulProtected, [
      { type: "aws:rds/instance:Instance", name: "db", urn: "urn:db", props: { tags: { environment: "prod" } } },
      { type: "aws:kms/key:Key", name: "key", urn: "urn:key", props: {} },
      { type: "aws:ec2/vpc:Vpc", name: "vpc", props: {} },
    ]);
    assert.deepEqual(v.violations, [
      "rds/instance db is not protected: a replacing update or a destroy deletes it and its data without a second step. Fix: set { protect: true } on the resource (hardened-aws components set it on their stateful resources in prod); unprotect deliberately with `pulumi state unprotect` before a planned deletion.",
      "kms/key key is not protected: a replacing update or a destroy deletes it and its data without a second step. Fix: set { protect: true } on the resource (hardened-aws components set it on their stateful resources in prod); unprotect deliberately with `pulumi state unprotect` before a planned deletion.",
    ]);
    assert.deepEqual(v.urns, ["urn:db", "urn:key"]);
  });
  it("holds prod buckets and evidence log groups (security, audit) to it, not application log groups", async () => {
    const v = await checkStack(statefulProtected, [
      { type: "aws:s3/bucket:Bucket", name: "uploads", urn: "urn:uploads", props: { tags: { environment: "prod" } } },
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "audit", urn: "urn:audit", props: { tags: { environment: "prod", "log-class": "audit" } } },
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "app", urn: "urn:app", props: { tags: { environment: "prod", "log-class": "application" } } },
      { type: "aws:cloudwatch/logGroup:LogGroup", name: "security", urn: "urn:security", props: { tags: { environment: "prod", "log-class": "security" } }, opts: { protect: true } },
    ]);
    assert.deepEqual(v.urns, ["urn:uploads", "urn:audit"]);
  });
});
