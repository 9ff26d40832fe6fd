/** The program (infra/) per stack: wiring from config, per-environment settings, outputs. One capture per stack and file. */
import { describe, expect, it } from "@jest/globals";
import { ConfigError, parseStackConfig } from "../../infra/config";
import { loadProjectStack } from "hardened-aws/testing";
import { SECRET_SIG, SIG_KEY, captureError } from "../support/capture";
import { REPO_ROOT, captureStack, requireIsolated } from "../support/program";

describe("the program", () => {
  it("builds the prod network over three AZs with a NAT gateway in each", async () => {
    const cap = await captureStack("prod");
    expect(cap.ofType("aws:ec2/subnet:Subnet")).toHaveLength(9);
    expect(cap.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "flow-logs").inputs.retentionInDays).toBe(365);
    expect(cap.outputs.vpcId).toBe(cap.one("aws:ec2/vpc:Vpc").id);
  });

  it("builds staging over two AZs with one NAT gateway", async () => {
    const cap = await captureStack("staging");
    expect(cap.ofType("aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(cap.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  });

  it("stops on bad config before any resource registers", async () => {
    const ps = loadProjectStack(REPO_ROOT, "prod");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { error, registered } = await captureError(() => require("../../infra"), {
      project: ps.project,
      stack: "prod",
      config: { ...ps.config, "hardened-aws:adminCidrs": '["0.0.0.0/0"]' },
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect(registered).toBe(0);
  });
});

describe("the program's cache and secrets", () => {
  it("runs the prod cache on the data subnets with a replica, admitting the app tasks, evicting volatile keys only", async () => {
    const cap = await captureStack("prod");
    const rg = cap.one("aws:elasticache/replicationGroup:ReplicationGroup");
    expect(rg.inputs).toMatchObject({ replicationGroupId: "app-prod-cache", nodeType: "cache.r7g.large", numCacheClusters: 2, multiAzEnabled: true, snapshotRetentionLimit: 35 });
    const dataSubnets = cap
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("net-data-"))
      .map((s) => s.id);
    expect(cap.one("aws:elasticache/subnetGroup:SubnetGroup").inputs.subnetIds).toEqual(dataSubnets);
    const appSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "net-app-sg");
    const rotationSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-rotation-sg");
    expect(cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").inputs.ingress).toEqual([
      { protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: [appSg.id], description: "app tasks" },
      { protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: [rotationSg.id], description: "password rotation function" },
    ]);
    // The password rotation function runs in the app subnets (they reach the AWS APIs), not in the data tier.
    const appSubnets = cap
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("net-app-"))
      .map((s) => s.id);
    expect(cap.one("aws:lambda/function:Function", "cache-rotation").inputs.vpcConfig).toEqual({ subnetIds: appSubnets, securityGroupIds: [rotationSg.id] });
    expect(cap.one("aws:elasticache/parameterGroup:ParameterGroup").inputs.parameters[0]).toEqual({ name: "maxmemory-policy", value: "volatile-lru" });
    expect(cap.outputs.cacheUrlTemplate).toBe(`rediss://app@${rg.outputs.primaryEndpointAddress}:6379`);
  });

  it("keeps staging and prod secrets apart by name, with rotation periods from config", async () => {
    const [prod, staging] = [await captureStack("prod"), await captureStack("staging")];
    const names = (cap: typeof prod) =>
      cap
        .ofType("aws:secretsmanager/secret:Secret")
        .map((s) => s.inputs.name)
        .sort();
    expect(names(prod)).toEqual([
      "/app/prod/api-key",
      "/app/prod/db/app_rw",
      "/app/prod/db/migrator",
      "/app/prod/db/readonly",
      "/app/prod/encryption-key",
      "/app/prod/jwt",
      "/app/prod/jwt-private-key",
      "/app/prod/jwt-refresh",
      "/app/prod/redis/app",
      "/app/prod/sentry",
      "/app/prod/session",
      "/app/prod/signing-key",
      "/app/prod/smtp",
    ]);
    expect(names(staging).every((n) => n.startsWith("/app/staging/"))).toBe(true);
    const days = Object.fromEntries(prod.ofType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => [r.name, r.inputs.rotationRules.automaticallyAfterDays]));
    expect(days).toMatchObject({ "secrets-jwt-rotation": 90, "secrets-session-rotation": 30, "secrets-signing-key-rotation": 90 });
    const policy = JSON.parse(prod.one("aws:secretsmanager/secretPolicy:SecretPolicy", "secrets-jwt-policy").inputs.policy);
    expect(policy.Statement[1].Condition.ArnLike["aws:PrincipalArn"]).toEqual(["arn:aws:iam::123456789012:role/app-prod-*"]);
  });

  it("exports ARNs, names, the URL template and the JWKS as plain values, and no generated value", async () => {
    const cap = await captureStack("prod");
    for (const key of ["cacheUrlTemplate", "cacheUserSecretArn", "secretArns", "secretNames", "jwtPublicKeyPem", "jwks", "secretsKmsKeyArn"]) {
      expect([key, cap.wireOutputs[key]?.[SIG_KEY]]).toEqual([key, undefined]);
      expect(cap.wireOutputs[key]).toBeDefined();
    }
    expect(cap.outputs.secretArns.session).toBe(cap.one("aws:secretsmanager/secret:Secret", "secrets-session").outputs.arn);
    expect(JSON.parse(cap.outputs.jwks).keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", e: "AQAB" });
    const generated = [
      ...cap.ofType("random:index/randomPassword:RandomPassword").map((r) => r.outputs.result),
      ...cap.ofType("random:index/randomBytes:RandomBytes").map((r) => r.outputs.hex),
      ...cap.ofType("tls:index/privateKey:PrivateKey").map((r) => r.outputs.privateKeyPemPkcs8),
    ];
    expect(generated.every((v) => typeof v === "string" && v.length >= 32)).toBe(true);
    const exported = JSON.stringify(cap.outputs);
    for (const v of generated) expect(exported).not.toContain(v);
  });
});

const rateOf = (acl: any, name: string) => acl.inputs.rules.find((r: any) => r.name === name).statement.rateBasedStatement;

describe("the program's edge", () => {
  it("puts a deletion-protected HTTPS-only ALB in the public subnets of prod, behind a blocking web ACL", async () => {
    const cap = await captureStack("prod");
    const lb = cap.one("aws:lb/loadBalancer:LoadBalancer");
    const publicSubnets = cap
      .ofType("aws:ec2/subnet:Subnet")
      .filter((s) => s.name.startsWith("net-public-"))
      .map((s) => s.id);
    expect(lb.inputs.subnets).toEqual(publicSubnets);
    expect(lb.inputs.enableDeletionProtection).toBe(true);
    expect(cap.one("aws:lb/targetGroup:TargetGroup").inputs).toMatchObject({ port: 8000, healthCheck: { path: "/health" } });
    expect(cap.one("aws:lb/listenerRule:ListenerRule").inputs.conditions).toEqual([{ hostHeader: { values: ["app.example.com"] } }]);
    const acl = cap.one("aws:wafv2/webAcl:WebAcl");
    expect(acl.inputs.name).toBe("app-prod");
    expect(acl.inputs.rules.find((r: any) => r.name === "general-per-ip").action.block).toBeDefined();
    expect(rateOf(acl, "general-per-ip")).toMatchObject({ limit: 667, evaluationWindowSec: 600 });
    expect(rateOf(acl, "auth-per-ip")).toMatchObject({ limit: 10, evaluationWindowSec: 600 });
    expect(cap.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs.resourceArn).toBe(lb.outputs.arn);
    expect(cap.outputs.dnsName).toBe(lb.outputs.dnsName);
    expect(cap.outputs.targetGroupArns).toEqual({ app: cap.one("aws:lb/targetGroup:TargetGroup").outputs.arn });
    expect(cap.outputs.webAclArn).toBe(acl.outputs.arn);
  });

  it("counts in staging, serves the staging host and takes rate figures from config", async () => {
    const cap = await captureStack("staging", { config: { "hardened-aws:rateLimitApiPer15Min": "300" } });
    const acl = cap.one("aws:wafv2/webAcl:WebAcl");
    expect(acl.inputs.rules.find((r: any) => r.name === "AWSManagedRulesSQLiRuleSet").overrideAction).toEqual({ count: {} });
    expect(rateOf(acl, "api-per-ip")).toMatchObject({ limit: 200, evaluationWindowSec: 600 });
    expect(cap.one("aws:acm/certificate:Certificate").inputs.domainName).toBe("staging.app.example.com");
    expect(cap.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(false);
  });
});

describe("the program's backups, alerts and logs", () => {
  it("backs prod up to a compliance-locked vault and copies to a locked vault in drRegion", async () => {
    const cap = await captureStack("prod");
    const provider = cap.one("pulumi:providers:aws", "backup-dr");
    expect(provider.inputs.region).toBe("eu-central-1");
    const drVault = cap.one("aws:backup/vault:Vault", "backup-dr-vault");
    expect(drVault.provider).toBe(`${provider.urn}::${provider.id}`);
    const rules = cap.one("aws:backup/plan:Plan").inputs.rules;
    expect(rules[0]).toMatchObject({ lifecycle: { deleteAfter: 35 }, copyActions: [{ destinationVaultArn: drVault.outputs.arn }] });
    expect(rules[1]).toMatchObject({ enableContinuousBackup: true, lifecycle: { deleteAfter: 35 } });
    const locks = cap.ofType("aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    expect(locks.map((l) => l.inputs.changeableForDays)).toEqual([3, 3]);
    expect(cap.outputs.backupVaultArn).toBe(cap.one("aws:backup/vault:Vault", "backup-vault").outputs.arn);
    expect(cap.outputs.drBackupVaultArn).toBe(drVault.outputs.arn);
  });

  it("keeps staging in one region with a governance-mode lock and 7-day points", async () => {
    const cap = await captureStack("staging");
    expect(cap.ofType("pulumi:providers:aws")).toHaveLength(0);
    expect(cap.ofType("aws:backup/vault:Vault")).toHaveLength(1);
    expect(cap.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration").inputs.changeableForDays).toBeUndefined();
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0]).toEqual(expect.not.objectContaining({ copyActions: expect.anything() }));
    expect(cap.one("aws:backup/plan:Plan").inputs.rules[0].lifecycle).toEqual({ deleteAfter: 7 });
  });

  it("routes backup failures and security alarms to the encrypted alert topic, emailing the configured addresses", async () => {
    const cap = await captureStack("prod");
    const topic = cap.one("aws:sns/topic:Topic");
    expect(cap.outputs.alertTopicArn).toBe(topic.outputs.arn);
    expect(topic.inputs.kmsMasterKeyId).toBe(cap.one("aws:kms/key:Key", "monitoring-key").outputs.arn);
    expect(
      cap
        .ofType("aws:sns/topicSubscription:TopicSubscription")
        .map((s) => s.inputs.endpoint)
        .sort(),
    ).toEqual(["platform-oncall@example.com", "security@example.com"]);
    expect(cap.one("aws:backup/vaultNotifications:VaultNotifications").inputs.snsTopicArn).toBe(topic.outputs.arn);
    // Backup job failures and the cache's ElastiCache events (which cannot publish to an encrypted topic) through EventBridge.
    // (and the app's secret rotations to its redeploy function).
    expect(cap.ofType("aws:cloudwatch/eventTarget:EventTarget").map((t) => [t.name, t.inputs.arn])).toEqual([
      ["backup-job-failed-alert", topic.outputs.arn],
      ["cache-events-alert", topic.outputs.arn],
      ["app-redeploy", cap.one("aws:lambda/function:Function", "app-redeploy").outputs.arn],
    ]);
    expect(cap.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.notificationTopicArn).toBeUndefined();
    expect(cap.one("aws:cloudwatch/logMetricFilter:LogMetricFilter", "auth-failures").inputs.logGroupName).toBe("/app/prod/security");
    expect(cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").every((a) => a.inputs.alarmActions[0] === topic.outputs.arn)).toBe(true);
  });

  it("keeps alert addresses secret when they were set with --secret", async () => {
    const cap = await captureStack("staging", { secretKeys: ["hardened-aws:alertEmails"] });
    const sub = cap.one("aws:sns/topicSubscription:TopicSubscription");
    expect(sub.secretInputPaths).toContain("endpoint");
    expect(sub.name).not.toContain("example");
  });

  it("creates the standard log groups and takes every log group from LogClasses", async () => {
    const cap = await captureStack("prod");
    const groups = cap.ofType("aws:cloudwatch/logGroup:LogGroup");
    const byName = Object.fromEntries(groups.map((g) => [g.inputs.name, [g.inputs.retentionInDays, g.inputs.tags["log-class"], g.options.retainOnDelete]]));
    expect(byName).toMatchObject({
      "/app/prod/security": [365, "security", true],
      "/app/prod/security-critical": [365, "security-critical", true],
      "/app/prod/audit": [2557, "audit", true],
    });
    const key = cap.one("aws:kms/key:Key", "logs-key").outputs.arn;
    expect(groups.every((g) => g.inputs.kmsKeyId === key && typeof g.inputs.tags["log-class"] === "string")).toBe(true);
  });
});

describe("the program's app service", () => {
  it("runs prod's app by digest behind the load balancer's target group, reading every secret by ARN and none by value", async () => {
    const cap = await captureStack("prod");
    const svc = cap.one("aws:ecs/service:Service", "app-service");
    const tg = cap.one("aws:lb/targetGroup:TargetGroup", "edge-app");
    expect(svc.inputs.loadBalancers).toEqual([{ containerName: "app", containerPort: 8000, targetGroupArn: tg.outputs.arn }]);
    expect(svc.inputs.networkConfiguration.assignPublicIp).toBe(false);
    const scaling = cap.one("aws:appautoscaling/target:Target", "app-scaling");
    expect([scaling.inputs.minCapacity, scaling.inputs.maxCapacity]).toEqual([2, 6]);
    const [container] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "app-task").inputs.containerDefinitions);
    expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(container.user).toBe("10001:10001");
    expect(container).toMatchObject({
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"] }, initProcessEnabled: true },
      healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 30, timeout: 10, retries: 3 },
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/app/prod/app" } },
    });
    expect(container.environment).toEqual([{ name: "NODE_ENV", value: "production" }]);
    const byName = Object.fromEntries(container.secrets.map((s: { name: string; valueFrom: string }) => [s.name, s.valueFrom]));
    const arnOf = (name: string) => cap.ofType("aws:secretsmanager/secret:Secret").find((s) => s.inputs.name === name)!.outputs.arn;
    expect(byName.DATABASE_CREDENTIALS).toBe(arnOf("/app/prod/db/app_rw"));
    expect(byName.REDIS_CREDENTIALS).toBe(arnOf("/app/prod/redis/app"));
    expect(byName.JWT_PRIVATE_KEY).toBe(arnOf("/app/prod/jwt-private-key"));
    // smtp and sentry are created empty: injected only once externalSecretsSet says their value was put.
    expect(Object.keys(byName).sort()).toEqual([
      "API_KEY",
      "DATABASE_CREDENTIALS",
      "ENCRYPTION_KEY",
      "JWT_PRIVATE_KEY",
      "JWT_REFRESH_SECRET",
      "JWT_SECRET",
      "REDIS_CREDENTIALS",
      "SESSION_SECRET",
      "SIGNING_KEY",
    ]);
  });

  it("injects an external secret once externalSecretsSet lists it, and refuses a purpose that is not one", async () => {
    const cap = await captureStack("staging", { config: { "hardened-aws:externalSecretsSet": '["smtp"]' } });
    const [container] = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", "app-task").inputs.containerDefinitions);
    const names = container.secrets.map((s: { name: string }) => s.name);
    expect(names).toContain("SMTP_CREDENTIALS");
    expect(names).not.toContain("SENTRY_DSN");
    expect(cap.ofType("aws:secretsmanager/secret:Secret").find((s) => s.inputs.name === "/app/staging/smtp")!.inputs.tags.value).toBe("set");
    expect(() => parseStackConfig("staging", { ...loadProjectStack(REPO_ROOT, "staging").config, "hardened-aws:externalSecretsSet": '["smpt"]' })).toThrow(/hardened-aws:externalSecretsSet\[0\]/);
  });

  it("lets the app tasks reach PostgreSQL and Valkey only through their security groups", async () => {
    const cap = await captureStack("staging");
    const egress = cap.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.name.startsWith("app-"));
    const db = cap.one("aws:ec2/securityGroup:SecurityGroup", "db-sg");
    const cache = cap.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg");
    expect(egress.find((r) => r.inputs.fromPort === 5433)!.inputs.referencedSecurityGroupId).toBe(db.id);
    expect(egress.find((r) => r.inputs.fromPort === 6379)!.inputs.referencedSecurityGroupId).toBe(cache.id);
    const scaling = cap.one("aws:appautoscaling/target:Target", "app-scaling");
    expect([scaling.inputs.minCapacity, scaling.inputs.maxCapacity]).toEqual([1, 2]);
  });

  it("refuses fewer than two prod tasks with the service's own floor, before the service registers a child", async () => {
    const ps = loadProjectStack(REPO_ROOT, "prod");
    expect(parseStackConfig("prod", { ...ps.config, "hardened-aws:appMinTasks": "1" }).appMinTasks).toBe(1); // config checks the type only
    const { error } = await captureError(() => requireIsolated(ps.main), { project: ps.project, stack: "prod", config: { ...ps.config, "hardened-aws:appMinTasks": "1" } });
    expect([(error as Error).name, (error as { codes?: string[] }).codes]).toEqual(["ArgumentError", ["SVC_PROD_SINGLE_TASK"]]);
    expect((error as Error).message).toContain(
      'HardenedService "app" has invalid arguments:\n  - minCapacity: one task in prod is one AZ failure from an outage [SVC_PROD_SINGLE_TASK]. Fix: use minCapacity 2 or more in prod.',
    );
  });
});

describe("secrets in the prod graph", () => {
  /** String leaves outside secret envelopes, with their paths. */
  function plainLeaves(v: unknown, path: string, out: [string, string][]): [string, string][] {
    if (typeof v === "string") out.push([path, v]);
    else if (Array.isArray(v)) v.forEach((x, i) => plainLeaves(x, `${path}[${i}]`, out));
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o[SIG_KEY] === SECRET_SIG) return out; // a secret: the engine encrypts it in state
      for (const [k, x] of Object.entries(o)) plainLeaves(x, `${path}.${k}`, out);
    }
    return out;
  }

  it("keeps every generated value inside secret envelopes: no input, state or output of any resource holds one in plain text", async () => {
    const cap = await captureStack("prod");
    const generated = [
      ...cap.ofType("random:index/randomPassword:RandomPassword").map((r) => r.outputs.result as string),
      ...cap.ofType("random:index/randomBytes:RandomBytes").flatMap((r) => [r.outputs.hex as string, r.outputs.base64 as string]),
      ...cap.ofType("tls:index/privateKey:PrivateKey").flatMap((r) => [r.outputs.privateKeyPem as string, r.outputs.privateKeyPemPkcs8 as string]),
    ].filter((v) => typeof v === "string" && v.length >= 16);
    expect(generated.length).toBeGreaterThanOrEqual(12);
    const leaks: string[] = [];
    for (const r of cap.resources) {
      for (const [where, tree] of [
        ["inputs", r.wireInputs],
        ["state", r.wireOutputs],
      ] as const) {
        for (const [path, text] of plainLeaves(tree, "", [])) {
          if (generated.some((g) => text.includes(g) || text.includes(JSON.stringify(g).slice(1, -1)))) leaks.push(`${r.name} ${where}${path}`);
        }
      }
    }
    for (const [path, text] of plainLeaves(cap.wireOutputs, "", [])) if (generated.some((g) => text.includes(g))) leaks.push(`stack output${path}`);
    expect(leaks).toEqual([]);
    // The values are there, in secret envelopes: the role and app secrets' first versions carry them.
    const versions = cap.ofType("aws:secretsmanager/secretVersion:SecretVersion");
    const sealed = versions.filter(
      (v) => v.wireInputs.secretString?.[SIG_KEY] === SECRET_SIG && generated.some((g) => JSON.stringify(v.wireInputs.secretString.value).includes(JSON.stringify(g).slice(1, -1))),
    );
    expect(sealed.length).toBeGreaterThanOrEqual(10);
  });
});

describe("prod coverage of the data tier by backups and of every log group by a class", () => {
  it("matches the database and the cache with the tag selection, restore-tests the database and copies to a second region", async () => {
    const cap = await captureStack("prod");
    const [selection] = cap.ofType("aws:backup/selection:Selection");
    expect(selection.inputs.selectionTags).toEqual([{ key: "backup", type: "STRINGEQUALS", value: "true" }]);
    const stores = [...cap.ofType("aws:rds/instance:Instance"), ...cap.ofType("aws:elasticache/replicationGroup:ReplicationGroup")];
    // AWS Backup does not back up ElastiCache: the cache carries no backup tag and keeps its own snapshots.
    expect(stores.map((s) => [s.name, s.inputs.tags.backup])).toEqual([
      ["db-instance", "true"],
      ["cache-group", undefined],
    ]);
    expect(stores[1].inputs.snapshotRetentionLimit).toBe(35);
    const restore = cap.one("aws:backup/restoreTestingSelection:RestoreTestingSelection");
    expect(restore.inputs).toMatchObject({ protectedResourceType: "RDS", protectedResourceConditions: { stringEquals: [{ key: "aws:ResourceTag/backup", value: "true" }] } });
    expect(restore.inputs.restoreTestingPlanName).toBe(cap.one("aws:backup/restoreTestingPlan:RestoreTestingPlan").inputs.name);
    const drProvider = cap.one("pulumi:providers:aws", "backup-dr");
    expect(drProvider.inputs.region).not.toBe(cap.one("aws:backup/vault:Vault", "backup-vault").outputs.arn.split(":")[3]);
  });

  it("gives every log group the CMK and the retention of its class from the stack config", async () => {
    const cap = await captureStack("prod");
    const classDays: Record<string, number> = { application: 90, security: 365, "security-critical": 365, audit: 2557, network: 365 };
    const key = cap.one("aws:kms/key:Key", "logs-key").outputs.arn;
    const groups = cap.ofType("aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g) => g.name).sort()).toEqual([
      "app-logs",
      "app-redeploy-log",
      "cache-engine-log",
      "cache-rotation-logs",
      "cache-slow-log",
      "db-bootstrap-logs",
      "db-postgresql-log",
      "db-rotation-log",
      "db-upgrade-log",
      "logs-audit",
      "logs-security",
      "logs-security-critical",
      "migrate-logs",
      "net-flow-logs",
      "secrets-jwt-rotation-logs",
      "secrets-rotation-logs",
      "waf-logs",
    ]);
    for (const g of groups) expect([g.inputs.name, g.inputs.kmsKeyId, g.inputs.retentionInDays]).toEqual([g.inputs.name, key, classDays[g.inputs.tags["log-class"]]]);
  });
});

describe("prod state protection and secret rotation", () => {
  it("protects every database, cache, backup vault, KMS key and secret in prod, and nothing in staging", async () => {
    const [prod, staging] = [await captureStack("prod"), await captureStack("staging")];
    const stateful = ["aws:rds/instance:Instance", "aws:elasticache/replicationGroup:ReplicationGroup", "aws:backup/vault:Vault", "aws:kms/key:Key", "aws:secretsmanager/secret:Secret"];
    const prodStateful = prod.resources.filter((r) => stateful.includes(r.type));
    expect(prodStateful.length).toBe(25); // 1 database, 1 cache, 2 vaults, 8 keys, 13 secrets
    expect(prodStateful.filter((r) => !r.options.protect).map((r) => r.name)).toEqual([]);
    // Beyond those: the load balancer's access-log bucket and the log groups of the security and audit classes.
    const evidence = (r: (typeof prod.resources)[number]) =>
      r.type === "aws:s3/bucket:Bucket" || (r.type === "aws:cloudwatch/logGroup:LogGroup" && ["security", "security-critical", "audit"].includes(r.inputs.tags?.["log-class"]));
    expect(prod.resources.filter((r) => r.options.protect && !stateful.includes(r.type) && !evidence(r)).map((r) => r.name)).toEqual([]);
    expect(staging.resources.filter((r) => r.options.protect).map((r) => r.name)).toEqual([]);
  });

  it("marks the secrets the app reads without a rotation schedule as rotated elsewhere, and the role secrets pending their bootstrap", async () => {
    const prod = await captureStack("prod");
    const pending = prod
      .ofType("aws:secretsmanager/secret:Secret")
      .filter((s) => s.inputs.tags.rotation === "pending-bootstrap")
      .map((s) => s.inputs.name)
      .sort();
    expect(pending).toEqual(["/app/prod/db/app_rw", "/app/prod/db/migrator", "/app/prod/db/readonly"]);
    const external = prod
      .ofType("aws:secretsmanager/secret:Secret")
      .filter((s) => s.inputs.tags.rotation === "external")
      .map((s) => s.inputs.name)
      .sort();
    expect(external).toEqual(["/app/prod/sentry", "/app/prod/smtp"]);
    // The JWT key set and the Redis credential rotate on their own schedules.
    const rotated = prod.ofType("aws:secretsmanager/secretRotation:SecretRotation").map((r) => prod.resources.find((s) => s.id === r.inputs.secretId)?.inputs.name);
    expect(rotated).toEqual(expect.arrayContaining(["/app/prod/jwt-private-key", "/app/prod/redis/app"]));
  });
});

describe("the pack on the program's own resources", () => {
  it("applies every resource policy to some resource of the prod stack, except those guarding what the components never build", async () => {
    const { allPolicies } = await import("../../policy/policies");
    const prod = await captureStack("prod");
    const types = new Set(prod.resources.map((r) => r.type));
    const idle = allPolicies
      .filter((p) => "types" in p.spec && !p.spec.types.some((t) => types.has(t)))
      .map((p) => p.name)
      .sort();
    // Refused or engine-specific resources: raw aws.* code may create them, the components never do.
    expect(idle).toEqual([
      "ec2-network-acl-no-admin-ports-from-world",
      "ec2-source-dest-check-enabled",
      "ecr-repository-policy-not-public",
      "elasticache-cluster-no-standalone-redis",
      "elasticache-cluster-prod-resilience",
      "elasticache-cluster-transit-encryption",
      "elb-classic-load-balancer-not-used",
      "rds-aurora-mysql-audit-logging",
      "rds-aurora-mysql-backtracking",
      "rds-cluster-cmk-encrypted",
      "rds-cluster-storage-encrypted",
      "rds-event-subscription-critical-events",
      "rds-global-cluster-encrypted",
      "rds-proxy-require-tls",
      "rds-snapshot-copies-cmk-encrypted",
      "rds-snapshot-not-public",
      "ssm-parameter-no-plaintext-secret",
      "waf-classic-not-used",
    ]);
  });
});

describe("the program's stateful resources", () => {
  const STATEFUL = [
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:kms/key:Key",
    "aws:secretsmanager/secret:Secret",
    "aws:backup/vault:Vault",
    "aws:s3/bucket:Bucket",
  ];
  const KEPT_LOG_CLASSES = ["security", "security-critical", "audit"];
  const stateful = (cap: Awaited<ReturnType<typeof captureStack>>) =>
    cap.resources.filter((r) => STATEFUL.includes(r.type) || (r.type === "aws:cloudwatch/logGroup:LogGroup" && KEPT_LOG_CLASSES.includes(r.inputs.tags?.["log-class"])));

  it("are protected and retained on delete in prod, every one of them", async () => {
    const cap = await captureStack("prod");
    const all = stateful(cap);
    expect(all.length).toBeGreaterThan(25);
    expect(all.filter((r) => !(r.options.protect && r.options.retainOnDelete)).map((r) => `${r.type} ${r.name}`)).toEqual([]);
    expect(cap.one("aws:s3/bucket:Bucket", "edge-access-logs").options).toMatchObject({ protect: true, retainOnDelete: true });
  });

  it("are left deletable in staging", async () => {
    const cap = await captureStack("staging");
    expect(
      stateful(cap)
        .filter((r) => r.options.protect || r.options.retainOnDelete)
        .map((r) => `${r.type} ${r.name}`),
    ).toEqual([]);
  });
});
