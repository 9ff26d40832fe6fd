import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import { HardenedService, HardenedServiceArgs, LogClasses } from "../../components";
import { SECRET_ENV_NAME, tlsDisabled } from "../../components/service/defaults";
import { ArgumentError } from "../../components/shared/errors";
import { SECRET_ENV_NAME as POLICY_SECRET_ENV_NAME, tlsDisabled as policyTlsDisabled } from "../../policy/ecs";
import { capture, captureError, UNKNOWN } from "../support/capture";
import { DB_SECRET, DIGEST, JWT_SECRET, SECRETS_KEY, serviceArgs, TG } from "./service-args";

const REGION = { config: { "aws:region": "eu-west-1" } };
const build =
  (over: Partial<HardenedServiceArgs> = {}) =>
  () => {
    const logs = new LogClasses("logs", { environment: over.environment ?? "prod", appName: "shop" });
    return new HardenedService("web", serviceArgs(logs, over));
  };

const container = (cap: Awaited<ReturnType<typeof capture>>) => {
  const defs = JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
  expect(defs).toHaveLength(1);
  return defs[0];
};

describe("HardenedService", () => {
  it("runs one non-root, read-only, capability-free container with the CTR-4 health check", async () => {
    const cap = await capture(build(), REGION);
    const c = container(cap);
    expect(c).toMatchObject({
      name: "app",
      essential: true,
      user: "10001:10001",
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
      portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }],
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    });
    expect(c.healthCheck).toEqual({ command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 });
    const td = cap.one("aws:ecs/taskDefinition:TaskDefinition");
    expect(td.inputs).toMatchObject({
      family: "shop-prod-app",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "512",
      memory: "1024",
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      volumes: [{ name: "tmp" }],
    });
    expect(td.inputs.executionRoleArn).toBe("arn:aws:iam::123456789012:role/shop-prod-app-execution");
    expect(td.inputs.taskRoleArn).toBe("arn:aws:iam::123456789012:role/shop-prod-app-task");
  });

  it("injects secrets by ARN, keeps secret values out of environment and sets NODE_ENV=production in prod", async () => {
    const c = container(await capture(build(), REGION));
    expect(c.secrets).toEqual([
      { name: "DATABASE_URL", valueFrom: DB_SECRET },
      { name: "JWT_PRIVATE_KEY", valueFrom: JWT_SECRET },
    ]);
    expect(c.environment).toEqual([
      { name: "CORS_ORIGINS", value: "https://shop.example.com" },
      { name: "LOG_LEVEL", value: "info" },
      { name: "NODE_ENV", value: "production" },
    ]);
    expect(c.environment.filter((e: any) => SECRET_ENV_NAME.test(e.name))).toEqual([]);
    const staging = container(await capture(build({ environment: "staging", minCapacity: 1 }), REGION));
    expect(staging.environment.map((e: any) => e.name)).toEqual(["CORS_ORIGINS", "LOG_LEVEL"]);
  });

  it("logs to the fixed application-class group /shop/prod/app through awslogs", async () => {
    const cap = await capture(build(), REGION);
    expect(container(cap).logConfiguration).toEqual({ logDriver: "awslogs", options: { "awslogs-group": "/shop/prod/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" } });
    const group = cap.one("aws:cloudwatch/logGroup:LogGroup", "web-logs");
    expect(group.inputs).toMatchObject({ name: "/shop/prod/app", retentionInDays: 30, tags: { "log-class": "application" } });
    expect(cap.one("aws:ecs/taskDefinition:TaskDefinition").dependencies).toContain(group.urn);
  });

  it("builds the image for linux/amd64, pushes it with ECR credentials and runs it by digest", async () => {
    const cap = await capture(build(), REGION);
    const image = cap.one("docker:index/image:Image");
    expect(image.inputs.imageName).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app:3f2c1a9");
    expect(image.inputs.build).toMatchObject({ context: "examples/app", dockerfile: "examples/app/Dockerfile", platform: "linux/amd64" });
    expect(image.inputs.registry).toEqual({ server: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app", username: "AWS", password: "mock-ecr-password" });
    expect(image.secretInputPaths).toContain("registry.password");
    expect(container(cap).image).toBe(image.outputs.repoDigest);
    expect(container(cap).image).toMatch(/^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/shop\/prod\/app@sha256:[0-9a-f]{64}$/);
  });

  it("creates an immutable, scanned, CMK-encrypted repository with a lifecycle policy", async () => {
    const cap = await capture(build(), REGION);
    const repo = cap.one("aws:ecr/repository:Repository");
    const key = cap.one("aws:kms/key:Key", "web-ecr-key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(repo.inputs).toMatchObject({
      name: "shop/prod/app",
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.outputs.arn }],
      forceDelete: false,
    });
    const lifecycle = cap.one("aws:ecr/lifecyclePolicy:LifecyclePolicy");
    expect(lifecycle.inputs.repository).toBe("shop/prod/app");
    expect(JSON.parse(lifecycle.inputs.policy).rules.map((r: any) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
    ]);
  });

  it("grants the execution role exactly the repo, the log group, the listed secrets and their keys", async () => {
    const cap = await capture(build(), REGION);
    const repo = cap.one("aws:ecr/repository:Repository").outputs.arn;
    const repoKey = cap.one("aws:kms/key:Key", "web-ecr-key").outputs.arn;
    const group = cap.one("aws:cloudwatch/logGroup:LogGroup", "web-logs").outputs.arn;
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
    expect(policy.Statement).toEqual([
      { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      { Sid: "EcrPull", Effect: "Allow", Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], Resource: repo },
      { Sid: "ImageKey", Effect: "Allow", Action: "kms:Decrypt", Resource: repoKey, Condition: { StringEquals: { "kms:ViaService": "ecr.eu-west-1.amazonaws.com" } } },
      { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [group, `${group}:log-stream:*`] },
      { Sid: "Secrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [DB_SECRET, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/jwt-GhIjKl"] },
      { Sid: "SecretKeys", Effect: "Allow", Action: "kms:Decrypt", Resource: [SECRETS_KEY], Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } },
    ]);
    const trust = JSON.parse(cap.one("aws:iam/role:Role", "web-execution").inputs.assumeRolePolicy);
    expect(trust.Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
    ]);
  });

  it("gives the task role no permissions unless taskPolicyStatements grants them", async () => {
    const cap = await capture(build(), REGION);
    // The execution role's, and the redeploy function's (its own role, see service-redeploy.test.ts).
    expect(
      cap
        .ofType("aws:iam/rolePolicy:RolePolicy")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["web-execution", "web-redeploy"]);
    const bucket = "arn:aws:s3:::shop-prod-uploads/*";
    const withGrant = await capture(build({ taskPolicyStatements: [{ Action: ["s3:PutObject", "s3:GetObject"], Resource: bucket }] }), REGION);
    expect(JSON.parse(withGrant.one("aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: bucket }],
    });
  });

  it("admits only the load balancer on 8000 and egresses 443 plus the declared data and SMTP ports", async () => {
    const cap = await capture(build(), REGION);
    const ingress = cap.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(ingress.map((r) => ({ ...r.inputs, tags: undefined }))).toEqual([
      { securityGroupId: "sg-app", referencedSecurityGroupId: "sg-alb", ipProtocol: "tcp", fromPort: 8000, toPort: 8000, description: "Load balancer to app on 8000", tags: undefined },
    ]);
    const egress = Object.fromEntries(
      cap
        .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .map((r) => [r.name, { to: r.inputs.referencedSecurityGroupId ?? r.inputs.cidrIpv4, port: r.inputs.fromPort, toPort: r.inputs.toPort, sg: r.inputs.securityGroupId }]),
    );
    expect(egress).toEqual({
      "web-https": { to: "0.0.0.0/0", port: 443, toPort: 443, sg: "sg-app" },
      "web-egress-postgres": { to: "sg-db", port: 5432, toPort: 5432, sg: "sg-app" },
      "web-egress-redis": { to: "sg-cache", port: 6379, toPort: 6379, sg: "sg-app" },
      "web-egress-smtp": { to: "0.0.0.0/0", port: 587, toPort: 587, sg: "sg-app" },
    });
  });

  it("runs a Fargate service in private subnets with circuit breaker, no ECS Exec and CPU target tracking", async () => {
    const cap = await capture(build({ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms" }), REGION);
    const cluster = cap.one("aws:ecs/cluster:Cluster");
    expect(cluster.inputs).toMatchObject({ name: "shop-prod-app", settings: [{ name: "containerInsights", value: "enhanced" }] });
    const svc = cap.one("aws:ecs/service:Service");
    expect(svc.inputs).toMatchObject({
      name: "app",
      launchType: "FARGATE",
      desiredCount: 2,
      networkConfiguration: { subnets: ["subnet-app1", "subnet-app2"], securityGroups: ["sg-app"], assignPublicIp: false },
      loadBalancers: [{ targetGroupArn: TG, containerName: "app", containerPort: 8000 }],
      deploymentCircuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: false,
      propagateTags: "SERVICE",
      healthCheckGracePeriodSeconds: 60,
    });
    expect(svc.options.ignoreChanges).toEqual(["desiredCount"]);
    expect(cap.one("aws:appautoscaling/target:Target").inputs).toMatchObject({
      resourceId: "service/shop-prod-app/app",
      minCapacity: 2,
      maxCapacity: 6,
      scalableDimension: "ecs:service:DesiredCount",
    });
    expect(cap.one("aws:appautoscaling/policy:Policy").inputs.targetTrackingScalingPolicyConfiguration).toEqual({
      predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      targetValue: 60,
      scaleInCooldown: 300,
      scaleOutCooldown: 60,
    });
    const alarms = cap.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((x) => [x.name, x.inputs.metricName, x.inputs.threshold, x.inputs.dimensions])).toEqual([
      ["web-cpu-high", "CPUUtilization", 85, { ClusterName: "shop-prod-app", ServiceName: "app" }],
      ["web-memory-high", "MemoryUtilization", 85, { ClusterName: "shop-prod-app", ServiceName: "app" }],
    ]);
  });

  it("declares extra writable paths as ephemeral volumes", async () => {
    const cap = await capture(build({ writablePaths: ["/tmp", "/app/uploads"] }), REGION);
    expect(cap.one("aws:ecs/taskDefinition:TaskDefinition").inputs.volumes).toEqual([{ name: "tmp" }, { name: "app-uploads" }]);
    expect(container(cap).mountPoints).toEqual([
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "app-uploads", containerPath: "/app/uploads", readOnly: false },
    ]);
  });

  it("keeps the container JSON known in preview with a prebuilt digest and literal secret ARNs; a build makes it unknown", async () => {
    const prebuilt = await capture(build({ build: undefined, imageTag: undefined, image: DIGEST }), { ...REGION, preview: true });
    const c = container(prebuilt);
    expect(c).toMatchObject({ image: DIGEST, user: "10001:10001", readonlyRootFilesystem: true });
    expect(c.logConfiguration.options["awslogs-group"]).toBe("/shop/prod/app");
    expect(prebuilt.ofType("docker:index/image:Image")).toEqual([]);
    const built = await capture(build(), { ...REGION, preview: true });
    expect(built.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions).toBe(UNKNOWN);
    expect(built.one("aws:ecs/service:Service").inputs.networkConfiguration.assignPublicIp).toBe(false);
  });

  it("keeps the execution role policy known in preview when the repository key and secret ARNs are given", async () => {
    const repoKey = "arn:aws:kms:eu-west-1:123456789012:key/5555eeee-6666-ffff-7777-000088889999";
    const cap = await capture(build({ kmsKeyArn: repoKey }), { ...REGION, preview: true });
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
    expect(policy.Statement.find((s: any) => s.Sid === "EcrPull").Resource).toBe("arn:aws:ecr:eu-west-1:123456789012:repository/shop/prod/app");
    expect(policy.Statement.find((s: any) => s.Sid === "Logs").Resource).toEqual([
      "arn:aws:logs:eu-west-1:123456789012:log-group:/shop/prod/app",
      "arn:aws:logs:eu-west-1:123456789012:log-group:/shop/prod/app:log-stream:*",
    ]);
    expect(cap.ofType("aws:kms/key:Key").map((k) => k.name)).toEqual(["logs-key"]);
  });

  it("accepts secret ARNs that are outputs of secrets created in the same program", async () => {
    const cap = await capture(() => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      const secret = new aws.secretsmanager.Secret("session", { name: "/shop/prod/session" });
      return new HardenedService("web", serviceArgs(logs, { secrets: { SESSION_SECRET: { arn: secret.arn } } }));
    }, REGION);
    const arn = cap.one("aws:secretsmanager/secret:Secret").outputs.arn;
    expect(container(cap).secrets).toEqual([{ name: "SESSION_SECRET", valueFrom: arn }]);
    expect(JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy).Statement.find((s: any) => s.Sid === "Secrets").Resource).toEqual([arn]);
  });

  describe("validation (before any child registers)", () => {
    const logsOnly = (env: "prod" | "staging") => () => {
      new LogClasses("logs", { environment: env, appName: "shop" });
      throw new Error("stop");
    };
    const codes = async (over: Partial<HardenedServiceArgs>) => {
      const baseline = (await captureError(logsOnly(over.environment ?? "prod"), REGION)).registered;
      const { error, registered } = await captureError(
        () => new HardenedService("web", serviceArgs(new LogClasses("logs", { environment: over.environment ?? "prod", appName: "shop" }), over)),
        REGION,
      );
      expect(error).toBeInstanceOf(ArgumentError);
      expect(registered).toBe(baseline); // nothing beyond the caller's LogClasses
      return (error as ArgumentError).codes;
    };

    it.each([
      [{ user: "root" }, ["SVC_USER_ROOT"]],
      [{ user: "0" }, ["SVC_USER_ROOT"]],
      [{ user: "0:1000" }, ["SVC_USER_ROOT"]],
      [{ imageTag: "latest" }, ["SVC_IMAGE_LATEST"]],
      [{ imageTag: undefined }, ["SVC_IMAGE_TAG_REQUIRED"]],
      [{ build: undefined, imageTag: undefined, image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app:v1" }, ["SVC_IMAGE_DIGEST"]],
      [{ build: undefined, imageTag: undefined, image: "nginx:latest" }, ["SVC_IMAGE_LATEST", "SVC_IMAGE_DIGEST"]],
      [{ image: DIGEST }, ["SVC_IMAGE_SOURCE"]],
      [{ environmentVariables: { DB_PASSWORD: "hunter2" } }, ["SVC_ENV_SECRET"]],
      [{ environmentVariables: { REDIS_URL: "rediss://:pw@cache:6379" } }, ["SVC_ENV_SECRET"]],
      [{ environmentVariables: { NODE_TLS_REJECT_UNAUTHORIZED: "0" } }, ["SVC_ENV_TLS_DISABLED"]],
      [{ environmentVariables: { PG_SSL_REJECT_UNAUTHORIZED: "false" } }, ["SVC_ENV_TLS_DISABLED"]],
      [{ environmentVariables: { PGOPTIONS_URL: "postgres://db/app?sslmode=prefer" } }, ["SVC_ENV_TLS_DISABLED"]],
      [{ environmentVariables: { CORS_ORIGIN: "*" } }, ["SVC_ENV_CORS_WILDCARD"]],
      [{ environmentVariables: { ALLOWED_ORIGINS: "https://app.example.com,http://app.example.com" } }, ["SVC_ENV_CORS_HTTP"]],
      [{ environmentVariables: { NODE_ENV: "development" } }, ["SVC_ENV_NODE_ENV"]],
      [{ enableExecuteCommand: true }, ["SVC_EXEC_PROD"]],
      [{ taskPolicyStatements: [{ Action: "secretsmanager:GetSecretValue", Resource: "*" }] }, ["SVC_IAM_SECRETS_ALL"]],
      [{ taskPolicyStatements: [{ Action: "*", Resource: "*" }] }, ["SVC_IAM_ADMIN"]],
      [{ egress: { postgres: { port: 5432, cidr: "0.0.0.0/0", description: "db" } } }, ["SVC_EGRESS_WORLD"]],
      [{ egress: { postgres: { port: 5432, description: "db" } } }, ["SVC_EGRESS_TARGET"]],
      [{ build: { context: "examples/app", platform: "linux/arm64" } }, ["SVC_PLATFORM_MISMATCH"]],
      [{ writablePaths: ["tmp"] }, ["SVC_WRITABLE_PATH"]],
      [{ minCapacity: 1 }, ["SVC_PROD_SINGLE_TASK"]],
      [{ cpu: 256, memory: 4096 }, ["SVC_FARGATE_SIZE"]],
      [{ secrets: { DATABASE_URL: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/database-AbCdEf" } } }, ["SVC_SECRET_ENV"]],
    ] as [Partial<HardenedServiceArgs>, string[]][])("%j → %j", async (over, expected) => {
      expect(await codes(over)).toEqual(expected);
    });

    it("allows ECS Exec and a plain-HTTP CORS origin in staging only, and says which arg, what and how to fix in the message", async () => {
      await capture(build({ environment: "staging", minCapacity: 1, enableExecuteCommand: true, environmentVariables: { CORS_ORIGINS: "http://localhost:3000" } }), REGION);
      const { error } = await captureError(build({ user: "root" }), REGION);
      expect((error as Error).message).toContain(
        'HardenedService "web" has invalid arguments:\n  - user: "root" runs the container as root [SVC_USER_ROOT]. Fix: use the non-root uid the image creates, e.g. "10001:10001".',
      );
    });
  });

  it("uses the same secret-name pattern as the pack", () => {
    expect(SECRET_ENV_NAME.source).toBe(POLICY_SECRET_ENV_NAME.source);
    expect(SECRET_ENV_NAME.flags).toBe(POLICY_SECRET_ENV_NAME.flags);
  });

  it("judges TLS-disabling variables the same way as the pack", () => {
    const samples: [string, string][] = [
      ["NODE_TLS_REJECT_UNAUTHORIZED", "0"],
      ["REDIS_TLS_REJECT_UNAUTHORIZED", "1"],
      ["PG_SSL_REJECT_UNAUTHORIZED", "false"],
      ["PGSSLMODE", "allow"],
      ["PGSSLMODE", "verify-full"],
      ["DB_OPTS", "sslmode=disable"],
      ["LOG_LEVEL", "info"],
    ];
    const verdicts = samples.map(([k, v]) => tlsDisabled(k, v));
    expect(verdicts.map((x) => x !== undefined)).toEqual([true, false, true, true, false, true, false]);
    expect(samples.map(([k, v]) => policyTlsDisabled(k, v))).toEqual(verdicts);
  });
});
