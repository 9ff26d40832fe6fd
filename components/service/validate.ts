import * as pulumi from "@pulumi/pulumi";
import { isWorldCidr, parseCidr } from "../shared/cidr";
import { STANDARD_GROUPS } from "../logs/defaults";
import { Problems } from "../shared/errors";
import { checkEnvironment, Environment } from "../shared/naming";
import { clusterArn, kmsKeyArn, repositoryArn, secretArn, targetGroupArn, topicArn } from "../shared/arn";
import { appNameRule, awsId } from "../shared/names";
import { anything, bool, Check, checkArgs, environment, input, list, logClasses, num, obj, oneOf, opt, record, req, resource, Shape, str } from "../shared/shape";
import {
  ClusterRef,
  ContainerHealthCheck,
  HardenedServiceArgs,
  OneOffTaskArgs,
  ServiceBuild,
  ServiceEgressRule,
  ServicePolicyStatement,
  ServiceSecretRef,
  ServiceSidecar,
  ServiceTarget,
} from "./args";
import {
  corsHttpOrigins,
  corsWildcard,
  DEFAULT_APP_STARTS_AFTER,
  DEFAULT_ONE_OFF_CPU,
  DEFAULT_ONE_OFF_MEMORY,
  HEALTH_CHECK,
  HEALTH_CHECK_LIMITS,
  healthCheckCommand,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CPU,
  DEFAULT_CPU_ARCHITECTURE,
  DEFAULT_CPU_TARGET,
  DEFAULT_REDEPLOY_ON_ROTATION,
  DEFAULT_GRACE_PERIOD_SECONDS,
  DEFAULT_HEALTH_PATH,
  DEFAULT_KEEP_IMAGES,
  DEFAULT_MEMORY,
  DEFAULT_PLATFORM,
  DEFAULT_SERVICE_NAME,
  DEFAULT_WRITABLE_PATHS,
  maxCapacityDefault,
  minCapacityDefault,
  SECRET_ENV_NAME,
  tlsDisabled,
} from "./defaults";

/** A sidecar after defaults. */
export type ResolvedSidecar = Required<Omit<ServiceSidecar, "command" | "cpu" | "memory" | "healthCheck">> &
  Pick<ServiceSidecar, "command" | "cpu" | "memory"> & { readonly healthCheck: Required<ContainerHealthCheck> };

export type ResolvedServiceArgs = Omit<
  Required<HardenedServiceArgs>,
  "build" | "imageTag" | "image" | "alarmTopicArn" | "kmsKeyArn" | "loadBalancerSecurityGroupId" | "targetGroupArn" | "cluster" | "sidecars" | "healthCheck"
> & {
  readonly healthCheck: Required<ContainerHealthCheck>;
  readonly loadBalancerSecurityGroupId?: pulumi.Input<string>;
  readonly targetGroupArn?: pulumi.Input<string>;
  readonly cluster?: HardenedServiceArgs["cluster"];
  readonly sidecars: Readonly<Record<string, ResolvedSidecar>>;
  readonly build?: Required<Omit<ServiceBuild, "args">> & Pick<ServiceBuild, "args">;
  readonly imageTag?: string;
  readonly image?: string;
  readonly alarmTopicArn?: pulumi.Input<string>;
  readonly kmsKeyArn?: pulumi.Input<string>;
};

/** Wrong types get the rule's own code (SVC_HEALTH_CHECK). */
const HEALTH_CHECK_SHAPE: Shape<ContainerHealthCheck> = { command: req(list(str())), interval: opt(num()), timeout: opt(num()), startPeriod: opt(num()), retries: opt(num()) };
const healthCheckArg = obj<ContainerHealthCheck>(HEALTH_CHECK_SHAPE, "a health check { command, interval?, timeout?, startPeriod?, retries? }");
const secretRefs = record(obj<ServiceSecretRef>({ arn: req(input(str(secretArn()))), kmsKeyArn: opt(input(str(kmsKeyArn()))) }, "a secret reference { arn, kmsKeyArn? }"));
const subnetIds = input(list(input(str(awsId("subnet", "SUBNET_ID"))), { unique: true }));
const securityGroupId = input(str(awsId("sg", "SECURITY_GROUP_ID")));
const stringOrList: Check = { what: "a string or a list of strings", run: (ctx, arg, v) => (typeof v === "string" ? v : list(str()).run(ctx, arg, v)) };
const resources: Check = { what: "a resource ARN or a list of them", run: (ctx, arg, v) => (Array.isArray(v) ? list(input(str())).run(ctx, arg, v) : input(str()).run(ctx, arg, v)) };
const statements = list(
  obj<ServicePolicyStatement>(
    { Sid: opt(str()), Effect: opt(oneOf(["Allow", "Deny"])), Action: req(stringOrList), Resource: req(resources), Condition: opt(record(record(anything))) },
    "an IAM statement { Action, Resource, Effect?, Sid?, Condition? }",
  ),
);
const clusterObject = obj<ClusterRef>({ arn: req(input(str(clusterArn()))), name: req(input(str())) }, "a ServiceCluster or { arn, name }");
/** A ServiceCluster (a component with arn and name outputs) or a plain `{ arn, name }`. */
const clusterRef: Check = { what: clusterObject.what, run: (ctx, arg, v) => (pulumi.Resource.isInstance(v) && "arn" in v && "name" in v ? v : clusterObject.run(ctx, arg, v)) };
const eventLogGroups = list(oneOf(Object.keys(STANDARD_GROUPS)), { unique: true });
const writablePaths = list(str(), { unique: true });

/** Runtime shape of {@link HardenedServiceArgs}. */
export const SHAPE: Shape<HardenedServiceArgs> = {
  environment,
  appName: req(str(appNameRule())),
  serviceName: opt(str()),
  logs: req(logClasses),
  subnetIds: req(subnetIds),
  securityGroupId: req(securityGroupId),
  loadBalancerSecurityGroupId: opt(securityGroupId),
  targetGroupArn: opt(input(str(targetGroupArn()))),
  loadBalancerDependencies: opt(list(resource("a Pulumi resource", () => true)), "LB_DEPENDENCIES"),
  cluster: opt(clusterRef, "CLUSTER"),
  sidecars: opt(
    record(
      obj<ServiceSidecar>({
        image: req(str()),
        user: req(str()),
        essential: req(bool, "SIDECAR_ESSENTIAL"),
        healthCheck: req(healthCheckArg, "HEALTH_CHECK"),
        appStartsAfter: opt(oneOf(["START", "HEALTHY"]), "SIDECAR_ORDER"),
        dependsOn: opt(record(oneOf(["START", "HEALTHY"])), "SIDECAR_ORDER"),
        command: opt(list(str())),
        environmentVariables: opt(record(str())),
        secrets: opt(secretRefs),
        writablePaths: opt(writablePaths),
        cpu: opt(num()),
        memory: opt(num()),
      }),
    ),
  ),
  eventLogGroups: opt(eventLogGroups, "EVENT_LOG_GROUP"),
  build: opt(obj<ServiceBuild>({ context: req(str()), dockerfile: opt(str()), platform: opt(oneOf(["linux/amd64", "linux/arm64"])), args: opt(record(str())) })),
  imageTag: opt(str()),
  image: opt(str()),
  user: req(str()),
  containerPort: opt(num()),
  healthPath: opt(str()),
  healthCheck: opt(healthCheckArg, "HEALTH_CHECK"),
  cpu: opt(num()),
  memory: opt(num()),
  cpuArchitecture: opt(oneOf(["X86_64", "ARM64"])),
  writablePaths: opt(writablePaths),
  readonlyRootFilesystem: opt(bool),
  environmentVariables: opt(record(str())),
  secrets: opt(secretRefs),
  taskPolicyStatements: opt(statements),
  egress: opt(record(obj<ServiceEgressRule>({ port: req(num()), securityGroupId: opt(securityGroupId), cidr: opt(str()), description: req(str()) }))),
  minCapacity: opt(num()),
  maxCapacity: opt(num()),
  cpuTargetUtilization: opt(num()),
  healthCheckGracePeriodSeconds: opt(num()),
  enableExecuteCommand: opt(bool),
  additionalTargets: opt(record(obj<ServiceTarget>({ targetGroupArn: req(input(str(targetGroupArn()))), containerPort: req(num()), loadBalancerSecurityGroupId: req(securityGroupId) })), "TARGETS"),
  redeployOnRotation: opt(bool, "REDEPLOY_ON_ROTATION"),
  alarmTopicArn: opt(input(str(topicArn()))),
  kmsKeyArn: opt(input(str(kmsKeyArn()))),
  keepImages: opt(num()),
};

/** The arguments checked against {@link SHAPE} (Outputs wrapped to be checked when they resolve). */
export const checked = (name: string, args: HardenedServiceArgs): HardenedServiceArgs => checkArgs("HardenedService", "SVC", name, args, SHAPE);

/** Runtime shape of {@link OneOffTaskArgs}. */
export const ONE_OFF_SHAPE: Shape<OneOffTaskArgs> = {
  environment,
  appName: req(str(appNameRule())),
  taskName: req(str()),
  logs: req(logClasses),
  cluster: req(clusterRef, "CLUSTER"),
  subnetIds: req(subnetIds),
  securityGroupId: req(securityGroupId),
  image: req(input(str())),
  repository: opt(obj<NonNullable<OneOffTaskArgs["repository"]>>({ arn: req(input(str(repositoryArn()))), kmsKeyArn: opt(input(str(kmsKeyArn()))) })),
  user: req(str()),
  command: req(list(str())),
  healthCheck: req(healthCheckArg, "HEALTH_CHECK"),
  environmentVariables: opt(record(input(str()))),
  secrets: opt(secretRefs),
  taskPolicyStatements: opt(statements),
  eventLogGroups: opt(eventLogGroups, "EVENT_LOG_GROUP"),
  cpu: opt(num()),
  memory: opt(num()),
  cpuArchitecture: opt(oneOf(["X86_64", "ARM64"])),
  writablePaths: opt(writablePaths),
};

/** The one-off task's arguments checked against {@link ONE_OFF_SHAPE}. */
export const checkedOneOff = (name: string, args: OneOffTaskArgs): OneOffTaskArgs => checkArgs("OneOffTask", "SVC", name, args, ONE_OFF_SHAPE);

export function withDefaults(args: HardenedServiceArgs): ResolvedServiceArgs {
  const env = args.environment;
  return {
    ...args,
    serviceName: args.serviceName ?? DEFAULT_SERVICE_NAME,
    build: args.build ? { ...args.build, dockerfile: args.build.dockerfile ?? `${args.build.context}/Dockerfile`, platform: args.build.platform ?? DEFAULT_PLATFORM } : undefined,
    containerPort: args.containerPort ?? DEFAULT_CONTAINER_PORT,
    healthPath: args.healthPath ?? DEFAULT_HEALTH_PATH,
    healthCheck:
      args.healthCheck !== undefined
        ? args.healthCheck && typeof args.healthCheck === "object"
          ? healthCheckDefaults(args.healthCheck)
          : args.healthCheck
        : healthCheckDefaults({ command: healthCheckCommand(args.containerPort ?? DEFAULT_CONTAINER_PORT, args.healthPath ?? DEFAULT_HEALTH_PATH) }),
    cpu: args.cpu ?? DEFAULT_CPU,
    memory: args.memory ?? DEFAULT_MEMORY,
    cpuArchitecture: args.cpuArchitecture ?? DEFAULT_CPU_ARCHITECTURE,
    writablePaths: args.writablePaths ?? DEFAULT_WRITABLE_PATHS,
    readonlyRootFilesystem: args.readonlyRootFilesystem ?? true,
    // ENV-2: the prod runtime flag is set by infra, not by the image.
    environmentVariables: { ...(env === "prod" ? { NODE_ENV: "production" } : {}), ...(args.environmentVariables ?? {}) },
    secrets: args.secrets ?? {},
    taskPolicyStatements: args.taskPolicyStatements ?? [],
    egress: args.egress ?? {},
    minCapacity: args.minCapacity ?? minCapacityDefault(env),
    maxCapacity: args.maxCapacity ?? maxCapacityDefault(env),
    cpuTargetUtilization: args.cpuTargetUtilization ?? DEFAULT_CPU_TARGET,
    healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS,
    enableExecuteCommand: args.enableExecuteCommand ?? false,
    redeployOnRotation: args.redeployOnRotation ?? DEFAULT_REDEPLOY_ON_ROTATION,
    keepImages: args.keepImages ?? DEFAULT_KEEP_IMAGES,
    loadBalancerDependencies: args.loadBalancerDependencies ?? [],
    additionalTargets: args.additionalTargets ?? {},
    eventLogGroups: args.eventLogGroups ?? [],
    sidecars: Object.fromEntries(Object.entries(args.sidecars ?? {}).map(([key, s]) => [key, sidecarDefaults(s)])),
  };
}

/** Health check timings default to the CTR-4 values; the command is the caller's. */
export function healthCheckDefaults(hc: ContainerHealthCheck): Required<ContainerHealthCheck> {
  return {
    command: hc.command,
    interval: hc.interval ?? HEALTH_CHECK.interval,
    timeout: hc.timeout ?? HEALTH_CHECK.timeout,
    startPeriod: hc.startPeriod ?? HEALTH_CHECK.startPeriod,
    retries: hc.retries ?? HEALTH_CHECK.retries,
  };
}

function sidecarDefaults(s: ServiceSidecar): ResolvedSidecar {
  // JavaScript callers may pass anything: keep what is there, validation reports what is missing.
  if (!s || typeof s !== "object") return s;
  return {
    ...s,
    healthCheck: s.healthCheck && typeof s.healthCheck === "object" ? healthCheckDefaults(s.healthCheck) : s.healthCheck,
    appStartsAfter: s.appStartsAfter ?? DEFAULT_APP_STARTS_AFTER,
    dependsOn: s.dependsOn ?? {},
    environmentVariables: s.environmentVariables ?? {},
    secrets: s.secrets ?? {},
    writablePaths: s.writablePaths ?? [],
  };
}

export type ResolvedOneOffTaskArgs = Omit<Required<OneOffTaskArgs>, "repository" | "healthCheck"> & Pick<OneOffTaskArgs, "repository"> & { readonly healthCheck: Required<ContainerHealthCheck> };

export function oneOffDefaults(args: OneOffTaskArgs): ResolvedOneOffTaskArgs {
  return {
    ...args,
    healthCheck: args.healthCheck && typeof args.healthCheck === "object" ? healthCheckDefaults(args.healthCheck) : args.healthCheck,
    environmentVariables: args.environmentVariables ?? {},
    secrets: args.secrets ?? {},
    taskPolicyStatements: args.taskPolicyStatements ?? [],
    eventLogGroups: args.eventLogGroups ?? [],
    cpu: args.cpu ?? DEFAULT_ONE_OFF_CPU,
    memory: args.memory ?? DEFAULT_ONE_OFF_MEMORY,
    cpuArchitecture: args.cpuArchitecture ?? DEFAULT_CPU_ARCHITECTURE,
    writablePaths: args.writablePaths ?? DEFAULT_WRITABLE_PATHS,
  };
}

const NAME = /^[a-z][a-z0-9-]{0,30}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_REF = /^[^\s@]+@sha256:[0-9a-f]{64}$/;
/** Fargate CPU units → allowed memory (MiB). */
const FARGATE_MEMORY: Record<number, (m: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  1024: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  2048: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  4096: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
  8192: (m) => m >= 16384 && m <= 61440 && m % 4096 === 0,
  16384: (m) => m >= 32768 && m <= 122880 && m % 8192 === 0,
};

/** True for a user that is root: `root`, `0`, `0:<gid>`, `root:<group>`. */
export function isRootUser(user: string): boolean {
  const uid = user.trim().split(":")[0];
  return uid === "root" || /^0+$/.test(uid);
}

export function validate(name: string, a: ResolvedServiceArgs): ResolvedServiceArgs {
  checkEnvironment("HardenedService", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(
    !NAME.test(a.appName),
    "SVC_NAME",
    "appName",
    `"${a.appName}" is not a lower-case name (ECR repository names are lower-case)`,
    "use lower-case letters, digits and hyphens, starting with a letter.",
  );
  p.check(!NAME.test(a.serviceName), "SVC_NAME", "serviceName", `"${a.serviceName}" is not a lower-case name`, "use lower-case letters, digits and hyphens, starting with a letter.");

  // Image source (CTR-7).
  p.check(
    !a.build === !a.image,
    "SVC_IMAGE_SOURCE",
    "build/image",
    a.build ? "both build and image are set" : "neither build nor image is set",
    "set build (built and pushed to the service's repository) or image (a prebuilt digest reference), not both.",
  );
  if (a.build) {
    p.check(
      a.imageTag === undefined,
      "SVC_IMAGE_TAG_REQUIRED",
      "imageTag",
      "a built image needs an immutable tag; the repository refuses to overwrite a tag and an untagged push would be `latest`",
      "pass the git commit or release version, e.g. imageTag: process.env.GITHUB_SHA.",
    );
    if (a.imageTag !== undefined) {
      p.check(a.imageTag.toLowerCase() === "latest", "SVC_IMAGE_LATEST", "imageTag", "`latest` is a moving tag: nobody can tell which build runs", "use the git commit or release version.");
      p.check(!TAG.test(a.imageTag), "SVC_IMAGE_TAG_FORMAT", "imageTag", `"${a.imageTag}" is not a valid image tag`, "use up to 128 letters, digits, '_', '.', '-'.");
    }
    const arch = a.build.platform === "linux/arm64" ? "ARM64" : "X86_64";
    p.check(
      arch !== a.cpuArchitecture,
      "SVC_PLATFORM_MISMATCH",
      "build.platform",
      `${a.build.platform} images do not run on ${a.cpuArchitecture} tasks`,
      `set cpuArchitecture: "${arch}" or build for the tasks' platform.`,
    );
  }
  if (a.image) checkImage(p, "image", a.image, a.environment);

  // Runtime (CTR-1..4).
  checkUser(p, "user", a.user);
  p.check(
    !Number.isInteger(a.containerPort) || a.containerPort < 1024 || a.containerPort > 65535,
    "SVC_PORT",
    "containerPort",
    `${a.containerPort} is not an unprivileged port (1024–65535); a non-root user cannot bind below 1024`,
    "use 8000.",
  );
  p.check(!a.healthPath.startsWith("/") || /\s|'|"|;|&|\|/.test(a.healthPath), "SVC_HEALTH_PATH", "healthPath", `"${a.healthPath}" is not a plain URL path`, 'use a path like "/health".');
  checkHealthCheck(p, "healthCheck", a.healthCheck);
  checkTaskSize(p, a.cpu, a.memory);
  checkWritablePaths(p, a.writablePaths);
  p.check(
    typeof a.redeployOnRotation !== "boolean",
    "SVC_REDEPLOY_ON_ROTATION",
    "redeployOnRotation",
    `${JSON.stringify(a.redeployOnRotation)} is not true or false`,
    "leave it unset (true) so tasks pick up rotated secrets, or pass false if the application reads its secrets at connection time.",
  );
  p.check(
    a.environment === "prod" && a.enableExecuteCommand,
    "SVC_EXEC_PROD",
    "enableExecuteCommand",
    "ECS Exec opens interactive shells in prod tasks",
    "leave enableExecuteCommand unset in prod; use it in staging only.",
  );

  // Environment variables and secrets (CTR-5, ENV-1..3, EDGE-6).
  checkEnvironmentVariables(p, "environmentVariables", a.environmentVariables, a.environment);
  checkSecrets(p, "secrets", a.secrets, a.environmentVariables, a.environment);

  // Ingress: a web service (target group and load balancer group together) or a worker (neither).
  const hasTg = servesTraffic(a);
  const hasLbSg = a.loadBalancerSecurityGroupId !== undefined && a.loadBalancerSecurityGroupId !== null;
  p.check(
    hasTg && !hasLbSg,
    "SVC_INGRESS_PAIR",
    "loadBalancerSecurityGroupId",
    "targetGroupArn is set without the load balancer's security group, so nothing would admit the load balancer to the tasks",
    "set loadBalancerSecurityGroupId to the load balancer's group, or leave both unset for a worker that serves no traffic.",
  );
  p.check(
    !hasTg && hasLbSg,
    "SVC_INGRESS_PAIR",
    "targetGroupArn",
    "loadBalancerSecurityGroupId is set without a target group: the tasks would admit the load balancer but never receive its traffic",
    "set targetGroupArn to the target group the tasks register in, or leave both unset for a worker that serves no traffic.",
  );
  const deps = a.loadBalancerDependencies as unknown;
  p.check(
    !Array.isArray(deps) || deps.some((d) => !pulumi.Resource.isInstance(d)),
    "SVC_LB_DEPENDENCIES",
    "loadBalancerDependencies",
    "is not a list of resources",
    "pass the listener or listener rules that attach the target group, e.g. a SecureLoadBalancer's targetAttachments.<key>.",
  );
  checkAdditionalTargets(p, a);
  p.check(
    !hasTg && Object.keys(a.additionalTargets ?? {}).length === 0 && Array.isArray(deps) && deps.length > 0,
    "SVC_LB_DEPENDENCIES",
    "loadBalancerDependencies",
    "is set for a worker without a target group",
    "remove it, or set targetGroupArn and loadBalancerSecurityGroupId.",
  );

  // Sidecars (CTR-1..5 for every container).
  const sidecarKeys = Object.keys(a.sidecars);
  for (const [key, s] of Object.entries(a.sidecars)) {
    const arg = `sidecars.${key}`;
    p.check(
      !NAME.test(key) || key === a.serviceName,
      "SVC_SIDECAR_NAME",
      arg,
      key === a.serviceName ? `"${key}" is the app container's name` : `"${key}" is not a lower-case container name`,
      "key each sidecar by a stable lower-case name other than the service name, e.g. clamav, log-router.",
    );
    if (!s || typeof s !== "object") {
      p.add("SVC_SIDECAR", arg, "is not a sidecar definition", "pass { image, user, essential, healthCheck }.");
      continue;
    }
    p.check(typeof s.image !== "string" || s.image === "", "SVC_IMAGE_SOURCE", `${arg}.image`, "no image", "reference the sidecar image by digest: <repo>@sha256:<digest>.");
    if (typeof s.image === "string" && s.image !== "") checkImage(p, `${arg}.image`, s.image, a.environment);
    checkUser(p, `${arg}.user`, s.user);
    p.check(
      typeof s.essential !== "boolean",
      "SVC_SIDECAR_ESSENTIAL",
      `${arg}.essential`,
      `${JSON.stringify(s.essential)} is not stated as true or false`,
      "state whether the task stops with this sidecar: essential: true (the app cannot work without it) or false.",
    );
    checkHealthCheck(p, `${arg}.healthCheck`, s.healthCheck);
    p.check(!["START", "HEALTHY"].includes(s.appStartsAfter), "SVC_SIDECAR_ORDER", `${arg}.appStartsAfter`, `"${s.appStartsAfter}" is not a start condition`, 'use "START" or "HEALTHY".');
    for (const [dep, condition] of Object.entries(s.dependsOn ?? {})) {
      p.check(
        !sidecarKeys.includes(dep) || dep === key,
        "SVC_SIDECAR_ORDER",
        `${arg}.dependsOn.${dep}`,
        dep === key ? "a sidecar cannot wait for itself" : `"${dep}" is not a sidecar of this service`,
        `name another sidecar: ${sidecarKeys.filter((k) => k !== key).join(", ") || "(none)"}.`,
      );
      p.check(!["START", "HEALTHY"].includes(condition), "SVC_SIDECAR_ORDER", `${arg}.dependsOn.${dep}`, `"${condition}" is not a start condition`, 'use "START" or "HEALTHY".');
    }
    if (s.command !== undefined)
      p.check(!Array.isArray(s.command) || s.command.some((c) => typeof c !== "string"), "SVC_COMMAND", `${arg}.command`, "is not a list of strings", 'pass the command as ["exe", "arg", ...].');
    checkEnvironmentVariables(p, `${arg}.environmentVariables`, s.environmentVariables, a.environment);
    checkSecrets(p, `${arg}.secrets`, s.secrets, s.environmentVariables, a.environment);
    for (const path of s.writablePaths)
      p.check(
        !a.writablePaths.includes(path),
        "SVC_WRITABLE_PATH",
        `${arg}.writablePaths`,
        `"${path}" is not one of the task's writablePaths`,
        `add it to writablePaths (${a.writablePaths.join(", ")}) or mount one of those.`,
      );
    for (const field of ["cpu", "memory"] as const) {
      const v = s[field];
      p.check(
        v !== undefined && (!Number.isInteger(v) || v < (field === "cpu" ? 0 : 6) || v > a[field]),
        "SVC_SIDECAR_SIZE",
        `${arg}.${field}`,
        `${v} does not fit the task's ${a[field]}`,
        `reserve at most the task's ${field}, or leave it unset to share.`,
      );
    }
  }
  for (const field of ["cpu", "memory"] as const) {
    const sizes = Object.values(a.sidecars).map((sc) => (sc && typeof sc[field] === "number" ? sc[field] : 0));
    const total = sizes.reduce((sum, v) => sum + v, 0);
    // Each one over the task is reported above; this is for several that fit alone and not together.
    p.check(
      total > 0 && total >= a[field] && sizes.every((v) => v <= a[field]),
      "SVC_SIDECAR_SIZE",
      "sidecars",
      `sidecars reserve ${total} of the task's ${a[field]} ${field === "cpu" ? "CPU units" : "MiB"}, leaving nothing for the app`,
      `raise the task's ${field} or lower the sidecars' reservations.`,
    );
  }
  const cycle = findCycle(Object.fromEntries(Object.entries(a.sidecars).map(([k, s]) => [k, Object.keys((s && s.dependsOn) ?? {})])));
  p.check(cycle !== undefined, "SVC_SIDECAR_ORDER", "sidecars", `start order has a cycle: ${cycle?.join(" → ")}`, "remove one dependsOn of the cycle.");

  checkStatements(p, "taskPolicyStatements", a.taskPolicyStatements);
  checkEventLogGroups(p, a.eventLogGroups);

  // Network (NET-3).
  for (const [key, e] of Object.entries(a.egress)) {
    const arg = `egress.${key}`;
    p.check(!NAME.test(key), "SVC_EGRESS_NAME", arg, `"${key}" is not a lower-case rule name`, "use names like postgres, redis, smtp.");
    p.check(!Number.isInteger(e.port) || e.port < 1 || e.port > 65535, "SVC_EGRESS_PORT", `${arg}.port`, `${e.port} is not a TCP port`, "use one port, e.g. 5432.");
    p.check((e.securityGroupId === undefined) === (e.cidr === undefined), "SVC_EGRESS_TARGET", arg, "needs exactly one destination", "set securityGroupId (data tier) or cidr.");
    if (e.cidr !== undefined) {
      p.check(!parseCidr(e.cidr), "SVC_EGRESS_CIDR", `${arg}.cidr`, `"${e.cidr}" is not a CIDR`, "use a.b.c.d/n.");
      p.check(
        isWorldCidr(e.cidr) && ![443, 465, 587].includes(e.port),
        "SVC_EGRESS_WORLD",
        `${arg}.cidr`,
        `port ${e.port} to the whole internet`,
        "name the destination security group (databases, caches) or a private CIDR; only 443/465/587 may go to 0.0.0.0/0.",
      );
    }
  }
  const cluster = a.cluster as unknown;
  p.check(
    cluster !== undefined && (!cluster || typeof cluster !== "object" || !("arn" in cluster) || !("name" in cluster)),
    "SVC_CLUSTER",
    "cluster",
    "is not a cluster reference",
    "pass a ServiceCluster or { arn, name } of an existing cluster.",
  );

  // Scaling.
  p.check(!Number.isInteger(a.minCapacity) || a.minCapacity < 1, "SVC_CAPACITY", "minCapacity", `${a.minCapacity} tasks`, "run at least 1 task (2 in prod).");
  p.check(a.environment === "prod" && a.minCapacity < 2, "SVC_PROD_SINGLE_TASK", "minCapacity", "one task in prod is one AZ failure from an outage", "use minCapacity 2 or more in prod.");
  p.check(!Number.isInteger(a.maxCapacity) || a.maxCapacity < a.minCapacity, "SVC_CAPACITY", "maxCapacity", `${a.maxCapacity} is below minCapacity ${a.minCapacity}`, "set maxCapacity ≥ minCapacity.");
  p.check(!(a.cpuTargetUtilization >= 10 && a.cpuTargetUtilization <= 90), "SVC_CPU_TARGET", "cpuTargetUtilization", `${a.cpuTargetUtilization}% is outside 10–90`, "use 50–70.");
  p.check(
    !Number.isInteger(a.keepImages) || a.keepImages < 1 || a.keepImages > 1000,
    "SVC_KEEP_IMAGES",
    "keepImages",
    `${a.keepImages} images`,
    "keep 1–1000 tagged images (rollback needs at least the previous release).",
  );
  p.check(
    !Number.isInteger(a.healthCheckGracePeriodSeconds) || a.healthCheckGracePeriodSeconds < 0 || a.healthCheckGracePeriodSeconds > 2147483647,
    "SVC_GRACE_PERIOD",
    "healthCheckGracePeriodSeconds",
    `${a.healthCheckGracePeriodSeconds} is not a whole number of seconds from 0`,
    "use a number of seconds, e.g. 60.",
  );

  p.throwIfAny("HardenedService", name);
  return a;
}

export function validateOneOff(name: string, a: ResolvedOneOffTaskArgs): ResolvedOneOffTaskArgs {
  checkEnvironment("OneOffTask", name, a.environment); // first: defaults and prod floors read it
  const p = new Problems();
  p.check(!NAME.test(a.appName), "SVC_NAME", "appName", `"${a.appName}" is not a lower-case name`, "use lower-case letters, digits and hyphens, starting with a letter.");
  p.check(!NAME.test(a.taskName), "SVC_NAME", "taskName", `"${a.taskName}" is not a lower-case name`, "use lower-case letters, digits and hyphens, starting with a letter, e.g. migrate.");
  if (typeof a.image === "string") checkImage(p, "image", a.image, a.environment);
  p.check(a.image === undefined || a.image === null || a.image === "", "SVC_IMAGE_SOURCE", "image", "no image", "reference the image by digest: <repo>@sha256:<digest>.");
  checkUser(p, "user", a.user);
  p.check(
    !Array.isArray(a.command) || a.command.length === 0 || a.command.some((c) => typeof c !== "string"),
    "SVC_COMMAND",
    "command",
    "is not a non-empty list of strings",
    'pass the command the task runs, e.g. ["npm", "run", "migrate"].',
  );
  checkHealthCheck(p, "healthCheck", a.healthCheck);
  checkTaskSize(p, a.cpu, a.memory);
  checkWritablePaths(p, a.writablePaths);
  checkEnvironmentVariables(p, "environmentVariables", a.environmentVariables, a.environment);
  checkSecrets(p, "secrets", a.secrets, a.environmentVariables, a.environment);
  checkStatements(p, "taskPolicyStatements", a.taskPolicyStatements);
  checkEventLogGroups(p, a.eventLogGroups);
  const cluster = a.cluster as unknown;
  p.check(
    !cluster || typeof cluster !== "object" || !("arn" in cluster) || !("name" in cluster),
    "SVC_CLUSTER",
    "cluster",
    "is not a cluster reference",
    "pass the application's ServiceCluster (or a service's cluster) or { arn, name }.",
  );
  p.throwIfAny("OneOffTask", name);
  return a;
}

/** An image reference: never `latest` (explicit or implied); by digest in prod (CTR-7). */
export function checkImage(p: Problems, arg: string, image: string, environment: Environment): void {
  p.check(
    /:latest$/.test(image) || (!image.includes("@") && !/:[^/]+$/.test(image)),
    "SVC_IMAGE_LATEST",
    arg,
    `"${image}" resolves to the moving \`latest\` tag`,
    "reference the image by digest: <repo>@sha256:<digest>.",
  );
  p.check(
    environment === "prod" && !DIGEST_REF.test(image),
    "SVC_IMAGE_DIGEST",
    arg,
    `prod runs "${image}", which is not pinned to a digest`,
    "reference the image as <repo>@sha256:<64 hex digits> (the digest CI pushed and scanned).",
  );
}

function checkUser(p: Problems, arg: string, user: unknown): void {
  const u = typeof user === "string" ? user : "";
  p.check(!USER.test(u), "SVC_USER_FORMAT", arg, `${JSON.stringify(user)} is not a user, uid or uid:gid`, 'use the image\'s non-root user, e.g. "10001:10001".');
  p.check(USER.test(u) && isRootUser(u), "SVC_USER_ROOT", arg, `"${u}" runs the container as root`, 'use the non-root uid the image creates, e.g. "10001:10001".');
}

function checkHealthCheck(p: Problems, arg: string, hc: Required<ContainerHealthCheck> | undefined): void {
  if (!hc || typeof hc !== "object" || !Array.isArray(hc.command)) {
    p.add("SVC_HEALTH_CHECK", arg, "no health check: ECS would keep a hung container running and never replace it", 'set healthCheck: { command: ["CMD-SHELL", "<probe> || exit 1"] }.');
    return;
  }
  const [kind, ...rest] = hc.command;
  p.check(
    !["CMD", "CMD-SHELL"].includes(kind) || rest.length === 0 || rest.some((c) => typeof c !== "string" || c === ""),
    "SVC_HEALTH_CHECK",
    `${arg}.command`,
    `${JSON.stringify(hc.command)} is not a health check command`,
    'start with "CMD-SHELL" and a shell command, or "CMD" and an executable with its arguments.',
  );
  for (const [field, [lo, hi]] of Object.entries(HEALTH_CHECK_LIMITS) as [keyof typeof HEALTH_CHECK_LIMITS, readonly [number, number]][]) {
    const v = hc[field];
    p.check(!Number.isInteger(v) || v < lo || v > hi, "SVC_HEALTH_CHECK", `${arg}.${field}`, `${v} is outside ECS's ${lo}–${hi}`, `use ${lo}–${hi}, e.g. ${HEALTH_CHECK[field]}.`);
  }
}

function checkTaskSize(p: Problems, cpu: number, memory: number): void {
  const fits = FARGATE_MEMORY[cpu];
  p.check(!fits, "SVC_FARGATE_SIZE", "cpu", `${cpu} CPU units is not a Fargate task size`, "use 256, 512, 1024, 2048, 4096, 8192 or 16384.");
  p.check(!!fits && !fits(memory), "SVC_FARGATE_SIZE", "memory", `${memory} MiB does not fit a Fargate task of ${cpu} CPU units`, "pick a supported combination, e.g. cpu 512 with memory 1024–4096.");
}

function checkWritablePaths(p: Problems, paths: readonly string[]): void {
  for (const [i, path] of paths.entries()) {
    p.check(
      !/^\/[A-Za-z0-9_.\-/]+$/.test(path) || path.split("/").includes(".."),
      "SVC_WRITABLE_PATH",
      `writablePaths[${i}]`,
      `"${path}" is not an absolute path below /`,
      'use absolute paths such as "/tmp" or "/app/uploads".',
    );
  }
  p.check(new Set(paths.map(volumeName)).size !== paths.length, "SVC_WRITABLE_PATH", "writablePaths", "two paths map to the same volume", "list each path once.");
}

/**
 * Environment variable names and values (CTR-5, ENV-2, ENV-3, EDGE-6). Values that are not strings yet
 * (outputs) are checked by {@link environmentValueProblems} when they resolve.
 */
export function checkEnvironmentVariables(p: Problems, prefix: string, vars: Readonly<Record<string, unknown>>, environment: Environment): void {
  for (const [key, value] of Object.entries(vars ?? {})) {
    const arg = `${prefix}.${key}`;
    p.check(!ENV_NAME.test(key), "SVC_ENV_NAME", arg, `"${key}" is not an environment variable name`, "use letters, digits and underscores.");
    p.check(
      SECRET_ENV_NAME.test(key),
      "SVC_ENV_SECRET",
      arg,
      "the name says it holds a secret, and environment values are plain text in the task definition",
      `pass it through secrets: { ${key}: { arn: <Secrets Manager ARN> } }.`,
    );
    if (typeof value === "string") checkEnvironmentValue(p, arg, key, value, environment);
  }
}

export function checkEnvironmentValue(p: Problems, arg: string, key: string, value: string, environment: Environment): void {
  const tls = tlsDisabled(key, value);
  p.check(tls !== undefined, "SVC_ENV_TLS_DISABLED", arg, tls ?? "", "remove it: AWS stacks always verify TLS (RDS and ElastiCache certificates are trusted through the AWS CA bundle).");
  p.check(corsWildcard(key, value), "SVC_ENV_CORS_WILDCARD", arg, "`*` lets every website call the API from a user's browser", "list the allowed origins, e.g. https://app.example.com.");
  const http = environment === "prod" ? corsHttpOrigins(key, value) : [];
  p.check(
    http.length > 0,
    "SVC_ENV_CORS_HTTP",
    arg,
    `prod trusts plain-HTTP origin(s) ${http.join(", ")}, whose pages anyone on the network path can rewrite`,
    "list https:// origins only in prod (http://localhost belongs in a development config).",
  );
  p.check(
    key === "NODE_ENV" && environment === "prod" && value !== "production",
    "SVC_ENV_NODE_ENV",
    arg,
    `prod sets NODE_ENV=${value}, which turns off production TLS, cookie and proxy settings`,
    "leave NODE_ENV unset in prod (the component sets production).",
  );
}

function checkSecrets(p: Problems, prefix: string, secrets: Readonly<Record<string, ServiceSecretRef>>, vars: Readonly<Record<string, unknown>>, environment: Environment): void {
  for (const [key, ref] of Object.entries(secrets ?? {})) {
    const arg = `${prefix}.${key}`;
    p.check(!ENV_NAME.test(key), "SVC_ENV_NAME", arg, `"${key}" is not an environment variable name`, "use letters, digits and underscores.");
    if (!ref || typeof ref !== "object" || ref.arn === undefined || ref.arn === null || ref.arn === "") {
      p.add("SVC_SECRET_ARN", `${arg}.arn`, "no secret ARN", "pass { arn: <Secrets Manager secret ARN> }.");
      continue;
    }
    const secretName = typeof ref.arn === "string" ? /:secret:([^:]+)/.exec(ref.arn)?.[1] : undefined;
    p.check(
      secretName !== undefined && !secretName.startsWith("rds!") && !secretName.includes(`/${environment}/`),
      "SVC_SECRET_ENV",
      `${arg}.arn`,
      `secret "${secretName}" is not a ${environment} secret (its name lacks /${environment}/)`,
      `reference this environment's secret, /<appName>/${environment}/<purpose> (ENV-1).`,
    );
    p.check(key in (vars ?? {}), "SVC_ENV_DUPLICATE", arg, "the name is also a plain environment variable", "keep it in secrets only.");
  }
}

function checkStatements(p: Problems, prefix: string, statements: readonly ServicePolicyStatement[]): void {
  for (const [i, s] of statements.entries()) {
    const actions = typeof s.Action === "string" ? [s.Action] : [...s.Action];
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    const allResources = resources.some((r) => r === "*");
    p.check(
      (s.Effect ?? "Allow") === "Allow" && actions.includes("*"),
      "SVC_IAM_ADMIN",
      `${prefix}[${i}].Action`,
      'Action "*" grants every AWS permission to the application',
      "list the actions the application calls.",
    );
    p.check(
      (s.Effect ?? "Allow") === "Allow" && allResources && actions.some((x) => /^secretsmanager:(\*|GetSecretValue)$/i.test(x)),
      "SVC_IAM_SECRETS_ALL",
      `${prefix}[${i}].Resource`,
      "reading every secret in the account (GetSecretValue on *) defeats per-environment secrets",
      "inject secrets through the secrets arg, or name the secret ARNs in Resource.",
    );
  }
}

function checkEventLogGroups(p: Problems, groups: readonly string[]): void {
  const known = Object.keys(STANDARD_GROUPS);
  p.check(!Array.isArray(groups), "SVC_EVENT_LOG_GROUP", "eventLogGroups", "is not a list", `list some of ${known.join(", ")}.`);
  if (!Array.isArray(groups)) return;
  for (const g of groups) p.check(!known.includes(g), "SVC_EVENT_LOG_GROUP", "eventLogGroups", `"${g}" is not a standard event log group`, `use ${known.join(", ")}.`);
  p.check(new Set(groups).size !== groups.length, "SVC_EVENT_LOG_GROUP", "eventLogGroups", "a group is listed twice", "list each group once.");
}

/** The first dependency cycle among named nodes, as a path that returns to its start, or undefined. */
function findCycle(edges: Readonly<Record<string, readonly string[]>>): string[] | undefined {
  const state: Record<string, 1 | 2> = {};
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (state[node] === 2 || !(node in edges)) return undefined;
    if (state[node] === 1) return [...path.slice(path.indexOf(node)), node];
    state[node] = 1;
    for (const next of edges[node]) {
      const found = visit(next, [...path, node]);
      if (found) return found;
    }
    state[node] = 2;
    return undefined;
  };
  for (const node of Object.keys(edges).sort()) {
    const found = visit(node, []);
    if (found) return found;
  }
  return undefined;
}

/** ECS registers a service in at most five target groups. */
export const MAX_TARGET_GROUPS = 5;

/** Each further target: a target group, an unprivileged container port and its load balancer's group; five in all at most. */
function checkAdditionalTargets(p: Problems, a: ResolvedServiceArgs): void {
  const targets = a.additionalTargets as unknown;
  if (!targets || typeof targets !== "object" || Array.isArray(targets)) {
    p.add("SVC_TARGETS", "additionalTargets", "is not a map of targets keyed by name", "pass e.g. { rtsps: { targetGroupArn, containerPort: 8554, loadBalancerSecurityGroupId } }.");
    return;
  }
  const entries = Object.entries(targets as Record<string, ServiceTarget>);
  const total = entries.length + (servesTraffic(a) ? 1 : 0);
  p.check(
    total > MAX_TARGET_GROUPS,
    "SVC_TARGETS",
    "additionalTargets",
    `registers the service in ${total} target groups; ECS allows ${MAX_TARGET_GROUPS}`,
    "split the traffic over more services, or drop targets.",
  );
  for (const [key, t] of entries) {
    const arg = `additionalTargets.${key}`;
    p.check(!NAME.test(key), "SVC_TARGETS", arg, `"${key}" is not a lower-case name`, "key each target by a stable lower-case name, e.g. rtsps.");
    if (!t || typeof t !== "object") {
      p.add("SVC_TARGETS", arg, "is not a target", "pass { targetGroupArn, containerPort, loadBalancerSecurityGroupId }.");
      continue;
    }
    p.check(
      t.targetGroupArn === undefined || t.targetGroupArn === null || t.targetGroupArn === "",
      "SVC_TARGETS",
      `${arg}.targetGroupArn`,
      "is missing",
      "pass the target group the tasks register in, e.g. edge.nlbTargetGroupArns.rtsps.",
    );
    p.check(
      t.loadBalancerSecurityGroupId === undefined || t.loadBalancerSecurityGroupId === null || t.loadBalancerSecurityGroupId === "",
      "SVC_TARGETS",
      `${arg}.loadBalancerSecurityGroupId`,
      "is missing, so nothing would admit the load balancer to the tasks",
      "pass the load balancer's security group, e.g. edge.nlbSecurityGroupId.",
    );
    p.check(
      !Number.isInteger(t.containerPort) || t.containerPort < 1024 || t.containerPort > 65535,
      "SVC_PORT",
      `${arg}.containerPort`,
      `${JSON.stringify(t.containerPort)} is not an unprivileged port (1024–65535); a non-root user cannot bind below 1024`,
      "use the port the container listens on, e.g. 8554.",
    );
  }
}

/** A web service (registered in a target group) rather than a worker. */
export function servesTraffic(a: Pick<ResolvedServiceArgs, "targetGroupArn">): boolean {
  return a.targetGroupArn !== undefined && a.targetGroupArn !== null;
}

/** The volume name for a writable path: `/tmp` → `tmp`, `/app/uploads` → `app-uploads`. */
export function volumeName(path: string): string {
  return path.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9]+/g, "-") || "root";
}
