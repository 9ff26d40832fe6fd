/**
 * Container controls: ECS task definitions, services and clusters, and the IAM read of secrets
 * (CTR-1..5, CTR-7, LOG-1, NET-1, ENV-3).
 *
 * Container checks parse `containerDefinitions`, one JSON string. In `pulumi preview` of a new stack it is
 * unknown as a whole when anything inside it is (the image digest of a build, a secret ARN): the checks
 * then report themselves undecided with that reason, and `pulumi up` (or `npm run preview`) decides them.
 */
import { IAM_POLICY_TYPES } from "./kms";
import { PolicyResource } from "@pulumi/policy";
import { actionMatches, asArray, isAwsManagedKeyRef, isTrue, isUnknown, known, knownJson, lower, peek, PolicyResourceView, present, raw, resourcePolicy, setProps, stackPolicy } from "./lib";

const TASK_DEF = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE_TYPES = ["aws:ecs/service:Service", "aws:ecs/taskSet:TaskSet"];
const CONTAINERS_UNKNOWN = "it is one JSON string and the image digest, a secret ARN or another value inside it comes from a resource not yet created";

/**
 * CTR-5: environment variable names that hold secrets, plus the names FSBP ECS.8 checks. The component
 * refuses the same names (components/service/defaults.ts SECRET_ENV_NAME; a test keeps them equal).
 */
export const SECRET_ENV_NAME = /SECRET|PASSWORD|PASS|TOKEN|API_KEY|PRIVATE_KEY|DATABASE_URL|REDIS_URL|DSN|ACCESS_KEY_ID|ECS_ENGINE_AUTH_DATA/i;

/** ENV-3: why a variable turns TLS verification off, or undefined. Same rules as the component's validation. */
export function tlsDisabled(name: string, value: string): string | undefined {
  if (/REJECT_UNAUTHORIZED$/i.test(name) && /^(0|false|no)$/i.test(value.trim())) return `${name}=${value} turns off TLS certificate verification`;
  const mode = /sslmode=(disable|allow|prefer)\b/i.exec(value);
  if (mode) return `${name} contains ${mode[0]}, which allows unencrypted or unverified database connections`;
  if (/SSLMODE$/i.test(name) && /^(disable|allow|prefer)$/i.test(value.trim())) return `${name}=${value} allows unencrypted or unverified database connections`;
  return undefined;
}

/** True for `root`, `0`, `0:<gid>`, `root:<group>`. */
export function isRootUser(user: string): boolean {
  const uid = user.trim().split(":")[0];
  return uid === "root" || /^0+$/.test(uid);
}

/** The task definition's containers; undecided when the JSON is unknown in this preview. */
function containers(r: PolicyResourceView): any[] {
  return asArray(knownJson(r.props, "containerDefinitions", CONTAINERS_UNKNOWN)).filter((c) => c && typeof c === "object");
}

/**
 * A container field read the way ECS reads the JSON: key names without regard to case (the provider decodes
 * `Privileged` and `privileged` alike).
 */
export function field(obj: any, name: string): any {
  const o = raw(obj);
  if (!o || typeof o !== "object") return undefined;
  if (name in o) return o[name];
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

const label = (c: any, i: number): string => (typeof c.name === "string" && c.name ? `Container "${c.name}"` : `Container #${i}`);

/** One policy per container rule: `check` returns the finding for a container, or undefined. */
function containerPolicy(spec: Omit<Parameters<typeof resourcePolicy>[0], "types" | "validate"> & { check: (c: any) => string | undefined }) {
  const { check, ...rest } = spec;
  return resourcePolicy({
    ...rest,
    types: [TASK_DEF],
    validate: (r, report) =>
      containers(r).forEach((c, i) => {
        const finding = check(c);
        if (finding) report(`${label(c, i)} ${finding}`);
      }),
  });
}

export const taskDefNonRootUser = containerPolicy({
  name: "ecs-task-definition-non-root-user",
  description: "Every container sets `user` to a non-root user or uid.",
  severity: "high",
  category: "security",
  controls: ["CTR-1"],
  fsbp: ["ECS.20"],
  remediation: 'set user to the non-root uid the image creates, e.g. "10001:10001" (HardenedService requires it).',
  check: (c) => {
    if (typeof c.user !== "string" || c.user.trim() === "")
      return "sets no user, so it runs as the image's default, usually root: a compromised process owns the container and is one kernel bug from the host.";
    if (isRootUser(c.user)) return `runs as user "${c.user}", which is root: a compromised process owns the container and is one kernel bug from the host.`;
    return undefined;
  },
});

export const taskDefReadOnlyRoot = containerPolicy({
  name: "ecs-task-definition-read-only-root",
  description: "Every container mounts its root filesystem read-only; writable paths are declared volumes.",
  severity: "high",
  category: "security",
  controls: ["CTR-2"],
  fsbp: ["ECS.5"],
  checkov: ["CKV_AWS_336"],
  remediation: "set readonlyRootFilesystem: true and mount writable paths (/tmp, uploads) as volumes (HardenedService writablePaths).",
  check: (c) => (c.readonlyRootFilesystem === true ? undefined : "has a writable root filesystem: an attacker can replace binaries and plant tools that survive until the task stops."),
});

export const taskDefNotPrivileged = containerPolicy({
  name: "ecs-task-definition-not-privileged",
  description: 'No container runs privileged (privileged true or "true", in any key case) or maps host devices (linuxParameters.devices).',
  severity: "critical",
  category: "security",
  controls: ["CTR-3"],
  fsbp: ["ECS.4"],
  checkov: ["CKV_AWS_334"],
  remediation: "remove privileged: true and linuxParameters.devices (Fargate refuses both; on EC2 they hand the container the host's devices).",
  check: (c) => {
    if (isTrue(field(c, "privileged"))) return "runs privileged: it has every capability and the host's devices.";
    const devices = asArray(field(field(c, "linuxParameters"), "devices"))
      .map((d) => field(d, "hostPath"))
      .filter((p) => typeof p === "string" && p);
    if (devices.length) return `maps host devices ${devices.join(", ")} into the container (linuxParameters.devices): raw access to host hardware, the part of privileged mode that matters most.`;
    return undefined;
  },
});

export const taskDefCapabilitiesDropped = containerPolicy({
  name: "ecs-task-definition-capabilities-dropped",
  description: "Every container drops ALL Linux capabilities and adds none.",
  severity: "high",
  category: "security",
  controls: ["CTR-3"],
  remediation: 'set linuxParameters.capabilities to { drop: ["ALL"], add: [] }.',
  check: (c) => {
    const caps = c.linuxParameters?.capabilities ?? {};
    const add = asArray(caps.add);
    if (add.length) return `adds capabilities ${add.join(", ")}: each widens what a compromised process can do to the kernel.`;
    if (!asArray(caps.drop).some((x) => String(x).toUpperCase() === "ALL"))
      return "keeps Docker's default capabilities (drop does not include ALL), e.g. NET_RAW for spoofed packets and CHOWN/SETUID for privilege changes.";
    return undefined;
  },
});

export const taskDefLogging = containerPolicy({
  name: "ecs-task-definition-logging",
  description: "Every container sends its output to a log driver (awslogs to a per-service group).",
  severity: "medium",
  category: "security",
  controls: ["LOG-1"],
  fsbp: ["ECS.9"],
  remediation: 'set logConfiguration { logDriver: "awslogs", options: { awslogs-group, awslogs-region, awslogs-stream-prefix } } (HardenedService does).',
  check: (c) => (c.logConfiguration && typeof c.logConfiguration.logDriver === "string" ? undefined : "has no logConfiguration: its output is lost, and with it the evidence of an incident."),
});

export const taskDefHealthCheck = containerPolicy({
  name: "ecs-task-definition-health-check",
  description: "Every essential container has a health check.",
  severity: "medium",
  category: "security",
  controls: ["CTR-4"],
  remediation: 'set healthCheck { command: ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"], interval: 30, timeout: 10, startPeriod: 5, retries: 3 }.',
  check: (c) => (c.essential !== false && !c.healthCheck ? "is essential but has no healthCheck: ECS keeps a hung process in service and never replaces it." : undefined),
});

export const taskDefNoSecretsInEnvironment = containerPolicy({
  name: "ecs-task-definition-no-secrets-in-environment",
  description: "No container has a secret-named environment variable with a literal value; secrets come through `secrets` by ARN.",
  severity: "critical",
  category: "security",
  controls: ["CTR-5"],
  fsbp: ["ECS.8"],
  remediation: "store the value in Secrets Manager and reference it under secrets: [{ name, valueFrom: <secret ARN> }] (HardenedService secrets arg).",
  check: (c) => {
    const names = asArray(c.environment)
      .filter((e: any) => typeof e?.name === "string" && SECRET_ENV_NAME.test(e.name) && e.value !== undefined && e.value !== null && String(e.value) !== "")
      .map((e: any) => e.name);
    return names.length ? `has ${names.join(", ")} as plain environment values: anyone who can describe the task definition reads them, and they stay in every revision.` : undefined;
  },
});

export const taskDefTlsVerification = containerPolicy({
  name: "ecs-task-definition-tls-verification-on",
  description: "No container environment turns TLS verification off (REJECT_UNAUTHORIZED=0/false, sslmode=disable|allow|prefer).",
  severity: "high",
  category: "security",
  controls: ["ENV-3"],
  remediation: "remove the variable; RDS and ElastiCache certificates verify against the AWS CA bundle, so verification can stay on.",
  check: (c) => {
    const reasons = asArray(c.environment)
      .map((e: any) => (typeof e?.name === "string" && typeof e?.value === "string" ? tlsDisabled(e.name, e.value) : undefined))
      .filter(Boolean);
    return reasons.length ? `has ${reasons.join("; ")}: a man in the middle can read and change the traffic.` : undefined;
  },
});

export const taskDefImagePinned = containerPolicy({
  name: "ecs-task-definition-image-pinned",
  description: "Every container image is a digest reference or carries an explicit tag other than `latest`.",
  severity: "medium",
  category: "resilience",
  controls: ["CTR-7"],
  remediation: "reference the image by digest (<repo>@sha256:…); HardenedService uses the digest of the image it built.",
  check: (c) => {
    const image = typeof c.image === "string" ? c.image : "";
    if (image.includes("@sha256:")) return undefined;
    const tag = /:([^/:]+)$/.exec(image)?.[1];
    return tag === undefined || tag === "latest" ? `runs "${image}", which resolves to the moving latest tag: a redeploy can run code nobody reviewed or scanned.` : undefined;
  },
});

/** The secret name inside a Secrets Manager or SSM parameter ARN, or undefined for anything else. */
export function secretNameOf(valueFrom: string): string | undefined {
  const sm = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:([^:]+)/.exec(valueFrom);
  if (sm) return sm[1];
  const ssm = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(\/.+)$/.exec(valueFrom);
  return ssm?.[1];
}

export const taskDefSecretsPerEnvironment = resourcePolicy({
  name: "ecs-task-definition-secrets-per-environment",
  description: "A task definition tagged with an environment reads only secrets whose names carry `/<environment>/` (AWS-managed `rds!` secrets excepted).",
  types: [TASK_DEF],
  severity: "high",
  category: "security",
  controls: ["ENV-1"],
  remediation: "reference the secret of this environment (/<appName>/<env>/<purpose>); never share secrets between staging and prod.",
  validate: (r, report) => {
    const env = peek(r.props, "tags.environment");
    if (typeof env !== "string" || !env) return;
    containers(r).forEach((c, i) => {
      for (const s of asArray(c.secrets)) {
        const name = typeof s?.valueFrom === "string" ? secretNameOf(s.valueFrom) : undefined;
        if (name === undefined || name.startsWith("rds!") || name.includes(`/${env}/`)) continue;
        report(`${label(c, i)} reads ${s.name} from secret "${name}", which is not a ${env} secret: one environment's compromise would expose another's credentials.`);
      }
    });
  },
});

export const taskDefNoHostNetwork = resourcePolicy({
  name: "ecs-task-definition-no-host-network",
  description: "Task definitions use awsvpc networking (not host, bridge, none or the EC2 default bridge when networkMode is unset), so each task has its own interface and security group.",
  types: [TASK_DEF],
  severity: "high",
  category: "security",
  controls: ["NET-1", "CTR-3"],
  fsbp: ["ECS.17", "ECS.1"],
  notes: { "ECS.1": "stricter: host networking is refused outright, privileged or not" },
  remediation: 'set networkMode: "awsvpc" (Fargate requires it) so each task has its own interface and security group.',
  validate: (r, report) => {
    const mode = known(r.props, "networkMode");
    if (lower(mode) === "awsvpc") return;
    if (lower(mode) === "host") return report('Task definition uses networkMode "host": its containers share the host\'s interfaces and bypass task security groups.');
    // none is refused too: awsvpc is the one mode whose network boundary (a task security group) is stated in code.
    report(
      `Task definition uses networkMode ${mode === undefined ? "unset (bridge on EC2)" : JSON.stringify(mode)}: its tasks get no interface and security group of their own, so no task security group states who may reach them.`,
    );
  },
});

export const taskDefNoHostPid = resourcePolicy({
  name: "ecs-task-definition-no-host-pid",
  description: 'Task definitions do not share the host\'s process namespace (pidMode is not "host").',
  types: [TASK_DEF],
  severity: "high",
  category: "security",
  controls: ["CTR-3"],
  fsbp: ["ECS.3"],
  checkov: ["CKV_AWS_335"],
  remediation: 'remove pidMode: "host" (use "task" if containers of the task must see each other).',
  validate: (r, report) => {
    if (lower(known(r.props, "pidMode")) === "host") report('Task definition sets pidMode "host": its containers see and can signal every process on the host.');
  },
});

export const taskDefNoHostIpc = resourcePolicy({
  name: "ecs-task-definition-no-host-ipc",
  description: 'Task definitions do not share the host\'s IPC namespace (ipcMode is not "host").',
  types: [TASK_DEF],
  severity: "high",
  category: "security",
  controls: ["CTR-3"],
  remediation: 'remove ipcMode: "host" (use "task" if containers of the task share memory, or leave it unset).',
  validate: (r, report) => {
    if (lower(known(r.props, "ipcMode")) === "host")
      report('Task definition sets ipcMode "host": its containers read and write the shared memory, semaphores and message queues of every process on the host.');
  },
});

export const taskDefEfsTransitEncryption = resourcePolicy({
  name: "ecs-task-definition-efs-transit-encryption",
  description: "Every EFS volume of a task definition encrypts traffic in transit (efsVolumeConfiguration.transitEncryption ENABLED).",
  types: [TASK_DEF],
  severity: "high",
  category: "security",
  controls: ["CTR-3"],
  fsbp: ["ECS.18"],
  checkov: ["CKV_AWS_97"],
  remediation: 'set transitEncryption: "ENABLED" in each volume\'s efsVolumeConfiguration (and an access point with iam "ENABLED" to scope the task\'s access).',
  validate: (r, report) => {
    asArray(peek(r.props, "volumes")).forEach((v, i) => {
      if (!present(v, "efsVolumeConfiguration")) return;
      const mode = known(r.props, `volumes.${i}.efsVolumeConfiguration.transitEncryption`);
      const name = typeof peek(v, "name") === "string" ? `"${peek(v, "name")}"` : `#${i}`;
      if (lower(mode) !== "enabled")
        report(
          `EFS volume ${name} mounts without TLS (transitEncryption ${mode === undefined ? "unset, DISABLED" : JSON.stringify(mode)}): file contents cross the network in clear text between the host and EFS.`,
        );
    });
  },
});

/** Role resources a property names: by property dependency, or by a known ARN equal to the role's `arn`. */
function rolesOf(res: PolicyResource, prop: string, roles: readonly PolicyResource[]): { value: unknown; roles: PolicyResource[] } {
  const value = peek(res.props, prop);
  const deps = new Set((res.propertyDependencies?.[prop] ?? []).map((d) => d.urn));
  return { value, roles: roles.filter((role) => deps.has(role.urn) || (typeof value === "string" && !isUnknown(value) && peek(role.props, "arn") === value)) };
}

export const taskDefSeparateRoles = stackPolicy({
  name: "ecs-task-definition-separate-roles",
  description: "A task definition's task role (what the app may do) is not its execution role (what ECS may do to start it: pull the image, read the secrets).",
  severity: "high",
  category: "security",
  controls: ["CTR-5"],
  checkov: ["CKV_AWS_249"],
  remediation: "give the task its own role (taskRoleArn) with only the app's permissions; keep image pull, log and secret read on the execution role (HardenedService creates both).",
  validate: (resources, report) => {
    const roles = resources.filter((r) => r.type === "aws:iam/role:Role");
    for (const td of resources.filter((r) => r.type === TASK_DEF)) {
      const task = rolesOf(td, "taskRoleArn", roles);
      const exec = rolesOf(td, "executionRoleArn", roles);
      const sameLiteral = typeof task.value === "string" && !isUnknown(task.value) && task.value === exec.value;
      const sameRole = task.roles.length === 1 && exec.roles.length === 1 && task.roles[0] === exec.roles[0];
      if (sameLiteral || sameRole)
        report(
          `Task definition ${td.name} runs the app with its execution role${sameRole ? ` (${task.roles[0].name})` : ""}: the app's code can read every secret and pull every image the task's launch needs.`,
          td.urn,
        );
    }
  },
});

export const serviceNoPublicIp = resourcePolicy({
  name: "ecs-service-no-public-ip",
  description: "ECS services and task sets do not assign public IPs; tasks run in private app subnets behind the load balancer.",
  types: SERVICE_TYPES,
  severity: "high",
  category: "security",
  controls: ["NET-1"],
  fsbp: ["ECS.2", "ECS.16"],
  checkov: ["CKV_AWS_333"],
  remediation: "set networkConfiguration.assignPublicIp: false and use private app subnets (egress goes through NAT and VPC endpoints).",
  validate: (r, report) => {
    if (peek(r.props, "networkConfiguration.assignPublicIp") === true) report("Tasks get public IP addresses: they are reachable from the internet around the load balancer and its WAF.");
  },
});

export const serviceExecDisabled = resourcePolicy({
  name: "ecs-service-exec-disabled",
  description: "ECS Exec is off (prod); staging may run this check as advisory.",
  types: ["aws:ecs/service:Service"],
  severity: "medium",
  category: "resilience",
  controls: ["CTR-3", "ENV-4"],
  remediation: "set enableExecuteCommand: false (HardenedService refuses it in prod).",
  remediate: setProps({ enableExecuteCommand: false }),
  validate: (r, report) => {
    if (peek(r.props, "enableExecuteCommand") === true) report("ECS Exec is on: anyone with ecs:ExecuteCommand gets an interactive shell in running tasks, next to their secrets.");
  },
});

export const serviceCircuitBreaker = resourcePolicy({
  name: "ecs-service-circuit-breaker",
  description: "ECS rolling deployments have the circuit breaker on with rollback.",
  types: ["aws:ecs/service:Service"],
  severity: "medium",
  category: "resilience",
  controls: ["CTR-4"],
  remediation: "set deploymentCircuitBreaker: { enable: true, rollback: true }.",
  validate: (r, report) => {
    const controller = peek(r.props, "deploymentController.type");
    if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") return;
    const cb = peek(r.props, "deploymentCircuitBreaker");
    if (!cb || cb.enable !== true || cb.rollback !== true) report("A deployment whose tasks fail their health checks keeps retrying instead of rolling back to the last working revision.");
  },
});

/** Fargate platform versions that are current: LATEST (the default) and the Linux 1.4.0 / Windows 1.0.0 releases. */
export const CURRENT_FARGATE_PLATFORMS = ["LATEST", "1.4.0", "1.0.0"];

export const serviceFargatePlatformCurrent = resourcePolicy({
  name: "ecs-service-fargate-platform-current",
  description: "Fargate services run on the latest platform version (LATEST, 1.4.0 for Linux or 1.0.0 for Windows).",
  types: ["aws:ecs/service:Service"],
  severity: "medium",
  category: "security",
  controls: ["CTR-6"],
  fsbp: ["ECS.10"],
  checkov: ["CKV_AWS_332"],
  remediation: 'leave platformVersion unset (LATEST) or set "LATEST"; older versions miss kernel and runtime security patches.',
  validate: (r, report) => {
    const fargate = peek(r.props, "launchType") === "FARGATE" || asArray(peek(r.props, "capacityProviderStrategies")).some((c: any) => String(c?.capacityProvider ?? "").startsWith("FARGATE"));
    if (!fargate) return r.args.notApplicable("not a Fargate service");
    const version = peek(r.props, "platformVersion");
    if (version !== undefined && !CURRENT_FARGATE_PLATFORMS.includes(String(version)))
      report(`Fargate service is pinned to platform version ${version}, which misses the current kernel, runtime and security patches.`);
  },
});

export const clusterContainerInsights = resourcePolicy({
  name: "ecs-cluster-container-insights",
  description: "ECS clusters have Container Insights enabled (enabled or enhanced).",
  types: ["aws:ecs/cluster:Cluster"],
  severity: "medium",
  category: "security",
  controls: ["LOG-1"],
  fsbp: ["ECS.12"],
  checkov: ["CKV_AWS_65"],
  remediation: 'set settings: [{ name: "containerInsights", value: "enhanced" }] (or "enabled").',
  validate: (r, report) => {
    const setting = asArray(peek(r.props, "settings")).find((s: any) => s?.name === "containerInsights");
    if (!setting || !["enabled", "enhanced"].includes(setting.value))
      report("Cluster has Container Insights off: task-level CPU, memory, restarts and network metrics are missing when an incident needs them.");
  },
});

export const serviceNoIamRole = resourcePolicy({
  name: "ecs-service-no-iam-role",
  description: "ECS services use the ECS service-linked role, not a role of their own (iamRole unset).",
  types: ["aws:ecs/service:Service"],
  severity: "medium",
  category: "security",
  controls: ["CTR-3", "NET-1"],
  remediation: "remove iamRole and run the task definition in awsvpc mode; ECS then registers targets with the service-linked role AWSServiceRoleForECS.",
  validate: (r, report) => {
    if (present(r.props, "iamRole"))
      report("Service passes its own IAM role (iamRole) to ECS: a legacy bridge-mode setup whose role is wider and longer-lived than the service-linked role ECS otherwise uses.");
  },
});

export const serviceRunsTasks = resourcePolicy({
  name: "ecs-service-running-tasks",
  description:
    "Replica ECS services keep at least one task running (desiredCount >= 1; the provider defaults it to 0). Scaling to 0 is a legitimate maintenance state, so the level is advisory by default and in staging; prod (config/prod.json) blocks a service that would serve nothing.",
  types: ["aws:ecs/service:Service"],
  severity: "low",
  category: "resilience",
  controls: ["CTR-4"],
  enforcementLevel: "advisory",
  remediation: "set desiredCount to the minimum capacity (HardenedService sets it to minCapacity and leaves it to autoscaling afterwards).",
  validate: (r, report) => {
    if (lower(known(r.props, "schedulingStrategy")) === "daemon") return r.args.notApplicable("daemon services run one task per instance");
    const count = known(r.props, "desiredCount");
    if (!(Number(count) >= 1))
      report(`Service runs no tasks (desiredCount ${count === undefined ? "unset, 0" : JSON.stringify(count)}): it serves nothing, and a load balancer in front of it answers 503.`);
  },
});

export const clusterExecLoggingEncrypted = resourcePolicy({
  name: "ecs-cluster-exec-logging-encrypted",
  description:
    "An ECS cluster that configures ECS Exec (configuration.executeCommandConfiguration) logs its sessions (logging not NONE) and encrypts them with a customer-managed key (kmsKeyId). A cluster without that configuration passes: Exec itself is refused by ecs-service-exec-disabled.",
  types: ["aws:ecs/cluster:Cluster"],
  severity: "medium",
  category: "security",
  controls: ["LOG-1", "CTR-3"],
  checkov: ["CKV_AWS_223", "CKV_AWS_224"],
  remediation:
    'set configuration.executeCommandConfiguration { logging: "OVERRIDE" (or "DEFAULT"), kmsKeyId: <CMK ARN>, logConfiguration: { cloudWatchLogGroupName, cloudWatchEncryptionEnabled: true } }.',
  validate: (r, report) => {
    if (!present(r.props, "configuration.executeCommandConfiguration")) return;
    const logging = known(r.props, "configuration.executeCommandConfiguration.logging");
    if (lower(logging) === "none") report('Cluster turns ECS Exec logging off (logging "NONE"): the commands run in interactive shells inside tasks leave no record.');
    const key = peek(r.props, "configuration.executeCommandConfiguration.kmsKeyId");
    if (!present(r.props, "configuration.executeCommandConfiguration.kmsKeyId"))
      report(
        "Cluster encrypts ECS Exec sessions with no key of its own (kmsKeyId unset): session data between client and container is protected by TLS only, and no key policy limits who can open one.",
      );
    else if (isAwsManagedKeyRef(key)) report(`Cluster names the AWS-managed key ${key} for ECS Exec sessions, which is not a customer-managed key whose policy you control.`);
  },
});

// ---- IAM: secrets are read by ARN (CTR-5) -----------------------------------------------------------

export const iamNoSecretReadOnAll = resourcePolicy({
  name: "iam-policy-no-secret-read-on-all",
  description: 'IAM policies grant secretsmanager:GetSecretValue only on named secret ARNs, never on Resource "*".',
  types: IAM_POLICY_TYPES,
  severity: "critical",
  category: "security",
  controls: ["CTR-5", "ENV-1"],
  remediation: "list the secret ARNs in Resource (HardenedService grants the execution role exactly the ARNs in its secrets arg).",
  validate: (r, report) => {
    const doc = knownJson(r.props, "policy", "the policy document embeds ARNs of resources not yet created");
    for (const s of asArray(doc?.Statement)) {
      if (s?.Effect !== "Allow") continue;
      const actions = asArray(s.Action).map(String);
      const resources = asArray(s.Resource).map(String);
      const grants = actions.find((x) => actionMatches(x, "secretsmanager:GetSecretValue"));
      const all = resources.find((x) => x === "*" || /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:(secret:)?\*$/.test(x));
      if (grants && all)
        report(
          `Statement${s.Sid ? ` "${s.Sid}"` : ""} allows ${grants} on Resource "${all}": the holder can read every secret in the account, including other environments' database passwords and keys.`,
        );
    }
  },
});

export const policies = [
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
  taskDefNoHostNetwork,
  taskDefNoHostPid,
  taskDefNoHostIpc,
  taskDefEfsTransitEncryption,
  taskDefSeparateRoles,
  serviceNoPublicIp,
  serviceNoIamRole,
  serviceRunsTasks,
  clusterExecLoggingEncrypted,
  serviceExecDisabled,
  serviceCircuitBreaker,
  serviceFargatePlatformCurrent,
  clusterContainerInsights,
  iamNoSecretReadOnAll,
];
