/**
 * The hardened-aws program: reads the stack config once, composes the components, exports outputs.
 * Deploy with `pulumi up --stack staging|prod`; preview offline with `npm run preview -- --stack prod`.
 */
import { LogClasses, Network, SecureLoadBalancer, WebFirewall } from "../components";
import { DEFAULT_PATH_RATES } from "../components/firewall";
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
});

export const vpcId = network.vpcId;
export const appSubnetIds = network.appSubnetIds;
export const dataSubnetIds = network.dataSubnetIds;
export const logKmsKeyArn = logs.kmsKeyArn;
export const appSecurityGroupId = appSg.id;
export const dnsName = lb.dnsName;
export const targetGroupArns = lb.targetGroupArns;
export const webAclArn = waf.webAclArn;
