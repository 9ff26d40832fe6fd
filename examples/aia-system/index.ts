/**
 * AIA System: a FastAPI backend (PostgreSQL for users and security events, Redis for rate-limit storage) served on
 * 013a.tech, api.013a.tech and app.013a.tech. Its hardening guide asks for 64+ character JWT_SECRET_KEY,
 * API_KEY_SECRET and SESSION_SECRET, a 32+ byte ENCRYPTION_KEY, quarterly rotation, CORS origins without wildcards
 * in production, a trusted-host allowlist, HSTS and the other headers, database SSL, a WAF, and staging before
 * production.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { BackupPlan, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureCache, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const config = new pulumi.Config();
const environment = config.require<"staging" | "prod">("environment");
const appName = "aia";
const domain = config.require("domainName");
// The trusted hosts of the guide's TrustedHostMiddleware: the apex, the API and the web app.
const hosts = [domain, `api.${domain}`, `app.${domain}`];

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
const network = new Network("net", { environment, logs, cidrBlock: "10.63.0.0/16" });
const apiSg = network.workloadSecurityGroup("api", "ECS tasks of the AIA API");
// The API's task and execution roles are named <appName>-<env>-api-*.
const appRoles = pulumi.interpolate`arn:aws:iam::${aws.getCallerIdentityOutput().accountId}:role/${appName}-${environment}-*`;

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

// Rate-limit storage: TLS, a named user limited to the limiter's keys, never evicting keys without a TTL.
const cache = new SecureCache("cache", {
  environment,
  appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  rotationSubnetIds: network.appSubnetIds,
  allowedSecurityGroupIds: [apiSg.id],
  purposes: ["ratelimit"],
  keyPrefixes: ["rl:"],
  appUserName: "aia-api",
  readerRoleArns: [appRoles],
  alarmTopicArn: monitoring.topicArn,
});

// The guide's own secret names, each generated at its stated strength and rotated quarterly.
const secrets = new SecretSet("secrets", {
  environment,
  appName,
  logs,
  readerRoleArns: [appRoles],
  secrets: {
    "jwt-secret-key": { kind: "password", length: 64, rotationDays: 90, description: "JWT_SECRET_KEY: signs access tokens" },
    "api-key-secret": { kind: "password", length: 64, rotationDays: 90, description: "API_KEY_SECRET: HMAC of stored API keys" },
    "session-secret": { kind: "password", length: 64, rotationDays: 30, description: "SESSION_SECRET: signs session cookies" }, // the package holds session secrets to 30 days
    "encryption-key": { kind: "hex", length: 32, rotationDays: 90 },
  },
});

const edge = new SecureLoadBalancer("edge", {
  environment,
  appName,
  vpcId: network.vpcId,
  vpcCidr: network.vpcCidr,
  subnetIds: network.publicSubnetIds,
  ingressCidrs: ["0.0.0.0/0"],
  domainName: domain,
  extraHostNames: hosts.slice(1),
  hostedZoneId: config.get("hostedZoneId") || undefined,
  certificateArn: config.get("certificateArn") || undefined,
  targets: { api: { port: 8000, healthCheckPath: "/health", hosts } },
  alarmTopicArn: monitoring.topicArn,
});

new WebFirewall("waf", { environment, appName, logs, resourceArn: edge.arn, apiKey: { header: "x-api-key" }, alarmTopicArn: monitoring.topicArn });

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
  build: { context: path.join(__dirname, "..", "app-python") },
  imageTag: config.require("imageTag"),
  user: "10001:10001",
  containerPort: 8000,
  environmentVariables: {
    ENVIRONMENT: environment === "prod" ? "production" : "staging",
    CORS_ORIGINS: config.requireObject<string[]>("allowedOrigins").join(","),
    ALLOWED_HOSTS: hosts.join(","),
  },
  secrets: {
    JWT_SECRET_KEY: { arn: secrets.secretArns["jwt-secret-key"], kmsKeyArn: secrets.kmsKeyArn },
    API_KEY_SECRET: { arn: secrets.secretArns["api-key-secret"], kmsKeyArn: secrets.kmsKeyArn },
    SESSION_SECRET: { arn: secrets.secretArns["session-secret"], kmsKeyArn: secrets.kmsKeyArn },
    ENCRYPTION_KEY: { arn: secrets.secretArns["encryption-key"], kmsKeyArn: secrets.kmsKeyArn },
    DATABASE_CREDENTIALS: { arn: db.roleSecretArns.app_rw, kmsKeyArn: db.kmsKeyArn },
    REDIS_CREDENTIALS: { arn: cache.userSecretArn, kmsKeyArn: cache.kmsKeyArn },
  },
  egress: {
    postgres: { port: db.port, securityGroupId: db.securityGroupId, description: "PostgreSQL (TLS)" },
    redis: { port: 6379, securityGroupId: cache.securityGroupId, description: "Redis (TLS)" },
  },
  // Security and audit events go straight to their log classes, where the alarms' metric filters read them.
  eventLogGroups: ["security", "audit"],
  alarmTopicArn: monitoring.topicArn,
});

export const urls = hosts.map((h) => `https://${h}`);
export const loadBalancerDnsName = edge.dnsName;
export const databaseUrlTemplate = db.connectionStringTemplate;
export const databaseCaBundleUrl = db.caBundleUrl;
export const databaseBootstrapSql = db.bootstrapSql;
export const redisUrlTemplate = cache.urlTemplate;
export const secretNames = secrets.secretNames;
export const backupVaultArn = backup.vaultArn;
export const repositoryUrl = api.repositoryUrl;
