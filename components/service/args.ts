import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { Environment } from "../shared/naming";

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

/** Arguments for {@link HardenedService}. */
export interface HardenedServiceArgs {
  /** Environment; prod refuses ECS Exec, `:latest` and tag-less images, and sets `NODE_ENV=production`. */
  readonly environment: Environment;
  /** Application name; first segment of the repository, log group, cluster and family names. */
  readonly appName: string;
  /** Service name (lower-case); names `<appName>/<env>/<serviceName>`. @default "app" */
  readonly serviceName?: string;
  /** Log classes that supply the application log group `/<appName>/<env>/<serviceName>` (LOG-1). */
  readonly logs: LogClasses;

  /** Private app-tier subnets for the tasks (NET-1). Tasks never get public IPs. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The tasks' security group (an empty workload group, e.g. `network.workloadSecurityGroup("app", …)`); the component adds its rules. */
  readonly securityGroupId: pulumi.Input<string>;
  /** Security group of the load balancer: the only source admitted on the container port (NET-2). */
  readonly loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** Target group the service registers its tasks in. */
  readonly targetGroupArn: pulumi.Input<string>;

  /** Build the image from the repository and push it to the component's ECR repository. Exactly one of `build` or `image`. */
  readonly build?: ServiceBuild;
  /** Immutable tag for the built image (e.g. the git commit). Required with `build`; `latest` is refused. */
  readonly imageTag?: string;
  /**
   * A prebuilt image instead of `build`: `<registry>/<repo>@sha256:<digest>` (a digest is required in prod). The
   * execution role pulls only from this component's repository, so push the image there (e.g. from CI).
   */
  readonly image?: string;

  /** Container user, `uid[:gid]` or a name; never root (CTR-1). Match the image's `USER`. */
  readonly user: string;
  /** Container port. @default 8000 */
  readonly containerPort?: number;
  /** Path the container health check probes with curl (the image must contain curl). @default "/health" */
  readonly healthPath?: string;
  /** Fargate task CPU units. @default 512 */
  readonly cpu?: number;
  /** Fargate task memory (MiB). @default 1024 */
  readonly memory?: number;
  /** CPU architecture of the tasks; must match `build.platform`. @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** Absolute paths mounted as writable ephemeral volumes; the root filesystem stays read-only (CTR-2). @default ["/tmp"] */
  readonly writablePaths?: readonly string[];
  /**
   * Read-only root filesystem. Setting `false` is a named opt-out that the pack still blocks
   * (`ecs-task-definition-read-only-root`). @default true
   */
  readonly readonlyRootFilesystem?: boolean;
  /** Non-secret environment variables. Secret-looking names and TLS-disabling values are refused. @default {} (prod adds NODE_ENV=production) */
  readonly environmentVariables?: Readonly<Record<string, string>>;
  /**
   * Secrets injected by ARN (`valueFrom`), keyed by environment variable name. Names must carry `/<env>/`
   * (ENV-1; AWS-managed `rds!` secrets excepted). @default {}
   */
  readonly secrets?: Readonly<Record<string, ServiceSecretRef>>;
  /** Extra statements for the task role (the application's own AWS access). @default none: the task role has no permissions */
  readonly taskPolicyStatements?: readonly ServicePolicyStatement[];
  /** Explicit egress beyond HTTPS 443 to the internet, keyed by a stable name (e.g. `postgres`, `redis`, `smtp`). @default {} */
  readonly egress?: Readonly<Record<string, ServiceEgressRule>>;

  /** Minimum tasks (also the initial desired count). @default 2 in prod, 1 in staging */
  readonly minCapacity?: number;
  /** Maximum tasks. @default 6 in prod, 2 in staging */
  readonly maxCapacity?: number;
  /** Target average CPU utilisation (%) for target tracking. @default 60 */
  readonly cpuTargetUtilization?: number;
  /** Seconds the load balancer health check is ignored after a task starts. @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** ECS Exec (interactive shells in tasks). Refused in prod (CTR-3). @default false */
  readonly enableExecuteCommand?: boolean;
  /** SNS topic for CPU and memory utilisation alarms. @default no alarms */
  readonly alarmTopicArn?: pulumi.Input<string>;

  /** CMK for the ECR repository. @default a new CMK with rotation */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Tagged images the repository keeps (untagged ones expire after 7 days). @default 30 */
  readonly keepImages?: number;
}
