/**
 * The hardened-aws program: reads the stack config once, composes the components, returns the stack outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 *
 * The module exports the program as a function, which Pulumi calls (as it does any CommonJS program exporting a
 * function) and whose result becomes the stack outputs: a test harness loads the module once and runs the program
 * as often as it likes, instead of loading every module again for each run.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  BackupPlan,
  LogClasses,
  Monitoring,
  HardenedService,
  Network,
  SecretSet,
  SecureCache,
  SecureDatabase,
  SecureLoadBalancer,
  WebFirewall,
  DEFAULT_PATH_RATES,
  passwordVariable,
  ROLE_NAMES,
} from "hardened-aws";
import * as path from "node:path";
import { appImageSource, loadStackConfig } from "./config";

function program() {
  const cfg = loadStackConfig();
  const env = cfg.environment;

  const logs = new LogClasses("logs", {
    environment: env,
    appName: cfg.appName,
    retentionDays: {
      application: cfg.appLogRetentionDays,
      security: cfg.securityLogRetentionDays,
      audit: cfg.auditLogRetentionDays,
      network: cfg.flowLogRetentionDays,
    },
  });

  // LOG-2/LOG-3: /<app>/<env>/security, …/security-critical and …/audit, written to by the app.
  const standardLogs = logs.standardGroups();

  // MON-1..6: the alert topic every alarm and backup failure goes to, and the security metric filters.
  const monitoring = new Monitoring("monitoring", {
    environment: env,
    appName: cfg.appName,
    alertEmails: cfg.alertEmails,
    alertEmailsSecret: cfg.secretKeys.has("alertEmails"),
    securityLogGroupName: standardLogs.security.name,
  });

  // BAK-1..5: daily + continuous backups of everything tagged backup=true, copied to drRegion (prod).
  const backup = new BackupPlan("backup", {
    environment: env,
    appName: cfg.appName,
    retentionDays: cfg.backupRetentionDays,
    drRegion: cfg.drRegion,
    alertTopicArn: monitoring.topicArn,
  });

  const network = new Network("net", {
    environment: env,
    logs,
    cidrBlock: cfg.vpcCidr,
    azCount: cfg.azCount,
    natGatewayPerAz: cfg.natGatewayPerAz,
  });

  // The app tasks' identity: the data tier admits this group; the service adds its own rules to it.
  const appSg = network.workloadSecurityGroup("app", "ECS tasks of the app service");

  // Who may read the app's secrets: its roles, named <appName>-<env>-* (the service's task and execution roles).
  const appRoles = pulumi.interpolate`arn:${aws.getPartitionOutput().partition}:iam::${aws.getCallerIdentityOutput().accountId}:role/${cfg.appName}-${env}-*`;

  // PostgreSQL in the data tier: its port from the app tasks and the admin CIDRs only (DB-1..DB-10).
  const db = new SecureDatabase("db", {
    environment: env,
    appName: cfg.appName,
    logs,
    vpcId: network.vpcId,
    subnetIds: network.dataSubnetIds,
    allowedSecurityGroupIds: [appSg.id],
    allowedCidrs: cfg.adminCidrs,
    instanceClass: cfg.dbInstanceClass,
    multiAz: cfg.dbMultiAz,
    backupRetentionDays: cfg.dbBackupRetentionDays,
    deletionProtection: cfg.deletionProtection,
    alarmTopicArn: monitoring.topicArn,
    roleRotationDays: cfg.databaseRotationDays,
    // Role rotation waits for the bootstrap SQL: configuring it runs the function's test as each role at once.
    rolesBootstrapped: cfg.dbRolesBootstrapped,
    readerRoleArns: [appRoles],
  });

  // Sessions and rate-limit counters (CACHE-1..6): TLS-only Valkey with RBAC, admitted from the app tasks.
  const cache = new SecureCache("cache", {
    environment: env,
    appName: cfg.appName,
    logs,
    vpcId: network.vpcId,
    subnetIds: network.dataSubnetIds,
    rotationSubnetIds: network.appSubnetIds,
    allowedSecurityGroupIds: [appSg.id],
    allowedCidrs: cfg.adminCidrs,
    nodeType: cfg.cacheNodeType,
    replicas: cfg.cacheReplicas,
    purposes: ["session", "ratelimit"],
    readerRoleArns: [appRoles],
    alarmTopicArn: monitoring.topicArn,
  });

  // Application secrets (SEC-1..5, ENV-1): one per purpose under /<appName>/<env>/, rotated, plus the JWT key pair.
  const secrets = new SecretSet("secrets", {
    environment: env,
    appName: cfg.appName,
    logs,
    readerRoleArns: [appRoles],
    secrets: {
      jwt: { rotationDays: cfg.jwtRotationDays },
      "jwt-refresh": { rotationDays: cfg.jwtRotationDays },
      session: { rotationDays: cfg.sessionRotationDays },
      "api-key": { rotationDays: cfg.secretRotationDays },
      "encryption-key": { rotationDays: cfg.secretRotationDays },
      "signing-key": { rotationDays: cfg.secretRotationDays },
      // Put out of band; injected into the app only once listed in externalSecretsSet.
      smtp: { valueSet: cfg.externalSecretsSet.includes("smtp") },
      sentry: { valueSet: cfg.externalSecretsSet.includes("sentry") },
    },
    jwtKeyPair: {},
  });

  // Edge: HTTPS-only load balancer in the public subnets, and the web ACL in front of it.
  const lb = new SecureLoadBalancer("edge", {
    environment: env,
    appName: cfg.appName,
    vpcId: network.vpcId,
    vpcCidr: network.vpcCidr,
    subnetIds: network.publicSubnetIds,
    ingressCidrs: cfg.publicIngressCidrs,
    domainName: cfg.domainName,
    extraHostNames: cfg.extraHostNames,
    hostedZoneId: cfg.hostedZoneId || undefined,
    enableDeletionProtection: cfg.deletionProtection,
    targets: { app: { port: 8000, healthCheckPath: "/health" } },
    alarmTopicArn: monitoring.topicArn,
  });

  const waf = new WebFirewall("waf", {
    environment: env,
    appName: cfg.appName,
    logs,
    resourceArn: lb.arn,
    mode: cfg.wafMode,
    generalRate: { requests: cfg.rateLimitGeneralPer15Min, perSeconds: 900 },
    pathRates: {
      api: { ...DEFAULT_PATH_RATES.api, requests: cfg.rateLimitApiPer15Min, perSeconds: 900 },
      auth: { ...DEFAULT_PATH_RATES.auth, requests: cfg.rateLimitAuthPer15Min, perSeconds: 900 },
      search: { ...DEFAULT_PATH_RATES.search, requests: cfg.rateLimitSearchPerMinute, perSeconds: 60 },
      upload: { ...DEFAULT_PATH_RATES.upload, requests: cfg.rateLimitUploadPerHour, perSeconds: 3600 },
    },
    // Uploads up to 10 MB (4S): WAF sees only the first 8 KB, so the app enforces the body limit (EDGE-7).
    maxBodyBytes: 10 * 1024 * 1024,
    alarmTopicArn: monitoring.topicArn,
  });

  // The app: Fargate tasks in the app subnets behind the load balancer, reading its secrets by ARN (CTR-1..7).
  // Its roles are named <appName>-<env>-app-*, which the secrets' resource policies admit (appRoles).
  const app = new HardenedService("app", {
    environment: env,
    appName: cfg.appName,
    logs,
    subnetIds: network.appSubnetIds,
    securityGroupId: appSg.id,
    loadBalancerSecurityGroupId: lb.securityGroupId,
    targetGroupArn: lb.targetGroupArns.app,
    // The listener rule that attaches the target group: the ECS service is created after it (and after nothing else of the load balancer).
    loadBalancerDependencies: lb.targetAttachments.app,
    ...appImageSource(cfg, path.join(__dirname, "..")),
    user: "10001:10001", // examples/app/Dockerfile's USER
    containerPort: 8000,
    healthPath: "/health",
    minCapacity: cfg.appMinTasks,
    maxCapacity: cfg.appMaxTasks,
    secrets: {
      DATABASE_CREDENTIALS: { arn: db.roleSecretArns.app_rw, kmsKeyArn: db.kmsKeyArn },
      REDIS_CREDENTIALS: { arn: cache.userSecretArn, kmsKeyArn: cache.kmsKeyArn },
      JWT_SECRET: { arn: secrets.secretArns.jwt, kmsKeyArn: secrets.kmsKeyArn },
      JWT_REFRESH_SECRET: { arn: secrets.secretArns["jwt-refresh"], kmsKeyArn: secrets.kmsKeyArn },
      JWT_PRIVATE_KEY: { arn: secrets.jwtPrivateKeySecretArn!, kmsKeyArn: secrets.kmsKeyArn },
      SESSION_SECRET: { arn: secrets.secretArns.session, kmsKeyArn: secrets.kmsKeyArn },
      API_KEY: { arn: secrets.secretArns["api-key"], kmsKeyArn: secrets.kmsKeyArn },
      ENCRYPTION_KEY: { arn: secrets.secretArns["encryption-key"], kmsKeyArn: secrets.kmsKeyArn },
      SIGNING_KEY: { arn: secrets.secretArns["signing-key"], kmsKeyArn: secrets.kmsKeyArn },
      // A secret without a value would stop every task at start: external ones only once they hold one.
      ...(secrets.readySecretArns.smtp ? { SMTP_CREDENTIALS: { arn: secrets.readySecretArns.smtp, kmsKeyArn: secrets.kmsKeyArn } } : {}),
      ...(secrets.readySecretArns.sentry ? { SENTRY_DSN: { arn: secrets.readySecretArns.sentry, kmsKeyArn: secrets.kmsKeyArn } } : {}),
    },
    egress: {
      postgres: { port: db.port, securityGroupId: db.securityGroupId, description: "PostgreSQL (TLS)" },
      redis: { port: 6379, securityGroupId: cache.securityGroupId, description: "Valkey (TLS)" },
    },
    // LOG-2/LOG-3: the app writes its security and audit events to the standard groups (the metric filters read them).
    eventLogGroups: ["security", "security-critical", "audit"],
    alarmTopicArn: monitoring.topicArn,
  });

  // DB-6: the bootstrap SQL runs from inside the VPC as a one-off task in the app's cluster, subnets and security group
  // (which the database admits), never from a laptop. psql gets the master user from the RDS-managed secret and the
  // role passwords from the roles' secrets; the SQL itself holds no password. Run it with `dbBootstrapCommand`.
  // postgres:17-alpine (uid 70 is its postgres user), pinned by digest; refresh the digest with the base images.
  const PSQL_IMAGE = "public.ecr.aws/docker/library/postgres@sha256:18cfe3ef5e6815560c98237d6216d1e5119702fb0f3894c8785dd58b8bbe5d73";
  const rolePasswordEnv = (role: string) => `${role.toUpperCase()}_PASSWORD`;
  const dbBootstrap = app.oneOffTask("db-bootstrap", {
    taskName: "db-bootstrap",
    image: PSQL_IMAGE,
    user: "70:70",
    command: [
      "sh",
      "-c",
      'wget -qO "$PGSSLROOTCERT" "$CA_BUNDLE_URL" && printf \'%s\\n\' "$BOOTSTRAP_SQL" | psql -v ON_ERROR_STOP=1 ' +
        ROLE_NAMES.map((r) => `-v ${passwordVariable(r)}="$${rolePasswordEnv(r)}"`).join(" ") +
        " -f -",
    ],
    healthCheck: { command: ["CMD-SHELL", "pg_isready -q || exit 1"] },
    environmentVariables: {
      PGHOST: db.endpoint,
      PGPORT: String(db.port),
      PGDATABASE: db.databaseName,
      // DB-2: verify the server certificate against the RDS CA bundle, fetched over HTTPS at start.
      PGSSLMODE: "verify-full",
      PGSSLROOTCERT: "/tmp/rds-global-bundle.pem",
      CA_BUNDLE_URL: db.caBundleUrl,
      BOOTSTRAP_SQL: db.bootstrapSql,
    },
    secrets: {
      PGUSER: { arn: pulumi.interpolate`${db.masterUserSecretArn}:username::`, kmsKeyArn: db.kmsKeyArn },
      PGPASSWORD: { arn: pulumi.interpolate`${db.masterUserSecretArn}:password::`, kmsKeyArn: db.kmsKeyArn },
      ...Object.fromEntries(ROLE_NAMES.map((r) => [rolePasswordEnv(r), { arn: pulumi.interpolate`${db.roleSecretArns[r]}:password::`, kmsKeyArn: db.kmsKeyArn }])),
    },
  });

  // DB-6: schema migrations run as the migrator role (DDL, owns the objects), in the app's image, never in the app service.
  // The task runs the image's `migrate` npm script when it has one.
  const migrate = app.oneOffTask("migrate", {
    taskName: "migrate",
    command: ["npm", "run", "--if-present", "migrate"],
    healthCheck: {
      command: [
        "CMD-SHELL",
        "node -e \"const c=JSON.parse(process.env.DATABASE_CREDENTIALS);require('net').connect(c.port,c.host).on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))\"",
      ],
    },
    environmentVariables: {
      ...(env === "prod" ? { NODE_ENV: "production" } : {}),
      // npm writes its cache and logs under the home directory; the root filesystem is read-only.
      NPM_CONFIG_CACHE: "/tmp/.npm",
      NPM_CONFIG_UPDATE_NOTIFIER: "false",
    },
    secrets: {
      DATABASE_CREDENTIALS: { arn: db.roleSecretArns.migrator, kmsKeyArn: db.kmsKeyArn },
    },
  });

  return {
    vpcId: network.vpcId,
    appSubnetIds: network.appSubnetIds,
    dataSubnetIds: network.dataSubnetIds,
    logKmsKeyArn: logs.kmsKeyArn,
    appSecurityGroupId: appSg.id,
    dbEndpoint: db.endpoint,
    dbPort: db.port,
    dbConnectionStringTemplate: db.connectionStringTemplate,
    dbCaBundleUrl: db.caBundleUrl,
    dbRoleSecretNames: db.roleSecretNames,
    dbMasterUserSecretArn: db.masterUserSecretArn,
    dbBootstrapSql: db.bootstrapSql,
    cacheUrlTemplate: cache.urlTemplate,
    cachePort: cache.port,
    cacheSecurityGroupId: cache.securityGroupId,
    cacheUserSecretArn: cache.userSecretArn,
    cacheUserSecretName: cache.userSecretName,
    secretArns: secrets.arns,
    secretNames: secrets.secretNames,
    secretsKmsKeyArn: secrets.kmsKeyArn,
    jwtPublicKeyPem: secrets.publicKeyPem,
    jwks: secrets.jwks,
    dnsName: lb.dnsName,
    targetGroupArns: lb.targetGroupArns,
    webAclArn: waf.webAclArn,
    alertTopicArn: monitoring.topicArn,
    backupVaultArn: backup.vaultArn,
    /** Empty in a stack without drRegion. */
    drBackupVaultArn: backup.drVaultArn.apply((arn) => arn ?? ""),
    appRepositoryUrl: app.repositoryUrl,
    appImageRef: app.imageRef,
    appClusterName: app.clusterName,
    appServiceName: app.serviceName,
    /** `aws ecs run-task …`: runs the DB-6 bootstrap SQL inside the VPC (after the database exists, and after a role is added). */
    dbBootstrapCommand: dbBootstrap.runTaskCommand,
    /** `aws ecs run-task …`: runs the schema migrations as the migrator role. */
    migrateCommand: migrate.runTaskCommand,
  };
}

export = program;
