/**
 * The hardened-aws program: reads the stack config once, composes the components, exports outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 */
import { LogClasses, Network } from "../components";
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

export const vpcId = network.vpcId;
export const appSubnetIds = network.appSubnetIds;
export const dataSubnetIds = network.dataSubnetIds;
export const logKmsKeyArn = logs.kmsKeyArn;
export const appSecurityGroupId = appSg.id;
