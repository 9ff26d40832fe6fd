/**
 * The checkov catalogue's point of view (policy/standards/checkov.json): for every check the pack implements or
 * covers with a stricter policy, resources written by hand in that check's own resource form (plain
 * @pulumi/aws resources as a user types them, never our components), at least one insecure and one secure.
 * Each insecure example must be blocked by the policy named for the check, at the level the prod pack config
 * gives it; no secure example may be reported by any policy of its check. All examples run as one program
 * under the mocks and through one pack process, over the analyzer protocol, as the CLI drives the pack.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { before, describe, it } from "mocha";
import { capture, CapturedResource } from "../support/capture";
import { runPack } from "../support/pack";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const catalogue = require("../../tools/standards/checkov.js").load();
const prodConfig = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policy", "config", "prod.json"), "utf8"));

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0d3c2e6b-1a2b-4c5d-8e9f-0123456789ab`;
const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];
const SG = "sg-0123456789abcdef0";
const LB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188`;
const TG_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/web/73e2d6bc24d8a067`;
const CERT = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const LAMBDA = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotate`;
const WEB_ACL_ARN = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/web/a1b2c3d4`;
const FIREHOSE = `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/aws-waf-logs-web`;

/** Builds one example's resources; the resources are named `n` or `n-<role>`. */
type Build = (n: string) => unknown;
/** Insecure examples with the policy that must block each, and secure examples none of the check's policies reports. */
interface Row {
  readonly bad: readonly (readonly [policy: string, build: Build])[];
  readonly good: readonly Build[];
}

// ---- shared shapes ---------------------------------------------------------------------------------------

const pg = (extra: Partial<aws.rds.InstanceArgs> = {}): aws.rds.InstanceArgs => ({ engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.medium", allocatedStorage: 20, ...extra });
const aurora = (extra: Partial<aws.rds.ClusterArgs> = {}): aws.rds.ClusterArgs => ({
  engine: "aurora-postgresql",
  engineVersion: "16.4",
  masterUsername: "dbowner",
  manageMasterUserPassword: true,
  ...extra,
});
const member = (n: string, extra: Partial<aws.rds.ClusterInstanceArgs> = {}) =>
  new aws.rds.ClusterInstance(n, { clusterIdentifier: "orders", instanceClass: "db.r6g.large", engine: "aurora-postgresql", ...extra });
const redis = (extra: Partial<aws.elasticache.ReplicationGroupArgs> = {}): aws.elasticache.ReplicationGroupArgs => ({
  description: "sessions",
  engine: "redis",
  nodeType: "cache.t4g.small",
  subnetGroupName: "cache-private",
  ...extra,
});
const alb = (n: string, extra: Partial<aws.lb.LoadBalancerArgs> = {}) => new aws.lb.LoadBalancer(n, { loadBalancerType: "application", subnets: SUBNETS, securityGroups: [SG], ...extra });
const nlb = (n: string, extra: Partial<aws.lb.LoadBalancerArgs> = {}) => new aws.lb.LoadBalancer(n, { loadBalancerType: "network", subnets: SUBNETS, ...extra });
const managed = (name: string, priority: number, extra: Record<string, unknown> = {}) => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: "AWS", name, ...extra } },
  visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
});
const CORE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesSQLiRuleSet"];
const webAcl = (n: string, rules: aws.wafv2.WebAclArgs["rules"], extra: Partial<aws.wafv2.WebAclArgs> = {}) =>
  new aws.wafv2.WebAcl(n, { scope: "REGIONAL", defaultAction: { allow: {} }, visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: n }, rules, ...extra });
const bucket = (n: string, extra: aws.s3.BucketArgs = {}) => new aws.s3.Bucket(n, extra);
const statement = (principal: unknown, action: string | string[], extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Principal: principal, Action: action, Resource: "*", ...extra });
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const TLS_ONLY = (bucketArn: pulumi.Input<string>) =>
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  });
const blockAll = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const sgRule = (extra: Partial<aws.ec2.SecurityGroupRuleArgs>) =>
  ({ type: "ingress", securityGroupId: SG, protocol: "tcp", fromPort: 443, toPort: 443, description: "example", ...extra }) as aws.ec2.SecurityGroupRuleArgs;
const naclRule = (extra: Partial<aws.ec2.NetworkAclRuleArgs>) =>
  ({ networkAclId: "acl-0123456789abcdef0", ruleNumber: 100, egress: false, ruleAction: "allow", protocol: "tcp", fromPort: 443, toPort: 443, ...extra }) as aws.ec2.NetworkAclRuleArgs;
const container = (extra: Record<string, unknown> = {}) => ({
  name: "app",
  image: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:${"a".repeat(64)}`,
  essential: true,
  user: "1000",
  readonlyRootFilesystem: true,
  privileged: false,
  ...extra,
});
const taskDef = (n: string, containers: pulumi.Input<string>, extra: Partial<aws.ecs.TaskDefinitionArgs> = {}) =>
  new aws.ecs.TaskDefinition(n, {
    family: n,
    cpu: "256",
    memory: "512",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    executionRoleArn: ROLE("app-execution"),
    taskRoleArn: ROLE("app-task"),
    containerDefinitions: containers,
    ...extra,
  });
const service = (n: string, extra: Partial<aws.ecs.ServiceArgs> = {}) =>
  new aws.ecs.Service(n, {
    cluster: "app",
    taskDefinition: "app:1",
    desiredCount: 2,
    launchType: "FARGATE",
    platformVersion: "LATEST",
    networkConfiguration: { subnets: SUBNETS, securityGroups: [SG], assignPublicIp: false },
    ...extra,
  });

// ---- the table: one row per implemented or stricter check -------------------------------------------------

const ROWS: Record<string, Row> = {
  // ELBv2 listeners, load balancers and target groups, in both token families (aws:lb/* and aws:alb/*).
  CKV_AWS_2: {
    bad: [
      ["elb-listener-http-redirects-to-https", (n) => new aws.lb.Listener(n, { loadBalancerArn: LB_ARN, port: 80, protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }] })],
    ],
    good: [
      (n) =>
        new aws.alb.Listener(n, { loadBalancerArn: LB_ARN, port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
      (n) =>
        new aws.lb.Listener(n, {
          loadBalancerArn: LB_ARN,
          port: 443,
          protocol: "TLS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          certificateArn: CERT,
          defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
        }),
    ],
  },
  CKV2_AWS_20: {
    bad: [
      [
        "elb-listener-http-redirects-to-https",
        (n) =>
          new aws.alb.Listener(n, {
            loadBalancerArn: alb(`${n}-lb`).arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200", messageBody: "ok" } }],
          }),
      ],
    ],
    good: [
      (n) =>
        new aws.lb.Listener(n, {
          loadBalancerArn: alb(`${n}-lb`).arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        }),
    ],
  },
  CKV_AWS_103: {
    bad: [
      [
        "elb-listener-tls-policy",
        (n) =>
          new aws.lb.Listener(n, {
            loadBalancerArn: LB_ARN,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-TLS-1-1-2017-01",
            certificateArn: CERT,
            defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
          }),
      ],
      [
        "elb-listener-tls-policy",
        (n) =>
          new aws.alb.Listener(n, {
            loadBalancerArn: LB_ARN,
            port: 443,
            protocol: "TLS",
            sslPolicy: "ELBSecurityPolicy-2016-08",
            certificateArn: CERT,
            defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
          }),
      ],
    ],
    good: [
      (n) =>
        new aws.lb.Listener(n, {
          loadBalancerArn: LB_ARN,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          certificateArn: CERT,
          defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
        }),
    ],
  },
  CKV2_AWS_74: {
    bad: [
      [
        "elb-listener-tls-policy",
        (n) =>
          new aws.alb.Listener(n, {
            loadBalancerArn: LB_ARN,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: "ELBSecurityPolicy-2016-08",
            certificateArn: CERT,
            defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
          }),
      ],
    ],
    good: [
      (n) =>
        new aws.alb.Listener(n, {
          loadBalancerArn: LB_ARN,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: "ELBSecurityPolicy-FS-1-2-Res-2020-10",
          certificateArn: CERT,
          defaultActions: [{ type: "forward", targetGroupArn: TG_ARN }],
        }),
    ],
  },
  CKV_AWS_91: {
    bad: [
      ["elb-alb-access-logs", (n) => new aws.alb.LoadBalancer(n, { loadBalancerType: "application", subnets: SUBNETS, securityGroups: [SG] })],
      ["elb-nlb-access-logs", (n) => nlb(n, { accessLogs: { bucket: "lb-logs", enabled: false } })],
    ],
    good: [(n) => alb(n, { accessLogs: { bucket: "lb-logs", enabled: true } }), (n) => nlb(n, { accessLogs: { bucket: "lb-logs", prefix: "nlb", enabled: pulumi.output(true) } })],
  },
  CKV_AWS_131: {
    bad: [["elb-alb-drop-invalid-headers", (n) => alb(n, { dropInvalidHeaderFields: false })]],
    good: [(n) => new aws.alb.LoadBalancer(n, { loadBalancerType: "application", subnets: SUBNETS, dropInvalidHeaderFields: true })],
  },
  CKV_AWS_150: {
    bad: [
      ["elb-alb-deletion-protection", (n) => alb(n)],
      ["elb-nlb-deletion-protection", (n) => new aws.alb.LoadBalancer(n, { loadBalancerType: "network", subnets: SUBNETS, enableDeletionProtection: false })],
    ],
    good: [(n) => alb(n, { enableDeletionProtection: true }), (n) => nlb(n, { enableDeletionProtection: true })],
  },
  CKV_AWS_152: {
    bad: [["elb-nlb-cross-zone", (n) => nlb(n, { enableCrossZoneLoadBalancing: false })]],
    good: [(n) => nlb(n, { enableCrossZoneLoadBalancing: true })],
  },
  CKV_AWS_328: {
    bad: [["elb-alb-desync-mitigation", (n) => alb(n, { desyncMitigationMode: "monitor" })]],
    good: [(n) => new aws.alb.LoadBalancer(n, { loadBalancerType: "application", subnets: SUBNETS, desyncMitigationMode: "strictest" })],
  },
  CKV2_AWS_28: {
    bad: [["elb-alb-waf-associated", (n) => alb(n)]],
    good: [(n) => new aws.wafv2.WebAclAssociation(`${n}-waf`, { resourceArn: alb(n).arn, webAclArn: WEB_ACL_ARN }), (n) => alb(n, { internal: true })],
  },
  CKV_AWS_261: {
    bad: [
      ["elb-target-group-health-check-path", (n) => new aws.lb.TargetGroup(n, { port: 8000, protocol: "HTTP", vpcId: VPC, targetType: "ip", healthCheck: { enabled: true } })],
      ["elb-target-group-health-check-path", (n) => new aws.alb.TargetGroup(n, { port: 8443, protocol: "HTTPS", vpcId: VPC, targetType: "ip", healthCheck: { enabled: false } })],
    ],
    good: [(n) => new aws.alb.TargetGroup(n, { port: 8000, protocol: "HTTP", vpcId: VPC, targetType: "ip", healthCheck: { enabled: true, path: "/health" } })],
  },

  // KMS
  CKV_AWS_7: {
    bad: [["kms-key-rotation-enabled", (n) => new aws.kms.Key(n, { description: "app data", deletionWindowInDays: 30 })]],
    good: [(n) => new aws.kms.Key(n, { description: "app data", deletionWindowInDays: 30, enableKeyRotation: true })],
  },
  CKV_AWS_33: {
    bad: [
      ["kms-key-policy-not-public", (n) => new aws.kms.Key(n, { enableKeyRotation: true, policy: doc(statement({ AWS: "*" }, "kms:*")) })],
      ["kms-key-policy-not-public", (n) => new aws.kms.KeyPolicy(n, { keyId: "1234abcd", policy: doc(statement("*", ["kms:Decrypt"], { Condition: { Bool: { "aws:SecureTransport": "true" } } })) })],
    ],
    good: [
      (n) => new aws.kms.Key(n, { enableKeyRotation: true, policy: doc(statement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, "kms:*")) }),
      (n) => new aws.kms.KeyPolicy(n, { keyId: "1234abcd", policy: doc(statement({ AWS: "*" }, "kms:Decrypt", { Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } })) }),
    ],
  },
  CKV_AWS_227: {
    bad: [["kms-key-enabled", (n) => new aws.kms.Key(n, { enableKeyRotation: true, isEnabled: false })]],
    good: [(n) => new aws.kms.Key(n, { enableKeyRotation: true, isEnabled: true })],
  },

  // RDS instances, clusters, cluster instances, parameter groups, snapshots and copies
  CKV_AWS_16: {
    bad: [["rds-instance-storage-encrypted", (n) => new aws.rds.Instance(n, pg())]],
    good: [(n) => new aws.rds.Instance(n, pg({ storageEncrypted: true, kmsKeyId: KEY }))],
  },
  CKV_AWS_17: {
    bad: [
      ["rds-instance-not-publicly-accessible", (n) => new aws.rds.Instance(n, pg({ publiclyAccessible: true }))],
      ["rds-instance-not-publicly-accessible", (n) => member(n, { publiclyAccessible: pulumi.output(true) })],
    ],
    good: [(n) => new aws.rds.Instance(n, pg({ publiclyAccessible: false })), (n) => member(n)],
  },
  CKV_AWS_96: {
    bad: [["rds-cluster-storage-encrypted", (n) => new aws.rds.Cluster(n, aurora({ storageEncrypted: false }))]],
    good: [(n) => new aws.rds.Cluster(n, aurora({ storageEncrypted: true, kmsKeyId: KEY }))],
  },
  CKV_AWS_327: {
    bad: [
      ["rds-cluster-cmk-encrypted", (n) => new aws.rds.Cluster(n, aurora({ storageEncrypted: true }))],
      ["rds-cluster-cmk-encrypted", (n) => new aws.rds.Cluster(n, aurora({ storageEncrypted: true, kmsKeyId: "alias/aws/rds" }))],
    ],
    good: [(n) => new aws.rds.Cluster(n, aurora({ storageEncrypted: true, kmsKeyId: KEY }))],
  },
  CKV_AWS_118: {
    bad: [
      ["rds-instance-enhanced-monitoring", (n) => new aws.rds.Instance(n, pg({ monitoringInterval: 0 }))],
      ["rds-instance-enhanced-monitoring", (n) => member(n)],
    ],
    good: [
      (n) => new aws.rds.Instance(n, pg({ monitoringInterval: 60, monitoringRoleArn: ROLE("rds-monitoring") })),
      (n) => member(n, { monitoringInterval: 30, monitoringRoleArn: ROLE("rds-monitoring") }),
    ],
  },
  CKV_AWS_129: {
    bad: [["rds-engine-log-export", (n) => new aws.rds.Instance(n, { engine: "mysql", instanceClass: "db.t4g.medium", enabledCloudwatchLogsExports: ["error"] })]],
    good: [(n) => new aws.rds.Instance(n, { engine: "MySQL", instanceClass: "db.t4g.medium", enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"] })],
  },
  CKV_AWS_324: {
    bad: [
      ["rds-postgres-log-export", (n) => new aws.rds.Cluster(n, aurora())],
      ["rds-engine-log-export", (n) => new aws.rds.Cluster(n, aurora({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2" }))],
    ],
    good: [(n) => new aws.rds.Cluster(n, aurora({ enabledCloudwatchLogsExports: ["postgresql"] }))],
  },
  CKV_AWS_325: {
    bad: [
      [
        "rds-engine-log-export",
        (n) => new aws.rds.Cluster(n, aurora({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2", enabledCloudwatchLogsExports: ["error", "general", "slowquery"] })),
      ],
    ],
    good: [(n) => new aws.rds.Cluster(n, aurora({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2", enabledCloudwatchLogsExports: ["audit", "error", "general", "slowquery"] }))],
  },
  CKV_AWS_326: {
    bad: [["rds-aurora-mysql-backtracking", (n) => new aws.rds.Cluster(n, aurora({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2" }))]],
    good: [(n) => new aws.rds.Cluster(n, aurora({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2", backtrackWindow: 86400 }))],
  },
  CKV_AWS_133: {
    bad: [["rds-instance-backups-enabled", (n) => new aws.rds.Instance(n, pg({ backupRetentionPeriod: 0 }))]],
    good: [(n) => new aws.rds.Instance(n, pg({ backupRetentionPeriod: 14 }))],
  },
  CKV_AWS_139: {
    bad: [["rds-deletion-protection", (n) => new aws.rds.Cluster(n, aurora({ deletionProtection: false }))]],
    good: [(n) => new aws.rds.Cluster(n, aurora({ deletionProtection: true }))],
  },
  CKV_AWS_293: {
    bad: [["rds-deletion-protection", (n) => new aws.rds.Instance(n, pg())]],
    good: [(n) => new aws.rds.Instance(n, pg({ deletionProtection: true }))],
  },
  CKV_AWS_157: {
    bad: [["rds-instance-multi-az", (n) => new aws.rds.Instance(n, pg({ multiAz: false }))]],
    good: [(n) => new aws.rds.Instance(n, pg({ multiAz: true }))],
  },
  CKV_AWS_161: {
    bad: [["rds-iam-authentication-enabled", (n) => new aws.rds.Instance(n, pg())]],
    good: [(n) => new aws.rds.Instance(n, pg({ iamDatabaseAuthenticationEnabled: true }))],
  },
  CKV_AWS_162: {
    bad: [["rds-iam-authentication-enabled", (n) => new aws.rds.Cluster(n, aurora({ iamDatabaseAuthenticationEnabled: false }))]],
    good: [(n) => new aws.rds.Cluster(n, aurora({ iamDatabaseAuthenticationEnabled: true }))],
  },
  CKV_AWS_211: {
    bad: [["rds-certificate-authority-current", (n) => new aws.rds.Instance(n, pg({ caCertIdentifier: "rds-ca-2019" }))]],
    good: [(n) => new aws.rds.Instance(n, pg({ caCertIdentifier: "rds-ca-rsa2048-g1" }))],
  },
  CKV_AWS_226: {
    bad: [
      ["rds-auto-minor-version-upgrade", (n) => new aws.rds.Instance(n, pg({ autoMinorVersionUpgrade: false }))],
      ["rds-auto-minor-version-upgrade", (n) => member(n, { autoMinorVersionUpgrade: false })],
    ],
    good: [(n) => new aws.rds.Instance(n, pg({ autoMinorVersionUpgrade: true })), (n) => member(n, { autoMinorVersionUpgrade: true })],
  },
  CKV_AWS_250: {
    bad: [
      ["rds-engine-version-not-vulnerable", (n) => new aws.rds.Instance(n, pg({ engineVersion: "13.2" }))],
      ["rds-engine-version-not-vulnerable", (n) => new aws.rds.Cluster(n, aurora({ engineVersion: "10.13" }))],
    ],
    good: [(n) => new aws.rds.Instance(n, pg({ engineVersion: "13.3" })), (n) => new aws.rds.Cluster(n, aurora({ engineVersion: "11.9" }))],
  },
  CKV_AWS_388: {
    bad: [["rds-engine-version-not-vulnerable", (n) => new aws.rds.Instance(n, { engine: "aurora-postgresql", engineVersion: "11.7", instanceClass: "db.r6g.large" })]],
    good: [(n) => new aws.rds.Instance(n, { engine: "aurora-postgresql", engineVersion: "11.9", instanceClass: "db.r6g.large" })],
  },
  CKV_AWS_354: {
    bad: [
      ["rds-performance-insights-cmk", (n) => new aws.rds.Instance(n, pg({ performanceInsightsEnabled: true }))],
      ["rds-performance-insights-cmk", (n) => member(n, { performanceInsightsEnabled: true, performanceInsightsKmsKeyId: "alias/aws/rds" })],
    ],
    good: [(n) => new aws.rds.Instance(n, pg({ performanceInsightsEnabled: true, performanceInsightsKmsKeyId: KEY })), (n) => member(n, { performanceInsightsEnabled: false })],
  },
  CKV_AWS_313: {
    bad: [["rds-copy-tags-to-snapshot", (n) => new aws.rds.Cluster(n, aurora({ copyTagsToSnapshot: false }))]],
    good: [(n) => new aws.rds.Cluster(n, aurora({ copyTagsToSnapshot: true }))],
  },
  CKV2_AWS_60: {
    bad: [["rds-copy-tags-to-snapshot", (n) => new aws.rds.Instance(n, pg())]],
    good: [(n) => new aws.rds.Instance(n, pg({ copyTagsToSnapshot: true }))],
  },
  CKV2_AWS_8: {
    bad: [["backup-data-stores-covered", (n) => new aws.rds.Cluster(n, aurora())]],
    good: [
      (n) => {
        const cluster = new aws.rds.Cluster(n, aurora());
        return new aws.backup.Selection(`${n}-selection`, { name: `${n}-selection`, planId: "plan-1234", iamRoleArn: ROLE("backup"), resources: [cluster.arn] });
      },
    ],
  },
  CKV2_AWS_69: {
    bad: [
      [
        "rds-postgres-parameter-group-force-ssl",
        (n) => new aws.rds.Instance(n, pg({ parameterGroupName: new aws.rds.ParameterGroup(`${n}-params`, { family: "postgres16", parameters: [{ name: "log_connections", value: "1" }] }).name })),
      ],
      [
        "rds-parameter-group-engine-tls",
        (n) =>
          new aws.rds.Instance(n, {
            engine: "mysql",
            instanceClass: "db.t4g.medium",
            parameterGroupName: new aws.rds.ParameterGroup(`${n}-params`, { family: "mysql8.0", parameters: [{ name: "max_connections", value: "200" }] }).name,
          }),
      ],
      [
        "rds-parameter-group-engine-tls",
        (n) =>
          new aws.rds.Instance(n, {
            engine: "mariadb",
            instanceClass: "db.t4g.medium",
            parameterGroupName: new aws.rds.ParameterGroup(`${n}-params`, { family: "mariadb10.11", parameters: [{ name: "require_secure_transport", value: "OFF" }] }).name,
          }),
      ],
    ],
    good: [
      (n) =>
        new aws.rds.Instance(
          n,
          pg({ parameterGroupName: new aws.rds.ParameterGroup(`${n}-params`, { family: "postgres16", parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }] }).name }),
        ),
      (n) =>
        new aws.rds.Instance(n, {
          engine: "mariadb",
          instanceClass: "db.t4g.medium",
          parameterGroupName: new aws.rds.ParameterGroup(`${n}-params`, { family: "mariadb10.11", parameters: [{ name: "require_secure_transport", value: "ON" }] }).name,
        }),
    ],
  },
  CKV_AWS_140: {
    bad: [["rds-global-cluster-encrypted", (n) => new aws.rds.GlobalCluster(n, { globalClusterIdentifier: n, engine: "aurora-postgresql", engineVersion: "16.4" })]],
    good: [
      (n) => new aws.rds.GlobalCluster(n, { globalClusterIdentifier: n, engine: "aurora-postgresql", engineVersion: "16.4", storageEncrypted: true }),
      (n) =>
        new aws.rds.GlobalCluster(n, {
          globalClusterIdentifier: n,
          sourceDbClusterIdentifier: new aws.rds.Cluster(`${n}-source`, aurora({ storageEncrypted: true, kmsKeyId: KEY })).arn,
          forceDestroy: true,
        }),
    ],
  },
  CKV_AWS_245: {
    bad: [["rds-snapshot-copies-cmk-encrypted", (n) => new aws.rds.InstanceAutomatedBackupsReplication(n, { sourceDbInstanceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, retentionPeriod: 14 })]],
    good: [(n) => new aws.rds.InstanceAutomatedBackupsReplication(n, { sourceDbInstanceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders`, retentionPeriod: 14, kmsKeyId: KEY })],
  },
  CKV_AWS_266: {
    bad: [
      [
        "rds-snapshot-copies-cmk-encrypted",
        (n) => new aws.rds.SnapshotCopy(n, { sourceDbSnapshotIdentifier: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-1`, targetDbSnapshotIdentifier: `${n}-copy` }),
      ],
      [
        "rds-snapshot-copies-cmk-encrypted",
        (n) =>
          new aws.rds.ClusterSnapshotCopy(n, {
            sourceDbClusterSnapshotIdentifier: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster-snapshot:orders-1`,
            targetDbClusterSnapshotIdentifier: `${n}-copy`,
            kmsKeyId: "alias/aws/rds",
          }),
      ],
    ],
    good: [(n) => new aws.rds.SnapshotCopy(n, { sourceDbSnapshotIdentifier: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:orders-1`, targetDbSnapshotIdentifier: `${n}-copy`, kmsKeyId: KEY })],
  },
  CKV_AWS_302: {
    bad: [["rds-snapshot-not-public", (n) => new aws.rds.Snapshot(n, { dbInstanceIdentifier: "orders", dbSnapshotIdentifier: n, sharedAccounts: ["all"] })]],
    good: [(n) => new aws.rds.Snapshot(n, { dbInstanceIdentifier: "orders", dbSnapshotIdentifier: n, sharedAccounts: ["210987654321"] })],
  },

  // ElastiCache
  CKV_AWS_29: {
    bad: [["elasticache-replication-group-encrypted-at-rest", (n) => new aws.elasticache.ReplicationGroup(n, redis({ atRestEncryptionEnabled: false }))]],
    good: [(n) => new aws.elasticache.ReplicationGroup(n, redis({ atRestEncryptionEnabled: true, kmsKeyId: KEY }))],
  },
  CKV_AWS_191: {
    bad: [["elasticache-replication-group-encrypted-at-rest", (n) => new aws.elasticache.ReplicationGroup(n, redis({ atRestEncryptionEnabled: true }))]],
    good: [(n) => new aws.elasticache.ReplicationGroup(n, redis({ atRestEncryptionEnabled: true, kmsKeyId: KEY }))],
  },
  CKV_AWS_30: {
    bad: [["elasticache-replication-group-transit-encryption", (n) => new aws.elasticache.ReplicationGroup(n, redis({ transitEncryptionEnabled: false }))]],
    good: [(n) => new aws.elasticache.ReplicationGroup(n, redis({ transitEncryptionEnabled: true }))],
  },
  CKV_AWS_31: {
    bad: [
      ["elasticache-replication-group-authentication", (n) => new aws.elasticache.ReplicationGroup(n, redis({ transitEncryptionEnabled: true }))],
      ["elasticache-replication-group-transit-encryption", (n) => new aws.elasticache.ReplicationGroup(n, redis({ authToken: pulumi.secret("a".repeat(32)) }))],
    ],
    good: [(n) => new aws.elasticache.ReplicationGroup(n, redis({ transitEncryptionEnabled: true, authToken: pulumi.secret("b".repeat(32)) }))],
  },
  CKV2_AWS_50: {
    bad: [["elasticache-replication-group-prod-resilience", (n) => new aws.elasticache.ReplicationGroup(n, redis({ numCacheClusters: 1, automaticFailoverEnabled: false }))]],
    good: [(n) => new aws.elasticache.ReplicationGroup(n, redis({ numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true, snapshotRetentionLimit: 7 }))],
  },
  CKV_AWS_134: {
    bad: [
      [
        "elasticache-cluster-prod-resilience",
        (n) => new aws.elasticache.Cluster(n, { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1, subnetGroupName: "cache-private", snapshotRetentionLimit: 0 }),
      ],
    ],
    good: [(n) => new aws.elasticache.Cluster(n, { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1, subnetGroupName: "cache-private", snapshotRetentionLimit: 7 })],
  },
  CKV_AWS_322: {
    bad: [
      [
        "elasticache-replication-group-minor-upgrades",
        (n) => new aws.elasticache.Cluster(n, { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1, subnetGroupName: "cache-private", autoMinorVersionUpgrade: "false" }),
      ],
    ],
    good: [(n) => new aws.elasticache.Cluster(n, { engine: "redis", nodeType: "cache.t4g.small", numCacheNodes: 1, subnetGroupName: "cache-private", autoMinorVersionUpgrade: "true" })],
  },
  CKV_AWS_323: {
    bad: [["elasticache-custom-subnet-group", (n) => new aws.elasticache.Cluster(n, { engine: "memcached", nodeType: "cache.t4g.small", numCacheNodes: 2 })]],
    good: [(n) => new aws.elasticache.Cluster(n, { engine: "memcached", nodeType: "cache.t4g.small", numCacheNodes: 2, subnetGroupName: "cache-private" })],
  },

  // Secrets Manager
  CKV_AWS_149: {
    bad: [
      ["secretsmanager-secret-cmk-encrypted", (n) => new aws.secretsmanager.Secret(n, { name: `/shop/prod/${n}` })],
      ["secretsmanager-secret-cmk-encrypted", (n) => new aws.secretsmanager.Secret(n, { name: `/shop/prod/${n}`, kmsKeyId: "alias/aws/secretsmanager" })],
    ],
    good: [(n) => new aws.secretsmanager.Secret(n, { name: `/shop/prod/${n}`, kmsKeyId: KEY })],
  },
  CKV_AWS_304: {
    bad: [
      ["secretsmanager-rotation-period", (n) => new aws.secretsmanager.SecretRotation(n, { secretId: "/shop/prod/db", rotationLambdaArn: LAMBDA, rotationRules: { automaticallyAfterDays: 180 } })],
      [
        "secretsmanager-rotation-period",
        (n) => new aws.secretsmanager.SecretRotation(n, { secretId: "/shop/prod/db", rotationLambdaArn: LAMBDA, rotationRules: { scheduleExpression: "rate(120 days)" } }),
      ],
    ],
    good: [(n) => new aws.secretsmanager.SecretRotation(n, { secretId: "/shop/prod/db", rotationLambdaArn: LAMBDA, rotationRules: { automaticallyAfterDays: 30 } })],
  },
  CKV2_AWS_57: {
    bad: [["secretsmanager-generated-secrets-rotated", (n) => new aws.secretsmanager.Secret(n, { name: `/${n}/prod/jwt`, kmsKeyId: KEY })]],
    good: [
      (n) => {
        const secret = new aws.secretsmanager.Secret(n, { name: `/${n}/prod/jwt`, kmsKeyId: KEY });
        return new aws.secretsmanager.SecretRotation(`${n}-rotation`, { secretId: secret.id, rotationLambdaArn: LAMBDA, rotationRules: { automaticallyAfterDays: 30 } });
      },
    ],
  },

  // ECS clusters, services and task definitions (container JSON as a string and built from Outputs)
  CKV_AWS_65: {
    bad: [["ecs-cluster-container-insights", (n) => new aws.ecs.Cluster(n, { settings: [{ name: "containerInsights", value: "disabled" }] })]],
    good: [(n) => new aws.ecs.Cluster(n, { settings: [{ name: "containerInsights", value: "enhanced" }] })],
  },
  CKV_AWS_223: {
    bad: [
      [
        "ecs-cluster-exec-logging-encrypted",
        (n) => new aws.ecs.Cluster(n, { settings: [{ name: "containerInsights", value: "enabled" }], configuration: { executeCommandConfiguration: { kmsKeyId: KEY, logging: "NONE" } } }),
      ],
    ],
    good: [
      (n) =>
        new aws.ecs.Cluster(n, {
          settings: [{ name: "containerInsights", value: "enabled" }],
          configuration: { executeCommandConfiguration: { kmsKeyId: KEY, logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true } } },
        }),
    ],
  },
  CKV_AWS_224: {
    bad: [["ecs-cluster-exec-logging-encrypted", (n) => new aws.ecs.Cluster(n, { configuration: { executeCommandConfiguration: { logging: "DEFAULT" } } })]],
    good: [(n) => new aws.ecs.Cluster(n, { configuration: { executeCommandConfiguration: { kmsKeyId: KEY, logging: "DEFAULT" } } })],
  },
  CKV_AWS_332: {
    bad: [["ecs-service-fargate-platform-current", (n) => service(n, { platformVersion: "1.3.0" })]],
    good: [(n) => service(n, { platformVersion: "1.4.0" })],
  },
  CKV_AWS_333: {
    bad: [["ecs-service-no-public-ip", (n) => service(n, { networkConfiguration: { subnets: SUBNETS, securityGroups: [SG], assignPublicIp: true } })]],
    good: [(n) => service(n)],
  },
  CKV_AWS_334: {
    bad: [
      ["ecs-task-definition-not-privileged", (n) => taskDef(n, JSON.stringify([container({ privileged: true })]))],
      ["ecs-task-definition-not-privileged", (n) => taskDef(n, pulumi.jsonStringify([container({ privileged: pulumi.output(true) })]))],
    ],
    good: [(n) => taskDef(n, JSON.stringify([container()]))],
  },
  CKV_AWS_335: {
    bad: [["ecs-task-definition-no-host-pid", (n) => taskDef(n, JSON.stringify([container()]), { pidMode: "host" })]],
    good: [(n) => taskDef(n, JSON.stringify([container()]), { pidMode: "task" })],
  },
  CKV_AWS_336: {
    bad: [
      ["ecs-task-definition-read-only-root", (n) => taskDef(n, JSON.stringify([container({ readonlyRootFilesystem: false })]))],
      ["ecs-task-definition-read-only-root", (n) => taskDef(n, pulumi.output(JSON.stringify([container({ readonlyRootFilesystem: undefined })])))],
    ],
    good: [(n) => taskDef(n, pulumi.jsonStringify([container({ readonlyRootFilesystem: pulumi.output(true) })]))],
  },
  CKV_AWS_97: {
    bad: [
      [
        "ecs-task-definition-efs-transit-encryption",
        (n) => taskDef(n, JSON.stringify([container()]), { volumes: [{ name: "uploads", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0" } }] }),
      ],
    ],
    good: [(n) => taskDef(n, JSON.stringify([container()]), { volumes: [{ name: "uploads", efsVolumeConfiguration: { fileSystemId: "fs-0123456789abcdef0", transitEncryption: "ENABLED" } }] })],
  },
  CKV_AWS_249: {
    bad: [["ecs-task-definition-separate-roles", (n) => taskDef(n, JSON.stringify([container()]), { taskRoleArn: ROLE("app"), executionRoleArn: ROLE("app") })]],
    good: [(n) => taskDef(n, JSON.stringify([container()]))],
  },

  // ECR
  CKV_AWS_32: {
    bad: [
      ["ecr-repository-policy-not-public", (n) => new aws.ecr.RepositoryPolicy(n, { repository: "app", policy: doc(statement("*", ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"])) })],
      [
        "ecr-repository-policy-not-public",
        (n) =>
          new aws.ecr.RepositoryPolicy(n, {
            repository: "app",
            policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Sid: "Everyone", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "ecr:*" }] }),
          }),
      ],
    ],
    good: [
      (n) => new aws.ecr.RepositoryPolicy(n, { repository: "app", policy: doc(statement({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, ["ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"])) }),
      (n) => new aws.ecr.RepositoryPolicy(n, { repository: "app", policy: doc(statement("*", "ecr:BatchGetImage", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } })) }),
    ],
  },
  CKV_AWS_51: {
    bad: [["ecr-repository-tag-immutable", (n) => new aws.ecr.Repository(n, { imageTagMutability: "MUTABLE" })]],
    good: [(n) => new aws.ecr.Repository(n, { imageTagMutability: "IMMUTABLE" })],
  },
  CKV_AWS_136: {
    bad: [["ecr-repository-kms-encrypted", (n) => new aws.ecr.Repository(n, { imageTagMutability: "IMMUTABLE", encryptionConfigurations: [{ encryptionType: "AES256" }] })]],
    good: [(n) => new aws.ecr.Repository(n, { imageTagMutability: "IMMUTABLE", encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }] })],
  },
  CKV_AWS_163: {
    bad: [["ecr-repository-scan-on-push", (n) => new aws.ecr.Repository(n, { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: false } })]],
    good: [(n) => new aws.ecr.Repository(n, { imageTagMutability: "IMMUTABLE", imageScanningConfiguration: { scanOnPush: true } })],
  },

  // Backup, SNS, CloudWatch Logs
  CKV_AWS_166: {
    bad: [["backup-vault-kms-encrypted", (n) => new aws.backup.Vault(n, { name: n })]],
    good: [(n) => new aws.backup.Vault(n, { name: n, kmsKeyArn: KEY })],
  },
  CKV_AWS_26: {
    bad: [
      ["sns-topic-kms-encrypted", (n) => new aws.sns.Topic(n, {})],
      ["sns-topic-kms-encrypted", (n) => new aws.sns.Topic(n, { kmsMasterKeyId: "alias/aws/sns" })],
    ],
    good: [(n) => new aws.sns.Topic(n, { kmsMasterKeyId: KEY })],
  },
  CKV_AWS_169: {
    bad: [["sns-topic-policy-not-public", (n) => new aws.sns.TopicPolicy(n, { arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`, policy: doc(statement({ AWS: "*" }, "SNS:Publish")) })]],
    good: [(n) => new aws.sns.TopicPolicy(n, { arn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`, policy: doc(statement({ Service: "cloudwatch.amazonaws.com" }, "SNS:Publish")) })],
  },
  CKV_AWS_66: {
    bad: [["logs-group-retention-set", (n) => new aws.cloudwatch.LogGroup(n, { kmsKeyId: KEY })]],
    good: [(n) => new aws.cloudwatch.LogGroup(n, { kmsKeyId: KEY, retentionInDays: 365 }), (n) => new aws.cloudwatch.LogGroup(n, { kmsKeyId: KEY, retentionInDays: 0 })],
  },
  CKV_AWS_158: {
    bad: [["logs-group-kms-encrypted", (n) => new aws.cloudwatch.LogGroup(n, { retentionInDays: 365 })]],
    good: [(n) => new aws.cloudwatch.LogGroup(n, { retentionInDays: 365, kmsKeyId: KEY })],
  },

  // WAFv2
  CKV_AWS_175: {
    bad: [["waf-web-acl-core-managed-groups", (n) => webAcl(n, [])]],
    good: [
      (n) =>
        webAcl(
          n,
          CORE_GROUPS.map((g, i) => managed(g, i + 1)),
        ),
    ],
  },
  CKV_AWS_192: {
    bad: [
      [
        "waf-web-acl-core-managed-groups",
        (n) =>
          webAcl(
            n,
            CORE_GROUPS.map((g, i) => managed(g, i + 1, g.includes("KnownBad") ? { ruleActionOverrides: [{ name: "Log4JRCE", actionToUse: { count: {} } }] } : {})),
          ),
      ],
      [
        "waf-web-acl-core-managed-groups",
        (n) =>
          webAcl(n, [], {
            ruleJson: JSON.stringify(
              CORE_GROUPS.map((g, i) => ({
                Name: g,
                Priority: i + 1,
                OverrideAction: { None: {} },
                Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: g, ...(g.includes("KnownBad") ? { ExcludedRules: [{ Name: "Log4JRCE" }] } : {}) } },
                VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: g },
              })),
            ),
          }),
      ],
    ],
    good: [
      (n) =>
        webAcl(
          n,
          CORE_GROUPS.map((g, i) => managed(g, i + 1, g.includes("KnownBad") ? { ruleActionOverrides: [{ name: "Host_localhost_HEADER", actionToUse: { count: {} } }] } : {})),
        ),
    ],
  },
  CKV2_AWS_76: {
    bad: [
      [
        "waf-web-acl-core-managed-groups",
        (n) =>
          new aws.wafv2.WebAclAssociation(`${n}-association`, {
            resourceArn: alb(`${n}-lb`).arn,
            webAclArn: webAcl(n, [managed("AWSManagedRulesCommonRuleSet", 1), managed("AWSManagedRulesSQLiRuleSet", 2)]).arn,
          }),
      ],
    ],
    good: [
      (n) =>
        new aws.wafv2.WebAclAssociation(`${n}-association`, {
          resourceArn: alb(`${n}-lb`).arn,
          webAclArn: webAcl(
            n,
            CORE_GROUPS.map((g, i) => managed(g, i + 1)),
          ).arn,
        }),
    ],
  },
  CKV2_AWS_31: {
    bad: [
      [
        "waf-web-acl-logging",
        (n) =>
          webAcl(
            n,
            CORE_GROUPS.map((g, i) => managed(g, i + 1)),
          ),
      ],
    ],
    good: [
      (n) =>
        new aws.wafv2.WebAclLoggingConfiguration(`${n}-logging`, {
          resourceArn: webAcl(
            n,
            CORE_GROUPS.map((g, i) => managed(g, i + 1)),
          ).arn,
          logDestinationConfigs: [FIREHOSE],
          redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        }),
    ],
  },

  // EC2: security groups (inline, SecurityGroupRule, vpc.SecurityGroup*Rule), network ACLs, subnets, VPCs
  CKV_AWS_23: {
    bad: [
      [
        "ec2-security-group-rule-description",
        (n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "web", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"] }] }),
      ],
      ["ec2-security-group-rule-description", (n) => new aws.vpc.SecurityGroupEgressRule(n, { securityGroupId: SG, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" })],
    ],
    good: [
      (n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "web", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/16"], description: "VPN to HTTPS" }] }),
      (n) => new aws.vpc.SecurityGroupEgressRule(n, { securityGroupId: SG, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16", description: "to the API" }),
    ],
  },
  CKV_AWS_24: {
    bad: [
      ["ec2-security-group-no-world-ingress", (n) => new aws.ec2.SecurityGroupRule(n, sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }))],
      ["ec2-security-group-no-world-ingress", (n) => new aws.vpc.SecurityGroupIngressRule(n, { securityGroupId: SG, ipProtocol: "6", fromPort: 22, toPort: 22, cidrIpv6: "::/0", description: "ssh" })],
    ],
    good: [
      (n) => new aws.ec2.SecurityGroupRule(n, sgRule({ fromPort: 22, toPort: 22, cidrBlocks: ["10.8.0.0/16"] })),
      (n) => new aws.vpc.SecurityGroupIngressRule(n, { securityGroupId: SG, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "https" }),
    ],
  },
  CKV_AWS_25: {
    bad: [
      [
        "ec2-security-group-no-world-ingress",
        (n) =>
          new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "rdp", ingress: [{ protocol: "TCP", fromPort: 3389, toPort: 3389, cidrBlocks: [pulumi.output("0.0.0.0/0")], description: "rdp" }] }),
      ],
    ],
    good: [(n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "rdp", ingress: [{ protocol: "tcp", fromPort: 3389, toPort: 3389, securityGroups: [SG], description: "bastion" }] })],
  },
  CKV_AWS_277: {
    bad: [
      [
        "ec2-security-group-no-world-ingress",
        (n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "all", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all" }] }),
      ],
      ["ec2-security-group-no-world-ingress", (n) => new aws.vpc.SecurityGroupIngressRule(n, { securityGroupId: SG, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "all" })],
    ],
    good: [(n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "all", ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["10.0.0.0/8"], description: "VPC" }] })],
  },
  CKV_AWS_382: {
    bad: [
      [
        "ec2-security-group-no-world-egress-all-ports",
        (n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "app", egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all" }] }),
      ],
      ["ec2-security-group-no-world-egress-all-ports", (n) => new aws.ec2.SecurityGroupRule(n, sgRule({ type: "egress", protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }))],
    ],
    good: [(n) => new aws.ec2.SecurityGroup(n, { vpcId: VPC, description: "app", egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS out" }] })],
  },
  CKV_AWS_229: {
    bad: [["ec2-network-acl-no-admin-ports-from-world", (n) => new aws.ec2.NetworkAclRule(n, naclRule({ fromPort: 21, toPort: 21, cidrBlock: "0.0.0.0/0" }))]],
    good: [(n) => new aws.ec2.NetworkAclRule(n, naclRule({ fromPort: 21, toPort: 21, cidrBlock: "10.0.0.0/8" }))],
  },
  CKV_AWS_230: {
    bad: [
      [
        "ec2-network-acl-no-admin-ports-from-world",
        (n) => new aws.ec2.NetworkAcl(n, { vpcId: VPC, subnetIds: SUBNETS, ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 20, toPort: 20, cidrBlock: "0.0.0.0/0" }] }),
      ],
    ],
    good: [(n) => new aws.ec2.NetworkAcl(n, { vpcId: VPC, subnetIds: SUBNETS, ingress: [{ ruleNo: 100, action: "deny", protocol: "tcp", fromPort: 20, toPort: 20, cidrBlock: "0.0.0.0/0" }] })],
  },
  CKV_AWS_231: {
    bad: [
      [
        "ec2-network-acl-no-admin-ports-from-world",
        (n) => new aws.ec2.NetworkAcl(n, { vpcId: VPC, subnetIds: SUBNETS, ingress: [{ ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "0.0.0.0/0" }] }),
      ],
    ],
    good: [(n) => new aws.ec2.NetworkAcl(n, { vpcId: VPC, subnetIds: SUBNETS, ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" }] })],
  },
  CKV_AWS_232: {
    bad: [["ec2-network-acl-no-admin-ports-from-world", (n) => new aws.ec2.NetworkAclRule(n, naclRule({ fromPort: 22, toPort: 22, ipv6CidrBlock: "::/0" }))]],
    good: [(n) => new aws.ec2.NetworkAclRule(n, naclRule({ fromPort: 22, toPort: 22, ipv6CidrBlock: "::/0", ruleAction: "deny" }))],
  },
  CKV_AWS_130: {
    bad: [["ec2-subnet-no-auto-public-ip", (n) => new aws.ec2.Subnet(n, { vpcId: VPC, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: true })]],
    good: [(n) => new aws.ec2.Subnet(n, { vpcId: VPC, cidrBlock: "10.0.1.0/24", mapPublicIpOnLaunch: false })],
  },
  CKV2_AWS_1: {
    bad: [["ec2-network-acl-attached", (n) => new aws.ec2.NetworkAcl(n, { vpcId: VPC })]],
    good: [(n) => new aws.ec2.NetworkAclAssociation(`${n}-association`, { networkAclId: new aws.ec2.NetworkAcl(n, { vpcId: VPC }).id, subnetId: SUBNETS[0] })],
  },
  CKV2_AWS_11: {
    bad: [["ec2-vpc-flow-logs-and-closed-default-sg", (n) => new aws.ec2.DefaultSecurityGroup(`${n}-default`, { vpcId: new aws.ec2.Vpc(n, { cidrBlock: "10.1.0.0/16" }).id })]],
    good: [
      (n) => {
        const vpc = new aws.ec2.Vpc(n, { cidrBlock: "10.2.0.0/16" });
        new aws.ec2.DefaultSecurityGroup(`${n}-default`, { vpcId: vpc.id });
        return new aws.ec2.FlowLog(`${n}-flow`, {
          vpcId: vpc.id,
          trafficType: "ALL",
          logDestinationType: "cloud-watch-logs",
          logDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/vpc/flow`,
          iamRoleArn: ROLE("flow-logs"),
        });
      },
    ],
  },
  CKV2_AWS_12: {
    bad: [
      [
        "ec2-vpc-flow-logs-and-closed-default-sg",
        (n) => new aws.ec2.FlowLog(`${n}-flow`, { vpcId: new aws.ec2.Vpc(n, { cidrBlock: "10.3.0.0/16" }).id, trafficType: "ALL", logDestination: "arn:aws:s3:::flow-logs", logDestinationType: "s3" }),
      ],
      ["ec2-default-security-group-closed", (n) => new aws.ec2.DefaultSecurityGroup(n, { vpcId: VPC, ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] })],
    ],
    good: [(n) => new aws.ec2.DefaultSecurityGroup(n, { vpcId: VPC, ingress: [], egress: [] })],
  },

  // S3: inline properties of aws.s3.Bucket / BucketV2, and the standalone resources in both token families
  CKV_AWS_18: {
    bad: [["s3-bucket-access-logging", (n) => bucket(n)]],
    good: [
      (n) => new aws.s3.BucketLogging(`${n}-logging`, { bucket: new aws.s3.BucketV2(n).id, targetBucket: "access-logs", targetPrefix: `${n}/` }),
      (n) => bucket(n, { logging: { targetBucket: "access-logs", targetPrefix: `${n}/` } }),
    ],
  },
  CKV_AWS_19: {
    bad: [["s3-bucket-cmk-encrypted", (n) => bucket(n)]],
    good: [
      (n) =>
        new aws.s3.BucketServerSideEncryptionConfiguration(`${n}-sse`, {
          bucket: bucket(n).id,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
        }),
    ],
  },
  CKV_AWS_145: {
    bad: [
      [
        "s3-bucket-cmk-encrypted",
        (n) => new aws.s3.BucketServerSideEncryptionConfigurationV2(`${n}-sse`, { bucket: bucket(n).id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }),
      ],
    ],
    good: [(n) => bucket(n, { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } } } })],
  },
  CKV_AWS_20: {
    bad: [["s3-bucket-no-public-acl", (n) => bucket(n, { acl: "public-read" })]],
    good: [(n) => bucket(n, { acl: "private" })],
  },
  CKV_AWS_57: {
    bad: [["s3-bucket-no-public-acl", (n) => new aws.s3.BucketAclV2(n, { bucket: "uploads", acl: "public-read-write" })]],
    good: [(n) => new aws.s3.BucketAcl(n, { bucket: "uploads", acl: "private" })],
  },
  CKV_AWS_375: {
    bad: [
      [
        "s3-bucket-no-public-acl",
        (n) =>
          new aws.s3.BucketAcl(n, {
            bucket: "uploads",
            accessControlPolicy: { owner: { id: "owner" }, grants: [{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ_ACP" }] },
          }),
      ],
    ],
    good: [
      (n) => new aws.s3.BucketAcl(n, { bucket: "uploads", accessControlPolicy: { owner: { id: "owner" }, grants: [{ grantee: { type: "CanonicalUser", id: "owner" }, permission: "FULL_CONTROL" }] } }),
    ],
  },
  CKV2_AWS_43: {
    bad: [
      ["s3-bucket-no-public-acl", (n) => new aws.s3.BucketAcl(n, { bucket: "uploads", acl: "authenticated-read" })],
      ["s3-bucket-no-public-acl", (n) => bucket(n, { grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers", permissions: ["READ"] }] })],
    ],
    good: [(n) => bucket(n, { grants: [{ type: "CanonicalUser", id: "owner", permissions: ["FULL_CONTROL"] }] })],
  },
  CKV_AWS_21: {
    bad: [
      ["s3-bucket-versioning-enabled", (n) => new aws.s3.BucketVersioning(`${n}-versioning`, { bucket: bucket(n).id, versioningConfiguration: { status: "Suspended" } })],
      ["s3-bucket-versioning-enabled", (n) => bucket(n, { versioning: { enabled: false } })],
    ],
    good: [
      (n) => new aws.s3.BucketVersioningV2(`${n}-versioning`, { bucket: new aws.s3.BucketV2(n).id, versioningConfiguration: { status: "Enabled" } }),
      (n) => bucket(n, { versioning: { enabled: true } }),
    ],
  },
  CKV_AWS_53: {
    bad: [["s3-public-access-block-all-on", (n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", ...blockAll, blockPublicAcls: false })]],
    good: [(n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", ...blockAll })],
  },
  CKV_AWS_54: {
    bad: [["s3-public-access-block-all-on", (n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", ...blockAll, blockPublicPolicy: false })]],
    good: [(n) => new aws.s3.AccountPublicAccessBlock(n, blockAll)],
  },
  CKV_AWS_55: {
    bad: [["s3-public-access-block-all-on", (n) => new aws.s3.AccountPublicAccessBlock(n, { ...blockAll, ignorePublicAcls: false })]],
    good: [(n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", ...blockAll })],
  },
  CKV_AWS_56: {
    bad: [["s3-public-access-block-all-on", (n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true })]],
    good: [(n) => new aws.s3.BucketPublicAccessBlock(n, { bucket: "uploads", ...blockAll })],
  },
  CKV_AWS_70: {
    bad: [
      ["s3-bucket-policy-not-public", (n) => new aws.s3.BucketPolicy(n, { bucket: "uploads", policy: doc(statement("*", "s3:GetObject")) })],
      [
        "s3-bucket-policy-not-public",
        (n) => bucket(n, { policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:*"], Resource: ["arn:aws:s3:::uploads/*"] }] } }),
      ],
    ],
    good: [
      (n) => new aws.s3.BucketPolicy(n, { bucket: "uploads", policy: doc(statement({ AWS: ROLE("app-task") }, "s3:GetObject")) }),
      (n) => new aws.s3.BucketPolicy(n, { bucket: "uploads", policy: doc(statement("*", "s3:GetObject", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } } })) }),
    ],
  },
  CKV_AWS_379: {
    bad: [["s3-bucket-private-tls-only", (n) => new aws.s3.BucketPublicAccessBlock(`${n}-pab`, { bucket: bucket(n).id, ...blockAll })]],
    good: [
      (n) => {
        const b = bucket(n);
        new aws.s3.BucketPublicAccessBlock(`${n}-pab`, { bucket: b.id, ...blockAll });
        return new aws.s3.BucketPolicy(`${n}-policy`, { bucket: b.id, policy: TLS_ONLY(b.arn) });
      },
    ],
  },
  CKV2_AWS_6: {
    bad: [["s3-bucket-private-tls-only", (n) => new aws.s3.BucketPolicy(`${n}-policy`, { bucket: bucket(n).id, policy: TLS_ONLY(`arn:aws:s3:::${n}`) })]],
    good: [
      (n) => {
        const b = new aws.s3.BucketV2(n);
        new aws.s3.BucketPublicAccessBlock(`${n}-pab`, { bucket: b.id, ...blockAll });
        return new aws.s3.BucketPolicy(`${n}-policy`, { bucket: b.id, policy: TLS_ONLY(b.arn) });
      },
    ],
  },
  CKV2_AWS_65: {
    bad: [
      ["s3-bucket-acls-disabled", (n) => new aws.s3.BucketOwnershipControls(`${n}-ownership`, { bucket: bucket(n).id, rule: { objectOwnership: "ObjectWriter" } })],
      ["s3-bucket-acls-disabled", (n) => bucket(n)],
    ],
    good: [(n) => new aws.s3.BucketOwnershipControls(`${n}-ownership`, { bucket: bucket(n, { bucket: n }).bucket, rule: { objectOwnership: "BucketOwnerEnforced" } })],
  },
};

// ---- running the table ----------------------------------------------------------------------------------

/** The resource-name prefix of an example: `ckv-aws-16-bad-0`. */
const exampleName = (id: string, kind: "bad" | "good", i: number) => `${id.toLowerCase().replace(/_/g, "-")}-${kind}-${i}`;
const belongs = (r: CapturedResource, n: string) => r.name === n || r.name.startsWith(`${n}-`);
const levelOf = (policy: string) => {
  const v = prodConfig[policy] ?? prodConfig.all;
  return typeof v === "string" ? v : (v.enforcementLevel ?? prodConfig.all);
};
const rowsToTest = catalogue.checks.filter((c: any) => c.status === "implemented" || c.status === "stricter");

describe("checkov checks, from their own resource forms, through the pack", function () {
  this.timeout(120_000);
  let result: Awaited<ReturnType<typeof runPack>>;
  let resources: readonly CapturedResource[];

  before(async () => {
    const cap = await capture(
      () => {
        for (const [id, row] of Object.entries(ROWS)) {
          row.bad.forEach(([, build], i) => build(exampleName(id, "bad", i)));
          row.good.forEach((build, i) => build(exampleName(id, "good", i)));
        }
      },
      { stack: "prod", config: { "aws:region": "eu-west-1" } },
    );
    resources = cap.resources;
    result = await runPack(cap, prodConfig);
  });

  it("has insecure and secure examples for every check the pack implements or covers with a stricter policy, and none for any other", () => {
    assert.deepEqual(Object.keys(ROWS).sort(), rowsToTest.map((c: any) => c.id).sort());
    for (const row of Object.values(ROWS)) assert.ok(row.bad.length >= 1 && row.good.length >= 1);
  });

  for (const check of rowsToTest) {
    const policies: string[] = check.status === "implemented" ? check.policies : [check.policy];
    const row = ROWS[check.id];
    if (!row) continue;
    it(`${check.id} (${check.resourceTypes.join(", ")}): ${policies.join(" or ")} blocks the insecure forms and passes the secure ones`, () => {
      const found = (n: string, names: readonly string[]) => {
        const urns = new Set(resources.filter((r) => belongs(r, n)).map((r) => r.urn));
        assert.ok(urns.size > 0, `${n} registered no resource`);
        return result.violations.filter((v) => urns.has(v.urn) && names.includes(v.policyName));
      };
      row.bad.forEach(([policy], i) => {
        assert.ok(policies.includes(policy), `${check.id}: ${policy} is not a policy of the check`);
        const n = exampleName(check.id, "bad", i);
        const hits = found(n, [policy]);
        assert.ok(
          hits.length >= 1,
          `${n}: ${policy} did not fire; violations there: ${JSON.stringify(found(n, policies.concat(result.violations.map((v) => v.policyName))).map((v) => v.policyName))}`,
        );
        for (const v of hits) assert.equal(v.enforcementLevel, levelOf(policy), `${n}: ${policy} at ${v.enforcementLevel}`);
        assert.equal(result.undecided.filter((u) => u.policyName === policy && resources.some((r) => r.urn === u.urn && belongs(r, n))).length, 0);
      });
      row.good.forEach((_, i) => {
        const n = exampleName(check.id, "good", i);
        assert.deepEqual(
          found(n, policies).map((v) => `${v.policyName}: ${v.message}`),
          [],
          n,
        );
      });
    });
  }
});
