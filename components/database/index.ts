import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { parseCidr } from "../shared/cidr";
import { awsContext, baseTags, knownArn } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { FUNCTION_HANDLER, FUNCTION_RUNTIME, functionCode } from "../shared/bundle";
import { limitSecretReaders, secretReadersPolicy, secureSecret } from "../shared/secret";
import { SecureDatabaseArgs } from "./args";
import * as d from "./defaults";
import { bootstrapSql, connectionUrl, DB_ROLES, DbRole, ROLE_NAMES } from "./roles";
import { checked, validate, withDefaults } from "./validate";

export * from "./args";
export { bootstrapSql, cloneLogin, connectionUrl, DB_ROLES, passwordVariable, ROLE_NAMES } from "./roles";
export type { DbRole } from "./roles";

/**
 * PostgreSQL on RDS, locked down (DB-1..DB-10): private subnets and its own security group admitting
 * the port only from named security groups and private CIDRs; TLS forced (≥1.2) with the RSA-2048 CA;
 * storage, Performance Insights and every secret under a customer-managed key; RDS-managed master
 * password; pgaudit and connection logging exported to encrypted log groups; backups, final snapshot,
 * deletion protection and Multi-AZ in prod; one generated password and secret per application role, rotated
 * (SEC-4) with alternating users (`<role>` and `<role>_clone` take turns, so the previous password works until the
 * next rotation) by the package's rotation function (functions/postgres) running next to the database.
 */
export class SecureDatabase extends pulumi.ComponentResource {
  /** Host name clients connect to. */
  readonly endpoint: pulumi.Output<string>;
  /** The port the instance listens on (known before anything is created). */
  readonly port: number;
  /** The RDS instance identifier (`<appName>-<env>-<name>`). */
  readonly instanceIdentifier: string;
  readonly databaseName: string;
  readonly securityGroupId: pulumi.Output<string>;
  /** CMK encrypting storage, Performance Insights, the master secret and the role secrets. */
  readonly kmsKeyArn: pulumi.Output<string>;
  /** The RDS-managed master user secret (operators only; apps use their role's secret). */
  readonly masterUserSecretArn: pulumi.Output<string>;
  /**
   * Secret ARN per role; each holds JSON {engine, host, port, username, password, dbname, masterarn, url}, where `url`
   * is `postgresql://user:pass@host:port/db?sslmode=verify-full` (Prisma's DATABASE_URL: inject `<arn>:url::`).
   */
  readonly roleSecretArns: Readonly<Record<DbRole, pulumi.Output<string>>>;
  /** Secret name per role: `/<appName>/<env>/db/<role>`. */
  readonly roleSecretNames: Readonly<Record<DbRole, string>>;
  /** Name of the CA that signs the server certificate. */
  readonly caCertIdentifier: string;
  /** Bundle clients verify the server certificate against (sslrootcert). */
  readonly caBundleUrl: string;
  /** `postgresql://{user}@<host>:<port>/<db>?sslmode=verify-full&sslrootcert=global-bundle.pem`; no password. */
  readonly connectionStringTemplate: pulumi.Output<string>;
  /** SQL that creates the roles and grants; passwords come from psql variables (see README). */
  readonly bootstrapSql: string;
  /** Log group RDS exports the postgresql (and pgaudit) log to. */
  readonly postgresqlLogGroupName: string;
  /** The function that rotates the role secrets: the bundled alternating-users function, or `rotationLambdaArn`. */
  readonly rotationFunctionArn: pulumi.Output<string>;

  constructor(name: string, args: SecureDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(name, checked(name, args))); // before super: bad input registers nothing
    super("hardened:database:SecureDatabase", name, {}, opts);
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "database", extra);
    const parent = { parent: this };
    const keep = { parent: this, protect: a.protect, retainOnDelete: a.protect };
    const ctx = awsContext(this);
    const id = a.identifier;
    this.instanceIdentifier = id;
    this.databaseName = a.databaseName;
    this.caCertIdentifier = d.CA_CERT_IDENTIFIER;
    this.caBundleUrl = d.CA_BUNDLE_URL;

    // DB-8: one CMK for storage, Performance Insights and every secret of this database.
    if (a.kmsKeyArn) {
      this.kmsKeyArn = pulumi.output(a.kmsKeyArn);
    } else {
      this.kmsKeyArn = customerManagedKey(
        `${name}-key`,
        { environment: a.environment, description: `RDS ${id}: storage, Performance Insights and database secrets`, alias: id, tags: tags(), ctx },
        keep,
      );
    }

    // SEC-4: the rotation function's own group (unless the caller brings a function). It exists before the
    // database group, which admits it; its egress rules are separate resources as they name the database group.
    const rotationSg = a.rotationLambdaArn
      ? undefined
      : new aws.ec2.SecurityGroup(
          `${name}-rotation-sg`,
          {
            vpcId: a.vpcId,
            description: `Role-password rotation of ${id}: PostgreSQL to the database, 443 to Secrets Manager only`,
            tags: tags({ Name: `${id}-rotation` }),
          },
          parent,
        );

    // DB-4: private subnets, own security group, the port from named groups and private CIDRs only, no egress.
    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: id,
        description: `Private data subnets of ${id}`,
        subnetIds: a.subnetIds,
        tags: tags(),
      },
      parent,
    );
    const v4 = a.allowedCidrs.filter((c) => parseCidr(c)!.family === 4);
    const v6 = a.allowedCidrs.filter((c) => parseCidr(c)!.family === 6);
    const ingress: aws.types.input.ec2.SecurityGroupIngress[] = [
      ...(a.allowedSecurityGroupIds.length
        ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, securityGroups: [...a.allowedSecurityGroupIds], description: "PostgreSQL from admitted security groups" }]
        : []),
      ...(v4.length ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, cidrBlocks: v4, description: "PostgreSQL from admin CIDRs" }] : []),
      ...(v6.length ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, ipv6CidrBlocks: v6, description: "PostgreSQL from admin IPv6 CIDRs" }] : []),
      ...(rotationSg ? [{ protocol: "tcp", fromPort: a.port, toPort: a.port, securityGroups: [rotationSg.id], description: "PostgreSQL from the role-password rotation function" }] : []),
    ];
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: a.vpcId,
        description: `PostgreSQL ${id}: port ${a.port} from admitted groups and CIDRs only`,
        ingress,
        tags: tags({ Name: `${id}-db` }),
      },
      parent,
    );
    this.securityGroupId = sg.id;
    const rotationEgress = rotationSg
      ? [
          new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-db`,
            {
              securityGroupId: rotationSg.id,
              ipProtocol: "tcp",
              fromPort: a.port,
              toPort: a.port,
              referencedSecurityGroupId: sg.id,
              description: "PostgreSQL to the database",
              tags: tags(),
            },
            parent,
          ),
          // The data subnets have no route out of the VPC: this reaches the Secrets Manager interface endpoint.
          new aws.vpc.SecurityGroupEgressRule(
            `${name}-rotation-to-https`,
            {
              securityGroupId: rotationSg.id,
              ipProtocol: "tcp",
              fromPort: d.HTTPS_PORT,
              toPort: d.HTTPS_PORT,
              cidrIpv4: "0.0.0.0/0",
              description: "HTTPS to Secrets Manager (VPC endpoint or NAT)",
              tags: tags(),
            },
            parent,
          ),
        ]
      : [];

    // DB-1, DB-7, DB-9: TLS floor, connection and audit logging, slow queries.
    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}-params`,
      {
        name: `${id}-${a.family}`,
        family: a.family,
        description: `Hardened ${a.family} settings for ${id}`,
        parameters: [
          { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
          { name: "ssl_min_protocol_version", value: a.minTlsVersion, applyMethod: "immediate" },
          { name: "log_connections", value: "1", applyMethod: "immediate" },
          { name: "log_disconnections", value: "1", applyMethod: "immediate" },
          { name: "log_min_duration_statement", value: String(a.slowQueryMs), applyMethod: "immediate" },
          { name: "shared_preload_libraries", value: d.SHARED_PRELOAD_LIBRARIES, applyMethod: "pending-reboot" },
          { name: "pgaudit.log", value: d.PGAUDIT_LOG, applyMethod: "immediate" },
        ],
        tags: tags(),
      },
      parent,
    );

    // RDS creates the export groups itself (unencrypted, kept forever) unless they exist first.
    this.postgresqlLogGroupName = `/aws/rds/instance/${id}/postgresql`;
    const logGroups = [
      args.logs.group(`${name}-postgresql-log`, "rds-postgresql", "audit", { parent: this, name: this.postgresqlLogGroupName }),
      args.logs.group(`${name}-upgrade-log`, "rds-upgrade", "application", { parent: this, name: `/aws/rds/instance/${id}/upgrade` }),
    ];

    // RDS.6: enhanced monitoring through the AWS-managed role policy.
    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        name: `${id}-monitoring`,
        description: `Enhanced monitoring of ${id}`,
        assumeRolePolicy: ctx.accountId.apply((account) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
          }),
        ),
        tags: tags(),
      },
      parent,
    );
    const monitoringAttachment = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/${d.ENHANCED_MONITORING_POLICY}`,
      },
      parent,
    );

    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier: id,
        engine: "postgres",
        engineVersion: a.engineVersion,
        instanceClass: a.instanceClass,
        dbName: a.databaseName,
        port: a.port,
        username: a.masterUsername,
        manageMasterUserPassword: true, // DB-5: RDS generates and rotates it in Secrets Manager
        masterUserSecretKmsKeyId: this.kmsKeyArn,
        iamDatabaseAuthenticationEnabled: true,
        dbSubnetGroupName: subnetGroup.name,
        vpcSecurityGroupIds: [sg.id],
        publiclyAccessible: false,
        networkType: "IPV4",
        parameterGroupName: parameterGroup.name,
        caCertIdentifier: d.CA_CERT_IDENTIFIER,
        storageType: d.STORAGE_TYPE,
        allocatedStorage: a.allocatedStorage,
        maxAllocatedStorage: a.maxAllocatedStorage,
        storageEncrypted: true,
        kmsKeyId: this.kmsKeyArn,
        multiAz: a.multiAz,
        backupRetentionPeriod: a.backupRetentionDays,
        copyTagsToSnapshot: true,
        deleteAutomatedBackups: false,
        deletionProtection: a.deletionProtection,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${id}-final`,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        enabledCloudwatchLogsExports: [...d.CLOUDWATCH_LOG_EXPORTS],
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: this.kmsKeyArn,
        performanceInsightsRetentionPeriod: a.performanceInsightsRetentionDays,
        monitoringInterval: a.monitoringInterval,
        monitoringRoleArn: monitoringRole.arn,
        tags: tags({ Name: id, backup: "true" }),
      },
      { ...keep, dependsOn: [...logGroups, monitoringAttachment] },
    );

    this.endpoint = instance.address;
    this.port = a.port;
    this.masterUserSecretArn = instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
    this.connectionStringTemplate = pulumi.interpolate`postgresql://{user}@${instance.address}:${a.port}/${a.databaseName}?sslmode=verify-full&sslrootcert=global-bundle.pem`;
    this.bootstrapSql = bootstrapSql().all;

    // SEC-4: the alternating-users rotation function (functions/postgres, bundled) in the database subnets, unless
    // the caller brings one. Its role reaches exactly the role secrets, the master secret (to set the other login's
    // password) and the database key through Secrets Manager.
    const secretNames = Object.fromEntries(ROLE_NAMES.map((role) => [role, `/${a.appName}/${a.environment}/db/${role}`])) as Record<DbRole, string>;
    let rotationPolicy: aws.iam.RolePolicy | undefined;
    const rotationRoleArns: pulumi.Output<string>[] = [];
    if (a.rotationLambdaArn) {
      this.rotationFunctionArn = pulumi.output(a.rotationLambdaArn);
    } else {
      const functionName = `${id}-rotation`;
      // Lambda would create this group itself, unencrypted and kept forever.
      const rotationLog = args.logs.group(`${name}-rotation-log`, "db-rotation", "security", { parent: this, name: `/aws/lambda/${functionName}` });
      const role = new aws.iam.Role(
        `${name}-rotation`,
        {
          name: functionName,
          description: `Rotates the role secrets of ${id}`,
          assumeRolePolicy: ctx.accountId.apply((account) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
            }),
          ),
          tags: tags(),
        },
        parent,
      );
      rotationRoleArns.push(role.arn);
      rotationPolicy = new aws.iam.RolePolicy(
        `${name}-rotation`,
        {
          role: role.id,
          // Built from names and invokes, not outputs, so the document is known (and checked) in a preview.
          policy: pulumi
            .all([ROLE_NAMES.map((r) => knownArn.secret(ctx, secretNames[r])), a.kmsKeyArn ?? knownArn.anyKey(ctx), knownArn.logGroup(ctx, `/aws/lambda/${functionName}`), ctx.all])
            .apply(([secretArns, keyArn, groupArn, { accountId: account, region, partition }]) => {
              const arn = (service: string, what: string) => `arn:${partition}:${service}:${region}:${account}:${what}`;
              return JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                  {
                    Sid: "RotateRoleSecrets",
                    Effect: "Allow",
                    Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                    Resource: secretArns,
                  },
                  // RDS names the master secret rds!db-<uuid> and tags it with the instance it belongs to.
                  {
                    Sid: "ReadMasterSecret",
                    Effect: "Allow",
                    Action: "secretsmanager:GetSecretValue",
                    Resource: arn("secretsmanager", "secret:rds!db-*"),
                    Condition: { StringEquals: { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": arn("rds", `db:${id}`) } },
                  },
                  // GetRandomPassword acts on no resource: IAM accepts only "*" for it.
                  { Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
                  {
                    Sid: "UseTheSecretsKey",
                    Effect: "Allow",
                    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                    Resource: keyArn,
                    Condition: {
                      StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                      // The database's own key, by its alias, when it is created here (its ARN is not known yet).
                      ...(a.kmsKeyArn ? {} : { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${id}` } }),
                    },
                  },
                  { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${groupArn}:*` },
                  // Lambda attaches the function to the VPC with the execution role (what AWSLambdaVPCAccessExecutionRole
                  // grants on "*"), here within this account and region.
                  {
                    Sid: "AttachToTheVpc",
                    Effect: "Allow",
                    Action: "ec2:CreateNetworkInterface",
                    Resource: [arn("ec2", "network-interface/*"), arn("ec2", "subnet/*"), arn("ec2", "security-group/*")],
                  },
                  {
                    Sid: "ManageItsInterfaces",
                    Effect: "Allow",
                    Action: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
                    Resource: arn("ec2", "network-interface/*"),
                  },
                  // Describe calls support no resource-level permissions.
                  { Sid: "DescribeInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
                ],
              });
            }),
        },
        parent,
      );
      const fn = new aws.lambda.Function(
        `${name}-rotation`,
        {
          name: functionName,
          description: `Alternating-users rotation of the role secrets of ${id}`,
          runtime: FUNCTION_RUNTIME,
          handler: FUNCTION_HANDLER,
          role: role.arn,
          code: functionCode("postgres"),
          timeout: d.ROTATION_TIMEOUT_SECONDS,
          memorySize: d.ROTATION_MEMORY_MB,
          architectures: ["arm64"],
          vpcConfig: { subnetIds: a.subnetIds, securityGroupIds: [rotationSg!.id] },
          // The runtime's RDS CA certificates, trusted for verify-full connections.
          environment: { variables: { NODE_EXTRA_CA_CERTS: d.LAMBDA_RDS_CA_FILE } },
          loggingConfig: { logFormat: "JSON", logGroup: rotationLog.name },
          tags: tags(),
        },
        { parent: this, dependsOn: [rotationPolicy, rotationLog] },
      );
      this.rotationFunctionArn = fn.arn;
    }

    // DB-6: one generated password and one CMK-encrypted secret per role; SEC-4: each rotates.
    const readersPolicy = a.readerRoleArns?.length ? secretReadersPolicy({ readerRoleArns: a.readerRoleArns, rotationRoleArns, ctx }) : undefined;
    const arns: Partial<Record<DbRole, pulumi.Output<string>>> = {};
    const names: Partial<Record<DbRole, string>> = {};
    for (const role of ROLE_NAMES) {
      const password = new random.RandomPassword(
        `${name}-${role}-password`,
        {
          length: d.ROLE_PASSWORD_LENGTH,
          special: true,
          overrideSpecial: d.ROLE_PASSWORD_SPECIALS,
          minLower: 2,
          minUpper: 2,
          minNumeric: 2,
        },
        parent,
      ); // the provider marks result (and bcryptHash) secret
      const secretName = secretNames[role];
      const secret = secureSecret(
        `${name}-${role}-secret`,
        {
          environment: a.environment,
          secretName,
          description: `PostgreSQL role ${role} of ${id}: ${DB_ROLES[role].description}`,
          kmsKeyArn: this.kmsKeyArn,
          tags: tags({ "db-role": role, ...(a.rolesBootstrapped ? {} : d.PENDING_BOOTSTRAP_TAGS) }),
        },
        keep,
      );
      // SEC-1: readable by the named roles only (plus the rotation function's role and the deployer).
      if (readersPolicy) limitSecretReaders(`${name}-${role}-secret-policy`, secret, readersPolicy, this);
      // The first value only: rotation owns it afterwards, so pulumi up must not write it back.
      const version = new aws.secretsmanager.SecretVersion(
        `${name}-${role}-secret`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(
            pulumi.all([password.result, instance.address, this.masterUserSecretArn]).apply(([pw, host, masterarn]) => {
              const fields = { engine: "postgres", host, port: a.port, username: role, password: pw, dbname: a.databaseName, masterarn };
              return JSON.stringify({ ...fields, url: connectionUrl(fields) });
            }),
          ),
        },
        { parent: this, ignoreChanges: ["secretString", "versionStages"] },
      );
      // Configuring rotation runs the function's testSecret at once, so it waits for the bootstrap SQL; the first full
      // rotation then waits one period. Secrets Manager may invoke the function for this secret only (SourceArn).
      if (a.rolesBootstrapped) {
        const permission = a.rotationLambdaArn
          ? undefined
          : new aws.lambda.Permission(
              `${name}-${role}-rotation`,
              {
                function: this.rotationFunctionArn,
                action: "lambda:InvokeFunction",
                principal: "secretsmanager.amazonaws.com",
                sourceAccount: ctx.accountId,
                sourceArn: secret.arn,
              },
              parent,
            );
        new aws.secretsmanager.SecretRotation(
          `${name}-${role}-rotation`,
          {
            secretId: secret.id,
            rotationLambdaArn: this.rotationFunctionArn,
            rotationRules: { automaticallyAfterDays: a.roleRotationDays },
            rotateImmediately: false,
          },
          { parent: this, dependsOn: [version, ...rotationEgress, ...(permission ? [permission] : [])] },
        );
      }
      arns[role] = secret.arn;
      names[role] = secretName;
    }
    this.roleSecretArns = arns as Record<DbRole, pulumi.Output<string>>;
    this.roleSecretNames = names as Record<DbRole, string>;

    if (a.alarmTopicArn) this.alarms(name, id, a.alarmTopicArn, a.allocatedStorage, a.maxConnections ?? d.estimatedMaxConnections(a.instanceClass)!, tags());

    this.registerOutputs({
      endpoint: this.endpoint,
      port: this.port,
      securityGroupId: this.securityGroupId,
      masterUserSecretArn: this.masterUserSecretArn,
      connectionStringTemplate: this.connectionStringTemplate,
      caBundleUrl: this.caBundleUrl,
      bootstrapSql: this.bootstrapSql,
      rotationFunctionArn: this.rotationFunctionArn,
    });
  }

  /** CPU, free storage and connection alarms (MON-*), actions to the topic on ALARM and OK. */
  private alarms(name: string, id: string, topic: pulumi.Input<string>, allocatedGib: number, maxConnections: number, tags: Record<string, string>): void {
    const common = {
      namespace: "AWS/RDS",
      dimensions: { DBInstanceIdentifier: id },
      period: d.ALARMS.periodSeconds,
      evaluationPeriods: d.ALARMS.evaluationPeriods,
      statistic: "Average",
      alarmActions: [topic],
      okActions: [topic],
      tags,
    };
    const parent = { parent: this };
    new aws.cloudwatch.MetricAlarm(
      `${name}-cpu-high`,
      {
        ...common,
        name: `${id}-cpu-high`,
        alarmDescription: `${id}: CPU above ${d.ALARMS.cpuPercent}% for 15 minutes`,
        metricName: "CPUUtilization",
        comparisonOperator: "GreaterThanThreshold",
        threshold: d.ALARMS.cpuPercent,
        treatMissingData: "missing",
      },
      parent,
    );
    new aws.cloudwatch.MetricAlarm(
      `${name}-storage-low`,
      {
        ...common,
        name: `${id}-storage-low`,
        alarmDescription: `${id}: free storage below ${d.ALARMS.freeStorageFraction * 100}% of ${allocatedGib} GiB`,
        metricName: "FreeStorageSpace",
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: Math.floor(allocatedGib * 1024 ** 3 * d.ALARMS.freeStorageFraction),
        treatMissingData: "breaching",
      },
      parent,
    );
    new aws.cloudwatch.MetricAlarm(
      `${name}-connections-high`,
      {
        ...common,
        name: `${id}-connections-high`,
        alarmDescription: `${id}: connections above ${d.ALARMS.connectionsFraction * 100}% of max_connections ${maxConnections}`,
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: Math.floor(maxConnections * d.ALARMS.connectionsFraction),
        treatMissingData: "missing",
      },
      parent,
    );
  }
}
