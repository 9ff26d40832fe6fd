/**
 * ITS Camera AI: a Python 3.12 FastAPI service (uvicorn on 8000) with PostgreSQL and Redis, taking frames and
 * events from cameras. Its hardening guide asks for TLS 1.2+ with a certificate-expiry alarm at 30 days, cameras
 * authenticated by API key or certificate, per-key limits of 60 per minute and 1000 per hour, Redis with a
 * password and LRU eviction, an RSA-2048 JWT key pair, a hardened non-root container with a health check, image
 * scanning that blocks HIGH and CRITICAL findings, and alerting at its stated security thresholds.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { BackupPlan, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureCache, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const config = new pulumi.Config();
const environment = config.require<"staging" | "prod">("environment");
const appName = "its";
const domain = config.require("domainName");

const logs = new LogClasses("logs", { environment, appName });
const events = logs.standardGroups();
const monitoring = new Monitoring("monitoring", {
  environment,
  appName,
  alertEmails: config.requireObject<string[]>("alertEmails"),
  alertEmailsSecret: true,
  securityLogGroupName: events.security.name,
  // The service's access log (JSON with a status field): 401/403 bursts and 429 rate-limit hits.
  appLogGroupName: `/${appName}/${environment}/api`,
  // The guide's thresholds: authentication failures > 10 per minute and unauthorized API access >= 5 (the package's
  // defaults), rate-limit violations > 100 per hour, any SQL injection attempt in a day.
  alarms: { "rate-limited": { threshold: 100 }, "sql-injection": { periodSeconds: 86400 } },
});
const backup = new BackupPlan("backup", { environment, appName, drRegion: config.get("drRegion") || undefined, alertTopicArn: monitoring.topicArn });
const network = new Network("net", { environment, logs, cidrBlock: "10.62.0.0/16" });
const apiSg = network.workloadSecurityGroup("api", "ECS tasks of the ITS API");
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

// The guide's Redis: a password (here an RBAC user over TLS), 1 GB with allkeys-lru as a pure cache, private only.
const cache = new SecureCache("cache", {
  environment,
  appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  rotationSubnetIds: network.appSubnetIds,
  allowedSecurityGroupIds: [apiSg.id],
  purposes: ["cache"],
  maxmemoryPolicy: "allkeys-lru",
  readerRoleArns: [appRoles],
  alarmTopicArn: monitoring.topicArn,
});

// SECRET_KEY and the RSA-2048 JWT key pair (private key PKCS#8 in Secrets Manager, public key and JWKS as outputs).
const secrets = new SecretSet("secrets", {
  environment,
  appName,
  logs,
  readerRoleArns: [appRoles],
  secrets: { "secret-key": { kind: "password", length: 64, rotationDays: 90, description: "SECRET_KEY of the FastAPI app" } },
  jwtKeyPair: { algorithm: "RSA", rsaBits: 2048 },
});

// Browsers and API clients on 443; cameras with client certificates on their own listener, from their networks only.
const edge = new SecureLoadBalancer("edge", {
  environment,
  appName,
  vpcId: network.vpcId,
  vpcCidr: network.vpcCidr,
  subnetIds: network.publicSubnetIds,
  ingressCidrs: ["0.0.0.0/0"],
  domainName: domain,
  hostedZoneId: config.get("hostedZoneId") || undefined,
  certificateArn: config.get("certificateArn") || undefined,
  targets: { api: { port: 8000, healthCheckPath: "/health" } },
  clientCertListener: { caBundlePem: config.require("cameraCaBundle"), targets: ["api"], ingressCidrs: config.requireObject<string[]>("cameraNetworks") },
  alarmTopicArn: monitoring.topicArn,
});

// Per-API-key limits (60 per minute, 1000 per hour) on the key header; the general per-IP tier is the backstop.
new WebFirewall("waf", { environment, appName, logs, resourceArn: edge.arn, apiKey: { header: "x-api-key", perMinute: 60, perHour: 1000 }, alarmTopicArn: monitoring.topicArn });

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
  // The image's USER (examples/app-python/Dockerfile); the guide's `useradd -r its-camera-ai` in its own image.
  user: "10001:10001",
  containerPort: 8000,
  healthPath: "/health",
  environmentVariables: { ENVIRONMENT: environment === "prod" ? "production" : "staging", CORS_ORIGINS: config.requireObject<string[]>("allowedOrigins").join(",") },
  secrets: {
    SECRET_KEY: { arn: secrets.secretArns["secret-key"], kmsKeyArn: secrets.kmsKeyArn },
    JWT_PRIVATE_KEY: { arn: secrets.jwtPrivateKeySecretArn!, kmsKeyArn: secrets.kmsKeyArn },
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

export const url = `https://${domain}`;
export const cameraEndpoint = pulumi.interpolate`https://${domain}:8443`;
export const loadBalancerDnsName = edge.dnsName;
export const jwtPublicKeyPem = secrets.publicKeyPem;
export const jwks = secrets.jwks;
export const databaseUrlTemplate = db.connectionStringTemplate;
export const redisUrlTemplate = cache.urlTemplate;
export const backupVaultArn = backup.vaultArn;
export const repositoryUrl = api.repositoryUrl;
