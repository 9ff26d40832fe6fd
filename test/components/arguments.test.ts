/**
 * Every argument of every exported component, tried as a careless or hostile caller would: a wrong type, a missing
 * value (required ones) and, where it applies, a world-open, wildcard, malformed or out-of-range value. Each must be
 * refused with the component's own ArgumentError (its code, the argument, what is wrong, the fix) before any child
 * registers; an argument typed `Input<…>` is also passed as an Output and must fail with the same code when it resolves.
 *
 * The arguments come from the components' exported constructors through the TypeScript compiler, so an argument
 * added without a row in CASES fails this test.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as pulumi from "@pulumi/pulumi";
import * as components from "../../components";
import { ArgumentError } from "../../components/shared/errors";
import { argProblems, checkArgs, Shape } from "../../components/shared/shape";
import { SHAPE as BACKUP } from "../../components/backup/validate";
import { SHAPE as BUCKET } from "../../components/bucket/validate";
import { SHAPE as CACHE } from "../../components/cache/validate";
import { SHAPE as DB } from "../../components/database/validate";
import { SHAPE as WAF } from "../../components/firewall/validate";
import { SHAPE as LB } from "../../components/loadbalancer/validate";
import { SHAPE as LOG } from "../../components/logs";
import { SHAPE as MON } from "../../components/monitoring/validate";
import { SHAPE as NET } from "../../components/network/validate";
import { SHAPE as SEC } from "../../components/secrets/validate";
import { SHAPE as CLUSTER_SHAPE } from "../../components/service/cluster";
import { ONE_OFF_SHAPE, SHAPE as SVC } from "../../components/service/validate";
import { ComponentArg, componentArgs } from "./component-args";
import { capture } from "../support/capture";
import { serviceArgs } from "./service-args";

// The mock monitor, to count what registers (as the capture library does).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings");

const REGION = { config: { "aws:region": "eu-west-1" } };
const ROLE = "arn:aws:iam::123456789012:role/shop-prod-app";
const NLB_TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-rtsps/0123456789abcdef";
const ALB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop-prod/0123456789abcdef";
const PSQL = `public.ecr.aws/docker/library/postgres@sha256:${"e".repeat(64)}`;
const CLUSTER = { arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod", name: "shop-prod" };
const HEALTH = { command: ["CMD-SHELL", "pg_isready -q || exit 1"] };

type Logs = InstanceType<typeof components.LogClasses>;
type Args = Record<string, unknown>;

/** Each component: its code prefix, and valid prod arguments (given the caller's LogClasses). */
const COMPONENTS: Record<string, { prefix: string; shape: Shape<any>; make: (name: string, args: any) => unknown; base: (logs: Logs) => Args }> = {
  LogClasses: { prefix: "LOG", shape: LOG, make: (n, a) => new components.LogClasses(n, a), base: () => ({ environment: "prod", appName: "shop" }) },
  Network: { prefix: "NET", shape: NET, make: (n, a) => new components.Network(n, a), base: (logs) => ({ environment: "prod", logs }) },
  SecureDatabase: {
    prefix: "DB",
    shape: DB,
    make: (n, a) => new components.SecureDatabase(n, a),
    base: (logs) => ({ environment: "prod", appName: "shop", logs, vpcId: "vpc-0abc", subnetIds: ["subnet-a1", "subnet-b2"], allowedSecurityGroupIds: ["sg-app"] }),
  },
  SecureCache: {
    prefix: "CACHE",
    shape: CACHE,
    make: (n, a) => new components.SecureCache(n, a),
    base: (logs) => ({
      environment: "prod",
      appName: "shop",
      logs,
      vpcId: "vpc-0abc",
      subnetIds: ["subnet-a1", "subnet-b2"],
      rotationSubnetIds: ["subnet-c1", "subnet-d2"],
      allowedSecurityGroupIds: ["sg-app"],
    }),
  },
  SecretSet: {
    prefix: "SEC",
    shape: SEC,
    make: (n, a) => new components.SecretSet(n, a),
    base: (logs) => ({ environment: "prod", appName: "shop", logs, secrets: { jwt: {} }, readerRoleArns: [ROLE] }),
  },
  SecureLoadBalancer: {
    prefix: "LB",
    shape: LB,
    make: (n, a) => new components.SecureLoadBalancer(n, a),
    base: () => ({
      environment: "prod",
      appName: "shop",
      vpcId: "vpc-0abc",
      vpcCidr: "10.40.0.0/16",
      subnetIds: ["subnet-a1", "subnet-b2"],
      ingressCidrs: ["0.0.0.0/0"],
      domainName: "shop.example.com",
      hostedZoneId: "Z0123456789ABC",
      targets: { app: { port: 8000, healthCheckPath: "/health" } },
    }),
  },
  WebFirewall: { prefix: "WAF", shape: WAF, make: (n, a) => new components.WebFirewall(n, a), base: (logs) => ({ environment: "prod", appName: "shop", logs, resourceArn: ALB }) },
  HardenedService: { prefix: "SVC", shape: SVC, make: (n, a) => new components.HardenedService(n, a), base: (logs) => ({ ...serviceArgs(logs) }) },
  ServiceCluster: { prefix: "SVC", shape: CLUSTER_SHAPE, make: (n, a) => new components.ServiceCluster(n, a), base: () => ({ environment: "prod", appName: "shop" }) },
  OneOffTask: {
    prefix: "SVC",
    shape: ONE_OFF_SHAPE,
    make: (n, a) => new components.OneOffTask(n, a),
    base: (logs) => ({
      environment: "prod",
      appName: "shop",
      taskName: "migrate",
      logs,
      cluster: CLUSTER,
      subnetIds: ["subnet-a1", "subnet-b2"],
      securityGroupId: "sg-app",
      image: PSQL,
      user: "70:70",
      command: ["npm", "run", "migrate"],
      healthCheck: HEALTH,
    }),
  },
  SecureBucket: { prefix: "BUCKET", shape: BUCKET, make: (n, a) => new components.SecureBucket(n, a), base: () => ({ environment: "prod", appName: "shop", purpose: "uploads" }) },
  BackupPlan: { prefix: "BACKUP", shape: BACKUP, make: (n, a) => new components.BackupPlan(n, a), base: () => ({ environment: "prod", appName: "shop", drRegion: "eu-central-1" }) },
  Monitoring: { prefix: "MON", shape: MON, make: (n, a) => new components.Monitoring(n, a), base: () => ({ environment: "prod", appName: "shop", alertEmails: ["security@example.com"] }) },
};

/** A value of the wrong JavaScript type for each kind. */
const WRONG: Record<ComponentArg["kind"], unknown> = { string: 42, number: "12", boolean: "yes", array: "a,b", object: 7 };

interface Outcome {
  readonly error: unknown;
  /** Registrations of the component under test and its children. */
  readonly registered: number;
}

/** Asserts the outcome is the component's ArgumentError naming `arg` (with `code` when given). */
function expectRefused(component: string, arg: string, outcome: Outcome, code: string | undefined, subject: string): void {
  const { error } = outcome;
  if (!(error instanceof ArgumentError)) throw new Error(`${component}.${arg}: expected an ArgumentError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  const prefix = COMPONENTS[component].prefix;
  const mine = error.problems.filter((p) => p.arg === arg || p.arg.startsWith(`${arg}.`) || p.arg.startsWith(`${arg}[`));
  expect([component, arg, mine.length > 0, error.problems]).toEqual([component, arg, true, error.problems]);
  for (const p of error.problems) {
    expect(p.code).toMatch(arg === "environment" ? /^ENV_INVALID$/ : new RegExp(`^${prefix}_[A-Z0-9_]+$`));
    expect(p.problem.length).toBeGreaterThan(5);
    expect(p.fix.length).toBeGreaterThan(5);
  }
  if (code) expect(mine.map((p) => p.code)).toContain(code);
  expect(error.message).toContain(`${component} "${subject}" has invalid arguments`);
}

/** A special value and the code it must get (the argument's own rule). */
type Special = readonly [value: unknown, code: string];

const WILDCARD_ROLE = "arn:aws:iam::123456789012:role/*";
const BAD_KEY = "arn:aws:kms:eu-west-1:123456789012:alias/shop";
const BAD_TOPIC = "arn:aws:sns:eu-west-1:123456789012:topic/alerts";
const BAD_LAMBDA = "arn:aws:lambda:eu-west-1:123456789012:function/rotate";
const world = (code: string): Special[] => [
  [["0.0.0.0/0"], code],
  [["::/0"], code],
];

/**
 * Per component and argument, the values beyond a wrong type and a missing value that must be refused, with the
 * code. Every argument has a row (an empty one where nothing but the type applies), so a new argument needs one.
 */
const CASES: Record<string, Record<string, readonly Special[]>> = {
  LogClasses: {
    environment: [],
    appName: [
      ["", "LOG_APP_NAME"],
      ["Shop App", "LOG_APP_NAME"],
      ["a".repeat(25), "LOG_APP_NAME"],
    ],
    retentionDays: [
      [{ audit: 30 }, "LOG_PROD_RETENTION_FLOOR"],
      [{ audti: 2557 }, "LOG_ARG_UNKNOWN"],
      [{ application: 31 }, "LOG_RETENTION_VALUE"],
    ],
    kmsKeyArn: [
      ["*", "LOG_KMS_KEY_ARN"],
      [BAD_KEY, "LOG_KMS_KEY_ARN"],
    ],
  },
  Network: {
    environment: [],
    logs: [],
    cidrBlock: [
      ["0.0.0.0/0", "NET_VPC_CIDR"],
      ["8.8.0.0/16", "NET_VPC_CIDR"],
      ["10.40.0.1/16", "NET_VPC_CIDR"],
      ["10.0.0.0/8", "NET_VPC_CIDR"],
    ],
    azCount: [
      [1, "NET_AZ_COUNT"],
      [4, "NET_AZ_COUNT"],
      [2.5, "NET_AZ_COUNT"],
    ],
    natGatewayPerAz: [[false, "NET_PROD_SINGLE_NAT"]],
    interfaceEndpoints: [
      [["kms", "kms"], "NET_ARG_DUPLICATE"],
      [["com.amazonaws.eu-west-1.kms/"], "NET_ENDPOINT"],
    ],
    flowLogTrafficType: [["all", "NET_ARG_TYPE"]],
  },
  SecureDatabase: {
    environment: [],
    appName: [
      ["Shop_App", "DB_IDENTIFIER"],
      ["", "DB_IDENTIFIER"],
    ],
    logs: [],
    vpcId: [["my vpc", "DB_VPC_ID"]],
    subnetIds: [
      [["subnet-a1"], "DB_SUBNETS"],
      [["subnet-a1", "subnet-a1"], "DB_ARG_DUPLICATE"],
      [["public-1", "public-2"], "DB_SUBNET_ID"],
    ],
    allowedSecurityGroupIds: [
      [["*"], "DB_SECURITY_GROUP_ID"],
      [["sg-app", "sg-app"], "DB_ARG_DUPLICATE"],
    ],
    allowedCidrs: [...world("DB_ALLOWLIST_WORLD"), [["8.8.8.0/24"], "DB_ALLOWLIST_PUBLIC"], [["10.0.0.1/8"], "DB_ALLOWLIST_CIDR"], [["10.8.0.0/16", "10.8.0.0/16"], "DB_ARG_DUPLICATE"]],
    port: [
      [5432.5, "DB_PORT"],
      [80, "DB_PORT"],
      [70000, "DB_PORT"],
    ],
    engineVersion: [
      ["9.6", "DB_ENGINE_VERSION"],
      ["latest", "DB_ENGINE_VERSION"],
    ],
    instanceClass: [["t3.micro", "DB_INSTANCE_CLASS"]],
    allocatedStorage: [
      [10, "DB_STORAGE"],
      [70000, "DB_STORAGE"],
    ],
    maxAllocatedStorage: [[10, "DB_STORAGE"]],
    databaseName: [
      ["1db", "DB_NAME"],
      ["shop-db", "DB_NAME"],
    ],
    masterUsername: [
      ["postgres", "DB_MASTER_USERNAME"],
      ["admin", "DB_MASTER_USERNAME"],
    ],
    minTlsVersion: [["TLSv1.1", "DB_TLS_VERSION"]],
    slowQueryMs: [[-1, "DB_SLOW_QUERY_MS"]],
    multiAz: [],
    backupRetentionDays: [
      [0, "DB_BACKUP_RETENTION"],
      [36, "DB_BACKUP_RETENTION"],
    ],
    deletionProtection: [[false, "DB_PROD_DELETION_PROTECTION"]],
    protect: [],
    kmsKeyArn: [
      ["*", "DB_KMS_KEY_ARN"],
      [BAD_KEY, "DB_KMS_KEY_ARN"],
    ],
    monitoringInterval: [
      [0, "DB_MONITORING_INTERVAL"],
      [2, "DB_MONITORING_INTERVAL"],
    ],
    performanceInsightsRetentionDays: [[8, "DB_PI_RETENTION"]],
    alarmTopicArn: [
      ["*", "DB_TOPIC_ARN"],
      [BAD_TOPIC, "DB_TOPIC_ARN"],
    ],
    maxConnections: [[0, "DB_ARG_RANGE"]],
    roleRotationDays: [
      [0, "DB_ROLE_ROTATION_DAYS"],
      [91, "DB_ROLE_ROTATION_DAYS"],
    ],
    rolesBootstrapped: [],
    rotationLambdaArn: [
      ["*", "DB_ROTATION_LAMBDA_ARN"],
      [BAD_LAMBDA, "DB_ROTATION_LAMBDA_ARN"],
    ],
    readerRoleArns: [
      [["*"], "DB_READER_ARN"],
      [[WILDCARD_ROLE], "DB_READER_ARN"],
      [["arn:aws:iam::*:role/app"], "DB_READER_ARN"],
      [[ROLE, ROLE], "DB_ARG_DUPLICATE"],
    ],
  },
  SecureCache: {
    environment: [],
    appName: [
      ["Shop_App", "CACHE_ID"],
      ["a-very-long-application-name", "CACHE_ID"],
    ],
    logs: [],
    vpcId: [["my vpc", "CACHE_VPC_ID"]],
    subnetIds: [
      [["subnet-a1"], "CACHE_SUBNETS"],
      [["subnet-a1", "subnet-a1"], "CACHE_ARG_DUPLICATE"],
    ],
    allowedSecurityGroupIds: [[["0.0.0.0/0"], "CACHE_SECURITY_GROUP_ID"]],
    allowedCidrs: [...world("CACHE_ALLOWLIST_WORLD"), [["8.8.8.0/24"], "CACHE_ALLOWLIST_PUBLIC"], [["10.0.0.1/8"], "CACHE_CIDR_INVALID"]],
    engine: [["memcached", "CACHE_ENGINE"]],
    engineVersion: [["6.2", "CACHE_ENGINE_VERSION"]],
    nodeType: [
      ["cache.t4g.micro", "CACHE_NODE_TYPE"],
      ["t4g.small", "CACHE_NODE_TYPE"],
    ],
    replicas: [
      [0, "CACHE_PROD_NO_REPLICA"],
      [6, "CACHE_REPLICAS"],
      [-1, "CACHE_REPLICAS"],
    ],
    port: [
      [80, "CACHE_PORT"],
      [70000, "CACHE_PORT"],
    ],
    purposes: [
      [[], "CACHE_PURPOSE"],
      [["queue"], "CACHE_PURPOSE"],
      [["cache", "cache"], "CACHE_ARG_DUPLICATE"],
    ],
    maxmemoryPolicy: [["lru", "CACHE_EVICTION_POLICY"]],
    keyPrefixes: [
      [["*"], "CACHE_KEY_PREFIX"],
      [[], "CACHE_KEY_PREFIXES"],
    ],
    appUserName: [["default", "CACHE_APP_USER"]],
    kmsKeyArn: [
      ["*", "CACHE_KMS_KEY_ARN"],
      [BAD_KEY, "CACHE_KMS_KEY_ARN"],
    ],
    snapshotRetentionDays: [
      [0, "CACHE_PROD_NO_SNAPSHOTS"],
      [36, "CACHE_SNAPSHOT_RETENTION"],
    ],
    rotationSubnetIds: [
      [["subnet-c1"], "CACHE_ROTATION_SUBNETS"],
      [["subnet-c1", "subnet-c1"], "CACHE_ARG_DUPLICATE"],
      [["x", "y"], "CACHE_SUBNET_ID"],
    ],
    rotationDays: [
      [0, "CACHE_ROTATION_DAYS"],
      [91, "CACHE_ROTATION_DAYS"],
    ],
    readerRoleArns: [
      [["*"], "CACHE_READER_ARN"],
      [[WILDCARD_ROLE], "CACHE_READER_ARN"],
      [["arn:aws:iam::*:role/app"], "CACHE_READER_ARN"],
    ],
    alarmTopicArn: [
      ["*", "CACHE_TOPIC_ARN"],
      [BAD_TOPIC, "CACHE_TOPIC_ARN"],
    ],
    maintenanceWindow: [
      ["sun:03:00", "CACHE_MAINTENANCE_WINDOW"],
      ["sun:25:00-sun:26:00", "CACHE_MAINTENANCE_WINDOW"],
      ["sun:03:00-sun:03:30", "CACHE_MAINTENANCE_WINDOW"],
    ],
    snapshotWindow: [
      ["1-2", "CACHE_SNAPSHOT_WINDOW"],
      ["01:00-01:30", "CACHE_SNAPSHOT_WINDOW"],
      ["03:30-04:30", "CACHE_WINDOW_OVERLAP"],
    ],
  },
  SecretSet: {
    environment: [],
    appName: [
      ["Shop", "SEC_APP_NAME"],
      ["", "SEC_APP_NAME"],
    ],
    logs: [],
    secrets: [
      [{}, "SEC_NO_SECRETS"],
      [{ jwt: { length: 16 } }, "SEC_LENGTH_FLOOR"],
      [{ jwt: { rotationDays: 365 } }, "SEC_ROTATION_MAX"],
      [{ jwt: { lenght: 64 } }, "SEC_ARG_UNKNOWN"],
      [{ Jwt: {} }, "SEC_PURPOSE_NAME"],
    ],
    readerRoleArns: [
      [[], "SEC_NO_READERS"],
      [["*"], "SEC_READER_ARN"],
      [[WILDCARD_ROLE], "SEC_READER_ARN"],
      [[ROLE, ROLE], "SEC_ARG_DUPLICATE"],
    ],
    administratorArns: [
      [["*"], "SEC_PRINCIPAL_WILDCARD"],
      [["arn:aws:iam::123456789012:root"], "SEC_ADMINISTRATOR_ARN"],
    ],
    kmsKeyArn: [
      ["*", "SEC_KMS_KEY_ARN"],
      [BAD_KEY, "SEC_KMS_KEY_ARN"],
    ],
    rotationLambdaArn: [
      ["*", "SEC_ROTATION_LAMBDA_ARN"],
      [BAD_LAMBDA, "SEC_ROTATION_LAMBDA_ARN"],
    ],
    jwtKeyPair: [
      [{ rsaBits: 1024 }, "SEC_JWT_RSA_BITS"],
      [{ algorithm: "HS256" }, "SEC_JWT_ALGORITHM"],
      [{ algoritm: "RSA" }, "SEC_ARG_UNKNOWN"],
    ],
    recoveryWindowDays: [
      [7, "SEC_PROD_RECOVERY_WINDOW"],
      [0, "SEC_RECOVERY_WINDOW"],
      [31, "SEC_RECOVERY_WINDOW"],
    ],
  },
  SecureLoadBalancer: {
    environment: [],
    appName: [["Shop", "LB_APP_NAME"]],
    vpcId: [["my vpc", "LB_VPC_ID"]],
    vpcCidr: [
      ["0.0.0.0/0", "LB_VPC_CIDR"],
      ["8.8.0.0/16", "LB_VPC_CIDR"],
      ["10.40.0.1/16", "LB_VPC_CIDR"],
    ],
    subnetIds: [
      [["subnet-a1"], "LB_SUBNETS"],
      [["subnet-a1", "subnet-a1"], "LB_ARG_DUPLICATE"],
    ],
    ingressCidrs: [
      [[], "LB_INGRESS_EMPTY"],
      [["0.0.0.1/0"], "LB_INGRESS_CIDR"],
      [["bogus"], "LB_INGRESS_CIDR"],
    ],
    domainName: [
      ["*", "LB_HOST_NAME"],
      ["Shop.Example.com", "LB_HOST_NAME"],
    ],
    extraHostNames: [
      [["api..example.com"], "LB_HOST_NAME"],
      [["api.example.com", "api.example.com"], "LB_ARG_DUPLICATE"],
    ],
    hostedZoneId: [["example.com", "LB_HOSTED_ZONE_ID"]],
    certificateArn: [
      ["*", "LB_CERTIFICATE_ARN"],
      ["arn:aws:iam::123456789012:server-certificate/x", "LB_CERTIFICATE_ARN"],
    ],
    sslPolicy: [["ELBSecurityPolicy-2016-08", "LB_SSL_POLICY"]],
    hstsPreload: [],
    contentSecurityPolicy: [[" ", "LB_CSP_EMPTY"]],
    targets: [
      [{}, "LB_NO_TARGETS"],
      [{ app: { port: 0, healthCheckPath: "/health" } }, "LB_TARGET_PORT"],
      [{ app: { port: 8000, healthCheckPath: "/health", prio: 1 } }, "LB_ARG_UNKNOWN"],
      [{ App: { port: 8000, healthCheckPath: "/health" } }, "LB_TARGET_NAME"],
    ],
    enableDeletionProtection: [[false, "LB_PROD_DELETION_PROTECTION"]],
    idleTimeoutSeconds: [
      [0, "LB_IDLE_TIMEOUT"],
      [4001, "LB_IDLE_TIMEOUT"],
    ],
    accessLogRetentionDays: [[0, "LB_LOG_RETENTION"]],
    clientCertListener: [
      [{ targets: ["app"], ingressCidrs: ["0.0.0.0/0"], caBundlePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n" }, "LB_DEVICE_CIDRS_WORLD"],
      [{ targets: ["app"], ingressCidrs: ["198.51.100.0/24"] }, "LB_MTLS_TRUST_STORE"],
    ],
    networkLoadBalancer: [
      [{ listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["0.0.0.0/0"] }, "LB_DEVICE_CIDRS_WORLD"],
      [{ listeners: {}, ingressCidrs: ["198.51.100.0/24"] }, "LB_NLB_LISTENERS"],
    ],
    alarmTopicArn: [
      ["*", "LB_TOPIC_ARN"],
      [BAD_TOPIC, "LB_TOPIC_ARN"],
    ],
    latencyP95Seconds: [
      [0, "LB_LATENCY_THRESHOLD"],
      [-1, "LB_LATENCY_THRESHOLD"],
    ],
  },
  WebFirewall: {
    environment: [],
    appName: [["Shop", "WAF_APP_NAME"]],
    logs: [],
    resourceArn: [
      ["*", "WAF_RESOURCE_ARN"],
      ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/x/0123456789abcdef", "WAF_RESOURCE_ARN"],
    ],
    mode: [
      ["count", "WAF_PROD_COUNT"],
      ["Block", "WAF_ARG_TYPE"],
    ],
    generalRate: [
      [{ requests: 0, perSeconds: 60 }, "WAF_RATE_FIGURE"],
      [{ requests: 100, perSecond: 60 }, "WAF_ARG_UNKNOWN"],
    ],
    pathRates: [
      [{ auth: { requests: 5, perSeconds: 900, paths: [] } }, "WAF_TIER_PATHS"],
      [{ Auth: { requests: 5, perSeconds: 900, paths: ["/login"] } }, "WAF_TIER_NAME"],
    ],
    apiKey: [
      [{ header: "x api key" }, "WAF_API_KEY_HEADER"],
      [{ header: "x-api-key", perMinute: 0 }, "WAF_RATE_FIGURE"],
    ],
    maxBodyBytes: [[0, "WAF_MAX_BODY"]],
    extraManagedRuleGroups: [
      [["AWSManagedRulesCommonRuleSet"], "WAF_MANAGED_GROUP"],
      [["MyRules"], "WAF_MANAGED_GROUP"],
    ],
    alarmTopicArn: [
      ["*", "WAF_TOPIC_ARN"],
      [BAD_TOPIC, "WAF_TOPIC_ARN"],
    ],
  },
  HardenedService: {
    environment: [],
    appName: [["Shop", "SVC_APP_NAME"]],
    serviceName: [["Web App", "SVC_NAME"]],
    logs: [],
    subnetIds: [
      [["subnet-a1", "subnet-a1"], "SVC_ARG_DUPLICATE"],
      [["x"], "SVC_SUBNET_ID"],
    ],
    securityGroupId: [["*", "SVC_SECURITY_GROUP_ID"]],
    loadBalancerSecurityGroupId: [["0.0.0.0/0", "SVC_SECURITY_GROUP_ID"]],
    targetGroupArn: [
      ["*", "SVC_TARGET_GROUP_ARN"],
      [ALB, "SVC_TARGET_GROUP_ARN"],
    ],
    loadBalancerDependencies: [[["listener"], "SVC_LB_DEPENDENCIES"]],
    cluster: [
      [{ arn: "*", name: "shop-prod" }, "SVC_CLUSTER_ARN"],
      [{ name: "shop-prod" }, "SVC_CLUSTER"],
    ],
    sidecars: [
      [{ clamav: { image: PSQL, user: "0", essential: true, healthCheck: HEALTH } }, "SVC_USER_ROOT"],
      [{ clamav: { image: PSQL, user: "100", essential: true, healthCheck: HEALTH, essentail: true } }, "SVC_ARG_UNKNOWN"],
    ],
    eventLogGroups: [
      [["application"], "SVC_EVENT_LOG_GROUP"],
      [["security", "security"], "SVC_ARG_DUPLICATE"],
    ],
    build: [[{ context: "examples/app", platform: "linux/386" }, "SVC_ARG_TYPE"]],
    imageTag: [["latest", "SVC_IMAGE_LATEST"]],
    image: [["nginx", "SVC_IMAGE_LATEST"]],
    user: [
      ["root", "SVC_USER_ROOT"],
      ["0:0", "SVC_USER_ROOT"],
    ],
    containerPort: [
      [0, "SVC_PORT"],
      [70000, "SVC_PORT"],
    ],
    healthPath: [["health", "SVC_HEALTH_PATH"]],
    healthCheck: [
      [{ command: ["CMD-SHELL", "true"], retries: 0 }, "SVC_HEALTH_CHECK"],
      [{ cmd: ["CMD", "true"] }, "SVC_HEALTH_CHECK"],
    ],
    cpu: [[300, "SVC_FARGATE_SIZE"]],
    memory: [[100, "SVC_FARGATE_SIZE"]],
    cpuArchitecture: [["x86", "SVC_ARG_TYPE"]],
    writablePaths: [
      [["tmp"], "SVC_WRITABLE_PATH"],
      [["/tmp", "/tmp"], "SVC_ARG_DUPLICATE"],
    ],
    readonlyRootFilesystem: [],
    environmentVariables: [
      [{ NODE_TLS_REJECT_UNAUTHORIZED: "0" }, "SVC_ENV_TLS_DISABLED"],
      [{ CORS_ORIGINS: "*" }, "SVC_ENV_CORS_WILDCARD"],
      [{ DB_PASSWORD: "x" }, "SVC_ENV_SECRET"],
    ],
    secrets: [
      [{ JWT: { arn: "*" } }, "SVC_SECRET_ARN"],
      [{ JWT: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/jwt-AbCdEf" } }, "SVC_SECRET_ENV"],
    ],
    taskPolicyStatements: [
      [[{ Action: "*", Resource: "*" }], "SVC_IAM_ADMIN"],
      [[{ Action: "secretsmanager:GetSecretValue", Resource: "*" }], "SVC_IAM_SECRETS_ALL"],
      [[{ Action: "s3:GetObject", Resource: "*", Efect: "Allow" }], "SVC_ARG_UNKNOWN"],
    ],
    egress: [
      [{ db: { port: 5432, cidr: "0.0.0.0/0", description: "db" } }, "SVC_EGRESS_WORLD"],
      [{ db: { port: 5432, description: "db" } }, "SVC_EGRESS_TARGET"],
    ],
    minCapacity: [
      [1, "SVC_PROD_SINGLE_TASK"],
      [0, "SVC_CAPACITY"],
    ],
    maxCapacity: [[1, "SVC_CAPACITY"]],
    cpuTargetUtilization: [
      [95, "SVC_CPU_TARGET"],
      [5, "SVC_CPU_TARGET"],
    ],
    healthCheckGracePeriodSeconds: [[-1, "SVC_GRACE_PERIOD"]],
    enableExecuteCommand: [[true, "SVC_EXEC_PROD"]],
    additionalTargets: [
      [{ rtsps: { targetGroupArn: NLB_TG, containerPort: 554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_PORT"],
      [{ rtsps: { containerPort: 8554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_TARGETS"],
      [{ rtsps: { targetGroupArn: ALB, containerPort: 8554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_TARGET_GROUP_ARN"],
      [{ rtsps: { targetGroupArn: NLB_TG, containerPort: 8554, loadBalancerSecurityGroupId: "0.0.0.0/0" } }, "SVC_SECURITY_GROUP_ID"],
    ],
    redeployOnRotation: [],
    alarmTopicArn: [
      ["*", "SVC_TOPIC_ARN"],
      [BAD_TOPIC, "SVC_TOPIC_ARN"],
    ],
    kmsKeyArn: [
      ["*", "SVC_KMS_KEY_ARN"],
      [BAD_KEY, "SVC_KMS_KEY_ARN"],
    ],
    keepImages: [[0, "SVC_KEEP_IMAGES"]],
  },
  ServiceCluster: {
    environment: [],
    appName: [["Shop", "SVC_APP_NAME"]],
    clusterName: [["1 cluster", "SVC_CLUSTER"]],
  },
  OneOffTask: {
    environment: [],
    appName: [["Shop", "SVC_APP_NAME"]],
    taskName: [["Migrate", "SVC_NAME"]],
    logs: [],
    cluster: [[{ arn: "*", name: "shop-prod" }, "SVC_CLUSTER_ARN"]],
    subnetIds: [[["subnet-a1", "subnet-a1"], "SVC_ARG_DUPLICATE"]],
    securityGroupId: [["*", "SVC_SECURITY_GROUP_ID"]],
    image: [
      ["postgres:latest", "SVC_IMAGE_LATEST"],
      ["postgres:17", "SVC_IMAGE_DIGEST"],
    ],
    repository: [[{ arn: "*" }, "SVC_REPOSITORY_ARN"]],
    user: [["root", "SVC_USER_ROOT"]],
    command: [[[], "SVC_COMMAND"]],
    healthCheck: [[{ command: ["true"] }, "SVC_HEALTH_CHECK"]],
    environmentVariables: [[{ PGSSLMODE: "disable" }, "SVC_ENV_TLS_DISABLED"]],
    secrets: [[{ PGPASSWORD: { arn: "*" } }, "SVC_SECRET_ARN"]],
    taskPolicyStatements: [[[{ Action: "*", Resource: "*" }], "SVC_IAM_ADMIN"]],
    eventLogGroups: [[["nope"], "SVC_EVENT_LOG_GROUP"]],
    cpu: [[300, "SVC_FARGATE_SIZE"]],
    memory: [[100, "SVC_FARGATE_SIZE"]],
    cpuArchitecture: [["arm", "SVC_ARG_TYPE"]],
    writablePaths: [[["/"], "SVC_WRITABLE_PATH"]],
  },
  SecureBucket: {
    environment: [],
    appName: [["Shop", "BUCKET_NAME_PART"]],
    purpose: [
      ["Uploads", "BUCKET_NAME_PART"],
      ["x".repeat(60), "BUCKET_NAME_LENGTH"],
    ],
    kmsKeyArn: [["alias/aws/s3", "BUCKET_KMS_KEY_ARN"]],
    readers: [
      [{ everyone: "*" }, "BUCKET_PRINCIPAL_WILDCARD"],
      [{ ops: WILDCARD_ROLE }, "BUCKET_PRINCIPAL_WILDCARD"],
      [{ root: "arn:aws:iam::123456789012:root" }, "BUCKET_ROLE_ARN"],
    ],
    writers: [[{ any: "*" }, "BUCKET_PRINCIPAL_WILDCARD"]],
    corsOrigins: [
      [["*"], "BUCKET_CORS_WILDCARD"],
      [["http://app.example.com"], "BUCKET_CORS_HTTP"],
      [["https://a.example.com", "https://a.example.com"], "BUCKET_ARG_DUPLICATE"],
    ],
    corsMethods: [
      [["TRACE"], "BUCKET_CORS_METHODS"],
      [[], "BUCKET_CORS_METHODS"],
    ],
    objectLock: [
      [{ mode: "LEGAL", days: 1 }, "BUCKET_OBJECT_LOCK_MODE"],
      [{ mode: "COMPLIANCE", days: 0 }, "BUCKET_OBJECT_LOCK_DAYS"],
    ],
    accessLogs: [[{ bucketName: "logs", prefix: "/x" }, "BUCKET_ACCESS_LOGS"]],
    accessLogRetentionDays: [[0, "BUCKET_LIFECYCLE_DAYS"]],
    noncurrentVersionDays: [[0, "BUCKET_LIFECYCLE_DAYS"]],
    abortIncompleteUploadDays: [[0, "BUCKET_LIFECYCLE_DAYS"]],
    versioning: [],
    accessLogging: [],
    encryption: [["none", "BUCKET_ENCRYPTION"]],
    blockPublicAccess: [[false, "BUCKET_PUBLIC"]],
    tags: [],
  },
  BackupPlan: {
    environment: [],
    appName: [["Shop", "BACKUP_APP_NAME"]],
    retentionDays: [
      [5, "BACKUP_PROD_RETENTION"],
      [0, "BACKUP_RETENTION_VALUE"],
    ],
    schedule: [
      ["daily", "BACKUP_SCHEDULE"],
      ["cron(0 3 * * * *)", "BACKUP_SCHEDULE"],
      ["cron(0 25 * * ? *)", "BACKUP_SCHEDULE"],
    ],
    startWindowMinutes: [[30, "BACKUP_WINDOW"]],
    completionWindowMinutes: [[90, "BACKUP_WINDOW"]],
    continuousRetentionDays: [
      [36, "BACKUP_CONTINUOUS_RETENTION"],
      [0, "BACKUP_CONTINUOUS_RETENTION"],
    ],
    drRegion: [
      ["", "BACKUP_PROD_DR_REQUIRED"],
      ["mars-1", "BACKUP_DR_REGION"],
      ["eu-west-1", "BACKUP_DR_SAME_REGION"],
      ["eu-west-9", "BACKUP_DR_REGION"],
    ],
    drProvider: [[{ region: "eu-central-1" }, "BACKUP_ARG_TYPE"]],
    selectionTag: [
      [{ key: "", value: "true" }, "BACKUP_SELECTION_TAG"],
      [{ key: "backup", valeu: "true" }, "BACKUP_ARG_UNKNOWN"],
    ],
    resourceArns: [
      [["*"], "BACKUP_ARN"],
      [["arn:aws:dynamodb:eu-west-1:123456789012:table/a", "arn:aws:dynamodb:eu-west-1:123456789012:table/a"], "BACKUP_ARG_DUPLICATE"],
    ],
    kmsKeyArn: [
      ["*", "BACKUP_KMS_KEY_ARN"],
      [BAD_KEY, "BACKUP_KMS_KEY_ARN"],
    ],
    lockMaxRetentionDays: [[30, "BACKUP_LOCK_MAX"]],
    lockChangeableForDays: [[1, "BACKUP_LOCK_GRACE"]],
    breakGlassRoleArns: [
      [["*"], "BACKUP_PRINCIPAL_WILDCARD"],
      [[WILDCARD_ROLE], "BACKUP_PRINCIPAL_WILDCARD"],
      [["arn:aws:iam::123456789012:user/ops"], "BACKUP_BREAK_GLASS_ROLE"],
    ],
    alertTopicArn: [
      ["*", "BACKUP_TOPIC_ARN"],
      [BAD_TOPIC, "BACKUP_TOPIC_ARN"],
    ],
    restoreTestSchedule: [
      ["monthly", "BACKUP_SCHEDULE"],
      ["cron(0 5 ? * 8#1 *)", "BACKUP_SCHEDULE"],
    ],
    restoreTesting: [],
    restoreSubnetGroupName: [["default", "BACKUP_RESTORE_SUBNET_GROUP"]],
    restoreSecurityGroupIds: [[["*"], "BACKUP_SECURITY_GROUP_ID"]],
  },
  Monitoring: {
    environment: [],
    appName: [["Shop", "MON_APP_NAME"]],
    alertEmails: [
      [[], "MON_PROD_NO_SUBSCRIBERS"],
      [["security"], "MON_EMAIL"],
      [["a@example.com", "a@example.com"], "MON_EMAIL_DUPLICATE"],
    ],
    alertEmailsSecret: [],
    kmsKeyArn: [
      ["*", "MON_KMS_KEY_ARN"],
      [BAD_KEY, "MON_KMS_KEY_ARN"],
    ],
    publishers: [
      [["*"], "MON_PUBLISHER"],
      [["cloudwatch.amazonaws.com", "cloudwatch.amazonaws.com"], "MON_ARG_DUPLICATE"],
    ],
    securityLogGroupName: [["security log", "MON_LOG_GROUP_NAME"]],
    appLogGroupName: [["app log", "MON_LOG_GROUP_NAME"]],
    filters: [
      [{ "auth-failures": { field: "a b" } }, "MON_FILTER_FIELD"],
      [{ authFailures: {} }, "MON_FILTER_UNKNOWN"],
    ],
    alarms: [
      [{ "rate-limited": { threshold: 0 } }, "MON_THRESHOLD"],
      [{ "rate-limited": { periodSeconds: 90 } }, "MON_PERIOD"],
      [{ "rate-limitted": { threshold: 5 } }, "MON_ALARM_UNKNOWN"],
    ],
    dashboard: [
      [{ targetGroupArnSuffix: "targetgroup/x/1" }, "MON_DASHBOARD_PARTIAL"],
      [{ albArn: "x" }, "MON_ARG_UNKNOWN"],
    ],
  },
};

const ARGS = componentArgs();
const total = Object.values(ARGS).reduce((n, l) => n + l.length, 0);

/** One case: the argument, what is passed, the code expected (none: any of the component's codes naming it). */
interface Case {
  readonly component: string;
  readonly arg: ComponentArg;
  readonly label: string;
  readonly value: unknown;
  readonly code?: string;
}

function casesOf(component: string, arg: ComponentArg): Case[] {
  const env = arg.name === "environment" ? "ENV_INVALID" : undefined;
  const out: Case[] = [{ component, arg, label: `wrong type ${JSON.stringify(WRONG[arg.kind])}`, value: WRONG[arg.kind], code: env }];
  if (!arg.optional) out.push({ component, arg, label: "missing", value: undefined, code: env });
  if (env) out.push(...["Prod", "prod ", "production"].map((v) => ({ component, arg, label: JSON.stringify(v), value: v, code: env })));
  for (const [value, code] of CASES[component]?.[arg.name] ?? []) out.push({ component, arg, label: JSON.stringify(value).slice(0, 80), value, code });
  return out;
}

const ALL: Case[] = Object.entries(ARGS).flatMap(([component, args]) => args.flatMap((a) => casesOf(component, a)));

describe("argument enumeration", () => {
  it("covers every exported component and every argument of each (a new argument needs a row in CASES)", () => {
    expect(Object.keys(ARGS).sort()).toEqual(Object.keys(COMPONENTS).sort());
    for (const [component, args] of Object.entries(ARGS)) expect([component, args.map((a) => a.name).sort()]).toEqual([component, Object.keys(CASES[component] ?? {}).sort()]);
    expect(total).toBeGreaterThanOrEqual(200);
  });
});

/** Outcomes of every case, built under one mock run per component (each case under its own component name). */
const outcomes = new Map<Case, Outcome>();
const subjectOf = (c: Case) => `case${ALL.filter((x) => x.component === c.component).indexOf(c)}`;

beforeAll(async () => {
  for (const component of Object.keys(COMPONENTS)) {
    const mine = ALL.filter((c) => c.component === component);
    const counts = new Map<string, number>();
    await capture(() => {
      const monitor = settings.getMonitor();
      const original = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req: any, cb: any) => {
        const m = /^(case\d+)(-|$)/.exec(req.getName());
        if (m) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
        original(req, cb);
      };
      const logs = new components.LogClasses("logs", { environment: "prod", appName: "shop" });
      for (const c of mine) {
        const args: Args = { ...COMPONENTS[component].base(logs) };
        if (c.value === undefined) delete args[c.arg.name];
        else args[c.arg.name] = c.value;
        let error: unknown;
        try {
          COMPONENTS[component].make(subjectOf(c), args);
        } catch (e) {
          error = e;
        }
        outcomes.set(c, { error, registered: -1 });
      }
    }, REGION);
    for (const c of mine) outcomes.set(c, { ...outcomes.get(c)!, registered: counts.get(subjectOf(c)) ?? 0 });
  }
}, 120000);

describe.each(Object.keys(COMPONENTS))("%s", (component) => {
  it.each(ALL.filter((c) => c.component === component).map((c) => [`${c.arg.name}: ${c.label}`, c] as const))("refuses %s with its own error before any child registers", (_label, c) => {
    const o = outcomes.get(c)!;
    expectRefused(component, c.arg.name, o, c.code, subjectOf(c));
    expect([c.arg.name, o.registered]).toEqual([c.arg.name, 0]);
  });
});

/** The Output's value; its other internal promises settle the same way and are observed too. */
const settled = (o: pulumi.Output<unknown>): Promise<unknown> => {
  for (const p of [(o as any).isKnown, (o as any).isSecret]) if (p?.catch) p.catch(() => undefined);
  return (o as any).promise().then(
    () => undefined,
    (e: unknown) => e,
  );
};

/** Passes the shape's LogClasses check (a resource with the LogClasses methods) without registering anything. */
const LOGS_STANDIN = { __pulumiResource: true, group: () => undefined, standardGroups: () => undefined };

const mineOf = (arg: string, problems: readonly { arg: string; code: string }[]) =>
  problems.filter((p) => p.arg === arg || p.arg.startsWith(`${arg}.`) || p.arg.startsWith(`${arg}[`)).map((p) => p.code);

/**
 * Cases of `Input<…>` arguments (and lists of Inputs) whose rule is the shape's: the same value passed as an Output
 * must fail with the same codes when it resolves. (Rules on a list as a whole, too few or duplicates, stay at
 * construction: the list is known even when its elements are not.)
 */
const LIST_RULE = /_(ARG_DUPLICATE|SUBNETS|ARG_TOO_FEW)$/;
const shapeCodes = (c: Case, value: unknown) =>
  mineOf(c.arg.name, argProblems(c.component, COMPONENTS[c.component].prefix, "subject", { ...validArgs(c.component), [c.arg.name]: value }, COMPONENTS[c.component].shape));
const OUTPUT_CASES = ALL.filter(
  (c) => (c.arg.input || c.arg.inputElements) && c.value !== undefined && (c.arg.input || Array.isArray(c.value)) && shapeCodes(c, c.value).some((code) => !LIST_RULE.test(code)),
);

describe("an argument that arrives as an Output", () => {
  it("has cases", () => expect(OUTPUT_CASES.length).toBeGreaterThan(50));
  it.each(OUTPUT_CASES.map((c) => [`${c.component}.${c.arg.name}: ${c.label}`, c] as const))("%s is refused with the same codes when it resolves", async (_label, c) => {
    const { shape, prefix } = COMPONENTS[c.component];
    // Rules on a known list of unknown elements (too few) stay at construction; the elements' rules move to resolution.
    const plain = shapeCodes(c, c.value).filter((code) => c.arg.input || !LIST_RULE.test(code));
    const wrapped = c.arg.input ? pulumi.output(c.value) : (c.value as unknown[]).map((v) => pulumi.output(v));
    const args = { ...validArgs(c.component), [c.arg.name]: wrapped };
    const checked = checkArgs(c.component, prefix, "subject", args, shape) as Args;
    const value = checked[c.arg.name];
    const outputs = (Array.isArray(value) ? value : [value]).filter((v): v is pulumi.Output<unknown> => pulumi.Output.isInstance(v));
    const errors = (await Promise.all(outputs.map(settled))).filter((e) => e !== undefined) as ArgumentError[];
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toBeInstanceOf(ArgumentError);
    expect([...new Set(errors.flatMap((e) => mineOf(c.arg.name, e.problems)))].sort()).toEqual([...new Set(plain)].sort());
  });
});

/** Valid arguments of a component for the shape check alone (no LogClasses needed: a stand-in resource). */
function validArgs(component: string): Args {
  return COMPONENTS[component].base(LOGS_STANDIN as unknown as Logs);
}

describe("an Output that resolves to nothing", () => {
  it("is the default for an optional argument and refused for a required one", async () => {
    const shape = DB as Shape<Args>;
    const optional = checkArgs("SecureDatabase", "DB", "subject", { ...validArgs("SecureDatabase"), alarmTopicArn: pulumi.output(undefined) }, shape);
    expect(await settled(optional.alarmTopicArn as pulumi.Output<unknown>)).toBeUndefined();
    const required = checkArgs("SecureDatabase", "DB", "subject", { ...validArgs("SecureDatabase"), vpcId: pulumi.output(undefined) }, shape);
    const e = (await settled(required.vpcId as pulumi.Output<unknown>)) as ArgumentError;
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.problems).toEqual([{ code: "DB_ARG_MISSING", arg: "vpcId", problem: "resolved to no value", fix: "pass a string." }]);
  });
});
