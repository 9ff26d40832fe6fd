import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { awsContext, baseTags, statefulOptions } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { rotationFunction } from "../shared/rotation-function";
import { limitSecretReaders, secretReadersPolicy, secureSecret } from "../shared/secret";
import { SecureCacheArgs } from "./args";
import {
  ALARM_CPU_PERCENT,
  ALARM_ENGINE_CPU_PERCENT,
  ALARM_EVALUATION_PERIODS,
  ALARM_MEMORY_PERCENT,
  ALARM_PERIOD_SECONDS,
  HTTPS_PORT,
  PASSWORD_LENGTH,
  ROTATION_TIMEOUT_SECONDS,
  TCP_KEEPALIVE_SECONDS,
  ALERT_EVENT_TYPES,
  TIMEOUT_SECONDS,
  alarmEvictionsThreshold,
} from "./defaults";
import { checked, validate, withDefaults } from "./validate";

export * from "./args";

/** The app user's access string: its key prefixes only, every command except the dangerous ones (CACHE-2). */
export function appAccessString(prefixes: readonly string[]): string {
  return `on ${prefixes.map((p) => `~${p}*`).join(" ")} +@all -@dangerous`;
}

/** The replacement for the built-in `default` user: switched off, no keys, no commands (CACHE-2). */
export const DISABLED_DEFAULT_ACCESS_STRING = "off -@all";

/**
 * An ElastiCache Valkey/Redis OSS replication group that only speaks TLS (CACHE-1), authenticates every
 * connection through RBAC with the `default` user switched off and an app user limited to its key
 * prefixes (CACHE-2), admits the app's security group only (CACHE-3), encrypts at rest with a CMK
 * (CACHE-4), runs the seeds' server settings (CACHE-5) and, in prod, a replica with Multi-AZ failover and
 * 35 days of snapshots (CACHE-6).
 *
 * The app password lives in Secrets Manager and rotates on its schedule (SEC-4) through a function in the VPC
 * (functions/redis) that gives the user two passwords, the current and the new one, and drops the previous one only
 * at the next rotation: a task keeps working with the password it read at start for a full period.
 */
export class SecureCache extends pulumi.ComponentResource {
  readonly replicationGroupId: pulumi.Output<string>;
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** `rediss://<user>@<host>:<port>`: the client adds the password from {@link userSecretArn}. */
  readonly urlTemplate: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** Secret `/<appName>/<env>/redis/<user>` holding `{ username, password, host, port, tls }` (JSON). */
  readonly userSecretArn: pulumi.Output<string>;
  readonly userSecretName: string;
  readonly userName: string;
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The function that rotates the app password. */
  readonly rotationFunctionArn: pulumi.Output<string>;

  constructor(name: string, args: SecureCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(name, checked(name, args))); // before super: bad input registers nothing
    super("hardened:cache:SecureCache", name, {}, opts);
    const parent = { parent: this };
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "cache", extra);
    const purposeTag = { "cache-purposes": [...a.purposes].sort().join("+") };

    const ctx = awsContext(this);
    // CACHE-4: a CMK per cache (rotated yearly) unless the caller brings one.
    const kmsKeyArn = a.kmsKeyArn
      ? pulumi.output(a.kmsKeyArn)
      : customerManagedKey(`${name}-key`, { environment: a.environment, description: `ElastiCache ${a.groupId} at rest and its credentials`, alias: `${a.groupId}-cache`, tags: tags(), ctx }, parent);
    this.kmsKeyArn = kmsKeyArn;

    // CACHE-3: private subnets, and the port admitted from the app's group and private admin CIDRs only.
    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      {
        name: a.groupId,
        description: `Private data subnets of ${a.groupId}`,
        subnetIds: a.subnetIds,
        tags: tags(),
      },
      parent,
    );
    // SEC-4: the rotation function's own group; its egress rules are separate resources as they name the cache group.
    const rotationSg = new aws.ec2.SecurityGroup(
      `${name}-rotation-sg`,
      {
        vpcId: a.vpcId,
        description: `Password rotation of ${a.groupId}: TLS port ${a.port} to the cache, 443 to Secrets Manager and ElastiCache`,
        tags: tags({ Name: `${a.groupId}-rotation` }),
      },
      parent,
    );
    const v4 = a.allowedCidrs.filter((c) => !c.includes(":"));
    const v6 = a.allowedCidrs.filter((c) => c.includes(":"));
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: a.vpcId,
        description: `${a.engine} ${a.groupId}: TLS port ${a.port} from the app only`,
        ingress: [
          ...a.allowedSecurityGroupIds.map((id) => ({ protocol: "tcp", fromPort: a.port, toPort: a.port, securityGroups: [id], description: "app tasks" })),
          ...(v4.length ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, cidrBlocks: v4, description: "admin networks" }] : []),
          ...(v6.length ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, ipv6CidrBlocks: v6, description: "admin networks (IPv6)" }] : []),
          { protocol: "tcp", fromPort: a.port, toPort: a.port, securityGroups: [rotationSg.id], description: "password rotation function" },
        ],
        egress: [],
        tags: tags({ Name: `${a.groupId}-cache` }),
      },
      parent,
    );
    this.securityGroupId = sg.id;
    const rotationEgress = [
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-rotation-to-cache`,
        {
          securityGroupId: rotationSg.id,
          ipProtocol: "tcp",
          fromPort: a.port,
          toPort: a.port,
          referencedSecurityGroupId: sg.id,
          description: "TLS to the cache (testSecret authenticates)",
          tags: tags(),
        },
        parent,
      ),
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-rotation-to-https`,
        {
          securityGroupId: rotationSg.id,
          ipProtocol: "tcp",
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          cidrIpv4: "0.0.0.0/0",
          description: "HTTPS to Secrets Manager and ElastiCache (VPC endpoints or NAT)",
          tags: tags(),
        },
        parent,
      ),
    ];

    // CACHE-5: the seeds' settings ElastiCache lets us set; eviction follows what the keys are for.
    const params = new aws.elasticache.ParameterGroup(
      `${name}-params`,
      {
        name: `${a.groupId}-params`,
        family: a.family,
        description: `${a.groupId}: ${a.maxmemoryPolicy}, timeout ${TIMEOUT_SECONDS}, tcp-keepalive ${TCP_KEEPALIVE_SECONDS}`,
        parameters: [
          { name: "maxmemory-policy", value: a.maxmemoryPolicy },
          { name: "timeout", value: String(TIMEOUT_SECONDS) },
          { name: "tcp-keepalive", value: String(TCP_KEEPALIVE_SECONDS) },
        ],
        tags: tags(purposeTag),
      },
      parent,
    );

    // CACHE-2: RBAC. The app user's first password is generated here; rotation owns it afterwards.
    const password = new random.RandomPassword(
      `${name}-app-password`,
      {
        length: PASSWORD_LENGTH,
        special: false, // ElastiCache restricts symbols, and the value goes into rediss:// URLs
      },
      parent,
    );
    const appUserId = `${a.groupId}-app`;
    const appUser = new aws.elasticache.User(
      `${name}-app-user`,
      {
        userId: appUserId,
        userName: a.appUserName,
        engine: a.engine,
        accessString: appAccessString(a.keyPrefixes),
        authenticationMode: { type: "password", passwords: [password.result] },
        tags: tags(),
      },
      { parent: this, ignoreChanges: ["authenticationMode", "passwords"] },
    ); // the rotation function sets them
    const defaultPassword = new random.RandomPassword(`${name}-default-password`, { length: PASSWORD_LENGTH, special: false }, parent);
    const defaultUser = new aws.elasticache.User(
      `${name}-default-user`,
      {
        userId: `${a.groupId}-default`,
        userName: "default",
        engine: a.engine,
        accessString: DISABLED_DEFAULT_ACCESS_STRING,
        authenticationMode: { type: "password", passwords: [defaultPassword.result] },
        tags: tags(),
      },
      parent,
    );
    const userGroup = new aws.elasticache.UserGroup(
      `${name}-users`,
      {
        userGroupId: `${a.groupId}-users`,
        engine: a.engine,
        userIds: [defaultUser.userId, appUser.userId],
        tags: tags(),
      },
      parent,
    );

    // LOG: slow log (application) and engine log (security: auth failures, failovers) to fixed-name groups.
    const slowLog = args.logs.group(`${name}-slow-log`, `elasticache/${a.groupId}/slow-log`, "application", parent);
    const engineLog = args.logs.group(`${name}-engine-log`, `elasticache/${a.groupId}/engine-log`, "security", parent);

    const withReplica = a.replicas >= 1;
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-group`,
      {
        replicationGroupId: a.groupId,
        description: `${a.engine} ${a.engineVersion} for ${a.appName} ${a.environment} (${a.purposes.join(", ")})`,
        engine: a.engine,
        engineVersion: a.engineVersion,
        nodeType: a.nodeType,
        port: a.port,
        numCacheClusters: 1 + a.replicas,
        automaticFailoverEnabled: withReplica,
        multiAzEnabled: withReplica,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [sg.id],
        parameterGroupName: params.name,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
        kmsKeyId: kmsKeyArn,
        userGroupIds: [userGroup.userGroupId],
        autoMinorVersionUpgrade: true,
        snapshotRetentionLimit: a.snapshotRetentionDays,
        snapshotWindow: a.snapshotWindow,
        maintenanceWindow: a.maintenanceWindow,
        finalSnapshotIdentifier: a.environment === "prod" ? `${a.groupId}-final` : undefined,
        logDeliveryConfigurations: [
          { destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
          { destination: engineLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
        ],
        // No backup=true: AWS Backup does not back up ElastiCache; its snapshots (snapshotRetentionLimit) are its backup (CACHE-6).
        tags: tags(purposeTag),
      },
      statefulOptions(a.environment, parent),
    );

    this.replicationGroupId = group.id;
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = group.port.apply((p) => p ?? a.port);
    this.userName = a.appUserName;
    this.urlTemplate = pulumi.interpolate`rediss://${a.appUserName}@${group.primaryEndpointAddress}:${this.port}`;

    // SEC-1: the credential in Secrets Manager, encrypted with the cache's CMK, one per env/app/user.
    this.userSecretName = `/${a.appName}/${a.environment}/redis/${a.appUserName}`;
    const secret = secureSecret(
      `${name}-app-secret`,
      {
        environment: a.environment,
        secretName: this.userSecretName,
        description: `RBAC credential of ${a.appUserName} on ${a.groupId}, rotated every ${a.rotationDays} days (two valid passwords)`,
        kmsKeyArn,
        tags: tags({ purpose: "redis", "rotation-mode": "two-passwords" }),
      },
      parent,
    );
    // The first value only: rotation owns it afterwards, so pulumi up must not write it back.
    const version = new aws.secretsmanager.SecretVersion(
      `${name}-app-secret-value`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          pulumi.jsonStringify({
            engine: a.engine,
            host: group.primaryEndpointAddress,
            port: this.port,
            username: a.appUserName,
            password: password.result,
            tls: true,
          }),
        ),
      },
      { parent: this, dependsOn: [appUser], ignoreChanges: ["secretString", "versionStages"] },
    );
    this.userSecretArn = secret.arn;

    // SEC-4: the password rotation function in the VPC, allowed to modify exactly this user and this secret.
    const fn = rotationFunction(
      `${name}-rotation`,
      {
        kind: "redis",
        functionName: `${a.groupId}-rotation`,
        description: `Rotates the password of ${a.appUserName} on ${a.groupId} (two passwords per rotation)`,
        logs: args.logs,
        logPurpose: `elasticache/${a.groupId}/rotation`,
        secrets: [{ key: "app", name: this.userSecretName, arn: secret.arn }],
        kms: { keyArn: a.kmsKeyArn, alias: `${a.groupId}-cache` },
        generatesPasswords: true,
        statements: ctx.all.apply(({ partition, region, accountId: account }) => [
          {
            Sid: "ModifyTheAppUser",
            Effect: "Allow",
            Action: ["elasticache:ModifyUser", "elasticache:DescribeUsers"],
            Resource: `arn:${partition}:elasticache:${region}:${account}:user:${appUserId}`,
          },
        ]),
        environment: { USER_ID: appUserId },
        vpc: { subnetIds: a.rotationSubnetIds, securityGroupIds: [rotationSg.id] },
        // ModifyUser applies asynchronously: setSecret waits for the user to be active again.
        timeoutSeconds: ROTATION_TIMEOUT_SECONDS,
        tags: tags(),
        ctx,
      },
      this,
    );
    this.rotationFunctionArn = fn.functionArn;
    // Configuring rotation makes Secrets Manager call the function, which reaches the cache: after everything it needs.
    new aws.secretsmanager.SecretRotation(
      `${name}-app-rotation`,
      {
        secretId: secret.id,
        rotationLambdaArn: fn.functionArn,
        rotationRules: { automaticallyAfterDays: a.rotationDays },
        rotateImmediately: false,
      },
      { parent: this, dependsOn: [version, fn.permissions.app, group, ...rotationEgress] },
    );
    if (a.readerRoleArns && a.readerRoleArns.length > 0) {
      limitSecretReaders(`${name}-app-secret-policy`, secret, secretReadersPolicy({ readerRoleArns: a.readerRoleArns, rotationRoleArns: [fn.roleArn], ctx }), this);
    }

    // MON-7: CPU, memory and evictions of every node, when the caller gives a topic.
    if (a.alarmTopicArn) {
      // ElastiCache's failure events through EventBridge: ElastiCache cannot publish to a KMS-encrypted topic itself
      // (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ElastiCacheSNS.html), EventBridge can when the topic
      // and key policies admit events.amazonaws.com (Monitoring's do). The pattern takes the account's ElastiCache
      // failure events: the service's event detail is not documented closely enough to filter on the group reliably.
      const rule = new aws.cloudwatch.EventRule(
        `${name}-events`,
        {
          name: `${a.groupId}-cache-events`,
          description: `ElastiCache failures and limits (${a.appName} ${a.environment})`,
          eventPattern: JSON.stringify({ source: ["aws.elasticache"], "detail-type": [...ALERT_EVENT_TYPES] }),
          tags: tags(),
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(`${name}-events-alert`, { rule: rule.name, arn: a.alarmTopicArn }, parent);
      const nodes = Array.from({ length: 1 + a.replicas }, (_, i) => `${a.groupId}-${String(i + 1).padStart(3, "0")}`);
      const alarm = (suffix: string, metric: string, threshold: number, cluster: string, what: string) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-${suffix}-${cluster.slice(-3)}`,
          {
            name: `${cluster}-${suffix}`,
            alarmDescription: `${what} on ${cluster} (${a.appName} ${a.environment})`,
            namespace: "AWS/ElastiCache",
            metricName: metric,
            dimensions: { CacheClusterId: cluster },
            statistic: metric === "Evictions" ? "Sum" : "Average",
            period: ALARM_PERIOD_SECONDS,
            evaluationPeriods: ALARM_EVALUATION_PERIODS,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "missing",
            alarmActions: [a.alarmTopicArn!],
            okActions: [a.alarmTopicArn!],
            tags: tags(),
          },
          parent,
        );
      for (const node of nodes) {
        alarm("cpu", "CPUUtilization", ALARM_CPU_PERCENT, node, `Host CPU above ${ALARM_CPU_PERCENT}%`);
        alarm("engine-cpu", "EngineCPUUtilization", ALARM_ENGINE_CPU_PERCENT, node, `Engine CPU above ${ALARM_ENGINE_CPU_PERCENT}%`);
        alarm("memory", "DatabaseMemoryUsagePercentage", ALARM_MEMORY_PERCENT, node, `Memory above ${ALARM_MEMORY_PERCENT}%`);
        alarm("evictions", "Evictions", alarmEvictionsThreshold(a.purposes), node, `Evictions above ${alarmEvictionsThreshold(a.purposes)} per ${ALARM_PERIOD_SECONDS / 60} min (CACHE-5)`);
      }
    }

    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      port: this.port,
      urlTemplate: this.urlTemplate,
      securityGroupId: this.securityGroupId,
      userSecretArn: this.userSecretArn,
      rotationFunctionArn: this.rotationFunctionArn,
    });
  }
}
