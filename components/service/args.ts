import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import type { STANDARD_GROUPS } from "../logs/defaults";
import { Environment } from "../shared/naming";

/** A standard event log group of the stack (`/<appName>/<env>/<purpose>`) the application writes to (LOG-2, LOG-3). */
export type EventLogGroup = keyof typeof STANDARD_GROUPS;

/** An ECS cluster to run in: a {@link ServiceCluster} or any `{ arn, name }` of an existing cluster. */
export interface ClusterRef {
  readonly arn: pulumi.Input<string>;
  readonly name: pulumi.Input<string>;
}

/** A container health check (CTR-4). ECS runs `command` inside the container. */
export interface ContainerHealthCheck {
  /** `["CMD-SHELL", "<shell command>"]` or `["CMD", "<exe>", ...args]`; exit 0 means healthy. */
  readonly command: readonly string[];
  /** Seconds between checks (5–300). @default 30 */
  readonly interval?: number;
  /** Seconds a check may take (2–60). @default 10 */
  readonly timeout?: number;
  /** Seconds after start during which failures do not count (0–300). @default 5 */
  readonly startPeriod?: number;
  /** Consecutive failures before the container is unhealthy (1–10). @default 3 */
  readonly retries?: number;
}

/**
 * A sidecar container of the task (e.g. a ClamAV daemon the app reaches on localhost:3310, a log router).
 * Held to the main container's floor: a non-root user, a read-only root filesystem, every capability dropped,
 * awslogs logging and a health check; its start order relative to the app and its `essential` flag are stated.
 */
export interface ServiceSidecar {
  /**
   * Image by digest (`<registry>/<repo>@sha256:<digest>`; prod requires the digest, `latest` is refused anywhere).
   * The execution role pulls only from the service's own ECR repository: use a public registry (ECR Public,
   * Docker Hub) or push the image to the service's repository.
   */
  readonly image: string;
  /** Container user, `uid[:gid]` or a name; never root (CTR-1). */
  readonly user: string;
  /** Whether the task stops when this container stops. Stated, never assumed. */
  readonly essential: boolean;
  /** The sidecar's health check (CTR-4); required. */
  readonly healthCheck: ContainerHealthCheck;
  /**
   * The app container starts only after this sidecar has started (`START`) or reports healthy (`HEALTHY`),
   * through the app container's `dependsOn`. @default "HEALTHY"
   */
  readonly appStartsAfter?: "START" | "HEALTHY";
  /** Other sidecars (by key) this one waits for, with the condition. @default {} */
  readonly dependsOn?: Readonly<Record<string, "START" | "HEALTHY">>;
  /** Command overriding the image's CMD. @default the image's CMD */
  readonly command?: readonly string[];
  /** Non-secret environment variables; same rules as the app's. @default {} */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /** Secrets injected by ARN, keyed by environment variable name; same rules as the app's. @default {} */
  readonly secrets?: Readonly<Record<string, ServiceSecretRef>>;
  /** Task volumes (from the service's `writablePaths`) this container mounts writable. @default [] */
  readonly writablePaths?: readonly string[];
  /** CPU units reserved for the container within the task. @default none (shares the task's) */
  readonly cpu?: number;
  /** Hard memory limit (MiB) within the task. @default none (shares the task's) */
  readonly memory?: number;
}

/** A Docker build from a context in the repository (built and pushed to the component's ECR repository). */
export interface ServiceBuild {
  /** Build context directory, e.g. `examples/app`. */
  readonly context: string;
  /** Dockerfile path, relative to the working directory. @default "<context>/Dockerfile" */
  readonly dockerfile?: string;
  /** Target platform; must match `cpuArchitecture`. @default "linux/amd64" */
  readonly platform?: "linux/amd64" | "linux/arm64";
  /** Build arguments. Never secrets: build args end up in the image history. */
  readonly args?: Readonly<Record<string, string>>;
}

/** A secret injected as an environment variable through the task definition's `secrets` (CTR-5). */
export interface ServiceSecretRef {
  /** ARN of the Secrets Manager secret (or `arn:…:secret:name:json-key::` to pick one key). */
  readonly arn: pulumi.Input<string>;
  /** CMK that encrypts the secret; the execution role gets `kms:Decrypt` on it through Secrets Manager only. */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** An explicit egress rule of the task security group (NET-3). Exactly one of `securityGroupId` or `cidr`. */
export interface ServiceEgressRule {
  /** TCP port, e.g. 5432 (PostgreSQL), 6379 (Redis), 587 (SMTP submission). */
  readonly port: number;
  /** Destination security group (data tier). */
  readonly securityGroupId?: pulumi.Input<string>;
  /** Destination CIDR. `0.0.0.0/0` is accepted only for 443, 465 and 587 (hosts SGs cannot name). */
  readonly cidr?: string;
  readonly description: string;
}

/** One IAM statement for the task role. `Resource: "*"` on Secrets Manager reads is refused. */
export interface ServicePolicyStatement {
  readonly Sid?: string;
  readonly Effect?: "Allow" | "Deny";
  readonly Action: string | readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * A further target group the service's tasks register in, e.g. a network load balancer's TLS stream listener
 * (`SecureLoadBalancer.nlbTargetGroupArns`) next to the web target group.
 */
export interface ServiceTarget {
  /** Target group (target type `ip`) the tasks register in on `containerPort`. */
  readonly targetGroupArn: pulumi.Input<string>;
  /** Container port of the app container the target group sends to (1024–65535); the container exposes it. */
  readonly containerPort: number;
  /** Security group of the load balancer in front of the target group: the only source admitted on `containerPort` (NET-2). */
  readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
}

/** Arguments for {@link HardenedService}. */
export interface HardenedServiceArgs {
  /** Environment; prod refuses ECS Exec, `:latest` and tag-less images, and sets `NODE_ENV=production`. @checked at construction */
  readonly environment: Environment;
  /** Application name; first segment of the repository, log group, cluster and family names. @checked at construction */
  readonly appName: string;
  /** Service name (lower-case); names `<appName>/<env>/<serviceName>`. @default "app" @checked at construction */
  readonly serviceName?: string;
  /** Log classes that supply the application log group `/<appName>/<env>/<serviceName>` (LOG-1). @checked at construction */
  readonly logs: LogClasses;

  /** Private app-tier subnets for the tasks (NET-1). Tasks never get public IPs. @checked at construction, or when it resolves if it is an Output */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The tasks' security group (an empty workload group, e.g. `network.workloadSecurityGroup("app", …)`); the component adds its rules. @checked at construction, or when it resolves if it is an Output */
  readonly securityGroupId: pulumi.Input<string>;
  /**
   * Security group of the load balancer: the only source admitted on the container port (NET-2). Set together
   * with `targetGroupArn`; leave both unset for a worker that serves no traffic (no ingress rule, no load balancer).
   * @default none: a worker
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly loadBalancerSecurityGroupId?: pulumi.Input<string>;
  /** Target group the service registers its tasks in. Set together with `loadBalancerSecurityGroupId`. @default none: a worker @checked at construction, or when it resolves if it is an Output */
  readonly targetGroupArn?: pulumi.Input<string>;
  /**
   * The listener and/or listener rule that attach `targetGroupArn` (and the additional targets) to their load
   * balancer: the ECS service is created after them (ECS refuses a target group that "does not have an associated
   * load balancer"). A SecureLoadBalancer gives them per target: `lb.targetAttachments.app` (and
   * `lb.nlbTargetAttachments.<key>`). A component stands for all its children, so `[lb]` also works but makes the
   * service wait for every target's rules and alarms. Only with a target group. @default []
   * @checked at construction
   */
  readonly loadBalancerDependencies?: readonly pulumi.Resource[];
  /**
   * Further target groups keyed by a stable name, e.g. `{ rtsps: { targetGroupArn: edge.nlbTargetGroupArns.rtsps,
   * containerPort: 8554, loadBalancerSecurityGroupId: edge.nlbSecurityGroupId } }`: each adds the container port, an
   * ingress rule from its load balancer's group only, and the target group to the service (ECS allows five in all).
   * A service may have these without `targetGroupArn` (a stream ingest behind the network load balancer only). @default {}
   * @checked at construction, or when it resolves if it is an Output
   */
  readonly additionalTargets?: Readonly<Record<string, ServiceTarget>>;
  /**
   * The cluster to run in, shared by the services and one-off tasks of one application (e.g. a
   * {@link ServiceCluster}). @default a cluster of its own, `<appName>-<env>-<serviceName>`, with Container Insights
   * @checked at construction
   */
  readonly cluster?: ClusterRef;
  /** Sidecar containers keyed by a stable name (the container name). @default {} @checked at construction */
  readonly sidecars?: Readonly<Record<string, ServiceSidecar>>;
  /**
   * Standard event groups the task role may write to (`logs:CreateLogStream`, `logs:PutLogEvents` on exactly these
   * groups), so security and audit events reach `/<appName>/<env>/security` and its metric filters. @default []
   * @checked at construction
   */
  readonly eventLogGroups?: readonly EventLogGroup[];

  /** Build the image from the repository and push it to the component's ECR repository. Exactly one of `build` or `image`. @default none (then `image` is required) @checked at construction */
  readonly build?: ServiceBuild;
  /** Immutable tag for the built image (e.g. the git commit). Required with `build`; `latest` is refused. @default none (then `build` is not set) @checked at construction */
  readonly imageTag?: string;
  /**
   * A prebuilt image instead of `build`: `<registry>/<repo>@sha256:<digest>` (a digest is required in prod). The
   * execution role pulls only from this component's repository, so push the image there (e.g. from CI).
   * @default none (then `build` is required)
   * @checked at construction
   */
  readonly image?: string;

  /** Container user, `uid[:gid]` or a name; never root (CTR-1). Match the image's `USER`. @checked at construction */
  readonly user: string;
  /** Container port. @default 8000 @checked at construction */
  readonly containerPort?: number;
  /** Path the container health check probes with curl (the image must contain curl). @default "/health" @checked at construction */
  readonly healthPath?: string;
  /**
   * The app container's health check, for a worker that serves no HTTP (e.g. a heartbeat file's age).
   * @default curl -f http://localhost:<containerPort><healthPath> every 30 s (timeout 10 s, start period 5 s, 3 retries)
   * @checked at construction
   */
  readonly healthCheck?: ContainerHealthCheck;
  /** Fargate task CPU units. @default 512 @checked at construction */
  readonly cpu?: number;
  /** Fargate task memory (MiB). @default 1024 @checked at construction */
  readonly memory?: number;
  /** CPU architecture of the tasks; must match `build.platform`. @default "X86_64" @checked at construction */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** Absolute paths mounted as writable ephemeral volumes; the root filesystem stays read-only (CTR-2). @default ["/tmp"] @checked at construction */
  readonly writablePaths?: readonly string[];
  /**
   * Read-only root filesystem. Setting `false` is a named opt-out that the pack still blocks
   * (`ecs-task-definition-read-only-root`). @default true
   * @checked at construction; the pack still blocks the weakening
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Non-secret environment variables. Secret-looking names, TLS-disabling values, a `*` CORS origin and (prod) `http://` CORS origins are refused. @default {} (prod adds NODE_ENV=production) @checked at construction */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /**
   * Secrets injected by ARN (`valueFrom`), keyed by environment variable name. Names must carry `/<env>/`
   * (ENV-1; AWS-managed `rds!` secrets excepted). @default {}
   * @checked at construction
   */
  readonly secrets?: Readonly<Record<string, ServiceSecretRef>>;
  /** Extra statements for the task role (the application's own AWS access). @default none: the task role has no permissions @checked at construction */
  readonly taskPolicyStatements?: readonly ServicePolicyStatement[];
  /** Explicit egress beyond HTTPS 443 to the internet, keyed by a stable name (e.g. `postgres`, `redis`, `smtp`). @default {} @checked at construction */
  readonly egress?: Readonly<Record<string, ServiceEgressRule>>;

  /** Minimum tasks (also the initial desired count). @default 2 in prod, 1 in staging @checked at construction */
  readonly minCapacity?: number;
  /** Maximum tasks. @default 6 in prod, 2 in staging @checked at construction */
  readonly maxCapacity?: number;
  /** Target average CPU utilisation (%) for target tracking. @default 60 @checked at construction */
  readonly cpuTargetUtilization?: number;
  /** Seconds the load balancer health check is ignored after a task starts. @default 60 @checked at construction */
  readonly healthCheckGracePeriodSeconds?: number;
  /** ECS Exec (interactive shells in tasks). Refused in prod (CTR-3). @default false @checked at construction */
  readonly enableExecuteCommand?: boolean;
  /**
   * Redeploy the service (ECS force-new-deployment, rolling) when Secrets Manager reports RotationSucceeded for a
   * secret its containers read, so new tasks start with the new value: an EventBridge rule for exactly those
   * secrets and a function that may update exactly this service. @default true (when the service reads secrets)
   * @checked at construction
   */
  readonly redeployOnRotation?: boolean;
  /** SNS topic for CPU and memory utilisation alarms. @default no alarms @checked at construction, or when it resolves if it is an Output */
  readonly alarmTopicArn?: pulumi.Input<string>;

  /** CMK for the ECR repository. @default a new CMK with rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tagged images the repository keeps (untagged ones expire after 7 days). @default 30 @checked at construction */
  readonly keepImages?: number;
}

/** Arguments for {@link OneOffTask}: a task definition run on demand (`aws ecs run-task`), without a service. */
export interface OneOffTaskArgs {
  /** Environment; prod requires the image by digest. @checked at construction */
  readonly environment: Environment;
  /** Application name; first segment of the family, role and log group names. @checked at construction */
  readonly appName: string;
  /** Task name (lower-case); names the family `<appName>-<env>-<taskName>` and the log group `/<appName>/<env>/<taskName>`. @checked at construction */
  readonly taskName: string;
  /** Log classes that supply the task's application-class log group (LOG-1). @checked at construction */
  readonly logs: LogClasses;
  /** The cluster the task runs in (shared with the application's services). @checked at construction */
  readonly cluster: ClusterRef;
  /** Private app-tier subnets (NET-1); the task never gets a public IP. @checked at construction, or when it resolves if it is an Output */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The task's security group (its egress must reach what the task talks to, e.g. the database). @checked at construction, or when it resolves if it is an Output */
  readonly securityGroupId: pulumi.Input<string>;
  /** Image by digest, `<registry>/<repo>@sha256:<digest>` (prod requires the digest; `latest` is refused). Checked when it resolves. @checked at construction, or when it resolves if it is an Output */
  readonly image: pulumi.Input<string>;
  /** A private ECR repository the execution role may pull the image from, and its CMK. @default none: a public image @checked at construction */
  readonly repository?: { readonly arn: pulumi.Input<string>; readonly kmsKeyArn?: pulumi.Input<string> };
  /** Container user, `uid[:gid]` or a name; never root (CTR-1). @checked at construction */
  readonly user: string;
  /** The command the task runs to completion. @checked at construction */
  readonly command: readonly string[];
  /** Health check while it runs (CTR-4), e.g. that the database answers. @checked at construction */
  readonly healthCheck: ContainerHealthCheck;
  /** Non-secret environment variables (values may be outputs, checked when they resolve). @default {} @checked at construction */
  readonly environmentVariables?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Secrets injected by ARN, keyed by environment variable name; names must carry `/<env>/` (`rds!` excepted). @default {} @checked at construction */
  readonly secrets?: Readonly<Record<string, ServiceSecretRef>>;
  /** Statements for the task's own task role. @default none: the task role has no permissions @checked at construction */
  readonly taskPolicyStatements?: readonly ServicePolicyStatement[];
  /** Standard event groups the task role may write to. @default [] @checked at construction */
  readonly eventLogGroups?: readonly EventLogGroup[];
  /** Fargate task CPU units. @default 256 @checked at construction */
  readonly cpu?: number;
  /** Fargate task memory (MiB). @default 512 @checked at construction */
  readonly memory?: number;
  /** CPU architecture; must match the image. @default "X86_64" @checked at construction */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** Absolute paths mounted as writable ephemeral volumes; the root filesystem stays read-only. @default ["/tmp"] @checked at construction */
  readonly writablePaths?: readonly string[];
}

/**
 * Arguments for {@link HardenedService.oneOffTask}: a {@link OneOffTaskArgs} whose environment, application, logs,
 * cluster, subnets, security group, image (the service's) and repository come from the service.
 */
export type ServiceOneOffTaskArgs = Omit<OneOffTaskArgs, "environment" | "appName" | "logs" | "cluster" | "subnetIds" | "securityGroupId" | "image" | "repository" | "user" | "cpuArchitecture"> & {
  /** @default the service's security group */
  readonly securityGroupId?: pulumi.Input<string>;
  /** @default the service's image (by digest); another image must be public */
  readonly image?: pulumi.Input<string>;
  /** @default the service's user */
  readonly user?: string;
};
