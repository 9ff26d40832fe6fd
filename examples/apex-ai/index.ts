/**
 * Apex AI: the camera-alerting API (Node/Express, PostgreSQL, no Redis). Its hardening guide asks for database TLS
 * with certificate verification in production, a read-only database user, API (100 per 15 minutes) and auth (5 per
 * 15 minutes) rate limits, a separate JWT refresh secret, CORS origins from config, automated daily backups with
 * disaster recovery, audit of admin actions and failed logins, health monitoring and alerting.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { BackupPlan, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const config = new pulumi.Config();
const environment = config.require<"staging" | "prod">("environment");
const appName = "apex";

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
const network = new Network("net", { environment, logs, cidrBlock: "10.61.0.0/16" });
const apiSg = network.workloadSecurityGroup("api", "ECS tasks of the Apex AI API");

// Who may read the app's secrets: its roles, named <appName>-<env>-* (the service's task and execution roles).
const appRoles = pulumi.interpolate`arn:aws:iam::${aws.getCallerIdentityOutput().accountId}:role/${appName}-${environment}-*`;

// PostgreSQL with TLS enforced; the API on app_rw, reporting on readonly (the guide's apex_readonly), migrations on migrator.
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

// JWT access secret and the separate refresh secret the guide asks for, rotated every 90 days.
const secrets = new SecretSet("secrets", {
  environment,
  appName,
  logs,
  // The API's task and execution roles are named <appName>-<env>-api-*.
  readerRoleArns: [appRoles],
  secrets: { jwt: { rotationDays: 90 }, "jwt-refresh": { rotationDays: 90 } },
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
  alarmTopicArn: monitoring.topicArn,
});

new WebFirewall("waf", {
  environment,
  appName,
  logs,
  resourceArn: edge.arn,
  // apiLimiter 100 per 15 min on /api/, authLimiter 5 per 15 min; the general tier is the package's backstop.
  pathRates: { api: { paths: ["/api/"], requests: 100, perSeconds: 900 }, auth: { paths: ["/api/auth/", "/auth/"], requests: 5, perSeconds: 900 } },
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
  environmentVariables: { CORS_ALLOWED_ORIGINS: config.requireObject<string[]>("allowedOrigins").join(",") },
  secrets: {
    DATABASE_CREDENTIALS: { arn: db.roleSecretArns.app_rw, kmsKeyArn: db.kmsKeyArn },
    JWT_SECRET: { arn: secrets.secretArns.jwt, kmsKeyArn: secrets.kmsKeyArn },
    JWT_REFRESH_SECRET: { arn: secrets.secretArns["jwt-refresh"], kmsKeyArn: secrets.kmsKeyArn },
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
