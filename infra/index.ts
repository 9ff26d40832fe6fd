/**
 * The hardened-aws program: reads the stack config once, composes the components, exports outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 */
import { LogClasses, Network, SecureCache } from "../components";
import { loadStackConfig } from "./config";

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

const network = new Network("net", {
  environment: env,
  logs,
  cidrBlock: cfg.vpcCidr,
  azCount: cfg.azCount,
  natGatewayPerAz: cfg.natGatewayPerAz,
});

// The app tasks' identity: the data tier admits this group; the service adds its own rules to it.
const appSg = network.workloadSecurityGroup("app", "ECS tasks of the app service");

// Sessions and rate-limit counters (CACHE-1..6): TLS-only Valkey with RBAC, admitted from the app tasks.
const cache = new SecureCache("cache", {
  environment: env,
  appName: cfg.appName,
  logs,
  vpcId: network.vpcId,
  subnetIds: network.dataSubnetIds,
  allowedSecurityGroupIds: [appSg.id],
  allowedCidrs: cfg.adminCidrs,
  nodeType: cfg.cacheNodeType,
  replicas: cfg.cacheReplicas,
  purposes: ["session", "ratelimit"],
});

export const vpcId = network.vpcId;
export const appSubnetIds = network.appSubnetIds;
export const dataSubnetIds = network.dataSubnetIds;
export const logKmsKeyArn = logs.kmsKeyArn;
export const appSecurityGroupId = appSg.id;
export const cacheUrlTemplate = cache.urlTemplate;
export const cachePort = cache.port;
export const cacheSecurityGroupId = cache.securityGroupId;
export const cacheUserSecretArn = cache.userSecretArn;
export const cacheUserSecretName = cache.userSecretName;
