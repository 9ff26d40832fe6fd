import * as pulumi from "@pulumi/pulumi";
import { isWorldCidr, parseCidr } from "../shared/cidr";
import { Problems } from "../shared/errors";
import { checkEnvironment } from "../shared/naming";
import { HardenedServiceArgs, ServiceBuild } from "./args";
import {
  corsWildcard,
  DEFAULT_CONTAINER_PORT,
  DEFAULT_CPU,
  DEFAULT_CPU_ARCHITECTURE,
  DEFAULT_CPU_TARGET,
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

export type ResolvedServiceArgs = Omit<Required<HardenedServiceArgs>, "build" | "imageTag" | "image" | "alarmTopicArn" | "kmsKeyArn"> & {
  readonly build?: Required<Omit<ServiceBuild, "args">> & Pick<ServiceBuild, "args">;
  readonly imageTag?: string;
  readonly image?: string;
  readonly alarmTopicArn?: pulumi.Input<string>;
  readonly kmsKeyArn?: pulumi.Input<string>;
};

export function withDefaults(args: HardenedServiceArgs): ResolvedServiceArgs {
  const env = args.environment;
  return {
    ...args,
    serviceName: args.serviceName ?? DEFAULT_SERVICE_NAME,
    build: args.build ? { ...args.build, dockerfile: args.build.dockerfile ?? `${args.build.context}/Dockerfile`, platform: args.build.platform ?? DEFAULT_PLATFORM } : undefined,
    containerPort: args.containerPort ?? DEFAULT_CONTAINER_PORT,
    healthPath: args.healthPath ?? DEFAULT_HEALTH_PATH,
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
    keepImages: args.keepImages ?? DEFAULT_KEEP_IMAGES,
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
  p.check(!NAME.test(a.appName), "SVC_NAME", "appName", `"${a.appName}" is not a lower-case name (ECR repository names are lower-case)`, "use lower-case letters, digits and hyphens, starting with a letter.");
  p.check(!NAME.test(a.serviceName), "SVC_NAME", "serviceName", `"${a.serviceName}" is not a lower-case name`, "use lower-case letters, digits and hyphens, starting with a letter.");

  // Image source (CTR-7).
  p.check(!a.build === !a.image, "SVC_IMAGE_SOURCE", "build/image", a.build ? "both build and image are set" : "neither build nor image is set", "set build (built and pushed to the service's repository) or image (a prebuilt digest reference), not both.");
  if (a.build) {
    p.check(a.imageTag === undefined, "SVC_IMAGE_TAG_REQUIRED", "imageTag", "a built image needs an immutable tag; the repository refuses to overwrite a tag and an untagged push would be `latest`", "pass the git commit or release version, e.g. imageTag: process.env.GITHUB_SHA.");
    if (a.imageTag !== undefined) {
      p.check(a.imageTag.toLowerCase() === "latest", "SVC_IMAGE_LATEST", "imageTag", "`latest` is a moving tag: nobody can tell which build runs", "use the git commit or release version.");
      p.check(!TAG.test(a.imageTag), "SVC_IMAGE_TAG_FORMAT", "imageTag", `"${a.imageTag}" is not a valid image tag`, "use up to 128 letters, digits, '_', '.', '-'.");
    }
    const arch = a.build.platform === "linux/arm64" ? "ARM64" : "X86_64";
    p.check(arch !== a.cpuArchitecture, "SVC_PLATFORM_MISMATCH", "build.platform", `${a.build.platform} images do not run on ${a.cpuArchitecture} tasks`, `set cpuArchitecture: "${arch}" or build for the tasks' platform.`);
  }
  if (a.image) {
    p.check(/:latest$/.test(a.image) || (!a.image.includes("@") && !/:[^/]+$/.test(a.image)), "SVC_IMAGE_LATEST", "image", `"${a.image}" resolves to the moving \`latest\` tag`, "reference the image by digest: <repo>@sha256:<digest>.");
    p.check(a.environment === "prod" && !DIGEST_REF.test(a.image), "SVC_IMAGE_DIGEST", "image", `prod runs "${a.image}", which is not pinned to a digest`, "reference the image as <repo>@sha256:<64 hex digits> (the digest CI pushed and scanned).");
  }

  // Runtime (CTR-1..4).
  p.check(!USER.test(a.user), "SVC_USER_FORMAT", "user", `"${a.user}" is not a user, uid or uid:gid`, 'use the image\'s non-root user, e.g. "10001:10001".');
  p.check(USER.test(a.user) && isRootUser(a.user), "SVC_USER_ROOT", "user", `"${a.user}" runs the container as root`, 'use the non-root uid the image creates, e.g. "10001:10001".');
  p.check(!Number.isInteger(a.containerPort) || a.containerPort < 1024 || a.containerPort > 65535, "SVC_PORT", "containerPort", `${a.containerPort} is not an unprivileged port (1024–65535); a non-root user cannot bind below 1024`, "use 8000.");
  p.check(!a.healthPath.startsWith("/") || /\s|'|"|;|&|\|/.test(a.healthPath), "SVC_HEALTH_PATH", "healthPath", `"${a.healthPath}" is not a plain URL path`, 'use a path like "/health".');
  p.check(!(FARGATE_MEMORY[a.cpu]?.(a.memory) ?? false), "SVC_FARGATE_SIZE", "cpu/memory", `${a.cpu} CPU units with ${a.memory} MiB is not a Fargate task size`, "pick a supported combination, e.g. cpu 512 with memory 1024–4096.");
  for (const [i, path] of a.writablePaths.entries()) {
    p.check(!/^\/[A-Za-z0-9_.\-/]+$/.test(path) || path.split("/").includes(".."), "SVC_WRITABLE_PATH", `writablePaths[${i}]`, `"${path}" is not an absolute path below /`, 'use absolute paths such as "/tmp" or "/app/uploads".');
  }
  p.check(new Set(a.writablePaths.map(volumeName)).size !== a.writablePaths.length, "SVC_WRITABLE_PATH", "writablePaths", "two paths map to the same volume", "list each path once.");
  p.check(a.environment === "prod" && a.enableExecuteCommand, "SVC_EXEC_PROD", "enableExecuteCommand", "ECS Exec opens interactive shells in prod tasks", "leave enableExecuteCommand unset in prod; use it in staging only.");

  // Environment variables (CTR-5, ENV-2, ENV-3, EDGE-6).
  for (const [key, value] of Object.entries(a.environmentVariables)) {
    const arg = `environmentVariables.${key}`;
    p.check(!ENV_NAME.test(key), "SVC_ENV_NAME", arg, `"${key}" is not an environment variable name`, "use letters, digits and underscores.");
    p.check(SECRET_ENV_NAME.test(key), "SVC_ENV_SECRET", arg, "the name says it holds a secret, and environment values are plain text in the task definition", `pass it through secrets: { ${key}: { arn: <Secrets Manager ARN> } }.`);
    const tls = tlsDisabled(key, value);
    p.check(tls !== undefined, "SVC_ENV_TLS_DISABLED", arg, tls ?? "", "remove it: AWS stacks always verify TLS (RDS and ElastiCache certificates are trusted through the AWS CA bundle).");
    p.check(corsWildcard(key, value), "SVC_ENV_CORS_WILDCARD", arg, "`*` lets every website call the API from a user's browser", "list the allowed origins, e.g. https://app.example.com.");
    p.check(key === "NODE_ENV" && a.environment === "prod" && value !== "production", "SVC_ENV_NODE_ENV", arg, `prod sets NODE_ENV=${value}, which turns off production TLS, cookie and proxy settings`, "leave NODE_ENV unset in prod (the component sets production).");
  }
  for (const key of Object.keys(a.secrets)) {
    p.check(!ENV_NAME.test(key), "SVC_ENV_NAME", `secrets.${key}`, `"${key}" is not an environment variable name`, "use letters, digits and underscores.");
    const arn = a.secrets[key].arn;
    const secretName = typeof arn === "string" ? /:secret:([^:]+)/.exec(arn)?.[1] : undefined;
    p.check(secretName !== undefined && !secretName.startsWith("rds!") && !secretName.includes(`/${a.environment}/`), "SVC_SECRET_ENV", `secrets.${key}.arn`, `secret "${secretName}" is not a ${a.environment} secret (its name lacks /${a.environment}/)`, `reference this environment's secret, /<appName>/${a.environment}/<purpose> (ENV-1).`);
    p.check(key in a.environmentVariables, "SVC_ENV_DUPLICATE", `secrets.${key}`, "the name is also a plain environment variable", "keep it in secrets only.");
  }

  // IAM (CTR-5).
  for (const [i, s] of a.taskPolicyStatements.entries()) {
    const actions = typeof s.Action === "string" ? [s.Action] : [...s.Action];
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    const allResources = resources.some((r) => r === "*");
    p.check((s.Effect ?? "Allow") === "Allow" && actions.includes("*"), "SVC_IAM_ADMIN", `taskPolicyStatements[${i}].Action`, 'Action "*" grants every AWS permission to the application', "list the actions the application calls.");
    p.check((s.Effect ?? "Allow") === "Allow" && allResources && actions.some((x) => /^secretsmanager:(\*|GetSecretValue)$/i.test(x)), "SVC_IAM_SECRETS_ALL", `taskPolicyStatements[${i}].Resource`, "reading every secret in the account (GetSecretValue on *) defeats per-environment secrets", "inject secrets through the secrets arg, or name the secret ARNs in Resource.");
  }

  // Network (NET-3).
  for (const [key, e] of Object.entries(a.egress)) {
    const arg = `egress.${key}`;
    p.check(!NAME.test(key), "SVC_EGRESS_NAME", arg, `"${key}" is not a lower-case rule name`, "use names like postgres, redis, smtp.");
    p.check(!Number.isInteger(e.port) || e.port < 1 || e.port > 65535, "SVC_EGRESS_PORT", `${arg}.port`, `${e.port} is not a TCP port`, "use one port, e.g. 5432.");
    p.check((e.securityGroupId === undefined) === (e.cidr === undefined), "SVC_EGRESS_TARGET", arg, "needs exactly one destination", "set securityGroupId (data tier) or cidr.");
    if (e.cidr !== undefined) {
      p.check(!parseCidr(e.cidr), "SVC_EGRESS_CIDR", `${arg}.cidr`, `"${e.cidr}" is not a CIDR`, "use a.b.c.d/n.");
      p.check(isWorldCidr(e.cidr) && ![443, 465, 587].includes(e.port), "SVC_EGRESS_WORLD", `${arg}.cidr`, `port ${e.port} to the whole internet`, "name the destination security group (databases, caches) or a private CIDR; only 443/465/587 may go to 0.0.0.0/0.");
    }
  }

  // Scaling.
  p.check(!Number.isInteger(a.minCapacity) || a.minCapacity < 1, "SVC_CAPACITY", "minCapacity", `${a.minCapacity} tasks`, "run at least 1 task (2 in prod).");
  p.check(a.environment === "prod" && a.minCapacity < 2, "SVC_PROD_SINGLE_TASK", "minCapacity", "one task in prod is one AZ failure from an outage", "use minCapacity 2 or more in prod.");
  p.check(!Number.isInteger(a.maxCapacity) || a.maxCapacity < a.minCapacity, "SVC_CAPACITY", "maxCapacity", `${a.maxCapacity} is below minCapacity ${a.minCapacity}`, "set maxCapacity ≥ minCapacity.");
  p.check(!(a.cpuTargetUtilization >= 10 && a.cpuTargetUtilization <= 90), "SVC_CPU_TARGET", "cpuTargetUtilization", `${a.cpuTargetUtilization}% is outside 10–90`, "use 50–70.");
  p.check(!Number.isInteger(a.keepImages) || a.keepImages < 1 || a.keepImages > 1000, "SVC_KEEP_IMAGES", "keepImages", `${a.keepImages} images`, "keep 1–1000 tagged images (rollback needs at least the previous release).");
  p.check(!Number.isInteger(a.healthCheckGracePeriodSeconds) || a.healthCheckGracePeriodSeconds < 0 || a.healthCheckGracePeriodSeconds > 2147483647, "SVC_GRACE_PERIOD", "healthCheckGracePeriodSeconds", `${a.healthCheckGracePeriodSeconds}`, "use a number of seconds, e.g. 60.");

  p.throwIfAny("HardenedService", name);
  return a;
}

/** The volume name for a writable path: `/tmp` → `tmp`, `/app/uploads` → `app-uploads`. */
export function volumeName(path: string): string {
  return path.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9]+/g, "-") || "root";
}
