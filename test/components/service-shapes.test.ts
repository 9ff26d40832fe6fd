/**
 * HardenedService workload shapes beyond one container behind one target group: workers, sidecars, a shared
 * cluster, listener dependencies, event log writes, app-chosen secret names and one-off tasks.
 */
import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HardenedService, HardenedServiceArgs, LogClasses, OneOffTask, OneOffTaskArgs, SecureLoadBalancer, ServiceCluster, ServiceSidecar } from "../../components";
import { ArgumentError } from "../../components/shared/errors";
import { resolvedEnvironment, resolvedImage } from "../../components/service/task";
import { capture, captureError } from "../support/capture";
import { serviceArgs } from "./service-args";

const REGION = { config: { "aws:region": "eu-west-1" } };
const CLAMAV = `public.ecr.aws/docker/library/clamav@sha256:${"b".repeat(64)}`;
const FLUENT = `public.ecr.aws/aws-observability/aws-for-fluent-bit@sha256:${"d".repeat(64)}`;
const PSQL = `public.ecr.aws/docker/library/postgres@sha256:${"e".repeat(64)}`;
const SECRETS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-2222-bbbb-3333-cccc4444dddd";
const TG_NLB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-rtsps/0123456789abcdef";
const secretArn = (name: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/${name}-AbCdEf`;

/** A worker: the web service's arguments without the load balancer pair. */
const workerArgs = (logs: LogClasses, over: Partial<HardenedServiceArgs> = {}): HardenedServiceArgs => {
  const { targetGroupArn: _tg, loadBalancerSecurityGroupId: _lb, ...rest } = serviceArgs(logs, { serviceName: "worker" });
  return { ...rest, ...over };
};

const clamav: ServiceSidecar = {
  image: CLAMAV,
  user: "100:101",
  essential: true,
  healthCheck: { command: ["CMD-SHELL", "clamdcheck.sh || exit 1"], startPeriod: 120 },
  appStartsAfter: "HEALTHY",
  writablePaths: ["/tmp"],
};
const logRouter: ServiceSidecar = {
  image: FLUENT,
  user: "10002:10002",
  essential: false,
  healthCheck: { command: ["CMD-SHELL", "curl -f http://127.0.0.1:2020/api/v1/health || exit 1"] },
  appStartsAfter: "START",
  environmentVariables: { FLB_LOG_LEVEL: "info" },
};

const containers = (cap: Awaited<ReturnType<typeof capture>>, suffix?: string) => JSON.parse(cap.one("aws:ecs/taskDefinition:TaskDefinition", suffix).inputs.containerDefinitions);

/** Codes of the ArgumentError `program` throws, asserting nothing registered beyond the caller's LogClasses. */
async function refused(program: (logs: LogClasses) => unknown): Promise<readonly string[]> {
  const baseline = (
    await captureError(() => {
      new LogClasses("logs", { environment: "prod", appName: "shop" });
      throw new Error("stop");
    }, REGION)
  ).registered;
  const { error, registered } = await captureError(() => program(new LogClasses("logs", { environment: "prod", appName: "shop" })), REGION);
  expect(error).toBeInstanceOf(ArgumentError);
  expect(registered).toBe(baseline);
  return (error as ArgumentError).codes;
}

describe("HardenedService worker (no load balancer)", () => {
  it("builds no ingress rule, no loadBalancers block, no port mapping and no grace period", async () => {
    const cap = await capture(() => new HardenedService("worker", workerArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }))), REGION);
    expect(cap.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([]);
    const svc = cap.one("aws:ecs/service:Service").inputs;
    expect(svc.loadBalancers).toBeUndefined();
    expect(svc.healthCheckGracePeriodSeconds).toBeUndefined();
    expect(svc).toMatchObject({ name: "worker", networkConfiguration: { subnets: ["subnet-app1", "subnet-app2"], securityGroups: ["sg-app"], assignPublicIp: false } });
    const [c] = containers(cap);
    expect(c.portMappings).toEqual([]);
    expect(c).toMatchObject({ name: "worker", user: "10001:10001", readonlyRootFilesystem: true, linuxParameters: { capabilities: { drop: ["ALL"], add: [] } } });
    expect(
      cap
        .ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["worker-egress-postgres", "worker-egress-redis", "worker-egress-smtp", "worker-https"]);
  });

  it("takes a health check of its own instead of the HTTP probe, and refuses one ECS would not accept", async () => {
    const heartbeat = ["CMD-SHELL", "test $(( $(date +%s) - $(stat -c %Y /tmp/heartbeat) )) -lt 60 || exit 1"];
    const cap = await capture(
      () => new HardenedService("worker", workerArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), { healthCheck: { command: heartbeat, startPeriod: 30 } })),
      REGION,
    );
    expect(containers(cap)[0].healthCheck).toEqual({ command: heartbeat, interval: 30, timeout: 10, startPeriod: 30, retries: 3 });
    expect(await refused((logs) => new HardenedService("worker", workerArgs(logs, { healthCheck: { command: heartbeat, retries: 0 } })))).toEqual(["SVC_HEALTH_CHECK"]);
    expect(await refused((logs) => new HardenedService("worker", workerArgs(logs, { healthCheck: {} as any })))).toEqual(["SVC_HEALTH_CHECK"]);
  });

  it.each([
    [{ targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-app/0123456789abcdef" }, "loadBalancerSecurityGroupId"],
    [{ loadBalancerSecurityGroupId: "sg-alb" }, "targetGroupArn"],
  ] as [Partial<HardenedServiceArgs>, string][])("refuses half of the load balancer pair %j naming %s", async (over, arg) => {
    expect(await refused((logs) => new HardenedService("worker", workerArgs(logs, over)))).toEqual(["SVC_INGRESS_PAIR"]);
    const { error } = await captureError(() => new HardenedService("worker", workerArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), over)), REGION);
    expect((error as ArgumentError).problems.map((p) => p.arg)).toEqual([arg]);
  });

  it("refuses listener dependencies on a worker and non-resources as dependencies", async () => {
    expect(await refused((logs) => new HardenedService("worker", workerArgs(logs, { loadBalancerDependencies: [logs] })))).toEqual(["SVC_LB_DEPENDENCIES"]);
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { loadBalancerDependencies: ["arn:aws:elasticloadbalancing:listener" as any] })))).toEqual(["SVC_LB_DEPENDENCIES"]);
  });
});

describe("HardenedService listener dependencies", () => {
  it("creates the ECS service after the listener rule that attaches its target group", async () => {
    const cap = await capture(() => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      const rule = new aws.lb.ListenerRule("app-rule", {
        listenerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/edge/50dc6c495c0c9188/f2f7dc8efc522ab2",
        priority: 10,
        conditions: [{ hostHeader: { values: ["shop.example.com"] } }],
        actions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-app/0123456789abcdef" }],
      });
      return new HardenedService("web", serviceArgs(logs, { loadBalancerDependencies: [rule] }));
    }, REGION);
    const rule = cap.one("aws:lb/listenerRule:ListenerRule");
    expect(cap.one("aws:ecs/service:Service").dependencies).toContain(rule.urn);
    // Nothing else waits on it.
    expect(cap.resources.filter((r) => r.dependencies.includes(rule.urn)).map((r) => r.name)).toEqual(["web-service"]);
  });
});

describe("HardenedService behind a network load balancer too", () => {
  /** An edge with the web target and an RTSPS stream listener (322 -> 8554), and one service registered in both. */
  const edgeAndService = (over: (edge: SecureLoadBalancer) => Partial<HardenedServiceArgs>) => () => {
    const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
    const edge = new SecureLoadBalancer("edge", {
      environment: "prod",
      appName: "shop",
      vpcId: "vpc-123",
      vpcCidr: "10.40.0.0/16",
      subnetIds: ["subnet-a", "subnet-b"],
      ingressCidrs: ["0.0.0.0/0"],
      domainName: "app.example.com",
      hostedZoneId: "Z0123456789ABC",
      targets: { app: { port: 8000, healthCheckPath: "/health" } },
      networkLoadBalancer: { listeners: { rtsps: { port: 322, targetPort: 8554 } }, ingressCidrs: ["198.51.100.0/24"] },
    });
    return new HardenedService(
      "web",
      serviceArgs(logs, { targetGroupArn: edge.targetGroupArns.app, loadBalancerSecurityGroupId: edge.securityGroupId, loadBalancerDependencies: [edge], ...over(edge) }),
    );
  };
  const rtsps = (edge: SecureLoadBalancer) => ({ rtsps: { targetGroupArn: edge.nlbTargetGroupArns.rtsps, containerPort: 8554, loadBalancerSecurityGroupId: edge.nlbSecurityGroupId! } });

  it("registers the tasks in the web and the stream target groups, each port admitted from its own load balancer only", async () => {
    const cap = await capture(
      edgeAndService((edge) => ({ additionalTargets: rtsps(edge) })),
      REGION,
    );
    const webTg = cap.one("aws:lb/targetGroup:TargetGroup", "edge-app");
    const nlbTg = cap.one("aws:lb/targetGroup:TargetGroup", "edge-nlb-rtsps");
    const svc = cap.one("aws:ecs/service:Service");
    expect(svc.inputs.loadBalancers).toEqual([
      { targetGroupArn: webTg.outputs.arn, containerName: "app", containerPort: 8000 },
      { targetGroupArn: nlbTg.outputs.arn, containerName: "app", containerPort: 8554 },
    ]);
    expect(svc.inputs.healthCheckGracePeriodSeconds).toBeGreaterThan(0);
    expect(containers(cap)[0].portMappings.map((m: { containerPort: number; protocol: string }) => [m.containerPort, m.protocol])).toEqual([
      [8000, "tcp"],
      [8554, "tcp"],
    ]);
    const albSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "edge-sg");
    const nlbSg = cap.one("aws:ec2/securityGroup:SecurityGroup", "edge-nlb-sg");
    const ingress = cap
      .ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
      .map((r) => [r.name, r.inputs.referencedSecurityGroupId, r.inputs.fromPort, r.inputs.toPort])
      .sort();
    expect(ingress).toEqual([
      ["web-from-lb", albSg.id, 8000, 8000],
      ["web-from-rtsps", nlbSg.id, 8554, 8554],
    ]);
    // The service waits for the whole edge, the NLB listener included (ECS refuses a target group without a load balancer).
    expect(svc.dependencies).toContain(cap.one("aws:lb/listener:Listener", "edge-nlb-rtsps").urn);
  });

  it("serves a stream-only ingest with no web target group", async () => {
    const cap = await capture(
      edgeAndService((edge) => ({ targetGroupArn: undefined, loadBalancerSecurityGroupId: undefined, serviceName: "ingest", additionalTargets: rtsps(edge) })),
      REGION,
    );
    const svc = cap.one("aws:ecs/service:Service");
    expect(svc.inputs.loadBalancers).toEqual([{ targetGroupArn: cap.one("aws:lb/targetGroup:TargetGroup", "edge-nlb-rtsps").outputs.arn, containerName: "ingest", containerPort: 8554 }]);
    expect(cap.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.name)).toEqual(["web-from-rtsps"]);
    expect(containers(cap)[0].portMappings.map((m: { containerPort: number }) => m.containerPort)).toEqual([8554]);
  });

  it.each([
    ["a privileged port", { rtsps: { targetGroupArn: TG_NLB, containerPort: 554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_PORT", "additionalTargets.rtsps.containerPort"],
    ["no load balancer group", { rtsps: { targetGroupArn: TG_NLB, containerPort: 8554 } }, "SVC_TARGETS", "additionalTargets.rtsps.loadBalancerSecurityGroupId"],
    ["no target group", { rtsps: { containerPort: 8554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_TARGETS", "additionalTargets.rtsps.targetGroupArn"],
    ["an upper-case key", { RTSPS: { targetGroupArn: TG_NLB, containerPort: 8554, loadBalancerSecurityGroupId: "sg-nlb" } }, "SVC_TARGETS", "additionalTargets.RTSPS"],
    [
      "six target groups in all",
      Object.fromEntries(["a", "b", "c", "d", "e"].map((k) => [k, { targetGroupArn: TG_NLB, containerPort: 8554, loadBalancerSecurityGroupId: "sg-nlb" }])),
      "SVC_TARGETS",
      "additionalTargets",
    ],
    ["a list", ["not", "a", "map"], "SVC_TARGETS", "additionalTargets"],
  ] as [string, unknown, string, string][])("refuses additional targets with %s (%s on %s) before registering anything", async (_label, targets, code, arg) => {
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { additionalTargets: targets as never })))).toEqual([code]);
    const { error } = await captureError(
      () => new HardenedService("web", serviceArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), { additionalTargets: targets as never })),
      REGION,
    );
    expect((error as ArgumentError).problems.map((p) => p.arg)).toEqual([arg]);
  });
});

describe("HardenedService sidecars", () => {
  const build =
    (over: Partial<HardenedServiceArgs> = {}) =>
    () => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      return new HardenedService("web", serviceArgs(logs, { sidecars: { clamav, "log-router": logRouter }, ...over }));
    };

  it("holds every sidecar to the app container's floor and states start order and essential", async () => {
    const cap = await capture(build(), REGION);
    const defs = containers(cap);
    expect(defs.map((c: any) => [c.name, c.essential])).toEqual([
      ["app", true],
      ["clamav", true],
      ["log-router", false],
    ]);
    expect(defs[0].dependsOn).toEqual([
      { containerName: "clamav", condition: "HEALTHY" },
      { containerName: "log-router", condition: "START" },
    ]);
    const logConfiguration = (prefix: string) => ({ logDriver: "awslogs", options: { "awslogs-group": "/shop/prod/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": prefix } });
    expect(defs[1]).toEqual({
      name: "clamav",
      image: CLAMAV,
      essential: true,
      user: "100:101",
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
      portMappings: [],
      mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
      healthCheck: { command: ["CMD-SHELL", "clamdcheck.sh || exit 1"], interval: 30, timeout: 10, startPeriod: 120, retries: 3 },
      environment: [],
      secrets: [],
      logConfiguration: logConfiguration("app"),
    });
    expect(defs[2]).toMatchObject({
      name: "log-router",
      user: "10002:10002",
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"], add: [] } },
      mountPoints: [],
      healthCheck: { command: ["CMD-SHELL", "curl -f http://127.0.0.1:2020/api/v1/health || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 },
      environment: [{ name: "FLB_LOG_LEVEL", value: "info" }],
      logConfiguration: logConfiguration("app"),
    });
    expect(defs[2].dependsOn).toBeUndefined();
    // The app still listens on its port; the sidecars are reached on localhost and publish none.
    expect(defs[0].portMappings).toEqual([{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }]);
  });

  it("orders sidecars among themselves and reads their secrets through the execution role", async () => {
    const cap = await capture(
      build({
        sidecars: {
          clamav: { ...clamav, dependsOn: { "log-router": "START" }, secrets: { CLAMAV_MIRROR_TOKEN: { arn: secretArn("clamav-mirror"), kmsKeyArn: SECRETS_KEY } } },
          "log-router": logRouter,
        },
      }),
      REGION,
    );
    const defs = containers(cap);
    expect(defs[1].dependsOn).toEqual([{ containerName: "log-router", condition: "START" }]);
    expect(defs[1].secrets).toEqual([{ name: "CLAMAV_MIRROR_TOKEN", valueFrom: secretArn("clamav-mirror") }]);
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
    expect(policy.Statement.find((s: any) => s.Sid === "Secrets").Resource).toEqual([
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/database-AbCdEf",
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/jwt-GhIjKl",
      secretArn("clamav-mirror"),
    ]);
  });

  it.each([
    [{ ...clamav, user: "root" }, ["SVC_USER_ROOT"]],
    [{ ...clamav, user: "0:0" }, ["SVC_USER_ROOT"]],
    [{ ...clamav, healthCheck: undefined }, ["SVC_HEALTH_CHECK"]],
    [{ ...clamav, healthCheck: { command: ["clamdcheck.sh"] } }, ["SVC_HEALTH_CHECK"]],
    [{ ...clamav, healthCheck: { command: ["CMD-SHELL", "true"], interval: 1 } }, ["SVC_HEALTH_CHECK"]],
    [{ ...clamav, essential: undefined }, ["SVC_SIDECAR_ESSENTIAL"]],
    [{ ...clamav, image: "clamav/clamav:latest" }, ["SVC_IMAGE_LATEST", "SVC_IMAGE_DIGEST"]],
    [{ ...clamav, image: "clamav/clamav:1.4" }, ["SVC_IMAGE_DIGEST"]],
    [{ ...clamav, appStartsAfter: "COMPLETE" }, ["SVC_SIDECAR_ORDER"]],
    [{ ...clamav, dependsOn: { freshclam: "START" } }, ["SVC_SIDECAR_ORDER"]],
    [{ ...clamav, environmentVariables: { CLAMAV_PASSWORD: "x" } }, ["SVC_ENV_SECRET"]],
    [{ ...clamav, writablePaths: ["/var/lib/clamav"] }, ["SVC_WRITABLE_PATH"]],
    [{ ...clamav, memory: 4096 }, ["SVC_SIDECAR_SIZE"]],
  ] as [ServiceSidecar, string[]][])("refuses sidecar %j with %j before any child registers", async (sidecar, expected) => {
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { sidecars: { clamav: sidecar } })))).toEqual(expected);
  });

  it("refuses sidecars that together reserve the whole task", async () => {
    const { error } = await captureError(build({ sidecars: { clamav: { ...clamav, memory: 512 }, "log-router": { ...logRouter, memory: 512 } } }), REGION);
    expect((error as ArgumentError).problems.map((p) => [p.code, p.arg, p.problem])).toEqual([
      ["SVC_SIDECAR_SIZE", "sidecars", "sidecars reserve 1024 of the task's 1024 MiB, leaving nothing for the app"],
    ]);
    await capture(build({ sidecars: { clamav: { ...clamav, memory: 512, cpu: 128 }, "log-router": { ...logRouter, memory: 64, cpu: 64 } } }), REGION);
  });

  it("refuses a sidecar named like the app container and a start-order cycle", async () => {
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { sidecars: { app: clamav } })))).toEqual(["SVC_SIDECAR_NAME"]);
    const { error } = await captureError(
      build({ sidecars: { clamav: { ...clamav, dependsOn: { "log-router": "START" } }, "log-router": { ...logRouter, dependsOn: { clamav: "HEALTHY" } } } }),
      REGION,
    );
    expect((error as ArgumentError).codes).toEqual(["SVC_SIDECAR_ORDER"]);
    expect((error as Error).message).toContain("  - sidecars: start order has a cycle: clamav → log-router → clamav [SVC_SIDECAR_ORDER]. Fix: remove one dependsOn of the cycle.");
  });

  it("says which sidecar runs as root and how to fix it", async () => {
    const { error } = await captureError(build({ sidecars: { clamav: { ...clamav, user: "root" } } }), REGION);
    expect((error as Error).message).toContain('  - sidecars.clamav.user: "root" runs the container as root [SVC_USER_ROOT]. Fix: use the non-root uid the image creates, e.g. "10001:10001".');
  });
});

describe("HardenedService in a shared cluster", () => {
  it("runs an API and a worker in one ServiceCluster with Container Insights and creates no cluster of their own", async () => {
    const cap = await capture(() => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      const cluster = new ServiceCluster("cluster", { environment: "prod", appName: "shop" });
      new HardenedService("api", serviceArgs(logs, { serviceName: "api", cluster }));
      return new HardenedService("worker", workerArgs(logs, { cluster }));
    }, REGION);
    const cluster = cap.one("aws:ecs/cluster:Cluster");
    expect(cluster.name).toBe("cluster-cluster");
    expect(cluster.inputs).toMatchObject({ name: "shop-prod", settings: [{ name: "containerInsights", value: "enhanced" }] });
    const services = cap.ofType("aws:ecs/service:Service");
    expect(services.map((s) => [s.name, s.inputs.cluster]).sort()).toEqual([
      ["api-service", cluster.outputs.arn],
      ["worker-service", cluster.outputs.arn],
    ]);
    expect(
      cap
        .ofType("aws:appautoscaling/target:Target")
        .map((t) => t.inputs.resourceId)
        .sort(),
    ).toEqual(["service/shop-prod/api", "service/shop-prod/worker"]);
    // Each service's own group, and its redeploy function's (service-redeploy.test.ts).
    expect(
      cap
        .ofType("aws:cloudwatch/logGroup:LogGroup")
        .map((g) => g.inputs.name)
        .filter((n) => !n.startsWith("/aws/lambda/"))
        .sort(),
    ).toEqual(["/shop/prod/api", "/shop/prod/worker"]);
  });

  it("refuses a cluster name ECS does not accept before registering anything", async () => {
    const { error, registered } = await captureError(() => new ServiceCluster("cluster", { environment: "prod", appName: "shop", clusterName: "shop prod" }), REGION);
    expect((error as ArgumentError).codes).toEqual(["SVC_CLUSTER"]);
    expect(registered).toBe(0);
  });

  it("refuses a cluster that is not a cluster reference", async () => {
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { cluster: "shop-prod" as any })))).toEqual(["SVC_CLUSTER"]);
  });
});

describe("HardenedService event log groups", () => {
  it("lets the task role write to exactly the named standard groups", async () => {
    const cap = await capture(() => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      return new HardenedService("web", serviceArgs(logs, { eventLogGroups: ["security", "security-critical", "audit"] }));
    }, REGION);
    const group = (purpose: string) => `arn:aws:logs:eu-west-1:123456789012:log-group:/shop/prod/${purpose}`;
    const policy = cap.one("aws:iam/rolePolicy:RolePolicy", "web-task");
    expect(JSON.parse(policy.inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: [
            group("security"),
            `${group("security")}:log-stream:*`,
            group("security-critical"),
            `${group("security-critical")}:log-stream:*`,
            group("audit"),
            `${group("audit")}:log-stream:*`,
          ],
        },
      ],
    });
    // The groups exist (created once by LogClasses) and the grant follows them.
    const groups = ["logs-security", "logs-security-critical", "logs-audit"].map((n) => cap.one("aws:cloudwatch/logGroup:LogGroup", n));
    expect(groups.map((g) => g.inputs.name)).toEqual(["/shop/prod/security", "/shop/prod/security-critical", "/shop/prod/audit"]);
    for (const g of groups) expect(policy.dependencies).toContain(g.urn);
  });

  it("appends the event statement after the application's own statements and refuses unknown groups", async () => {
    const bucket = "arn:aws:s3:::shop-prod-uploads/*";
    const cap = await capture(
      () =>
        new HardenedService(
          "web",
          serviceArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), { eventLogGroups: ["security"], taskPolicyStatements: [{ Action: "s3:PutObject", Resource: bucket }] }),
        ),
      REGION,
    );
    const statements = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-task").inputs.policy).Statement;
    expect(statements.map((s: any) => [s.Sid, s.Action, s.Resource])).toEqual([
      [undefined, "s3:PutObject", bucket],
      [
        "EventLogs",
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        ["arn:aws:logs:eu-west-1:123456789012:log-group:/shop/prod/security", "arn:aws:logs:eu-west-1:123456789012:log-group:/shop/prod/security:log-stream:*"],
      ],
    ]);
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { eventLogGroups: ["application" as any] })))).toEqual(["SVC_EVENT_LOG_GROUP"]);
  });
});

describe("HardenedService secret names chosen by the application", () => {
  it("injects JWT_SECRET_KEY, API_KEY_SECRET and DATABASE_URL by ARN and never as plain values", async () => {
    const cap = await capture(
      () =>
        new HardenedService(
          "web",
          serviceArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), {
            secrets: {
              JWT_SECRET_KEY: { arn: secretArn("jwt"), kmsKeyArn: SECRETS_KEY },
              API_KEY_SECRET: { arn: secretArn("api-key"), kmsKeyArn: SECRETS_KEY },
              DATABASE_URL: { arn: `${secretArn("db/app_rw")}:password::`, kmsKeyArn: SECRETS_KEY },
            },
          }),
        ),
      REGION,
    );
    const [c] = containers(cap);
    expect(c.secrets).toEqual([
      { name: "API_KEY_SECRET", valueFrom: secretArn("api-key") },
      { name: "DATABASE_URL", valueFrom: `${secretArn("db/app_rw")}:password::` },
      { name: "JWT_SECRET_KEY", valueFrom: secretArn("jwt") },
    ]);
    expect(c.environment.map((e: any) => e.name)).toEqual(["CORS_ORIGINS", "LOG_LEVEL", "NODE_ENV"]);
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
    expect(policy.Statement.find((s: any) => s.Sid === "Secrets").Resource).toEqual([secretArn("api-key"), secretArn("db/app_rw"), secretArn("jwt")]);
    expect(await refused((logs) => new HardenedService("web", serviceArgs(logs, { environmentVariables: { DATABASE_URL: "postgresql://app@db/shop" }, secrets: {} })))).toEqual(["SVC_ENV_SECRET"]);
  });
});

describe("OneOffTask", () => {
  const CLUSTER = { arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod", name: "shop-prod" };
  const bootstrapArgs = (logs: LogClasses, over: Partial<OneOffTaskArgs> = {}): OneOffTaskArgs => ({
    environment: "prod",
    appName: "shop",
    taskName: "db-bootstrap",
    logs,
    cluster: CLUSTER,
    subnetIds: ["subnet-app1", "subnet-app2"],
    securityGroupId: "sg-app",
    image: PSQL,
    user: "70:70",
    command: ["sh", "-c", "psql -f /tmp/bootstrap.sql"],
    healthCheck: { command: ["CMD-SHELL", "pg_isready -q || exit 1"] },
    environmentVariables: { PGSSLMODE: "verify-full" },
    secrets: { PGPASSWORD: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf:password::", kmsKeyArn: SECRETS_KEY } },
    ...over,
  });

  it("defines a task without a service and outputs its run-task command (private subnets, no public IP)", async () => {
    const cap = await capture(() => ({ runTaskCommand: new OneOffTask("bootstrap", bootstrapArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }))).runTaskCommand }), REGION);
    expect(cap.ofType("aws:ecs/service:Service")).toEqual([]);
    expect(cap.ofType("aws:ecs/cluster:Cluster")).toEqual([]);
    const td = cap.one("aws:ecs/taskDefinition:TaskDefinition");
    expect(td.inputs).toMatchObject({
      family: "shop-prod-db-bootstrap",
      cpu: "256",
      memory: "512",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      taskRoleArn: "arn:aws:iam::123456789012:role/shop-prod-db-bootstrap-task",
      executionRoleArn: "arn:aws:iam::123456789012:role/shop-prod-db-bootstrap-execution",
    });
    expect(JSON.parse(td.inputs.containerDefinitions)).toEqual([
      {
        name: "db-bootstrap",
        image: PSQL,
        essential: true,
        user: "70:70",
        readonlyRootFilesystem: true,
        privileged: false,
        linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
        command: ["sh", "-c", "psql -f /tmp/bootstrap.sql"],
        portMappings: [],
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        healthCheck: { command: ["CMD-SHELL", "pg_isready -q || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 },
        environment: [{ name: "PGSSLMODE", value: "verify-full" }],
        secrets: [{ name: "PGPASSWORD", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf:password::" }],
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/shop/prod/db-bootstrap", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "db-bootstrap" } },
      },
    ]);
    // A public image: no ECR grants; the secret and its key only.
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "bootstrap-execution").inputs.policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["Logs", "Secrets", "SecretKeys"]);
    expect(policy.Statement[1].Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf"]);
    expect(cap.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => p.name)).toEqual(["bootstrap-execution"]);
    expect(cap.outputs.runTaskCommand).toBe(
      "aws ecs run-task --region eu-west-1 --cluster shop-prod --task-definition shop-prod-db-bootstrap --launch-type FARGATE --platform-version LATEST --count 1 --propagate-tags TASK_DEFINITION " +
        "--network-configuration 'awsvpcConfiguration={subnets=[subnet-app1,subnet-app2],securityGroups=[sg-app],assignPublicIp=DISABLED}'",
    );
  });

  it("runs from a service in its cluster, subnets and security group with the service's image, user and repository grant", async () => {
    const cap = await capture(() => {
      const logs = new LogClasses("logs", { environment: "prod", appName: "shop" });
      const cluster = new ServiceCluster("cluster", { environment: "prod", appName: "shop" });
      const web = new HardenedService("web", serviceArgs(logs, { cluster }));
      return {
        runTaskCommand: web.oneOffTask("migrate", {
          taskName: "migrate",
          command: ["npm", "run", "migrate"],
          healthCheck: { command: ["CMD-SHELL", "test -d /proc/1 || exit 1"] },
          secrets: { DATABASE_URL: { arn: `${secretArn("db/migrator")}:password::`, kmsKeyArn: SECRETS_KEY } },
        }).runTaskCommand,
      };
    }, REGION);
    const image = cap.one("docker:index/image:Image").outputs.repoDigest;
    const [c] = containers(cap, "migrate-task");
    expect(c).toMatchObject({
      name: "migrate",
      image,
      user: "10001:10001",
      command: ["npm", "run", "migrate"],
      secrets: [{ name: "DATABASE_URL", valueFrom: `${secretArn("db/migrator")}:password::` }],
    });
    expect(cap.one("aws:ecs/taskDefinition:TaskDefinition", "migrate-task").inputs.family).toBe("shop-prod-migrate");
    const migrate = cap.resources.find((r) => r.type === "hardened:service:OneOffTask")!;
    expect(cap.byUrn(migrate.parent)!.type).toBe("hardened:service:HardenedService");
    const policy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "migrate-execution").inputs.policy);
    expect(policy.Statement.map((s: any) => s.Sid)).toEqual(["EcrAuth", "EcrPull", "ImageKey", "Logs", "Secrets", "SecretKeys"]);
    expect(policy.Statement[1].Resource).toBe("arn:aws:ecr:eu-west-1:123456789012:repository/shop/prod/app");
    // The migrator's secret is the task's alone: the service's execution role does not read it.
    const webPolicy = JSON.parse(cap.one("aws:iam/rolePolicy:RolePolicy", "web-execution").inputs.policy);
    expect(webPolicy.Statement.find((s: any) => s.Sid === "Secrets").Resource).not.toContain(secretArn("db/migrator"));
    expect(cap.outputs.runTaskCommand).toBe(
      "aws ecs run-task --region eu-west-1 --cluster shop-prod --task-definition shop-prod-migrate --launch-type FARGATE --platform-version LATEST --count 1 --propagate-tags TASK_DEFINITION " +
        "--network-configuration 'awsvpcConfiguration={subnets=[subnet-app1,subnet-app2],securityGroups=[sg-app],assignPublicIp=DISABLED}'",
    );
  });

  it.each([
    [{ user: "root" }, ["SVC_USER_ROOT"]],
    [{ healthCheck: undefined }, ["SVC_HEALTH_CHECK"]],
    [{ command: [] }, ["SVC_COMMAND"]],
    [{ image: "postgres:latest" }, ["SVC_IMAGE_LATEST", "SVC_IMAGE_DIGEST"]],
    [{ environmentVariables: { DB_PASSWORD: "hunter2" } }, ["SVC_ENV_SECRET"]],
    [{ environmentVariables: { PGSSLMODE: "prefer" } }, ["SVC_ENV_TLS_DISABLED"]],
    [{ secrets: { PGPASSWORD: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/db/migrator-AbCdEf" } } }, ["SVC_SECRET_ENV"]],
    [{ cluster: undefined }, ["SVC_CLUSTER"]],
  ] as [Partial<OneOffTaskArgs>, string[]][])("refuses %j with %j before any child registers", async (over, expected) => {
    expect(await refused((logs) => new OneOffTask("bootstrap", bootstrapArgs(logs, over)))).toEqual(expected);
  });

  it("checks an environment value and an image that arrive as outputs when they resolve, with the same codes", async () => {
    // The functions the component applies to resolved outputs (checkedEnvironment, checkedImage).
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as ArgumentError;
      }
      throw new Error("expected an ArgumentError");
    };
    const vars = { PGSSLMODE: pulumi.output("disable"), LOG_LEVEL: "info" };
    const env = thrown(() => resolvedEnvironment("OneOffTask", "bootstrap", "environmentVariables", vars, ["disable", "info"], "prod"));
    expect(env).toBeInstanceOf(ArgumentError);
    expect(env.codes).toEqual(["SVC_ENV_TLS_DISABLED"]);
    expect(env.message).toBe(
      'OneOffTask "bootstrap" has invalid arguments:\n  - environmentVariables.PGSSLMODE: PGSSLMODE=disable allows unencrypted or unverified database connections [SVC_ENV_TLS_DISABLED]. Fix: remove it: AWS stacks always verify TLS (RDS and ElastiCache certificates are trusted through the AWS CA bundle).',
    );
    expect(resolvedEnvironment("OneOffTask", "bootstrap", "environmentVariables", { PGHOST: pulumi.output("db.internal"), PGSSLMODE: "verify-full" }, ["db.internal", "verify-full"], "prod")).toEqual({
      PGHOST: "db.internal",
      PGSSLMODE: "verify-full",
    });
    expect(thrown(() => resolvedImage("OneOffTask", "bootstrap", "image", "postgres:17", "prod")).codes).toEqual(["SVC_IMAGE_DIGEST"]);
    expect(resolvedImage("OneOffTask", "bootstrap", "image", PSQL, "prod")).toBe(PSQL);
    // And through the component: an output host resolves into the container's environment.
    const cap = await capture(
      () =>
        new OneOffTask(
          "bootstrap",
          bootstrapArgs(new LogClasses("logs", { environment: "prod", appName: "shop" }), { environmentVariables: { PGHOST: pulumi.output("db.internal"), PGSSLMODE: "verify-full" } }),
        ),
      REGION,
    );
    expect(containers(cap)[0].environment).toEqual([
      { name: "PGHOST", value: "db.internal" },
      { name: "PGSSLMODE", value: "verify-full" },
    ]);
  });
});
