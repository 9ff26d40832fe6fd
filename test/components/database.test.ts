import { describe, expect, it } from "@jest/globals";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { LogClasses, SecureDatabase } from "../../components";
import { bootstrapSql } from "../../components/database/roles";
import { ArgumentError } from "../../components/shared/errors";
import { capture, Capture, captureError, CapturedResource, UNKNOWN } from "../support/capture";
import { captureStack } from "../support/program";
import { checkResource, fixtureOf } from "../support/policy";
import { allPolicies } from "../../policy/policies";
import { generatedSecretsRotated } from "../../policy/secrets";
import { rotationAfterInvokePermission } from "../../policy/ordering";
import { checkStack } from "../support/policy";

type Args = ConstructorParameters<typeof SecureDatabase>[1];
const config = { "aws:region": "eu-west-1" };
const LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs";

const build =
  (args: Partial<Args> = {}) =>
  () => {
    const env = args.environment ?? "staging";
    const logs = new LogClasses("logs", { environment: env, appName: "shop", kmsKeyArn: LOG_KEY });
    return new SecureDatabase("db", {
      environment: env,
      appName: "shop",
      logs,
      vpcId: "vpc-123",
      subnetIds: ["subnet-a", "subnet-b"],
      allowedSecurityGroupIds: ["sg-app"],
      ...args,
    });
  };

const instanceOf = (cap: Capture) => cap.one("aws:rds/instance:Instance");
const dbKey = (cap: Capture) => cap.one("aws:kms/key:Key", "db-key");
const rotationSgRule = (cap: Capture) => ({
  protocol: "tcp",
  fromPort: 5433,
  toPort: 5433,
  securityGroups: [cap.one("aws:ec2/securityGroup:SecurityGroup", "db-rotation-sg").id],
  description: "PostgreSQL from the role-password rotation function",
});
const ROLES = ["app_rw", "readonly", "migrator"] as const;
const ROLE_ORDER = ["readonly", "app_rw", "migrator"] as const;
const STACK = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const FUNCTION = "aws:lambda/function:Function";
const PERMISSION = "aws:lambda/permission:Permission";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const params = (cap: Capture) => Object.fromEntries(cap.one("aws:rds/parameterGroup:ParameterGroup").inputs.parameters.map((p: any) => [p.name, p]));

describe("SecureDatabase", () => {
  it("creates a private, encrypted, TLS-only PostgreSQL 16 instance with RDS-managed master password", async () => {
    const cap = await capture(build(), { config });
    const db = instanceOf(cap);
    const key = dbKey(cap);
    expect(db.inputs).toMatchObject({
      identifier: "shop-staging-db",
      engine: "postgres",
      engineVersion: "16",
      instanceClass: "db.t4g.medium",
      dbName: "shop",
      port: 5433,
      username: "dbadmin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: key.outputs.arn,
      iamDatabaseAuthenticationEnabled: true,
      publiclyAccessible: false,
      storageEncrypted: true,
      kmsKeyId: key.outputs.arn,
      storageType: "gp3",
      allocatedStorage: 20,
      maxAllocatedStorage: 100,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      multiAz: false,
      backupRetentionPeriod: 7,
      copyTagsToSnapshot: true,
      deletionProtection: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: "shop-staging-db-final",
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: key.outputs.arn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn: cap.one("aws:iam/role:Role", "db-monitoring").outputs.arn,
      dbSubnetGroupName: "shop-staging-db",
      parameterGroupName: "shop-staging-db-postgres16",
      vpcSecurityGroupIds: [cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").id],
      tags: { environment: "staging", component: "database", backup: "true", Name: "shop-staging-db" },
    });
    expect("password" in db.inputs).toBe(false);
    expect("passwordWo" in db.inputs).toBe(false);
    expect(db.options).toMatchObject({ protect: false, retainOnDelete: false });
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(cap.one("aws:kms/alias:Alias").inputs).toMatchObject({ name: "alias/shop-staging-db", targetKeyId: key.outputs.keyId });
  });

  it("puts the instance in its own subnet group over the given private subnets", async () => {
    const cap = await capture(build(), { config });
    expect(cap.one("aws:rds/subnetGroup:SubnetGroup").inputs).toMatchObject({ name: "shop-staging-db", subnetIds: ["subnet-a", "subnet-b"] });
  });

  it("admits 5433 only from the given security groups and CIDRs, with no egress", async () => {
    const cap = await capture(build({ allowedSecurityGroupIds: ["sg-app", "sg-migrate"], allowedCidrs: ["10.8.0.0/16", "fd00:10::/48"] }), { config });
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg");
    expect(sg.inputs.vpcId).toBe("vpc-123");
    expect(sg.inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 5433, toPort: 5433, securityGroups: ["sg-app", "sg-migrate"], description: "PostgreSQL from admitted security groups" },
      { protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["10.8.0.0/16"], description: "PostgreSQL from admin CIDRs" },
      { protocol: "tcp", fromPort: 5433, toPort: 5433, ipv6CidrBlocks: ["fd00:10::/48"], description: "PostgreSQL from admin IPv6 CIDRs" },
      rotationSgRule(cap),
    ]);
    expect(sg.inputs.egress).toBeUndefined();
  });

  it("admits CIDRs alone when no security group is given", async () => {
    const cap = await capture(build({ allowedSecurityGroupIds: [], allowedCidrs: ["10.8.0.0/16"] }), { config });
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["10.8.0.0/16"], description: "PostgreSQL from admin CIDRs" },
      rotationSgRule(cap),
    ]);
  });

  it("sets TLS, connection, slow-query and pgaudit parameters with the right apply methods", async () => {
    const cap = await capture(build(), { config });
    const pg = cap.one("aws:rds/parameterGroup:ParameterGroup");
    expect(pg.inputs).toMatchObject({ name: "shop-staging-db-postgres16", family: "postgres16" });
    expect(params(cap)).toEqual({
      "rds.force_ssl": { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
      ssl_min_protocol_version: { name: "ssl_min_protocol_version", value: "TLSv1.2", applyMethod: "immediate" },
      log_connections: { name: "log_connections", value: "1", applyMethod: "immediate" },
      log_disconnections: { name: "log_disconnections", value: "1", applyMethod: "immediate" },
      log_min_duration_statement: { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
      shared_preload_libraries: { name: "shared_preload_libraries", value: "pg_stat_statements,pgaudit", applyMethod: "pending-reboot" },
      "pgaudit.log": { name: "pgaudit.log", value: "ddl,role,write", applyMethod: "immediate" },
    });
  });

  it("follows minTlsVersion, slowQueryMs and engineVersion into the parameter group", async () => {
    const cap = await capture(build({ minTlsVersion: "TLSv1.3", slowQueryMs: 250, engineVersion: "17" }), { config });
    expect(params(cap).ssl_min_protocol_version.value).toBe("TLSv1.3");
    expect(params(cap).log_min_duration_statement.value).toBe("250");
    expect(cap.one("aws:rds/parameterGroup:ParameterGroup").inputs).toMatchObject({ family: "postgres17", name: "shop-staging-db-postgres17" });
    expect(instanceOf(cap).inputs.engineVersion).toBe("17");
  });

  it("creates the export log groups up front, encrypted, with audit retention for postgresql", async () => {
    const cap = await capture(build(), { config });
    const pgLog = cap.one("aws:cloudwatch/logGroup:LogGroup", "db-postgresql-log");
    const upgradeLog = cap.one("aws:cloudwatch/logGroup:LogGroup", "db-upgrade-log");
    expect(pgLog.inputs).toMatchObject({ name: "/aws/rds/instance/shop-staging-db/postgresql", retentionInDays: 2557, kmsKeyId: LOG_KEY, tags: { "log-class": "audit" } });
    expect(upgradeLog.inputs).toMatchObject({ name: "/aws/rds/instance/shop-staging-db/upgrade", retentionInDays: 30, kmsKeyId: LOG_KEY });
    const db = instanceOf(cap);
    expect(db.dependencies).toEqual(expect.arrayContaining([pgLog.urn, upgradeLog.urn]));
  });

  it("gives enhanced monitoring a role for monitoring.rds.amazonaws.com with the AWS managed policy", async () => {
    const cap = await capture(build(), { config });
    const role = cap.one("aws:iam/role:Role", "db-monitoring");
    expect(role.inputs.name).toBe("shop-staging-db-monitoring");
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
    ]);
    expect(cap.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs).toEqual({
      role: "shop-staging-db-monitoring",
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
  });

  it("defaults prod to Multi-AZ, 35-day backups, deletion protection, protect and retainOnDelete", async () => {
    const cap = await capture(build({ environment: "prod" }), { config });
    const db = instanceOf(cap);
    expect(db.inputs).toMatchObject({ identifier: "shop-prod-db", multiAz: true, backupRetentionPeriod: 35, deletionProtection: true });
    expect(db.options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(dbKey(cap).options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(cap.ofType("aws:secretsmanager/secret:Secret").every((s) => s.options.retainOnDelete && s.options.protect)).toBe(true);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "db-postgresql-log").options.retainOnDelete).toBe(true);
  });

  it("uses a given CMK instead of creating one", async () => {
    const arn = "arn:aws:kms:eu-west-1:123456789012:key/given";
    const cap = await capture(build({ kmsKeyArn: arn }), { config });
    expect(cap.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(instanceOf(cap).inputs).toMatchObject({ kmsKeyId: arn, masterUserSecretKmsKeyId: arn, performanceInsightsKmsKeyId: arn });
    expect(cap.ofType("aws:secretsmanager/secret:Secret").map((s) => s.inputs.kmsKeyId)).toEqual([arn, arn, arn]);
  });

  it("limits reading each role secret to the named roles, the rotation function's role and the deployer when readerRoleArns is given", async () => {
    const reader = "arn:aws:iam::123456789012:role/shop-staging-api-execution";
    const cap = await capture(build({ readerRoleArns: [reader] }), { config });
    const policies = cap.ofType("aws:secretsmanager/secretPolicy:SecretPolicy");
    expect(policies.map((p) => p.name).sort()).toEqual(["db-app_rw-secret-policy", "db-migrator-secret-policy", "db-readonly-secret-policy"]);
    const rotationRole = cap.one("aws:iam/role:Role", "db-rotation").outputs.arn;
    for (const role of ROLES) {
      const policy = cap.one("aws:secretsmanager/secretPolicy:SecretPolicy", `db-${role}-secret-policy`);
      expect(policy.inputs).toMatchObject({ secretArn: cap.one("aws:secretsmanager/secret:Secret", `db-${role}-secret`).outputs.arn, blockPublicPolicy: true });
      const [deny, allow] = JSON.parse(policy.inputs.policy).Statement;
      // Everyone else is denied the value; the rotation function still reads (and stages) it.
      expect(deny).toEqual({
        Sid: "DenyReadToAllButNamedRoles",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalArn": [reader, "arn:aws:iam::123456789012:user/ci", rotationRole] } },
      });
      expect(allow.Condition).toEqual({ ArnLike: { "aws:PrincipalArn": [reader] }, StringEquals: { "aws:PrincipalAccount": "123456789012" } });
    }
    expect((await capture(build(), { config })).ofType("aws:secretsmanager/secretPolicy:SecretPolicy")).toEqual([]);
  });

  it("stores one generated URL-safe password of 40 characters per role in its own CMK-encrypted secret", async () => {
    const cap = await capture(build(), { config });
    const key = dbKey(cap);
    const db = instanceOf(cap);
    const secrets = cap.ofType("aws:secretsmanager/secret:Secret");
    expect(secrets.map((s) => s.inputs.name).sort()).toEqual(["/shop/staging/db/app_rw", "/shop/staging/db/migrator", "/shop/staging/db/readonly"]);
    expect(secrets.every((s) => s.inputs.kmsKeyId === key.outputs.arn && s.inputs.recoveryWindowInDays === 7)).toBe(true);
    for (const role of ["app_rw", "readonly", "migrator"]) {
      const pw = cap.one("random:index/randomPassword:RandomPassword", `db-${role}-password`);
      expect(pw.inputs).toMatchObject({ length: 40, special: true, overrideSpecial: "-_" });
      expect(pw.options.additionalSecretOutputs).toContain("result");
      expect(pw.outputs.result).toMatch(/^[A-Za-z0-9_-]{40}$/);
      const version = cap.one("aws:secretsmanager/secretVersion:SecretVersion", `db-${role}-secret`);
      expect(version.inputs.secretId).toBe(cap.one("aws:secretsmanager/secret:Secret", `db-${role}-secret`).id);
      expect(version.secretInputPaths).toEqual(["secretString"]);
      const url = `postgresql://${role}:${encodeURIComponent(pw.outputs.result)}@${db.outputs.address}:5433/shop?sslmode=verify-full`;
      expect(JSON.parse(version.inputs.secretString)).toEqual({
        engine: "postgres",
        username: role,
        password: pw.outputs.result,
        host: db.outputs.address,
        port: 5433,
        dbname: "shop",
        masterarn: db.outputs.masterUserSecrets[0].secretArn,
        url,
      });
    }
  });

  it("keeps every generated password in secret-marked inputs only, and out of every output", async () => {
    const cap = await capture(
      () => {
        const db = build()();
        return { template: db.connectionStringTemplate, sql: db.bootstrapSql, endpoint: db.endpoint };
      },
      { config },
    );
    const passwords = cap.ofType("random:index/randomPassword:RandomPassword").map((p) => p.outputs.result as string);
    expect(passwords).toHaveLength(3);
    const leaks: string[] = [];
    const walk = (r: CapturedResource, value: any, path: string[]) => {
      if (typeof value === "string") {
        if (passwords.some((pw) => value.includes(pw)) && !r.secretInputPaths.some((s) => path.join(".") === s || path.join(".").startsWith(`${s}.`))) leaks.push(`${r.name}:${path.join(".")}`);
      } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(r, v, [...path, k]);
    };
    for (const r of cap.resources.filter((r) => r.type !== "random:index/randomPassword:RandomPassword")) walk(r, r.inputs, []);
    expect(leaks).toEqual([]);
    const versions = cap.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    expect(versions.every((v) => passwords.some((pw) => v.inputs.secretString.includes(pw)))).toBe(true);
    expect(JSON.stringify(cap.outputs)).not.toMatch(new RegExp(passwords.join("|")));
  });

  it("exposes endpoint, port, CA bundle and a password-free verify-full connection template", async () => {
    let db!: SecureDatabase;
    const cap = await capture(
      () => {
        db = build()();
        return { endpoint: db.endpoint, port: db.port, template: db.connectionStringTemplate, sg: db.securityGroupId, master: db.masterUserSecretArn, ca: db.caBundleUrl, caName: db.caCertIdentifier };
      },
      { config },
    );
    const address = instanceOf(cap).outputs.address;
    expect(cap.outputs).toEqual({
      endpoint: address,
      port: 5433,
      template: `postgresql://{user}@${address}:5433/shop?sslmode=verify-full&sslrootcert=global-bundle.pem`,
      sg: cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").id,
      master: instanceOf(cap).outputs.masterUserSecrets[0].secretArn,
      ca: "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem",
      caName: "rds-ca-rsa2048-g1",
    });
    expect(cap.outputs.template).not.toMatch(/password|:[^/@]*@/i);
    expect(db.instanceIdentifier).toBe("shop-staging-db");
    expect(db.roleSecretNames).toEqual({ readonly: "/shop/staging/db/readonly", app_rw: "/shop/staging/db/app_rw", migrator: "/shop/staging/db/migrator" });
    expect(db.bootstrapSql).toBe(bootstrapSql().all);
  });

  it("creates no alarms without a topic", async () => {
    const cap = await capture(build(), { config });
    expect(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(0);
  });

  it("alarms on CPU, free storage and connections to the topic when one is given", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:alarms";
    const cap = await capture(build({ alarmTopicArn: topic, allocatedStorage: 50 }), { config });
    const alarms = Object.fromEntries(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.inputs.name, a.inputs]));
    const common = { namespace: "AWS/RDS", dimensions: { DBInstanceIdentifier: "shop-staging-db" }, period: 300, evaluationPeriods: 3, alarmActions: [topic], okActions: [topic] };
    expect(alarms["shop-staging-db-cpu-high"]).toMatchObject({ ...common, metricName: "CPUUtilization", statistic: "Average", comparisonOperator: "GreaterThanThreshold", threshold: 80 });
    expect(alarms["shop-staging-db-storage-low"]).toMatchObject({ ...common, metricName: "FreeStorageSpace", statistic: "Minimum", comparisonOperator: "LessThanThreshold", threshold: 5368709120 });
    // db.t4g.medium: 4 GiB / 9531392 = 450 connections; 80% = 360.
    expect(alarms["shop-staging-db-connections-high"]).toMatchObject({
      ...common,
      metricName: "DatabaseConnections",
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 360,
    });
    expect(Object.keys(alarms)).toHaveLength(3);
  });

  it("uses maxConnections for the connection alarm when given", async () => {
    const cap = await capture(build({ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms", instanceClass: "db.x2g.large", maxConnections: 1000 }), { config });
    expect(cap.one("aws:cloudwatch/metricAlarm:MetricAlarm", "connections-high").inputs.threshold).toBe(800);
  });

  it("configures no role rotation before the bootstrap SQL ran, and tags each role secret rotation pending-bootstrap", async () => {
    const cap = await capture(build(), { config });
    expect(cap.ofType(ROTATION)).toEqual([]);
    for (const role of ROLES) expect(cap.one("aws:secretsmanager/secret:Secret", `db-${role}-secret`).inputs.tags).toMatchObject({ "db-role": role, rotation: "pending-bootstrap" });
    const done = await capture(build({ rolesBootstrapped: true }), { config });
    for (const role of ROLES) expect(done.one("aws:secretsmanager/secret:Secret", `db-${role}-secret`).inputs.tags.rotation).toBeUndefined();
    expect(done.ofType(ROTATION)).toHaveLength(3);
  });

  it("rotates each role secret every 30 days through the bundled function, each invocable by Secrets Manager for that secret only", async () => {
    let db!: SecureDatabase;
    const cap = await capture(() => (db = build({ rolesBootstrapped: true })()), { config });
    const fn = cap.one(FUNCTION, "db-rotation");
    expect(cap.ofType(STACK)).toEqual([]);
    const rotations = cap.ofType(ROTATION);
    expect(rotations.map((r) => r.name).sort()).toEqual(["db-app_rw-rotation", "db-migrator-rotation", "db-readonly-rotation"]);
    for (const role of ROLES) {
      const secret = cap.one("aws:secretsmanager/secret:Secret", `db-${role}-secret`);
      const permission = cap.one(PERMISSION, `db-${role}-rotation`);
      expect(permission.inputs).toEqual({
        function: fn.outputs.arn,
        action: "lambda:InvokeFunction",
        principal: "secretsmanager.amazonaws.com",
        sourceAccount: "123456789012",
        sourceArn: secret.outputs.arn,
      });
      const rotation = cap.one(ROTATION, `db-${role}-rotation`);
      expect(rotation.inputs).toEqual({ secretId: secret.id, rotationLambdaArn: fn.outputs.arn, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: false });
      // Configured only once the first value, the function's network path and its invoke permission exist.
      expect(rotation.dependencies).toEqual(
        expect.arrayContaining([cap.one("aws:secretsmanager/secretVersion:SecretVersion", `db-${role}-secret`).urn, permission.urn, ...cap.ofType(EGRESS).map((e) => e.urn)]),
      );
    }
    expect(await new Promise((resolve) => db.rotationFunctionArn.apply(resolve))).toBe(fn.outputs.arn);
  });

  it("follows roleRotationDays into every role's rotation schedule", async () => {
    const cap = await capture(build({ roleRotationDays: 7, rolesBootstrapped: true }), { config });
    expect(cap.ofType(ROTATION).map((r) => r.inputs.rotationRules)).toEqual([{ automaticallyAfterDays: 7 }, { automaticallyAfterDays: 7 }, { automaticallyAfterDays: 7 }]);
  });

  it("deploys the bundled alternating-users function on Node.js 22 in the database subnets, logging to a security-class group", async () => {
    const cap = await capture(build(), { config });
    const fn = cap.one(FUNCTION, "db-rotation");
    const log = cap.one("aws:cloudwatch/logGroup:LogGroup", "db-rotation-log");
    const role = cap.one("aws:iam/role:Role", "db-rotation");
    const { code, ...inputs } = fn.inputs;
    expect(inputs).toEqual({
      name: "shop-staging-db-rotation",
      description: "Alternating-users rotation of the role secrets of shop-staging-db",
      runtime: "nodejs22.x",
      handler: "index.handler",
      role: role.outputs.arn,
      timeout: 30,
      memorySize: 256,
      architectures: ["arm64"],
      vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: [cap.one("aws:ec2/securityGroup:SecurityGroup", "db-rotation-sg").id] },
      environment: { variables: { NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" } },
      loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/shop-staging-db-rotation" },
      tags: { environment: "staging", "managed-by": "hardened-aws", component: "database" },
    });
    // The code AWS runs is functions/postgres bundled: the same module the integration test rotates a real server with.
    expect(JSON.stringify(code)).toContain("alternateLogin");
    expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
    ]);
    // The function's log group exists first, encrypted, with the security retention (Lambda would create it bare).
    expect(log.inputs).toMatchObject({ name: "/aws/lambda/shop-staging-db-rotation", kmsKeyId: LOG_KEY, tags: { "log-class": "security" } });
    expect(fn.dependencies).toEqual(expect.arrayContaining([log.urn, cap.one("aws:iam/rolePolicy:RolePolicy", "db-rotation").urn]));
  });

  it("limits the rotation role to the three role secrets, the master secret, the database key via Secrets Manager, its logs and its interfaces", async () => {
    const cap = await capture(build(), { config });
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "db-rotation").inputs.policy);
    const arn = (service: string, what: string) => `arn:aws:${service}:eu-west-1:123456789012:${what}`;
    expect(policy.Statement).toEqual([
      {
        Sid: "RotateRoleSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
        Resource: ROLE_ORDER.map((r) => arn("secretsmanager", `secret:/shop/staging/db/${r}-??????`)),
      },
      {
        Sid: "ReadMasterSecret",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: arn("secretsmanager", "secret:rds!db-*"),
        Condition: { StringEquals: { "secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn": arn("rds", "db:shop-staging-db") } },
      },
      { Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
      {
        Sid: "UseTheSecretsKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: arn("kms", "key/*"),
        Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" }, "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/shop-staging-db" } },
      },
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: arn("logs", "log-group:/aws/lambda/shop-staging-db-rotation:*") },
      { Sid: "AttachToTheVpc", Effect: "Allow", Action: "ec2:CreateNetworkInterface", Resource: [arn("ec2", "network-interface/*"), arn("ec2", "subnet/*"), arn("ec2", "security-group/*")] },
      {
        Sid: "ManageItsInterfaces",
        Effect: "Allow",
        Action: ["ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
        Resource: arn("ec2", "network-interface/*"),
      },
      { Sid: "DescribeInterfaces", Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
    ]);
    // With a given key, that key and no alias condition.
    const given = await capture(build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/given" }), { config });
    const keyStatement = JSON.parse(given.one("aws:iam/rolePolicy:RolePolicy", "db-rotation").inputs.policy).Statement[3];
    expect([keyStatement.Resource, keyStatement.Condition]).toEqual(["arn:aws:kms:eu-west-1:123456789012:key/given", { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }]);
  });

  it("gives the rotation function its own group: egress only 5433 to the database and 443, admitted by the database on 5433", async () => {
    const cap = await capture(build(), { config });
    const rotationSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "db-rotation-sg");
    const dbSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg");
    expect(rotationSg.inputs.vpcId).toBe("vpc-123");
    expect(rotationSg.inputs.ingress).toBeUndefined();
    expect(rotationSg.inputs.egress).toBeUndefined(); // rules below only; the provider removes AWS's allow-all default
    const egress = Object.fromEntries(cap.ofType(EGRESS).map((e) => [e.name, e.inputs]));
    expect(Object.keys(egress).sort()).toEqual(["db-rotation-to-db", "db-rotation-to-https"]);
    expect(egress["db-rotation-to-db"]).toMatchObject({ securityGroupId: rotationSg.id, ipProtocol: "tcp", fromPort: 5433, toPort: 5433, referencedSecurityGroupId: dbSg.id });
    expect("cidrIpv4" in egress["db-rotation-to-db"]).toBe(false);
    expect(egress["db-rotation-to-https"]).toMatchObject({ securityGroupId: rotationSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
    expect(dbSg.inputs.ingress).toContainEqual(rotationSgRule(cap));
  });

  it("writes each role secret once, in the JSON the rotation function reads, and leaves later values to rotation", async () => {
    const cap = await capture(build(), { config });
    const address = instanceOf(cap).outputs.address;
    for (const role of ROLES) {
      const version = cap.one("aws:secretsmanager/secretVersion:SecretVersion", `db-${role}-secret`);
      expect(version.options.ignoreChanges).toEqual(["secretString", "versionStages"]);
      expect(version.secretInputPaths).toEqual(["secretString"]);
      const { password, ...rest } = JSON.parse(version.inputs.secretString);
      const { url, ...fields } = rest;
      expect(fields).toEqual({ engine: "postgres", host: address, port: 5433, username: role, dbname: "shop", masterarn: instanceOf(cap).outputs.masterUserSecrets[0].secretArn });
      // Compared, never printed.
      expect(password === cap.one("random:index/randomPassword:RandomPassword", `db-${role}-password`).outputs.result).toBe(true);
      expect(url === `postgresql://${role}:${encodeURIComponent(password)}@${address}:5433/shop?sslmode=verify-full`).toBe(true);
    }
  });

  it("uses a given rotationLambdaArn and deploys no rotation function, role, permission, group, rules or log group", async () => {
    const fn = "arn:aws:lambda:eu-west-1:123456789012:function:shared-pg-rotation";
    const cap = await capture(build({ rotationLambdaArn: fn, rolesBootstrapped: true }), { config });
    expect([...cap.ofType(FUNCTION), ...cap.ofType(PERMISSION), ...cap.ofType("aws:iam/role:Role").filter((r) => r.name === "db-rotation")]).toEqual([]);
    expect(cap.ofType(EGRESS)).toHaveLength(0);
    expect(cap.ofType("aws:ec2/securityGroup:SecurityGroup").map((g) => g.name)).toEqual(["db-sg"]);
    expect(
      cap
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .map((g) => g.name)
        .sort(),
    ).toEqual(["db-postgresql-log", "db-upgrade-log"]);
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 5433, toPort: 5433, securityGroups: ["sg-app"], description: "PostgreSQL from admitted security groups" },
    ]);
    expect(cap.ofType(ROTATION).map((r) => [r.name, r.inputs.rotationLambdaArn, r.inputs.rotationRules.automaticallyAfterDays])).toEqual([
      ["db-readonly-rotation", fn, 30],
      ["db-app_rw-rotation", fn, 30],
      ["db-migrator-rotation", fn, 30],
    ]);
  });

  it.each([
    [{ allowedSecurityGroupIds: [], allowedCidrs: [] }, "DB_ALLOWLIST_EMPTY", "allowedSecurityGroupIds"],
    [{ allowedCidrs: ["0.0.0.0/0"] }, "DB_ALLOWLIST_WORLD", "allowedCidrs[0]"],
    [{ allowedCidrs: ["10.8.0.0/16", "::/0"] }, "DB_ALLOWLIST_WORLD", "allowedCidrs[1]"],
    [{ allowedCidrs: ["10.0.0.0/33"] }, "DB_ALLOWLIST_CIDR", "allowedCidrs[0]"],
    [{ allowedCidrs: ["vpn"] }, "DB_ALLOWLIST_CIDR", "allowedCidrs[0]"],
    [{ allowedCidrs: ["203.0.113.0/24"] }, "DB_ALLOWLIST_PUBLIC", "allowedCidrs[0]"],
    [{ engineVersion: "9.6" }, "DB_ENGINE_VERSION", "engineVersion"],
    [{ engineVersion: "latest" }, "DB_ENGINE_VERSION", "engineVersion"],
    [{ port: 80 }, "DB_PORT", "port"],
    [{ port: 5433.5 }, "DB_PORT", "port"],
    [{ minTlsVersion: "TLSv1.1" as any }, "DB_TLS_VERSION", "minTlsVersion"],
    [{ appName: "Shop_App" }, "DB_IDENTIFIER", "appName"],
    [{ appName: "a".repeat(40) }, "DB_IDENTIFIER", "appName"],
    [{ databaseName: "1shop" }, "DB_NAME", "databaseName"],
    [{ masterUsername: "postgres" }, "DB_MASTER_USERNAME", "masterUsername"],
    [{ masterUsername: "admin" }, "DB_MASTER_USERNAME", "masterUsername"],
    [{ backupRetentionDays: 0 }, "DB_BACKUP_RETENTION", "backupRetentionDays"],
    [{ backupRetentionDays: 36 }, "DB_BACKUP_RETENTION", "backupRetentionDays"],
    [{ environment: "prod" as const, deletionProtection: false }, "DB_PROD_DELETION_PROTECTION", "deletionProtection"],
    [{ monitoringInterval: 0 }, "DB_MONITORING_INTERVAL", "monitoringInterval"],
    [{ allocatedStorage: 10 }, "DB_STORAGE", "allocatedStorage"],
    [{ allocatedStorage: 200, maxAllocatedStorage: 100 }, "DB_STORAGE", "maxAllocatedStorage"],
    [{ slowQueryMs: -1 }, "DB_SLOW_QUERY_MS", "slowQueryMs"],
    [{ performanceInsightsRetentionDays: 30 }, "DB_PI_RETENTION", "performanceInsightsRetentionDays"],
    [{ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms", instanceClass: "db.x2g.large" }, "DB_MAX_CONNECTIONS", "maxConnections"],
    [{ roleRotationDays: 0 }, "DB_ROLE_ROTATION_DAYS", "roleRotationDays"],
    [{ roleRotationDays: 91 }, "DB_ROLE_ROTATION_DAYS", "roleRotationDays"],
    [{ roleRotationDays: 7.5 }, "DB_ROLE_ROTATION_DAYS", "roleRotationDays"],
    [{ rolesBootstrapped: "yes" as any }, "DB_ROLES_BOOTSTRAPPED", "rolesBootstrapped"],
  ])("rejects %j with %s before any child registers", async (args, code, arg) => {
    const { error, registered } = await captureError(build(args));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual([code]);
    expect((error as Error).message).toContain(`  - ${arg}: `);
    expect((error as Error).message).toContain("Fix:");
    expect(registered).toBe(1); // the LogClasses component only; no SecureDatabase child
  });

  it("reports every bad argument at once", async () => {
    const { error } = await captureError(build({ allowedCidrs: ["0.0.0.0/0", "x"], backupRetentionDays: 0 }));
    expect((error as ArgumentError).codes).toEqual(["DB_ALLOWLIST_WORLD", "DB_ALLOWLIST_CIDR", "DB_BACKUP_RETENTION"]);
  });
});

describe("SecureDatabase bootstrap SQL", () => {
  const { extensions, roles, all } = bootstrapSql();
  const statements = roles.split("\n").filter((l) => l && !l.startsWith("--"));

  it("creates the three roles without SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS", () => {
    // Each role's second login (alternating-users rotation): a member of the role, taking it at login, with its settings.
    expect(roles).toContain(
      "SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS IN ROLE %I', r || '_clone', r) FROM unnest(ARRAY['readonly', 'app_rw', 'migrator'])",
    );
    expect(statements.filter((l) => l.includes("_clone SET"))).toEqual([
      "ALTER ROLE readonly_clone SET role = 'readonly';",
      "ALTER ROLE app_rw_clone SET role = 'app_rw';",
      "ALTER ROLE migrator_clone SET role = 'migrator';",
      "ALTER ROLE app_rw_clone SET statement_timeout = '5s';",
    ]);
    expect(roles).toContain("SELECT format('CREATE ROLE %I NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r) FROM unnest(ARRAY['readonly', 'app_rw', 'migrator'])");
    expect(all.replace(/\bNO(SUPERUSER|CREATEROLE|CREATEDB|REPLICATION|BYPASSRLS)\b/g, "").match(/\b(SUPERUSER|CREATEROLE|CREATEDB|REPLICATION|BYPASSRLS)\b/g)).toEqual([
      "SUPERUSER",
      "CREATEROLE",
      "CREATEDB",
      "REPLICATION",
      "BYPASSRLS",
    ]); // only in the final check's error text
    expect(roles).toMatch(
      /DO \$\$ BEGIN IF EXISTS \(SELECT 1 FROM pg_roles WHERE rolname IN \('readonly', 'app_rw', 'migrator', 'readonly_clone', 'app_rw_clone', 'migrator_clone'\) AND \(rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls\)\) THEN RAISE EXCEPTION/,
    );
  });

  it("sets passwords only from psql variables", () => {
    expect(statements.filter((s) => /PASSWORD/.test(s))).toEqual([
      "ALTER ROLE readonly WITH LOGIN PASSWORD :'readonly_password';",
      "ALTER ROLE app_rw WITH LOGIN PASSWORD :'app_rw_password';",
      "ALTER ROLE migrator WITH LOGIN PASSWORD :'migrator_password';",
    ]);
  });

  it("revokes public rights and grants exactly DML to app_rw, SELECT to readonly, DDL to migrator", () => {
    const grants = statements.filter((s) => /^(GRANT|REVOKE|ALTER DEFAULT|SELECT format\('(GRANT|REVOKE))/.test(s));
    expect(grants).toEqual([
      "SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \\gexec",
      "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
      "SELECT format('GRANT CONNECT ON DATABASE %I TO readonly, app_rw, migrator', current_database()) \\gexec",
      "GRANT USAGE, CREATE ON SCHEMA public TO migrator;",
      "GRANT migrator TO CURRENT_USER;",
      "GRANT USAGE ON SCHEMA public TO app_rw, readonly;",
      "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO app_rw;",
      "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO app_rw;",
      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly;",
      "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app_rw;",
      "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO app_rw;",
      "ALTER DEFAULT PRIVILEGES FOR ROLE migrator IN SCHEMA public GRANT SELECT ON TABLES TO readonly;",
    ]);
  });

  it("limits app_rw statements to 5s, keeps readonly sessions read-write, and enables pgaudit first", () => {
    expect(statements).toContain("ALTER ROLE app_rw SET statement_timeout = '5s';");
    expect(statements).toContain("ALTER ROLE readonly RESET default_transaction_read_only;");
    expect(all).not.toMatch(/default_transaction_read_only\s*=\s*on/);
    expect(extensions.split("\n").filter((l) => !l.startsWith("--"))).toEqual(["CREATE EXTENSION IF NOT EXISTS pgaudit;"]);
    expect(all.startsWith("\\set ON_ERROR_STOP on\n")).toBe(true);
    expect(all.indexOf("CREATE EXTENSION")).toBeLessThan(all.indexOf("CREATE ROLE"));
  });
});

describe("SecureDatabase in the program", () => {
  it("puts the prod database in the data subnets, admits the app security group, and follows the stack config", async () => {
    const cap = await captureStack("prod", { config: { "hardened-aws:adminCidrs": '["10.8.0.0/16"]', "hardened-aws:dbRolesBootstrapped": "true" } });
    const db = instanceOf(cap);
    expect(db.inputs).toMatchObject({ identifier: "app-prod-db", instanceClass: "db.r6g.large", multiAz: true, backupRetentionPeriod: 35, deletionProtection: true });
    const dataSubnets = cap
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("net-data-"))
      .map((s) => s.id)
      .sort();
    expect([...cap.one("aws:rds/subnetGroup:SubnetGroup").inputs.subnetIds].sort()).toEqual(dataSubnets);
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg").inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 5433, toPort: 5433, securityGroups: [cap.one("aws:ec2/securityGroup:SecurityGroup", "net-app-sg").id], description: "PostgreSQL from admitted security groups" },
      { protocol: "tcp", fromPort: 5433, toPort: 5433, cidrBlocks: ["10.8.0.0/16"], description: "PostgreSQL from admin CIDRs" },
      rotationSgRule(cap),
    ]);
    // The rotation function runs in the same data subnets; role passwords rotate every databaseRotationDays (30).
    expect([...cap.one(FUNCTION, "db-rotation").inputs.vpcConfig.subnetIds].sort()).toEqual(dataSubnets);
    expect(
      cap
        .ofType(ROTATION)
        .filter((r) => r.name.startsWith("db-"))
        .map((r) => r.inputs.rotationRules.automaticallyAfterDays),
    ).toEqual([30, 30, 30]);
    expect(cap.outputs.dbEndpoint).toBe(db.outputs.address);
    expect(cap.outputs.dbConnectionStringTemplate).toBe(`postgresql://{user}@${db.outputs.address}:5433/app?sslmode=verify-full&sslrootcert=global-bundle.pem`);
    expect(cap.outputs.dbRoleSecretNames).toEqual({ readonly: "/app/prod/db/readonly", app_rw: "/app/prod/db/app_rw", migrator: "/app/prod/db/migrator" });
  });

  it("turns role rotation on once dbRolesBootstrapped is set, with databaseRotationDays", async () => {
    expect((await captureStack("staging")).ofType(ROTATION).filter((r) => r.name.startsWith("db-"))).toEqual([]);
    const cap = await captureStack("staging", { config: { "hardened-aws:databaseRotationDays": "14", "hardened-aws:dbRolesBootstrapped": "true" } });
    expect(
      cap
        .ofType(ROTATION)
        .filter((r) => r.name.startsWith("db-"))
        .map((r) => [r.name, r.inputs.rotationRules.automaticallyAfterDays]),
    ).toEqual([
      ["db-readonly-rotation", 14],
      ["db-app_rw-rotation", 14],
      ["db-migrator-rotation", 14],
    ]);
  });

  it("runs staging single-AZ with 7-day backups and no deletion protection", async () => {
    const cap = await captureStack("staging");
    expect(instanceOf(cap).inputs).toMatchObject({ identifier: "app-staging-db", instanceClass: "db.t4g.medium", multiAz: false, backupRetentionPeriod: 7, deletionProtection: false });
    expect(instanceOf(cap).options.protect).toBe(false);
  });
});

describe("SecureDatabase against the policy pack", () => {
  const resourcePolicies = allPolicies.filter((p) => "validateResource" in p) as (ResourceValidationPolicy & { name: string })[];
  /** Names of the policies that report a violation for one resource's inputs (of those that apply to its type, as the pack dispatches). */
  const firing = async (type: string, props: Record<string, any>) => {
    const names: string[] = [];
    for (const p of resourcePolicies.filter((x) => (x as { spec?: { types?: readonly string[] } }).spec?.types?.includes(type) ?? true)) {
      const v = await checkResource(p, { type, props });
      if (v.undecided) throw new Error(`${p.name} undecided on ${type}: ${v.undecided}`);
      if (v.violations.length) names.push(p.name);
    }
    return names;
  };

  it("passes every resource policy with its prod and staging defaults", async () => {
    for (const environment of ["prod", "staging"] as const) {
      const cap = await capture(build({ environment, allowedCidrs: ["10.8.0.0/16"], alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms" }), { config });
      for (const r of cap.resources.filter((r) => r.custom)) expect({ name: r.name, firing: await firing(r.type, r.inputs) }).toEqual({ name: r.name, firing: [] });
    }
  });

  it.each([
    [{ publiclyAccessible: true }, "rds-instance-not-publicly-accessible"],
    [{ storageEncrypted: false }, "rds-instance-storage-encrypted"],
    [{ password: "literal-password" }, "rds-master-password-managed"],
    [{ username: "postgres" }, "rds-custom-admin-username"],
    [{ iamDatabaseAuthenticationEnabled: false }, "rds-iam-authentication-enabled"],
    [{ caCertIdentifier: "rds-ca-2019" }, "rds-certificate-authority-current"],
    [{ parameterGroupName: "default.postgres16" }, "rds-postgres-custom-parameter-group"],
    [{ enabledCloudwatchLogsExports: ["upgrade"] }, "rds-postgres-log-export"],
    [{ monitoringInterval: 0 }, "rds-instance-enhanced-monitoring"],
    [{ backupRetentionPeriod: 0 }, "rds-instance-backups-enabled"],
    [{ copyTagsToSnapshot: false }, "rds-copy-tags-to-snapshot"],
    [{ autoMinorVersionUpgrade: false }, "rds-auto-minor-version-upgrade"],
    [{ deletionProtection: false }, "rds-deletion-protection"],
    [{ skipFinalSnapshot: true }, "rds-final-snapshot"],
    [{ multiAz: false }, "rds-instance-multi-az"],
  ])("flipping the prod instance's %j fires exactly %s", async (change, policy) => {
    const cap = await capture(build({ environment: "prod" }), { config });
    expect(await firing("aws:rds/instance:Instance", { ...instanceOf(cap).inputs, ...change })).toEqual([policy]);
  });

  it.each([
    ["rds.force_ssl", "0", "rds-postgres-parameter-group-force-ssl"],
    ["ssl_min_protocol_version", "TLSv1.1", "rds-postgres-parameter-group-tls-floor"],
    ["shared_preload_libraries", "pg_stat_statements", "rds-postgres-parameter-group-pgaudit"],
    ["log_disconnections", "0", "rds-postgres-parameter-group-connection-logging"],
  ])("flipping the prod parameter %s to %s fires exactly %s", async (name, value, policy) => {
    const cap = await capture(build({ environment: "prod" }), { config });
    const pg = cap.one("aws:rds/parameterGroup:ParameterGroup").inputs;
    const changed = { ...pg, parameters: pg.parameters.map((p: any) => (p.name === name ? { ...p, value } : p)) };
    expect(await firing("aws:rds/parameterGroup:ParameterGroup", changed)).toEqual([policy]);
  });

  it.each([false, true])("satisfies secretsmanager-generated-secrets-rotated for every role secret, before and after the bootstrap (preview: %s)", async (preview) => {
    // Before the bootstrap: no schedule, and the pending-bootstrap tag the policy accepts on database role secrets.
    const before = await capture(build({ environment: "prod" }), { config, preview });
    const pending = await checkStack(
      generatedSecretsRotated,
      before.resources.filter((r) => r.custom).map((r) => fixtureOf(r)),
    );
    expect(pending.undecided).toBeUndefined();
    expect(pending.violations).toEqual([]);
    const cap = await capture(build({ environment: "prod", rolesBootstrapped: true }), { config, preview });
    const fixtures = cap.resources.filter((r) => r.custom).map((r) => fixtureOf(r));
    const verdict = await checkStack(generatedSecretsRotated, fixtures);
    expect(verdict.undecided).toBeUndefined();
    expect(verdict.violations).toEqual([]);
    // Without the schedules, each of the three secrets is reported.
    const without = await checkStack(
      generatedSecretsRotated,
      fixtures.filter((f) => f.type !== ROTATION),
    );
    expect(without.violations).toHaveLength(3);
    expect(without.urns.sort()).toEqual(
      cap
        .ofType("aws:secretsmanager/secret:Secret")
        .map((s) => s.urn)
        .sort(),
    );
  });

  it("configures each role rotation after the permission that lets Secrets Manager invoke the function (secretsmanager-rotation-after-invoke-permission)", async () => {
    const cap = await capture(build({ environment: "prod", rolesBootstrapped: true }), { config });
    const fixtures = cap.resources.filter((r) => r.custom).map((r) => fixtureOf(r));
    const verdict = await checkStack(rotationAfterInvokePermission, fixtures);
    expect([verdict.undecided, verdict.violations]).toEqual([undefined, []]);
    const without = await checkStack(
      rotationAfterInvokePermission,
      fixtures.filter((f) => f.type !== "aws:lambda/permission:Permission"),
    );
    expect(without.urns.sort()).toEqual(
      cap
        .ofType(ROTATION)
        .map((r) => r.urn)
        .sort(),
    );
  });

  it("leaves nothing undecided for the database in a preview of a new stack, where ids and ARNs are unknown", async () => {
    const cap = await capture(build({ environment: "prod" }), { config, preview: true });
    const db = instanceOf(cap);
    expect(db.inputs.kmsKeyId).toBe(UNKNOWN);
    expect(await firing(db.type, db.inputs)).toEqual([]);
    expect(await firing(db.type, { ...db.inputs, publiclyAccessible: true })).toEqual(["rds-instance-not-publicly-accessible"]);
  });
});
