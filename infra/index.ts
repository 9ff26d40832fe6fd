/**
 * The hardened-aws program: reads the stack config once, composes the components, exports outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 */
import { BackupPlan, LogClasses, Monitoring, Network } from "../components";
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

export const vpcId = network.vpcId;
export const appSubnetIds = network.appSubnetIds;
export const dataSubnetIds = network.dataSubnetIds;
export const logKmsKeyArn = logs.kmsKeyArn;
export const appSecurityGroupId = appSg.id;
export const alertTopicArn = monitoring.topicArn;
export const backupVaultArn = backup.vaultArn;
/** Empty in a stack without drRegion. */
export const drBackupVaultArn = backup.drVaultArn.apply((arn) => arn ?? "");
