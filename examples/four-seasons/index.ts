/**
 * 4Seasons: the real-estate platform (Node/Express + TypeScript, express-session with connect-redis, drizzle on
 * PostgreSQL, multer uploads scanned by ClamAV, winston logs, SendGrid SMTP). Its hardening guide asks for 64-character
 * secrets rotated on schedule (JWT 90 days, session 30), Redis over TLS for sessions and rate-limit counters,
 * PostgreSQL with CA verification, HSTS with preload, the general/API/auth/search/upload rate tiers, 10 MB uploads
 * scanned on ClamAV's 3310, SMTP submission on 587, security/critical/audit logs kept 90 days, 365 days and 7 years,
 * and alerts at its stated thresholds.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { BackupPlan, DEFAULT_PATH_RATES, HardenedService, LogClasses, Monitoring, Network, SecretSet, SecureBucket, SecureCache, SecureDatabase, SecureLoadBalancer, WebFirewall } from "hardened-aws";

const config = new pulumi.Config();
const environment = config.require<"staging" | "prod">("environment");
const appName = "fourseasons";
const origins = config.requireObject<string[]>("allowedOrigins");

// winston's three transports become three log classes: security 90 days, security-critical 365, audit 7 years.
const logs = new LogClasses("logs", { environment, appName, retentionDays: { security: 90, "security-critical": 365, audit: 2557 } });
const events = logs.standardGroups();
const monitoring = new Monitoring("monitoring", {
  environment,
  appName,
  alertEmails: config.requireObject<string[]>("alertEmails"),
  alertEmailsSecret: true,
  securityLogGroupName: events.security.name,
  // The service's access log (JSON with a status field): 401/403 bursts and 429 rate-limit hits.
  appLogGroupName: `/${appName}/${environment}/web`,
  // The guide's logSecurityEvent writes { type: "SQL_INJECTION_ATTEMPT", … }; its thresholds are the package's defaults
  // (failed logins > 100 per 5 min, rate-limit hits > 1000 per hour, any SQL injection attempt or virus).
  filters: { "sql-injection": { field: "type", values: ["SQL_INJECTION_ATTEMPT"] } },
});
const backup = new BackupPlan("backup", { environment, appName, drRegion: config.get("drRegion") || undefined, alertTopicArn: monitoring.topicArn });
const network = new Network("net", { environment, logs, cidrBlock: "10.64.0.0/16" });
const webSg = network.workloadSecurityGroup("web", "ECS tasks of the 4Seasons web app");
const appRoles = pulumi.interpolate`arn:aws:iam::${aws.getCallerIdentityOutput().accountId}:role/${appName}-${environment}-*`;

const db = new SecureDatabase("db", {
  environment,
  appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  allowedSecurityGroupIds: [webSg.id],
  allowedCidrs: config.getObject<string[]>("adminCidrs"),
  alarmTopicArn: monitoring.topicArn,
  roleRotationDays: 90,
  readerRoleArns: [appRoles],
});

// Sessions (sess:) and rate-limit counters (rl:) over TLS; volatile-lru never evicts a session without a TTL.
const cache = new SecureCache("cache", {
  environment,
  appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  rotationSubnetIds: network.appSubnetIds,
  allowedSecurityGroupIds: [webSg.id],
  purposes: ["session", "ratelimit"],
  keyPrefixes: ["sess:", "rl:"],
  readerRoleArns: [appRoles],
  alarmTopicArn: monitoring.topicArn,
});

const secrets = new SecretSet("secrets", {
  environment,
  appName,
  logs,
  readerRoleArns: [appRoles],
  secrets: {
    jwt: { rotationDays: 90 },
    "jwt-refresh": { rotationDays: 90 },
    session: { rotationDays: 30 },
    "encryption-key": { rotationDays: 90 },
    "signing-key": { rotationDays: 90 },
    // SendGrid's API key and the Sentry DSN come from the vendors (created empty, injected once put).
    smtp: { valueSet: config.getBoolean("smtpSet") ?? false },
    sentry: {},
    siem: {},
  },
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
  hstsPreload: true,
  targets: { web: { port: 8000, healthCheckPath: "/health" } },
  alarmTopicArn: monitoring.topicArn,
});

// The guide's five limiters: general 1000 and API 100 per 15 min, auth 5 per 15 min, search 30 per minute, upload 10 per hour.
new WebFirewall("waf", {
  environment,
  appName,
  logs,
  resourceArn: edge.arn,
  generalRate: { requests: 1000, perSeconds: 900 },
  pathRates: DEFAULT_PATH_RATES,
  maxBodyBytes: 10 * 1024 * 1024,
  alarmTopicArn: monitoring.topicArn,
});

const web = new HardenedService("web", {
  environment,
  appName,
  serviceName: "web",
  logs,
  subnetIds: network.appSubnetIds,
  securityGroupId: webSg.id,
  loadBalancerSecurityGroupId: edge.securityGroupId,
  targetGroupArn: edge.targetGroupArns.web,
  loadBalancerDependencies: edge.targetAttachments.web,
  build: { context: path.join(__dirname, "..", "app") },
  imageTag: config.require("imageTag"),
  user: "10001:10001",
  containerPort: 8000,
  // Ephemeral volumes of the task: multer writes to /tmp before the scan; ClamAV keeps its signatures and socket.
  writablePaths: ["/tmp", "/var/lib/clamav", "/run/clamav"],
  environmentVariables: {
    ALLOWED_ORIGINS: origins.join(","),
    ADMIN_ORIGIN: origins[origins.length - 1],
    CLAMAV_HOST: "localhost",
    CLAMAV_PORT: "3310",
    SMTP_HOST: "smtp.sendgrid.net",
    SMTP_PORT: "587",
    MAX_UPLOAD_BYTES: String(10 * 1024 * 1024),
  },
  secrets: {
    JWT_SECRET: { arn: secrets.secretArns.jwt, kmsKeyArn: secrets.kmsKeyArn },
    JWT_REFRESH_SECRET: { arn: secrets.secretArns["jwt-refresh"], kmsKeyArn: secrets.kmsKeyArn },
    SESSION_SECRET: { arn: secrets.secretArns.session, kmsKeyArn: secrets.kmsKeyArn },
    ENCRYPTION_KEY: { arn: secrets.secretArns["encryption-key"], kmsKeyArn: secrets.kmsKeyArn },
    SIGNING_KEY: { arn: secrets.secretArns["signing-key"], kmsKeyArn: secrets.kmsKeyArn },
    DATABASE_CREDENTIALS: { arn: db.roleSecretArns.app_rw, kmsKeyArn: db.kmsKeyArn },
    REDIS_CREDENTIALS: { arn: cache.userSecretArn, kmsKeyArn: cache.kmsKeyArn },
    ...(secrets.readySecretArns.smtp ? { SMTP_PASS: { arn: secrets.readySecretArns.smtp, kmsKeyArn: secrets.kmsKeyArn } } : {}),
  },
  // The ClamAV daemon beside the app: started and healthy before the app takes traffic, reached on localhost:3310.
  sidecars: {
    clamav: {
      image: config.require("clamavImage"),
      user: "100:101",
      essential: true,
      healthCheck: { command: ["CMD-SHELL", "clamdcheck.sh || exit 1"], startPeriod: 120 },
      writablePaths: ["/var/lib/clamav", "/run/clamav", "/tmp"],
      memory: 1536,
    },
  },
  cpu: 1024,
  memory: 3072,
  // Security, critical and audit events go straight to their log classes (winston's three transports).
  eventLogGroups: ["security", "security-critical", "audit"],
  egress: {
    postgres: { port: db.port, securityGroupId: db.securityGroupId, description: "PostgreSQL (TLS)" },
    redis: { port: 6379, securityGroupId: cache.securityGroupId, description: "Redis sessions and counters (TLS)" },
    smtp: { port: 587, cidr: "0.0.0.0/0", description: "SendGrid SMTP submission (STARTTLS)" },
  },
  alarmTopicArn: monitoring.topicArn,
});

// Uploads (10 MB, after the ClamAV scan): CMK, versioned, private, TLS-only, written and read by the web tasks only.
const uploads = new SecureBucket("uploads", {
  environment,
  appName,
  purpose: "uploads",
  writers: { web: web.taskRoleArn },
  readers: { web: web.taskRoleArn },
  corsOrigins: origins,
});

export const url = pulumi.interpolate`https://${config.require("domainName")}`;
export const loadBalancerDnsName = edge.dnsName;
export const databaseUrlTemplate = db.connectionStringTemplate;
export const databaseCaBundleUrl = db.caBundleUrl;
export const databaseBootstrapSql = db.bootstrapSql;
export const redisUrlTemplate = cache.urlTemplate;
export const uploadsBucket = uploads.bucketName;
export const secretNames = secrets.secretNames;
export const backupVaultArn = backup.vaultArn;
export const repositoryUrl = web.repositoryUrl;
