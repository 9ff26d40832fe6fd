/**
 * The growth program: the prod stack's shared tier (log classes, alert topic, backup plan, network, one load
 * balancer and its web ACL) and `services` services, each a HardenedService with its own database, cache and
 * secrets, composed as infra/index.ts composes the one app service. Each service answers under its own path.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupPlan, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureCache, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const env = "prod";
const appName = "shop";

export function growthProgram(services: number): void {
  const keys = Array.from({ length: services }, (_, i) => `svc${String(i + 1).padStart(2, "0")}`);
  const logs = new LogClasses("logs", { environment: env, appName });
  const standardLogs = logs.standardGroups();
  const monitoring = new Monitoring("monitoring", { environment: env, appName, alertEmails: ["security@example.com"], securityLogGroupName: standardLogs.security.name });
  new BackupPlan("backup", { environment: env, appName, alertTopicArn: monitoring.topicArn, drRegion: "eu-central-1" });
  const network = new Network("net", { environment: env, logs, cidrBlock: "10.0.0.0/16", azCount: 3 });
  const lb = new SecureLoadBalancer("edge", {
    environment: env,
    appName,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: network.publicSubnetIds,
    ingressCidrs: ["0.0.0.0/0"],
    domainName: "app.example.com",
    hostedZoneId: "Z0123456789EXAMPLE",
    targets: Object.fromEntries(keys.map((k) => [k, { port: 8000, healthCheckPath: "/health", paths: [`/${k}/*`] }])),
    alarmTopicArn: monitoring.topicArn,
  });
  new WebFirewall("waf", { environment: env, appName, logs, resourceArn: lb.arn, alarmTopicArn: monitoring.topicArn });
  const roles = pulumi.interpolate`arn:${aws.getPartitionOutput().partition}:iam::${aws.getCallerIdentityOutput().accountId}:role/${appName}-${env}-*`;

  for (const k of keys) {
    const sg = network.workloadSecurityGroup(k, `ECS tasks of ${k}`);
    const db = new SecureDatabase(`${k}-db`, {
      environment: env,
      appName: `${appName}-${k}`,
      logs,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      allowedSecurityGroupIds: [sg.id],
      instanceClass: "db.r6g.large",
      alarmTopicArn: monitoring.topicArn,
    });
    const cache = new SecureCache(`${k}-cache`, {
      environment: env,
      appName: `${appName}-${k}`,
      logs,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      allowedSecurityGroupIds: [sg.id],
      rotationSubnetIds: network.appSubnetIds,
      nodeType: "cache.r7g.large",
      purposes: ["session"],
      readerRoleArns: [roles],
      alarmTopicArn: monitoring.topicArn,
    });
    const secrets = new SecretSet(`${k}-secrets`, {
      environment: env,
      appName: `${appName}-${k}`,
      logs,
      readerRoleArns: [roles],
      secrets: { jwt: { rotationDays: 90 }, session: { rotationDays: 30 } },
    });
    new HardenedService(k, {
      environment: env,
      appName: `${appName}-${k}`,
      logs,
      subnetIds: network.appSubnetIds,
      securityGroupId: sg.id,
      loadBalancerSecurityGroupId: lb.securityGroupId,
      targetGroupArn: lb.targetGroupArns[k],
      loadBalancerDependencies: lb.targetAttachments[k],
      build: { context: "examples/app" },
      imageTag: "3f2c1a9",
      user: "10001:10001",
      containerPort: 8000,
      healthPath: "/health",
      secrets: {
        DATABASE_CREDENTIALS: { arn: db.roleSecretArns.app_rw, kmsKeyArn: db.kmsKeyArn },
        REDIS_CREDENTIALS: { arn: cache.userSecretArn, kmsKeyArn: cache.kmsKeyArn },
        JWT_SECRET: { arn: secrets.secretArns.jwt, kmsKeyArn: secrets.kmsKeyArn },
        SESSION_SECRET: { arn: secrets.secretArns.session, kmsKeyArn: secrets.kmsKeyArn },
      },
      egress: {
        postgres: { port: db.port, securityGroupId: db.securityGroupId, description: "PostgreSQL (TLS)" },
        redis: { port: 6379, securityGroupId: cache.securityGroupId, description: "Valkey (TLS)" },
      },
      alarmTopicArn: monitoring.topicArn,
    });
  }
}
