/**
 * Customer Service API (services/customer): Node/TypeScript with Prisma on PostgreSQL, behind an HTTPS-only
 * load balancer with WAF. Its hardening guide's "production setup": Secrets Manager with different secrets per
 * environment and quarterly rotation, 32+ character database passwords, separate read-only and write users,
 * database audit logging, daily backups with point-in-time recovery and restore tests, HTTPS redirect, rate
 * limits of 1000 per 15 minutes (general) and 5 per 15 minutes (auth), and 50 MB request bodies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { BackupPlan, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const config = new pulumi.Config();
const environment = config.require<"staging" | "prod">("environment");
const appName = "customer";

const logs = new LogClasses("logs", { environment, appName });
const events = logs.standardGroups();
const monitoring = new Monitoring("monitoring", {
  environment,
  appName,
  alertEmails: config.requireObject<string[]>("alertEmails"),
  alertEmailsSecret: true,
  securityLogGroupName: events.security.name,
  appLogGroupName: `/${appName}/${environment}/api`,
});
const backup = new BackupPlan("backup", { environment, appName, drRegion: config.get("drRegion") || undefined, alertTopicArn: monitoring.topicArn });
const network = new Network("net", { environment, logs, cidrBlock: "10.60.0.0/16" });
const apiSg = network.workloadSecurityGroup("api", "ECS tasks of the customer API");

// Who may read the app's secrets: its roles, named <appName>-<env>-* (the service's task and execution roles).
const appRoles = pulumi.interpolate`arn:aws:iam::${aws.getCallerIdentityOutput().accountId}:role/${appName}-${environment}-*`;

// Prisma's PostgreSQL: TLS enforced by the server, the API on app_rw, reporting on readonly, migrations on migrator.
const db = new SecureDatabase("db", {
  environment,
  appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  allowedSecurityGroupIds: [apiSg.id],
  allowedCidrs: config.getObject<string[]>("adminCidrs"),
  alarmTopicArn: monitoring.topicArn,
  roleRotationDays: 90,
  readerRoleArns: [appRoles],
});

// JWT access and refresh secrets and the service API-key HMAC secret, each rotated quarterly; Sentry's DSN from the vendor.
const secrets = new SecretSet("secrets", {
  environment,
  appName,
  logs,
  // The API's task and execution roles are named <appName>-<env>-api-*.
  readerRoleArns: [appRoles],
  secrets: { jwt: { rotationDays: 90 }, "jwt-refresh": { rotationDays: 90 }, "api-key": { rotationDays: 90 }, sentry: { valueSet: config.getBoolean("sentryDsnSet") ?? false } },
});

const edge = new SecureLoadBalancer("edge", {
  environment,
  appName,
  vpcId: network.vpcId,
  vpcCidr: network.vpcCidr,
  subnetIds: network.publicSubnetIds,
  ingressCidrs: ["0.0.0.0/0"],
  domainName: config.require("domainName"),
  hostedZoneId: config.get("hostedZoneId") || undefined,
  certificateArn: config.get("certificateArn") || undefined,
  targets: { api: { port: 8000, healthCheckPath: "/health" } },
  // 50 MB uploads take longer than the 60 s default on slow links.
  idleTimeoutSeconds: 120,
  alarmTopicArn: monitoring.topicArn,
});

new WebFirewall("waf", {
  environment,
  appName,
  logs,
  resourceArn: edge.arn,
  generalRate: { requests: 1000, perSeconds: 900 },
  pathRates: { auth: { paths: ["/api/auth/", "/auth/"], requests: 5, perSeconds: 900 } },
  apiKey: { header: "x-api-key" },
  maxBodyBytes: 50 * 1024 * 1024,
  alarmTopicArn: monitoring.topicArn,
});

const api = new HardenedService("api", {
  environment,
  appName,
  serviceName: "api",
  logs,
  subnetIds: network.appSubnetIds,
  securityGroupId: apiSg.id,
  loadBalancerSecurityGroupId: edge.securityGroupId,
  targetGroupArn: edge.targetGroupArns.api,
  loadBalancerDependencies: edge.targetAttachments.api,
  build: { context: path.join(__dirname, "..", "app") },
  imageTag: config.require("imageTag"),
  user: "10001:10001",
  containerPort: 8000,
  environmentVariables: { ALLOWED_ORIGINS: config.requireObject<string[]>("allowedOrigins").join(",") },
  secrets: {
    // Prisma's single connection URL: the role secret's `url` key, which every rotation rewrites (alternating logins).
    DATABASE_URL: { arn: pulumi.interpolate`${db.roleSecretArns.app_rw}:url::`, kmsKeyArn: db.kmsKeyArn },
    JWT_SECRET: { arn: secrets.secretArns.jwt, kmsKeyArn: secrets.kmsKeyArn },
    JWT_REFRESH_SECRET: { arn: secrets.secretArns["jwt-refresh"], kmsKeyArn: secrets.kmsKeyArn },
    API_KEY_SECRET: { arn: secrets.secretArns["api-key"], kmsKeyArn: secrets.kmsKeyArn },
    // Injected once its value is put (sentryDsnSet): a task whose secret is still empty cannot start.
    ...(secrets.readySecretArns.sentry ? { SENTRY_DSN: { arn: secrets.readySecretArns.sentry, kmsKeyArn: secrets.kmsKeyArn } } : {}),
  },
  egress: { postgres: { port: db.port, securityGroupId: db.securityGroupId, description: "PostgreSQL (TLS)" } },
  // Security and audit events go straight to their log classes, where the alarms' metric filters read them.
  eventLogGroups: ["security", "audit"],
  alarmTopicArn: monitoring.topicArn,
});

export const url = pulumi.interpolate`https://${config.require("domainName")}`;
export const loadBalancerDnsName = edge.dnsName;
export const databaseEndpoint = db.endpoint;
export const databaseUrlTemplate = db.connectionStringTemplate;
export const databaseCaBundleUrl = db.caBundleUrl;
export const databaseRoleSecrets = db.roleSecretNames;
export const databaseBootstrapSql = db.bootstrapSql;
export const secretNames = secrets.secretNames;
export const backupVaultArn = backup.vaultArn;
export const repositoryUrl = api.repositoryUrl;
