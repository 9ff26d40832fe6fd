import { describe, expect, it } from "@jest/globals";
import { LogClasses, SecureCache } from "../../components";
import { appAccessString } from "../../components/cache";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

type Args = ConstructorParameters<typeof SecureCache>[1];
const LOG_KEY = "arn:aws:kms:eu-west-1:123456789012:key/logs";
const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const USER = "aws:elasticache/user:User";
const config = { "aws:region": "eu-west-1" };

const build =
  (over: Partial<Args> = {}) =>
  () => {
    const env = over.environment ?? "staging";
    const logs = new LogClasses("logs", { environment: env, appName: "shop", kmsKeyArn: LOG_KEY });
    return new SecureCache("cache", {
      environment: env,
      appName: "shop",
      logs,
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b"],
      rotationSubnetIds: ["subnet-0aa1", "subnet-0bb2"],
      allowedSecurityGroupIds: ["sg-app"],
      ...over,
    });
  };

describe("SecureCache", () => {
  it("builds a TLS-only, CMK-encrypted valkey 8.0 replication group with RBAC in staging", async () => {
    const cap = await capture(build(), { config });
    const rg = cap.one(RG);
    const key = cap.one("aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(rg.inputs).toMatchObject({
      replicationGroupId: "shop-staging-cache",
      engine: "valkey",
      engineVersion: "8.0",
      nodeType: "cache.t4g.small",
      port: 6379,
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: true,
      kmsKeyId: key.outputs.arn,
      userGroupIds: ["shop-staging-cache-users"],
      subnetGroupName: "shop-staging-cache",
      parameterGroupName: "shop-staging-cache-params",
      securityGroupIds: [cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").id],
      snapshotRetentionLimit: 7,
      autoMinorVersionUpgrade: true,
      tags: { environment: "staging", "cache-purposes": "cache" },
    });
    // AWS Backup does not back up ElastiCache: no backup tag; its snapshots are its backup (CACHE-6).
    expect(rg.inputs.tags.backup).toBeUndefined();
    expect(rg.inputs.authToken).toBeUndefined();
    expect(rg.inputs.finalSnapshotIdentifier).toBeUndefined();
    expect(cap.one("aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(["subnet-a", "subnet-b"]);
  });

  it("runs a replica with Multi-AZ failover and 35 days of snapshots in prod", async () => {
    const cap = await capture(build({ environment: "prod" }), { config });
    expect(cap.one(RG).inputs).toMatchObject({
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      snapshotRetentionLimit: 35,
      finalSnapshotIdentifier: "shop-prod-cache-final",
    });
  });

  it("admits the port from the app group and private CIDRs only, with no egress", async () => {
    const cap = await capture(build({ allowedCidrs: ["10.8.0.0/16", "fd00:8::/64"], port: 6380 }), { config });
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg");
    expect(sg.inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 6380, toPort: 6380, securityGroups: ["sg-app"], description: "app tasks" },
      { protocol: "tcp", fromPort: 6380, toPort: 6380, cidrBlocks: ["10.8.0.0/16"], description: "admin networks" },
      { protocol: "tcp", fromPort: 6380, toPort: 6380, ipv6CidrBlocks: ["fd00:8::/64"], description: "admin networks (IPv6)" },
      { protocol: "tcp", fromPort: 6380, toPort: 6380, securityGroups: [cap.one("aws:ec2/securityGroup:SecurityGroup", "rotation-sg").id], description: "password rotation function" },
    ]);
    expect(sg.inputs.egress).toEqual([]);
    expect(sg.inputs.vpcId).toBe("vpc-1");
  });

  it("sets allkeys-lru for a pure cache and volatile-lru when sessions or rate limits live there, with timeout 300 and keepalive 60", async () => {
    const cache = (await capture(build(), { config })).one("aws:elasticache/parameterGroup:ParameterGroup");
    expect(cache.inputs.family).toBe("valkey8");
    expect(cache.inputs.parameters).toEqual([
      { name: "maxmemory-policy", value: "allkeys-lru" },
      { name: "timeout", value: "300" },
      { name: "tcp-keepalive", value: "60" },
    ]);
    const session = (await capture(build({ purposes: ["session", "ratelimit"] }), { config })).one("aws:elasticache/parameterGroup:ParameterGroup");
    expect(session.inputs.parameters[0]).toEqual({ name: "maxmemory-policy", value: "volatile-lru" });
    expect(session.inputs.tags["cache-purposes"]).toBe("ratelimit+session");
  });

  it("takes the eviction policy the application chooses: allkeys-lfu for a pure cache, noeviction for sessions", async () => {
    const lfu = (await capture(build({ maxmemoryPolicy: "allkeys-lfu" }), { config })).one("aws:elasticache/parameterGroup:ParameterGroup");
    expect(lfu.inputs.parameters[0]).toEqual({ name: "maxmemory-policy", value: "allkeys-lfu" });
    const strict = (await capture(build({ purposes: ["session"], maxmemoryPolicy: "noeviction" }), { config })).one("aws:elasticache/parameterGroup:ParameterGroup");
    expect(strict.inputs.parameters[0]).toEqual({ name: "maxmemory-policy", value: "noeviction" });
  });

  it("uses the redis7 family for Redis OSS 7.1", async () => {
    const cap = await capture(build({ engine: "redis" }), { config });
    expect(cap.one("aws:elasticache/parameterGroup:ParameterGroup").inputs.family).toBe("redis7");
    expect(cap.one(RG).inputs).toMatchObject({ engine: "redis", engineVersion: "7.1" });
    expect(cap.ofType(USER).map((u) => u.inputs.engine)).toEqual(["redis", "redis"]);
  });

  it("puts a disabled default user and a prefix-limited app user in the user group", async () => {
    const cap = await capture(build(), { config });
    const app = cap.one(USER, "app-user");
    const def = cap.one(USER, "default-user");
    expect(app.inputs).toMatchObject({ userId: "shop-staging-cache-app", userName: "shop", accessString: "on ~sess:* ~rl:* ~shop:* +@all -@dangerous", authenticationMode: { type: "password" } });
    expect(def.inputs).toMatchObject({ userId: "shop-staging-cache-default", userName: "default", accessString: "off -@all", authenticationMode: { type: "password" } });
    expect(def.inputs.noPasswordRequired).toBeUndefined();
    expect(cap.one("aws:elasticache/userGroup:UserGroup").inputs).toMatchObject({
      userGroupId: "shop-staging-cache-users",
      engine: "valkey",
      userIds: ["shop-staging-cache-default", "shop-staging-cache-app"],
    });
    expect(appAccessString(["a:", "b:"])).toBe("on ~a:* ~b:* +@all -@dangerous");
  });

  it("stores the app credential in a CMK-encrypted secret and keeps every generated value secret", async () => {
    const cap = await capture(build(), { config });
    const password = cap.one("random:index/randomPassword:RandomPassword", "app-password");
    expect(password.inputs).toEqual({ length: 64, special: false });
    const secret = cap.one("aws:secretsmanager/secret:Secret");
    expect(secret.inputs).toMatchObject({ name: "/shop/staging/redis/shop", kmsKeyId: cap.one("aws:kms/key:Key").outputs.arn, recoveryWindowInDays: 7 });
    const version = cap.one("aws:secretsmanager/secretVersion:SecretVersion");
    expect(version.secretInputPaths).toEqual(["secretString"]);
    const value = JSON.parse(version.inputs.secretString);
    expect(value).toEqual({ engine: "valkey", host: cap.one(RG).outputs.primaryEndpointAddress, port: 6379, username: "shop", password: password.outputs.result, tls: true });
    // The generated passwords appear only in secret-marked inputs.
    for (const pw of cap.ofType("random:index/randomPassword:RandomPassword")) {
      for (const r of cap.resources) {
        const text = JSON.stringify(r.inputs);
        if (!text.includes(pw.outputs.result)) continue;
        expect(r.secretInputPaths.length).toBeGreaterThan(0);
        const withoutSecrets = JSON.parse(JSON.stringify(r.inputs));
        for (const path of r.secretInputPaths) setPath(withoutSecrets, path, "<secret>");
        expect(JSON.stringify(withoutSecrets)).not.toContain(pw.outputs.result);
      }
    }
    expect(cap.one(USER, "app-user").secretInputPaths).toEqual(["authenticationMode.passwords.0"]);
    expect(cap.one(USER, "default-user").secretInputPaths).toEqual(["authenticationMode.passwords.0"]);
  });

  it("exports a rediss:// URL template with the user and no password", async () => {
    let cache: SecureCache | undefined;
    const cap = await capture(
      () => {
        cache = build()();
        return { url: cache.urlTemplate, secretArn: cache.userSecretArn, sg: cache.securityGroupId, port: cache.port };
      },
      { config },
    );
    const host = cap.one(RG).outputs.primaryEndpointAddress;
    expect(cap.outputs.url).toBe(`rediss://shop@${host}:6379`);
    expect(cap.outputs.port).toBe(6379);
    expect(cap.outputs.secretArn).toBe(cap.one("aws:secretsmanager/secret:Secret").outputs.arn);
    expect(cap.outputs.sg).toBe(cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").id);
    expect(cache!.userSecretName).toBe("/shop/staging/redis/shop");
  });

  it("delivers slow and engine logs to fixed-name groups of the application and security classes", async () => {
    const cap = await capture(build(), { config });
    const groups = Object.fromEntries(cap.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => [g.name, [g.inputs.name, g.inputs.tags["log-class"]]]));
    expect(groups).toEqual({
      "cache-slow-log": ["/shop/staging/elasticache/shop-staging-cache/slow-log", "application"],
      "cache-engine-log": ["/shop/staging/elasticache/shop-staging-cache/engine-log", "security"],
      "cache-rotation-logs": ["/shop/staging/elasticache/shop-staging-cache/rotation", "security"],
    });
    expect(cap.one(RG).inputs.logDeliveryConfigurations).toEqual([
      { destination: "/shop/staging/elasticache/shop-staging-cache/slow-log", destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
      { destination: "/shop/staging/elasticache/shop-staging-cache/engine-log", destinationType: "cloudwatch-logs", logFormat: "json", logType: "engine-log" },
    ]);
  });

  it("rotates the app password on its schedule through the bundled function in the VPC, and pulumi up never resets it", async () => {
    let cache: SecureCache | undefined;
    const cap = await capture(() => (cache = build({ rotationDays: 30 })()), { config });
    const secret = cap.one("aws:secretsmanager/secret:Secret");
    expect(secret.inputs.tags).toMatchObject({ purpose: "redis", "rotation-mode": "two-passwords" });
    expect(secret.inputs.tags.rotation).toBeUndefined(); // rotated here, not elsewhere
    const fn = cap.one("aws:lambda/function:Function");
    const sg = cap.one("aws:ec2/securityGroup:SecurityGroup", "rotation-sg");
    expect(fn.inputs).toMatchObject({
      name: "shop-staging-cache-rotation",
      runtime: "nodejs22.x",
      handler: "index.handler",
      timeout: 300,
      environment: { variables: { USER_ID: "shop-staging-cache-app" } },
      vpcConfig: { subnetIds: ["subnet-0aa1", "subnet-0bb2"], securityGroupIds: [sg.id] },
      loggingConfig: { logFormat: "JSON", logGroup: "/shop/staging/elasticache/shop-staging-cache/rotation" },
    });
    expect(fn.inputs.code.assets["index.js"].text).toContain("ModifyUserCommand");
    const rotation = cap.one("aws:secretsmanager/secretRotation:SecretRotation");
    expect(rotation.inputs).toEqual({ secretId: secret.id, rotationLambdaArn: fn.outputs.arn, rotationRules: { automaticallyAfterDays: 30 }, rotateImmediately: false });
    const permission = cap.one("aws:lambda/permission:Permission");
    expect(permission.inputs).toEqual({
      function: fn.inputs.name,
      action: "lambda:InvokeFunction",
      principal: "secretsmanager.amazonaws.com",
      sourceArn: secret.outputs.arn,
      sourceAccount: "123456789012",
    });
    for (const dep of [permission, cap.one("aws:secretsmanager/secretVersion:SecretVersion"), cap.one(RG), ...cap.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")])
      expect(rotation.dependencies).toContain(dep.urn);
    // The rotation owns the password: pulumi up leaves the user's passwords and the secret's value alone.
    expect(cap.one(USER, "app-user").options.ignoreChanges).toEqual(["authenticationMode", "passwords"]);
    expect(cap.one("aws:secretsmanager/secretVersion:SecretVersion").options.ignoreChanges).toEqual(["secretString", "versionStages"]);
    expect(cache!.rotationFunctionArn).toBeDefined();
  });

  it("gives the rotation function exactly its user, its secret and its key, and only the cache port and HTTPS out", async () => {
    const cap = await capture(build(), { config });
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    const bySid = Object.fromEntries(policy.Statement.map((st: any) => [st.Sid, st]));
    expect(Object.keys(bySid)).toEqual(["RotateTheseSecrets", "GeneratePasswords", "UseTheirKeyThroughSecretsManager", "WriteOwnLogs", "OwnNetworkInterfaces", "ModifyTheAppUser"]);
    expect(bySid.RotateTheseSecrets.Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/redis/shop-??????"]);
    expect(bySid.ModifyTheAppUser).toEqual({
      Sid: "ModifyTheAppUser",
      Effect: "Allow",
      Action: ["elasticache:ModifyUser", "elasticache:DescribeUsers"],
      Resource: "arn:aws:elasticache:eu-west-1:123456789012:user:shop-staging-cache-app",
    });
    expect(bySid.UseTheirKeyThroughSecretsManager.Condition).toEqual({
      StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" },
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/shop-staging-cache-cache" },
    });
    expect(bySid.WriteOwnLogs.Resource).toBe("arn:aws:logs:eu-west-1:123456789012:log-group:/shop/staging/elasticache/shop-staging-cache/rotation:*");
    const egress = Object.fromEntries(cap.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => [r.name, r.inputs]));
    const rotationSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "rotation-sg").id;
    expect(egress["cache-rotation-to-cache"]).toMatchObject({
      securityGroupId: rotationSg,
      ipProtocol: "tcp",
      fromPort: 6379,
      toPort: 6379,
      referencedSecurityGroupId: cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").id,
    });
    expect(egress["cache-rotation-to-https"]).toMatchObject({ securityGroupId: rotationSg, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
    expect(Object.keys(egress).sort()).toEqual(["cache-rotation-to-cache", "cache-rotation-to-https"]);
  });

  it("creates CPU, engine CPU, memory and eviction alarms per node when given a topic", async () => {
    const topic = "arn:aws:sns:eu-west-1:123456789012:alerts";
    const cap = await capture(build({ environment: "prod", purposes: ["session"], alarmTopicArn: topic }), { config });
    const alarms = cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((x) => x.inputs.name).sort()).toEqual(["001", "002"].flatMap((n) => ["cpu", "engine-cpu", "evictions", "memory"].map((m) => `shop-prod-cache-${n}-${m}`)).sort());
    const ev = alarms.find((x) => x.inputs.name === "shop-prod-cache-001-evictions")!;
    expect(ev.inputs).toMatchObject({ metricName: "Evictions", threshold: 0, statistic: "Sum", dimensions: { CacheClusterId: "shop-prod-cache-001" }, alarmActions: [topic] });
    expect(alarms.find((x) => x.inputs.name === "shop-prod-cache-002-memory")!.inputs).toMatchObject({ metricName: "DatabaseMemoryUsagePercentage", threshold: 80 });
    // CloudWatch takes an alarm on a cluster that does not exist yet: the alarms do not wait the group's 15 minutes.
    expect(alarms.flatMap((x) => x.dependencies)).not.toContain(cap.one(RG).urn);
    // ElastiCache cannot publish to a KMS-encrypted topic: its events reach the topic through EventBridge instead.
    expect(cap.one(RG).inputs.notificationTopicArn).toBeUndefined();
    const rule = cap.one("aws:cloudwatch/eventRule:EventRule");
    expect(JSON.parse(rule.inputs.eventPattern)).toEqual({
      source: ["aws.elasticache"],
      "detail-type": ["Cache Creation Failed", "Cache Update Failed", "Cache Limit Approaching", "Snapshot Creation Failed", "Snapshot Export Failed", "Snapshot Copy Failed"],
    });
    expect(cap.one("aws:cloudwatch/eventTarget:EventTarget").inputs).toEqual({ rule: rule.inputs.name, arn: topic });
    const quiet = await capture(build(), { config });
    expect(quiet.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).toEqual([]);
    expect(quiet.ofType("aws:cloudwatch/eventRule:EventRule")).toEqual([]);
    expect(quiet.one(RG).inputs.notificationTopicArn).toBeUndefined();
  });

  it("limits reading the credential to the named roles and the deployer when readerRoleArns is given", async () => {
    const reader = "arn:aws:iam::123456789012:role/shop-staging-task";
    const cap = await capture(build({ readerRoleArns: [reader] }), { config });
    const policy = cap.one("aws:secretsmanager/secretPolicy:SecretPolicy");
    expect(policy.inputs).toMatchObject({ secretArn: cap.one("aws:secretsmanager/secret:Secret").outputs.arn, blockPublicPolicy: true });
    const doc = JSON.parse(policy.inputs.policy);
    // The readers, the deployer and the rotation function's role.
    expect(doc.Statement[0].Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": [reader, "arn:aws:iam::123456789012:user/ci", cap.one("aws:iam/role:Role", "cache-rotation").outputs.arn] } });
    expect(doc.Statement[1].Condition).toEqual({ ArnLike: { "aws:PrincipalArn": [reader] }, StringEquals: { "aws:PrincipalAccount": "123456789012" } });
    expect((await capture(build(), { config })).ofType("aws:secretsmanager/secretPolicy:SecretPolicy")).toEqual([]);
  });

  it("uses a given CMK instead of creating one", async () => {
    const cap = await capture(build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/given" }), { config });
    expect(cap.ofType("aws:kms/key:Key")).toEqual([]);
    expect(cap.one(RG).inputs.kmsKeyId).toBe("arn:aws:kms:eu-west-1:123456789012:key/given");
    expect(cap.one("aws:secretsmanager/secret:Secret").inputs.kmsKeyId).toBe("arn:aws:kms:eu-west-1:123456789012:key/given");
  });

  it.each([
    [{ allowedSecurityGroupIds: [] }, ["CACHE_ALLOWLIST_EMPTY"], "allowedSecurityGroupIds"],
    [{ allowedCidrs: ["0.0.0.0/0"] }, ["CACHE_ALLOWLIST_WORLD"], "allowedCidrs[0]"],
    [{ allowedCidrs: ["10.0.0.0/8", "::/0"] }, ["CACHE_ALLOWLIST_WORLD"], "allowedCidrs[1]"],
    [{ allowedCidrs: ["nope"] }, ["CACHE_CIDR_INVALID"], "allowedCidrs[0]"],
    [{ engine: "memcached" as any }, ["CACHE_ENGINE", "CACHE_ENGINE_VERSION"], "engine"],
    [{ engineVersion: "6.2" }, ["CACHE_ENGINE_VERSION"], "engineVersion"],
    [{ engine: "redis" as const, engineVersion: "8.0" }, ["CACHE_ENGINE_VERSION"], "engineVersion"],
    [{ nodeType: "cache.t4g.micro" }, ["CACHE_NODE_TYPE"], "nodeType"],
    [{ replicas: 6 }, ["CACHE_REPLICAS"], "replicas"],
    [{ environment: "prod" as const, replicas: 0 }, ["CACHE_PROD_NO_REPLICA"], "replicas"],
    [{ port: 80 }, ["CACHE_PORT"], "port"],
    [{ snapshotRetentionDays: 36 }, ["CACHE_SNAPSHOT_RETENTION"], "snapshotRetentionDays"],
    [{ environment: "prod" as const, snapshotRetentionDays: 0 }, ["CACHE_PROD_NO_SNAPSHOTS"], "snapshotRetentionDays"],
    [{ purposes: [] }, ["CACHE_PURPOSE"], "purposes"],
    [{ purposes: ["session", "ratelimit"], maxmemoryPolicy: "allkeys-lru" }, ["CACHE_EVICTION_DURABLE_KEYS"], "maxmemoryPolicy"],
    [{ purposes: ["cache", "ratelimit"], maxmemoryPolicy: "allkeys-random" }, ["CACHE_EVICTION_DURABLE_KEYS"], "maxmemoryPolicy"],
    [{ maxmemoryPolicy: "lru" as any }, ["CACHE_EVICTION_POLICY"], "maxmemoryPolicy"],
    [{ keyPrefixes: [] }, ["CACHE_KEY_PREFIXES"], "keyPrefixes"],
    [{ keyPrefixes: ["sess:", "*"] }, ["CACHE_KEY_PREFIX"], "keyPrefixes[1]"],
    [{ appUserName: "default" }, ["CACHE_APP_USER"], "appUserName"],
    [{ appName: "a-very-long-application-name" }, ["CACHE_ID"], "appName"],
    [{ maintenanceWindow: "sunday" }, ["CACHE_MAINTENANCE_WINDOW"], "maintenanceWindow"],
    [{ snapshotWindow: "1-2" }, ["CACHE_SNAPSHOT_WINDOW"], "snapshotWindow"],
    [{ credentialVersion: "2" } as Partial<Args>, ["CACHE_CREDENTIAL_VERSION"], "credentialVersion"],
    [{ rotationDays: 120 }, ["CACHE_ROTATION_DAYS"], "rotationDays"],
    [{ rotationSubnetIds: [] }, ["CACHE_ROTATION_SUBNETS"], "rotationSubnetIds"],
    [{ readerRoleArns: ["*"] }, ["CACHE_READER_ARN"], "readerRoleArns[0]"],
  ])("rejects %j with %s before any child registers", async (over, codes, arg) => {
    const { error, registered } = await captureError(build(over as Partial<Args>), { config });
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect((error as Error).message).toContain(`${arg}:`);
    expect((error as Error).message).toContain("Fix:");
    expect(registered).toBe(1); // the LogClasses component only
  });
});

function setPath(obj: any, path: string, value: unknown): void {
  const keys = path.split(".");
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  cur[keys[keys.length - 1]] = value;
}
