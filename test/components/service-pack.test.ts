/**
 * The cross-check: HardenedService built with realistic inputs under mocks, every resource sent to the real
 * pack (its own process, over the analyzer gRPC protocol, as the CLI and `npm run preview` do). Defaults
 * draw no violation; each named opt-out fires exactly its policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import * as path from "path";
import { HardenedService, HardenedServiceArgs, LogClasses, Network } from "../../components";
import { capture, Capture, Diagnostic, PackSession } from "hardened-aws/testing";
import { packDir, runPack } from "../support/pack";
import { REPO_ROOT } from "../support/program";

const COMPONENT = "hardened:service:HardenedService";
const DIGEST = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app@sha256:${"c".repeat(64)}`;

/** The service as infra/ will compose it: network, workload and load balancer groups, a target group, a secret. */
function program(
  env: "prod" | "staging",
  over: Partial<HardenedServiceArgs> = {},
  then?: (service: HardenedService) => void,
  more?: (net: Network, loadBalancerDependencies: aws.lb.Listener[]) => Partial<HardenedServiceArgs>,
) {
  return () => {
    const logs = new LogClasses("logs", { environment: env, appName: "shop" });
    const net = new Network("net", { environment: env, logs });
    const appSg = net.workloadSecurityGroup("app", "ECS tasks of the app service");
    const dbSg = net.workloadSecurityGroup("db", "PostgreSQL");
    const lbSg = new aws.ec2.SecurityGroup("lb-sg", { vpcId: net.vpcId, description: "Load balancer", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] });
    const tg = new aws.lb.TargetGroup("app-tg", { vpcId: net.vpcId, port: 8000, protocol: "HTTP", targetType: "ip", healthCheck: { path: "/health", matcher: "200" } });
    // The listener that attaches the target group to the load balancer: the service is created after it.
    const listener = new aws.lb.Listener("app-listener", {
      loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/shop/0123456789abcdef",
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
    });
    const dbSecret = new aws.secretsmanager.Secret("db-url", { name: `/shop/${env}/database-url` });
    const service = new HardenedService("web", {
      environment: env,
      appName: "shop",
      logs,
      subnetIds: net.appSubnetIds,
      securityGroupId: appSg.id,
      loadBalancerSecurityGroupId: lbSg.id,
      targetGroupArn: tg.arn,
      loadBalancerDependencies: [listener],
      build: { context: path.join(REPO_ROOT, "examples/app") },
      imageTag: "3f2c1a9",
      user: "10001:10001",
      secrets: { DATABASE_URL: { arn: dbSecret.arn } },
      egress: { postgres: { port: 5432, securityGroupId: dbSg.id, description: "PostgreSQL" } },
      alarmTopicArn: `arn:aws:sns:eu-west-1:123456789012:shop-${env}-alarms`,
      ...(env === "staging" ? { minCapacity: 1 } : {}),
      ...over,
      ...more?.(net, [listener]),
    });
    then?.(service);
    return service;
  };
}

const CLAMAV = `public.ecr.aws/docker/library/clamav@sha256:${"b".repeat(64)}`;
const PSQL = `public.ecr.aws/docker/library/postgres@sha256:${"e".repeat(64)}`;

let session: PackSession;

/** Every verdict of the pack (prod config: all mandatory) on the component's resources: violations and checks that could not run. */
async function analyze(cap: Capture): Promise<{ violations: Diagnostic[]; undecided: { policy: string; urn: string }[] }> {
  const ours = (urn: string) => urn.includes(`::${COMPONENT}$`) || urn.endsWith(`::${COMPONENT}::web`);
  const r = await runPack(cap, { all: "mandatory" }, { session });
  return {
    violations: r.violations.filter((v) => ours(v.urn)),
    undecided: r.undecided.filter((u) => ours(u.urn)).map((u) => ({ policy: u.policyName, urn: u.urn })),
  };
}

const REGION = { "aws:region": "eu-west-1" };

describe("HardenedService under the policy pack", () => {
  beforeAll(async () => {
    session = await PackSession.start(packDir());
  }, 120000);
  afterAll(() => session?.close());

  it.each(["prod", "staging"] as const)("draws no violation with its defaults (%s)", async (env) => {
    const cap = await capture(program(env), { config: REGION });
    expect(cap.ofType("aws:ecs/taskDefinition:TaskDefinition")).toHaveLength(1);
    const r = await analyze(cap);
    expect(r.violations.map((v) => `${v.policyName}: ${v.message}`)).toEqual([]);
    expect(r.undecided).toEqual([]);
  });

  it("draws no violation for a worker without a load balancer (prod)", async () => {
    const cap = await capture(program("prod", { targetGroupArn: undefined, loadBalancerSecurityGroupId: undefined, loadBalancerDependencies: undefined, serviceName: "worker" }), { config: REGION });
    expect(cap.one("aws:ecs/service:Service").inputs.loadBalancers).toBeUndefined();
    const r = await analyze(cap);
    expect(r.violations.map((v) => `${v.policyName}: ${v.message}`)).toEqual([]);
    expect(r.undecided).toEqual([]);
  });

  describe("behind a network load balancer's TLS stream listener too", () => {
    /** A TCP target group on 8554 behind a TLS listener on 322, and the NLB's group admitting the cameras' network. */
    const withStream = (dependOnStream: boolean) =>
      program("prod", {}, undefined, (net, deps) => {
        const nlbSg = new aws.ec2.SecurityGroup("nlb-sg", {
          vpcId: net.vpcId,
          description: "Network load balancer",
          ingress: [{ protocol: "tcp", fromPort: 322, toPort: 322, cidrBlocks: ["198.51.100.0/24"], description: "RTSPS from the cameras" }],
        });
        const tg = new aws.lb.TargetGroup("rtsps-tg", { vpcId: net.vpcId, port: 8554, protocol: "TCP", targetType: "ip", healthCheck: { enabled: true, protocol: "TCP" } });
        const listener = new aws.lb.Listener("rtsps-listener", {
          loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/shop/0123456789abcdef",
          port: 322,
          protocol: "TLS",
          sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
          certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
          defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
        });
        return {
          additionalTargets: { rtsps: { targetGroupArn: tg.arn, containerPort: 8554, loadBalancerSecurityGroupId: nlbSg.id } },
          loadBalancerDependencies: dependOnStream ? [...deps, listener] : deps,
        };
      });

    it("draws no violation with both listeners as dependencies (prod)", async () => {
      const cap = await capture(withStream(true), { config: REGION });
      expect(cap.one("aws:ecs/service:Service").inputs.loadBalancers.map((l: { containerPort: number }) => l.containerPort)).toEqual([8000, 8554]);
      const r = await analyze(cap);
      expect(r.violations.map((v) => `${v.policyName}: ${v.message}`)).toEqual([]);
      expect(r.undecided).toEqual([]);
    });

    it("fires exactly ecs-service-after-listener when the stream listener is not a dependency", async () => {
      const r = await analyze(await capture(withStream(false), { config: REGION }));
      expect(r.violations.map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)).toEqual(["ecs-service-after-listener web-service"]);
      expect(r.violations[0].message).toMatch(/rtsps-listener/);
    });
  });

  it("fires exactly ecs-service-after-listener, on the service, when it is not given the listener that attaches its target group", async () => {
    const cap = await capture(program("prod", { loadBalancerDependencies: [] }), { config: REGION });
    const r = await analyze(cap);
    expect(r.violations.map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)).toEqual(["ecs-service-after-listener web-service"]);
    expect(r.violations[0].message).toMatch(/^ECS service web-service does not depend on app-listener, which forwards to its target group app-tg/);
  });

  it("draws no violation for a task with an essential ClamAV sidecar, event log writes and a one-off task (prod)", async () => {
    const cap = await capture(
      program(
        "prod",
        {
          sidecars: { clamav: { image: CLAMAV, user: "100:101", essential: true, healthCheck: { command: ["CMD-SHELL", "clamdcheck.sh || exit 1"], startPeriod: 120 }, writablePaths: ["/tmp"] } },
          eventLogGroups: ["security", "audit"],
        },
        (web) =>
          web.oneOffTask("bootstrap", {
            taskName: "db-bootstrap",
            image: PSQL,
            user: "70:70",
            command: ["sh", "-c", "psql -f /tmp/bootstrap.sql"],
            healthCheck: { command: ["CMD-SHELL", "pg_isready -q || exit 1"] },
            secrets: { PGPASSWORD: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123-AbCdEf:password::" } },
          }),
      ),
      { config: REGION },
    );
    expect(
      cap
        .ofType("aws:ecs/taskDefinition:TaskDefinition")
        .map((t) => JSON.parse(t.inputs.containerDefinitions).map((c: any) => c.name))
        .sort(),
    ).toEqual([["app", "clamav"], ["db-bootstrap"]]);
    const r = await analyze(cap);
    expect(r.violations.map((v) => `${v.policyName}: ${v.message}`)).toEqual([]);
    expect(r.undecided).toEqual([]);
  });

  it("fires exactly ecs-service-exec-disabled when staging turns ECS Exec on", async () => {
    const r = await analyze(await capture(program("staging", { enableExecuteCommand: true }), { config: REGION }));
    expect(r.violations.map((v) => [v.policyName, v.urn.split("::").pop(), v.enforcementLevel])).toEqual([["ecs-service-exec-disabled", "web-service", "mandatory"]]);
  });

  it("fires exactly ecs-task-definition-read-only-root when readonlyRootFilesystem is false", async () => {
    const r = await analyze(await capture(program("prod", { readonlyRootFilesystem: false }), { config: REGION }));
    expect(r.violations.map((v) => [v.policyName, v.urn.split("::").pop()])).toEqual([["ecs-task-definition-read-only-root", "web-task"]]);
    expect(r.violations[0].message).toMatch(/^Container "app" has a writable root filesystem/);
  });

  it("decides the container and IAM checks in a preview of a new stack given a prebuilt digest, existing secrets and a repository key", async () => {
    const cap = await capture(
      program("prod", {
        build: undefined,
        imageTag: undefined,
        image: DIGEST,
        secrets: { DATABASE_URL: { arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/database-url-AbCdEf" } },
        kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/5555eeee-6666-ffff-7777-000088889999",
      }),
      { config: REGION, preview: true },
    );
    const r = await analyze(cap);
    expect(r.violations).toEqual([]);
    expect(r.undecided.filter((u) => u.urn.endsWith("::web-task") || u.urn.endsWith("::web-execution"))).toEqual([]);
  });

  it("reports the container checks as undecided, naming containerDefinitions, in a preview with a build", async () => {
    const r = await analyze(await capture(program("prod"), { config: REGION, preview: true }));
    expect(r.violations).toEqual([]);
    const task = r.undecided
      .filter((u) => u.urn.endsWith("::web-task"))
      .map((u) => u.policy)
      .sort();
    expect(task).toEqual([
      "ecs-task-definition-capabilities-dropped",
      "ecs-task-definition-health-check",
      "ecs-task-definition-image-pinned",
      "ecs-task-definition-logging",
      "ecs-task-definition-no-secrets-in-environment",
      "ecs-task-definition-non-root-user",
      "ecs-task-definition-not-privileged",
      "ecs-task-definition-read-only-root",
      "ecs-task-definition-secrets-per-environment",
      "ecs-task-definition-tls-verification-on",
    ]);
  });
});
