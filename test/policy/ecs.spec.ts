import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  clusterContainerInsights,
  iamNoSecretReadOnAll,
  serviceCircuitBreaker,
  serviceExecDisabled,
  serviceNoPublicIp,
  taskDefCapabilitiesDropped,
  taskDefHealthCheck,
  taskDefImagePinned,
  taskDefLogging,
  taskDefNoHostNetwork,
  taskDefNoHostPid,
  taskDefNonRootUser,
  taskDefNoSecretsInEnvironment,
  taskDefNotPrivileged,
  taskDefReadOnlyRoot,
  taskDefSecretsPerEnvironment,
  taskDefTlsVerification,
} from "../../policy/ecs";
import { policies as ecr } from "../../policy/ecr";
import { policies as ecs } from "../../policy/ecs";
import { allPolicies } from "../../policy/policies";
import { clusterExecLoggingEncrypted, serviceNoIamRole, serviceRunsTasks, taskDefEfsTransitEncryption, taskDefNoHostIpc, taskDefSeparateRoles } from "../../policy/ecs";
import { checkResource, checkStack, UNKNOWN, withUnknown } from "../support/policy";

const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/prod/database-AbCdEf";

/** The container HardenedService writes, as a hand-written fixture. */
const hardened = () => ({
  name: "app",
  image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app@sha256:${"b".repeat(64)}`,
  essential: true,
  user: "10001:10001",
  readonlyRootFilesystem: true,
  privileged: false,
  linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
  portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp" }],
  mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
  healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 },
  environment: [
    { name: "NODE_ENV", value: "production" },
    { name: "LOG_LEVEL", value: "info" },
  ],
  secrets: [{ name: "DATABASE_URL", valueFrom: SECRET_ARN }],
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/shop/prod/app", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "app" } },
});

const taskDef = (change: (c: any) => void = () => undefined, top: Record<string, any> = {}) => {
  const c: any = hardened();
  change(c);
  return {
    type: TASK_DEF,
    props: {
      family: "shop-prod-app",
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "512",
      memory: "1024",
      executionRoleArn: UNKNOWN,
      containerDefinitions: JSON.stringify([c]),
      ...top,
    },
  };
};

const CONTAINER_RULES = [
  taskDefNonRootUser,
  taskDefReadOnlyRoot,
  taskDefNotPrivileged,
  taskDefCapabilitiesDropped,
  taskDefLogging,
  taskDefHealthCheck,
  taskDefNoSecretsInEnvironment,
  taskDefTlsVerification,
  taskDefImagePinned,
  taskDefSecretsPerEnvironment,
];

describe("ECS task definition container rules", () => {
  it("pass the container HardenedService writes", async () => {
    for (const policy of [...CONTAINER_RULES, taskDefNoHostNetwork, taskDefNoHostPid]) {
      const v = await checkResource(policy, taskDef());
      assert.deepEqual(v.violations, [], policy.name);
      assert.equal(v.undecided, undefined, policy.name);
    }
  });

  it("are undecided, naming containerDefinitions, when the JSON is unknown in preview", async () => {
    for (const policy of CONTAINER_RULES) {
      const v = await checkResource(policy, { type: TASK_DEF, props: withUnknown({ ...taskDef().props, tags: { environment: "prod" } }, "containerDefinitions") });
      assert.deepEqual(v.violations, [], policy.name);
      assert.equal(
        v.undecided,
        "containerDefinitions is not known until apply (it is one JSON string and the image digest, a secret ARN or another value inside it comes from a resource not yet created); the resolved offline preview (npm run preview) and pulumi up decide this check",
        policy.name,
      );
    }
  });

  it("ecs-task-definition-non-root-user fails a missing user, root, 0 and 0:gid", async () => {
    const missing = await checkResource(
      taskDefNonRootUser,
      taskDef((c) => delete c.user),
    );
    assert.deepEqual(missing.violations, [
      'Container "app" sets no user, so it runs as the image\'s default, usually root: a compromised process owns the container and is one kernel bug from the host. Fix: set user to the non-root uid the image creates, e.g. "10001:10001" (HardenedService requires it).',
    ]);
    for (const user of ["root", "0", "0:1000", "root:app"]) {
      const v = await checkResource(
        taskDefNonRootUser,
        taskDef((c) => (c.user = user)),
      );
      assert.deepEqual(v.violations, [
        `Container "app" runs as user "${user}", which is root: a compromised process owns the container and is one kernel bug from the host. Fix: set user to the non-root uid the image creates, e.g. "10001:10001" (HardenedService requires it).`,
      ]);
    }
    const uid = await checkResource(
      taskDefNonRootUser,
      taskDef((c) => (c.user = "1000")),
    );
    assert.deepEqual(uid.violations, []);
  });

  it("ecs-task-definition-read-only-root fails false and a missing flag, naming each container", async () => {
    const c2 = { ...hardened(), name: "worker", readonlyRootFilesystem: false };
    const props = { ...taskDef().props, containerDefinitions: JSON.stringify([{ ...hardened(), readonlyRootFilesystem: undefined }, c2]) };
    const v = await checkResource(taskDefReadOnlyRoot, { type: TASK_DEF, props });
    assert.deepEqual(v.violations, [
      'Container "app" has a writable root filesystem: an attacker can replace binaries and plant tools that survive until the task stops. Fix: set readonlyRootFilesystem: true and mount writable paths (/tmp, uploads) as volumes (HardenedService writablePaths).',
      'Container "worker" has a writable root filesystem: an attacker can replace binaries and plant tools that survive until the task stops. Fix: set readonlyRootFilesystem: true and mount writable paths (/tmp, uploads) as volumes (HardenedService writablePaths).',
    ]);
  });

  it("ecs-task-definition-not-privileged fails privileged: true", async () => {
    const v = await checkResource(
      taskDefNotPrivileged,
      taskDef((c) => (c.privileged = true)),
    );
    assert.deepEqual(v.violations, [
      "Container \"app\" runs privileged: it has every capability and the host's devices. Fix: remove privileged: true and linuxParameters.devices (Fargate refuses both; on EC2 they hand the container the host's devices).",
    ]);
  });

  it("ecs-task-definition-capabilities-dropped fails an added capability and a drop list without ALL", async () => {
    const added = await checkResource(
      taskDefCapabilitiesDropped,
      taskDef((c) => (c.linuxParameters.capabilities.add = ["SYS_PTRACE"])),
    );
    assert.deepEqual(added.violations, [
      'Container "app" adds capabilities SYS_PTRACE: each widens what a compromised process can do to the kernel. Fix: set linuxParameters.capabilities to { drop: ["ALL"], add: [] }.',
    ]);
    const noDrop = await checkResource(
      taskDefCapabilitiesDropped,
      taskDef((c) => delete c.linuxParameters),
    );
    assert.deepEqual(noDrop.violations, [
      'Container "app" keeps Docker\'s default capabilities (drop does not include ALL), e.g. NET_RAW for spoofed packets and CHOWN/SETUID for privilege changes. Fix: set linuxParameters.capabilities to { drop: ["ALL"], add: [] }.',
    ]);
  });

  it("ecs-task-definition-logging fails a container without logConfiguration", async () => {
    const v = await checkResource(
      taskDefLogging,
      taskDef((c) => delete c.logConfiguration),
    );
    assert.deepEqual(v.violations, [
      'Container "app" has no logConfiguration: its output is lost, and with it the evidence of an incident. Fix: set logConfiguration { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } } (HardenedService does).',
    ]);
  });

  it("ecs-task-definition-health-check fails an essential container without healthCheck and passes a non-essential sidecar", async () => {
    const v = await checkResource(
      taskDefHealthCheck,
      taskDef((c) => delete c.healthCheck),
    );
    assert.deepEqual(v.violations, [
      'Container "app" is essential but has no healthCheck: ECS keeps a hung process in service and never replaces it. Fix: set healthCheck { command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 }.',
    ]);
    const sidecar = await checkResource(
      taskDefHealthCheck,
      taskDef((c) => {
        delete c.healthCheck;
        c.essential = false;
      }),
    );
    assert.deepEqual(sidecar.violations, []);
  });

  it("ecs-task-definition-no-secrets-in-environment fails secret-named literals and passes secrets by ARN", async () => {
    const v = await checkResource(
      taskDefNoSecretsInEnvironment,
      taskDef((c) => c.environment.push({ name: "DATABASE_URL", value: "postgres://app:pw@db/app" }, { name: "JWT_SECRET", value: "x" }, { name: "AWS_ACCESS_KEY_ID", value: "AKIAEXAMPLE" })),
    );
    assert.deepEqual(v.violations, [
      'Container "app" has DATABASE_URL, JWT_SECRET, AWS_ACCESS_KEY_ID as plain environment values: anyone who can describe the task definition reads them, and they stay in every revision. Fix: store the value in Secrets Manager and reference it under secrets: [{ name, valueFrom: <secret ARN> }] (HardenedService secrets arg).',
    ]);
  });

  it("ecs-task-definition-tls-verification-on fails REJECT_UNAUTHORIZED=0/false and sslmode=disable|allow|prefer", async () => {
    const v = await checkResource(
      taskDefTlsVerification,
      taskDef((c) =>
        c.environment.push(
          { name: "NODE_TLS_REJECT_UNAUTHORIZED", value: "0" },
          { name: "PG_SSL_REJECT_UNAUTHORIZED", value: "false" },
          { name: "PGSSLMODE", value: "prefer" },
          { name: "DB_OPTIONS", value: "host=db sslmode=disable" },
        ),
      ),
    );
    assert.deepEqual(v.violations, [
      'Container "app" has NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS certificate verification; PG_SSL_REJECT_UNAUTHORIZED=false turns off TLS certificate verification; PGSSLMODE=prefer allows unencrypted or unverified database connections; DB_OPTIONS contains sslmode=disable, which allows unencrypted or unverified database connections: a man in the middle can read and change the traffic. Fix: remove the variable; RDS and ElastiCache certificates verify against the AWS CA bundle, so verification can stay on.',
    ]);
    const ok = await checkResource(
      taskDefTlsVerification,
      taskDef((c) => c.environment.push({ name: "REDIS_TLS_REJECT_UNAUTHORIZED", value: "1" }, { name: "PGSSLMODE", value: "verify-full" })),
    );
    assert.deepEqual(ok.violations, []);
  });

  it("ecs-task-definition-image-pinned fails :latest and untagged images and passes a release tag", async () => {
    for (const image of ["nginx:latest", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/prod/app", "registry:5000/app"]) {
      const v = await checkResource(
        taskDefImagePinned,
        taskDef((c) => (c.image = image)),
      );
      assert.deepEqual(v.violations, [
        `Container "app" runs "${image}", which resolves to the moving latest tag: a redeploy can run code nobody reviewed or scanned. Fix: reference the image by digest (<repo>@sha256:…); HardenedService uses the digest of the image it built.`,
      ]);
    }
    assert.deepEqual(
      (
        await checkResource(
          taskDefImagePinned,
          taskDef((c) => (c.image = "registry:5000/app:1.4.2")),
        )
      ).violations,
      [],
    );
  });
});

describe("ecs-task-definition-secrets-per-environment", () => {
  const tagged = (env: string, change: (c: any) => void = () => undefined) => {
    const td = taskDef(change);
    return { ...td, props: { ...td.props, tags: { environment: env } } };
  };

  it("passes secrets of the tagged environment and AWS-managed rds! secrets, and skips untagged definitions", async () => {
    assert.deepEqual(
      (
        await checkResource(
          taskDefSecretsPerEnvironment,
          tagged("prod", (c) => c.secrets.push({ name: "DB_MASTER", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf:password::" })),
        )
      ).violations,
      [],
    );
    assert.deepEqual((await checkResource(taskDefSecretsPerEnvironment, taskDef())).violations, []);
  });

  it("fails a prod task definition reading a staging secret", async () => {
    const v = await checkResource(
      taskDefSecretsPerEnvironment,
      tagged("prod", (c) => c.secrets.push({ name: "JWT_PRIVATE_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:/shop/staging/jwt-GhIjKl:privateKey::" })),
    );
    assert.deepEqual(v.violations, [
      'Container "app" reads JWT_PRIVATE_KEY from secret "/shop/staging/jwt-GhIjKl", which is not a prod secret: one environment\'s compromise would expose another\'s credentials. Fix: reference the secret of this environment (/<appName>/<env>/<purpose>); never share secrets between staging and prod.',
    ]);
  });
});

describe("ECS task definition namespace rules", () => {
  it("ecs-task-definition-no-host-network fails networkMode host, decided even with the container JSON unknown", async () => {
    const props = withUnknown(taskDef(undefined, { networkMode: "host" }).props, "containerDefinitions");
    const v = await checkResource(taskDefNoHostNetwork, { type: TASK_DEF, props });
    assert.equal(v.undecided, undefined);
    assert.deepEqual(v.violations, [
      'Task definition uses networkMode "host": its containers share the host\'s interfaces and bypass task security groups. Fix: set networkMode: "awsvpc" (Fargate requires it) so each task has its own interface and security group.',
    ]);
  });

  it("ecs-task-definition-no-host-pid fails pidMode host and passes task", async () => {
    const v = await checkResource(taskDefNoHostPid, taskDef(undefined, { pidMode: "host" }));
    assert.deepEqual(v.violations, [
      'Task definition sets pidMode "host": its containers see and can signal every process on the host. Fix: remove pidMode: "host" (use "task" if containers of the task must see each other).',
    ]);
    assert.deepEqual((await checkResource(taskDefNoHostPid, taskDef(undefined, { pidMode: "task" }))).violations, []);
  });
});

describe("ECS service rules", () => {
  const service = (over: Record<string, any> = {}) => ({
    type: SERVICE,
    props: {
      name: "app",
      cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod-app",
      taskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-prod-app:1",
      launchType: "FARGATE",
      networkConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-app"], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      enableExecuteCommand: false,
      ...over,
    },
  });

  it("pass the service HardenedService writes", async () => {
    for (const policy of [serviceNoPublicIp, serviceExecDisabled, serviceCircuitBreaker]) assert.deepEqual((await checkResource(policy, service())).violations, [], policy.name);
  });

  it("ecs-service-no-public-ip fails assignPublicIp: true", async () => {
    const v = await checkResource(serviceNoPublicIp, service({ networkConfiguration: { subnets: ["subnet-a"], securityGroups: ["sg-app"], assignPublicIp: true } }));
    assert.deepEqual(v.violations, [
      "Tasks get public IP addresses: they are reachable from the internet around the load balancer and its WAF. Fix: set networkConfiguration.assignPublicIp: false and use private app subnets (egress goes through NAT and VPC endpoints).",
    ]);
  });

  it("ecs-service-no-public-ip still blocks when subnets, security groups and cluster are unknown", async () => {
    const props = { ...service().props, cluster: UNKNOWN, taskDefinition: UNKNOWN, networkConfiguration: { subnets: UNKNOWN, securityGroups: UNKNOWN, assignPublicIp: true } };
    const v = await checkResource(serviceNoPublicIp, { type: SERVICE, props });
    assert.equal(v.undecided, undefined);
    assert.equal(v.violations.length, 1);
    assert.match(v.violations[0], /^Tasks get public IP addresses/);
    const taskSet = await checkResource(serviceNoPublicIp, {
      type: "aws:ecs/taskSet:TaskSet",
      props: { service: UNKNOWN, cluster: UNKNOWN, networkConfiguration: { subnets: UNKNOWN, assignPublicIp: true } },
    });
    assert.equal(taskSet.violations.length, 1);
  });

  it("ecs-service-exec-disabled fails enableExecuteCommand: true", async () => {
    const v = await checkResource(serviceExecDisabled, service({ enableExecuteCommand: true }));
    assert.deepEqual(v.violations, [
      "ECS Exec is on: anyone with ecs:ExecuteCommand gets an interactive shell in running tasks, next to their secrets. Fix: set enableExecuteCommand: false (HardenedService refuses it in prod).",
    ]);
  });

  it("ecs-service-circuit-breaker fails a missing breaker and one without rollback, and skips CodeDeploy services", async () => {
    const msg =
      "A deployment whose tasks fail their health checks keeps retrying instead of rolling back to the last working revision. Fix: set deploymentCircuitBreaker: { enable: true, rollback: true }.";
    assert.deepEqual((await checkResource(serviceCircuitBreaker, service({ deploymentCircuitBreaker: undefined }))).violations, [msg]);
    assert.deepEqual((await checkResource(serviceCircuitBreaker, service({ deploymentCircuitBreaker: { enable: true, rollback: false } }))).violations, [msg]);
    assert.deepEqual((await checkResource(serviceCircuitBreaker, service({ deploymentCircuitBreaker: undefined, deploymentController: { type: "CODE_DEPLOY" } }))).violations, []);
  });
});

describe("ecs-cluster-container-insights", () => {
  const type = "aws:ecs/cluster:Cluster";
  it("passes enhanced and enabled, fails disabled and missing", async () => {
    for (const value of ["enhanced", "enabled"])
      assert.deepEqual((await checkResource(clusterContainerInsights, { type, props: { name: "c", settings: [{ name: "containerInsights", value }] } })).violations, []);
    const msg =
      'Cluster has Container Insights off: task-level CPU, memory, restarts and network metrics are missing when an incident needs them. Fix: set settings: [{ name: "containerInsights", value: "enhanced" }] (or "enabled").';
    assert.deepEqual((await checkResource(clusterContainerInsights, { type, props: { name: "c", settings: [{ name: "containerInsights", value: "disabled" }] } })).violations, [msg]);
    assert.deepEqual((await checkResource(clusterContainerInsights, { type, props: { name: "c" } })).violations, [msg]);
  });
});

describe("iam-policy-no-secret-read-on-all", () => {
  const doc = (statements: any[]) => ({ type: "aws:iam/rolePolicy:RolePolicy", props: { role: UNKNOWN, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } });

  it("passes GetSecretValue on named ARNs and ecr:GetAuthorizationToken on *", async () => {
    const v = await checkResource(
      iamNoSecretReadOnAll,
      doc([
        { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [SECRET_ARN] },
      ]),
    );
    assert.deepEqual(v.violations, []);
  });

  it("fails GetSecretValue, secretsmanager:* and * on Resource *, for role policies and managed policies", async () => {
    const v = await checkResource(iamNoSecretReadOnAll, doc([{ Sid: "Secrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: "*" }]));
    assert.deepEqual(v.violations, [
      'Statement "Secrets" allows secretsmanager:GetSecretValue on Resource "*": the holder can read every secret in the account, including other environments\' database passwords and keys. Fix: list the secret ARNs in Resource (HardenedService grants the execution role exactly the ARNs in its secrets arg).',
    ]);
    const star = await checkResource(iamNoSecretReadOnAll, {
      type: "aws:iam/policy:Policy",
      props: {
        policy: JSON.stringify({
          Statement: [
            { Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*" },
            { Effect: "Allow", Action: "*", Resource: "*" },
          ],
        }),
      },
    });
    assert.equal(star.violations.length, 2);
    assert.match(star.violations[0], /^Statement allows secretsmanager:\* on Resource "arn:aws:secretsmanager:eu-west-1:123456789012:secret:\*"/);
    assert.match(star.violations[1], /^Statement allows \* on Resource "\*"/);
    const deny = await checkResource(iamNoSecretReadOnAll, doc([{ Effect: "Deny", Action: "secretsmanager:GetSecretValue", Resource: "*" }]));
    assert.deepEqual(deny.violations, []);
  });

  it("is undecided, naming policy, when the document is unknown", async () => {
    const v = await checkResource(iamNoSecretReadOnAll, { type: "aws:iam/rolePolicy:RolePolicy", props: { role: UNKNOWN, policy: UNKNOWN } });
    assert.equal(
      v.undecided,
      "policy is not known until apply (the policy document embeds ARNs of resources not yet created); the resolved offline preview (npm run preview) and pulumi up decide this check",
    );
  });
});

describe("ECS and ECR policy metadata", () => {
  it("are registered once each, named <service>-<resource>-<rule>, with controls, FSBP ids where they exist and a remediation", () => {
    const names = allPolicies.map((p) => p.name);
    for (const p of [...ecs, ...ecr]) {
      assert.equal(names.filter((n) => n === p.name).length, 1, p.name);
      assert.match(p.name, /^(ecs|ecr|iam)-[a-z]+(-[a-z]+)+$/);
      assert.ok(p.spec.controls.length > 0, p.name);
      for (const id of p.spec.fsbp ?? []) assert.match(id, /^(ECS|ECR)\.\d+$/, p.name);
      assert.match(p.spec.remediation, /\.$|\)$/, p.name);
    }
    assert.deepEqual(Object.fromEntries([...ecs, ...ecr].filter((p) => p.spec.fsbp?.length).map((p) => [p.name, p.spec.fsbp])), {
      "ecs-task-definition-non-root-user": ["ECS.20"],
      "ecs-task-definition-read-only-root": ["ECS.5"],
      "ecs-task-definition-not-privileged": ["ECS.4"],
      "ecs-task-definition-logging": ["ECS.9"],
      "ecs-task-definition-no-secrets-in-environment": ["ECS.8"],
      "ecs-task-definition-no-host-network": ["ECS.17", "ECS.1"],
      "ecs-task-definition-no-host-pid": ["ECS.3"],
      "ecs-task-definition-efs-transit-encryption": ["ECS.18"],
      "ecs-service-no-public-ip": ["ECS.2", "ECS.16"],
      "ecs-service-fargate-platform-current": ["ECS.10"],
      "ecs-cluster-container-insights": ["ECS.12"],
      "ecr-repository-tag-immutable": ["ECR.2"],
      "ecr-repository-kms-encrypted": ["ECR.5"],
      "ecr-repository-scan-on-push": ["ECR.1"],
      "ecr-repository-lifecycle-policy": ["ECR.3"],
    });
  });
});

describe("ecs-service-fargate-platform-current", () => {
  it("passes LATEST, 1.4.0 and an unset version, and skips EC2 services", async () => {
    const { serviceFargatePlatformCurrent } = await import("../../policy/ecs");
    for (const platformVersion of ["LATEST", "1.4.0", undefined]) {
      assert.deepEqual(
        (await checkResource(serviceFargatePlatformCurrent, { type: "aws:ecs/service:Service", props: { launchType: "FARGATE", cluster: UNKNOWN, ...(platformVersion ? { platformVersion } : {}) } }))
          .violations,
        [],
      );
    }
    assert.equal((await checkResource(serviceFargatePlatformCurrent, { type: "aws:ecs/service:Service", props: { launchType: "EC2", platformVersion: "1.3.0" } })).notApplicable, true);
  });

  it("fails 1.3.0, also through a FARGATE capacity provider strategy", async () => {
    const { serviceFargatePlatformCurrent } = await import("../../policy/ecs");
    const v = await checkResource(serviceFargatePlatformCurrent, {
      type: "aws:ecs/service:Service",
      props: { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }], platformVersion: "1.3.0" },
    });
    assert.deepEqual(v.violations, [
      'Fargate service is pinned to platform version 1.3.0, which misses the current kernel, runtime and security patches. Fix: leave platformVersion unset (LATEST) or set "LATEST"; older versions miss kernel and runtime security patches.',
    ]);
  });
});

describe("ECS forms written by hand", () => {
  it("ecs-task-definition-not-privileged fails privileged as a string and in any key case", async () => {
    const fix = " Fix: remove privileged: true and linuxParameters.devices (Fargate refuses both; on EC2 they hand the container the host's devices).";
    for (const change of [(c: any) => (c.privileged = "true"), (c: any) => ((c.Privileged = true), delete c.privileged)]) {
      assert.deepEqual((await checkResource(taskDefNotPrivileged, taskDef(change))).violations, [`Container "app" runs privileged: it has every capability and the host's devices.${fix}`]);
    }
    assert.deepEqual(
      (
        await checkResource(
          taskDefNotPrivileged,
          taskDef((c) => (c.privileged = "false")),
        )
      ).violations,
      [],
    );
    const devices = await checkResource(
      taskDefNotPrivileged,
      taskDef((c) => (c.linuxParameters.devices = [{ hostPath: "/dev/mem", permissions: ["read"] }])),
    );
    assert.deepEqual(devices.violations, [
      `Container "app" maps host devices /dev/mem into the container (linuxParameters.devices): raw access to host hardware, the part of privileged mode that matters most.${fix}`,
    ]);
  });

  it("ecs-task-definition-not-privileged decides container definitions given as objects, not only JSON strings", async () => {
    const c: any = hardened();
    c.privileged = true;
    const v = await checkResource(taskDefNotPrivileged, { type: TASK_DEF, props: { ...taskDef().props, containerDefinitions: [c] } });
    assert.equal(v.violations.length, 1);
  });

  it("ecs-task-definition-no-host-pid and -no-host-ipc fail host in any case and pass task", async () => {
    assert.equal((await checkResource(taskDefNoHostPid, taskDef(undefined, { pidMode: "HOST" }))).violations.length, 1);
    assert.deepEqual((await checkResource(taskDefNoHostIpc, taskDef(undefined, { ipcMode: "task" }))).violations, []);
    assert.deepEqual((await checkResource(taskDefNoHostIpc, taskDef())).violations, []);
    for (const ipcMode of ["host", "Host"]) {
      assert.deepEqual((await checkResource(taskDefNoHostIpc, taskDef(undefined, { ipcMode }))).violations, [
        'Task definition sets ipcMode "host": its containers read and write the shared memory, semaphores and message queues of every process on the host. Fix: remove ipcMode: "host" (use "task" if containers of the task share memory, or leave it unset).',
      ]);
    }
  });

  it("ecs-task-definition-no-host-network accepts only awsvpc (any case)", async () => {
    assert.deepEqual((await checkResource(taskDefNoHostNetwork, taskDef(undefined, { networkMode: "AWSVPC" }))).violations, []);
    const fix = ' Fix: set networkMode: "awsvpc" (Fargate requires it) so each task has its own interface and security group.';
    assert.deepEqual((await checkResource(taskDefNoHostNetwork, taskDef(undefined, { networkMode: "bridge" }))).violations, [
      `Task definition uses networkMode "bridge": its tasks get no interface and security group of their own, so no task security group states who may reach them.${fix}`,
    ]);
    assert.deepEqual((await checkResource(taskDefNoHostNetwork, taskDef(undefined, { networkMode: undefined }))).violations, [
      `Task definition uses networkMode unset (bridge on EC2): its tasks get no interface and security group of their own, so no task security group states who may reach them.${fix}`,
    ]);
    assert.equal((await checkResource(taskDefNoHostNetwork, taskDef(undefined, { networkMode: "none" }))).violations.length, 1);
  });

  it("ecs-task-definition-efs-transit-encryption fails EFS volumes without TLS and passes ENABLED and non-EFS volumes", async () => {
    const efs = (efsVolumeConfiguration: Record<string, any>) =>
      taskDef(undefined, { volumes: [{ name: "tmp" }, { name: "data", efsVolumeConfiguration: { fileSystemId: UNKNOWN, ...efsVolumeConfiguration } }] });
    assert.deepEqual((await checkResource(taskDefEfsTransitEncryption, efs({ transitEncryption: "ENABLED", authorizationConfig: { accessPointId: UNKNOWN, iam: "ENABLED" } }))).violations, []);
    assert.deepEqual((await checkResource(taskDefEfsTransitEncryption, taskDef(undefined, { volumes: [{ name: "tmp" }] }))).violations, []);
    const fix = ' Fix: set transitEncryption: "ENABLED" in each volume\'s efsVolumeConfiguration (and an access point with iam "ENABLED" to scope the task\'s access).';
    assert.deepEqual((await checkResource(taskDefEfsTransitEncryption, efs({}))).violations, [
      `EFS volume "data" mounts without TLS (transitEncryption unset, DISABLED): file contents cross the network in clear text between the host and EFS.${fix}`,
    ]);
    assert.deepEqual((await checkResource(taskDefEfsTransitEncryption, efs({ transitEncryption: "DISABLED" }))).violations, [
      `EFS volume "data" mounts without TLS (transitEncryption "DISABLED"): file contents cross the network in clear text between the host and EFS.${fix}`,
    ]);
    assert.match(
      (await checkResource(taskDefEfsTransitEncryption, efs({ transitEncryption: UNKNOWN }))).undecided ?? "",
      /^volumes\.1\.efsVolumeConfiguration\.transitEncryption is not known until apply/,
    );
  });

  it("ecs-task-definition-separate-roles fails one role for both, by ARN or by reference, and passes two roles", async () => {
    const role = (name: string) => ({ type: "aws:iam/role:Role", name, urn: `urn:pulumi:test::fixture::aws:iam/role:Role::${name}`, props: { arn: UNKNOWN, assumeRolePolicy: "{}" } });
    const td = (props: Record<string, any>, propertyDependencies: Record<string, string[]> = {}) => ({ type: TASK_DEF, name: "task", props: { ...taskDef().props, ...props }, propertyDependencies });
    const fix = " Fix: give the task its own role (taskRoleArn) with only the app's permissions; keep image pull, log and secret read on the execution role (HardenedService creates both).";
    const arn = "arn:aws:iam::123456789012:role/legacy";
    const literal = await checkStack(taskDefSeparateRoles, [td({ taskRoleArn: arn, executionRoleArn: arn })]);
    assert.deepEqual(literal.violations, [`Task definition task runs the app with its execution role: the app's code can read every secret and pull every image the task's launch needs.${fix}`]);
    const shared = role("shared");
    const byRef = await checkStack(taskDefSeparateRoles, [shared, td({ taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN }, { taskRoleArn: [shared.urn], executionRoleArn: [shared.urn] })]);
    assert.deepEqual(byRef.violations, [
      `Task definition task runs the app with its execution role (shared): the app's code can read every secret and pull every image the task's launch needs.${fix}`,
    ]);
    const [exec, app] = [role("exec"), role("app")];
    assert.deepEqual(
      (await checkStack(taskDefSeparateRoles, [exec, app, td({ taskRoleArn: UNKNOWN, executionRoleArn: UNKNOWN }, { taskRoleArn: [app.urn], executionRoleArn: [exec.urn] })])).violations,
      [],
    );
    assert.deepEqual((await checkStack(taskDefSeparateRoles, [td({ taskRoleArn: `${arn}-app`, executionRoleArn: arn })])).violations, []);
  });

  const service = (over: Record<string, any> = {}) => ({ type: SERVICE, props: { name: "app", cluster: UNKNOWN, taskDefinition: UNKNOWN, launchType: "FARGATE", desiredCount: 2, ...over } });

  it("ecs-service-no-iam-role fails a service with a role of its own", async () => {
    assert.deepEqual((await checkResource(serviceNoIamRole, service())).violations, []);
    assert.deepEqual((await checkResource(serviceNoIamRole, service({ iamRole: UNKNOWN }))).violations, [
      "Service passes its own IAM role (iamRole) to ECS: a legacy bridge-mode setup whose role is wider and longer-lived than the service-linked role ECS otherwise uses. Fix: remove iamRole and run the task definition in awsvpc mode; ECS then registers targets with the service-linked role AWSServiceRoleForECS.",
    ]);
  });

  it("ecs-service-running-tasks (advisory) fails desiredCount 0 or unset and skips daemon services", async () => {
    assert.equal(serviceRunsTasks.enforcementLevel, "advisory");
    assert.deepEqual((await checkResource(serviceRunsTasks, service())).violations, []);
    const fix = " Fix: set desiredCount to the minimum capacity (HardenedService sets it to minCapacity and leaves it to autoscaling afterwards).";
    assert.deepEqual((await checkResource(serviceRunsTasks, service({ desiredCount: 0 }))).violations, [
      `Service runs no tasks (desiredCount 0): it serves nothing, and a load balancer in front of it answers 503.${fix}`,
    ]);
    assert.deepEqual((await checkResource(serviceRunsTasks, service({ desiredCount: undefined }))).violations, [
      `Service runs no tasks (desiredCount unset, 0): it serves nothing, and a load balancer in front of it answers 503.${fix}`,
    ]);
    assert.equal((await checkResource(serviceRunsTasks, service({ desiredCount: undefined, schedulingStrategy: "DAEMON" }))).notApplicable, true);
  });

  it("ecs-cluster-exec-logging-encrypted fails Exec logging NONE and a missing or AWS-managed key, passes an unconfigured cluster", async () => {
    const CLUSTER = "aws:ecs/cluster:Cluster";
    const exec = (executeCommandConfiguration: Record<string, any>) => ({ type: CLUSTER, props: { name: "c", configuration: { executeCommandConfiguration } } });
    const fix =
      ' Fix: set configuration.executeCommandConfiguration { logging: "OVERRIDE" (or "DEFAULT"), kmsKeyId: <CMK ARN>, logConfiguration: { cloudWatchLogGroupName, cloudWatchEncryptionEnabled: true } }.';
    assert.deepEqual(
      (await checkResource(clusterExecLoggingEncrypted, exec({ logging: "OVERRIDE", kmsKeyId: UNKNOWN, logConfiguration: { cloudWatchLogGroupName: "/ecs/exec", cloudWatchEncryptionEnabled: true } })))
        .violations,
      [],
    );
    assert.deepEqual((await checkResource(clusterExecLoggingEncrypted, { type: CLUSTER, props: { name: "c" } })).violations, []);
    assert.deepEqual((await checkResource(clusterExecLoggingEncrypted, exec({ logging: "NONE", kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc" }))).violations, [
      `Cluster turns ECS Exec logging off (logging "NONE"): the commands run in interactive shells inside tasks leave no record.${fix}`,
    ]);
    assert.deepEqual((await checkResource(clusterExecLoggingEncrypted, exec({ logging: "DEFAULT" }))).violations, [
      `Cluster encrypts ECS Exec sessions with no key of its own (kmsKeyId unset): session data between client and container is protected by TLS only, and no key policy limits who can open one.${fix}`,
    ]);
    const managed = "arn:aws:kms:eu-west-1:123456789012:alias/aws/ebs";
    assert.deepEqual((await checkResource(clusterExecLoggingEncrypted, exec({ logging: "DEFAULT", kmsKeyId: managed }))).violations, [
      `Cluster names the AWS-managed key ${managed} for ECS Exec sessions, which is not a customer-managed key whose policy you control.${fix}`,
    ]);
  });
});
