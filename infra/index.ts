/**
 * The hardened-aws program: reads the stack config once, composes the components, exports outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 */
import { LogClasses, Network, SecureDatabase } from "../components";
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

// PostgreSQL in the data tier: 5432 from the app tasks and the admin CIDRs only (DB-1..DB-10).
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
});

export const vpcId = network.vpcId;
export const appSubnetIds = network.appSubnetIds;
export const dataSubnetIds = network.dataSubnetIds;
export const logKmsKeyArn = logs.kmsKeyArn;
export const appSecurityGroupId = appSg.id;
export const dbEndpoint = db.endpoint;
export const dbPort = db.port;
export const dbConnectionStringTemplate = db.connectionStringTemplate;
export const dbCaBundleUrl = db.caBundleUrl;
export const dbRoleSecretNames = db.roleSecretNames;
export const dbMasterUserSecretArn = db.masterUserSecretArn;
export const dbBootstrapSql = db.bootstrapSql;
