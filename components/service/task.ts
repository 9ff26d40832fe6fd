/**
 * The task half of a workload, shared by {@link HardenedService} and {@link OneOffTask}: the execution and task
 * roles, their policies, the log group and the task definition with every container held to the same floor
 * (CTR-1..5, LOG-1, ENV-2/3).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { ArgumentError, Problems } from "../shared/errors";
import { AwsContext, Environment, knownArn } from "../shared/naming";
import { ContainerHealthCheck, EventLogGroup, ServicePolicyStatement, ServiceSecretRef } from "./args";
import { checkEnvironmentValue, checkImage, volumeName } from "./validate";

/** The pull actions an execution role needs on one repository. */
export const ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

/** A `valueFrom` ARN may pick a JSON key (`…:secret:name-AbCdEf:key::`); IAM grants the secret itself. */
export function secretResource(valueFrom: string): string {
  const parts = valueFrom.split(":");
  return parts.length > 7 && parts[5] === "secret" ? parts.slice(0, 7).join(":") : valueFrom;
}

/** One container of the task, validated. */
export interface ContainerSpec {
  readonly name: string;
  readonly image: pulumi.Input<string>;
  readonly user: string;
  readonly essential: boolean;
  readonly readonlyRootFilesystem: boolean;
  readonly command?: readonly string[];
  readonly ports: readonly number[];
  /** Task volumes (by path) the container mounts writable. */
  readonly writablePaths: readonly string[];
  readonly healthCheck: Required<ContainerHealthCheck>;
  /** The argument path of `environment` in error messages, e.g. `sidecars.clamav.environmentVariables`. */
  readonly environmentArg: string;
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  readonly secrets: Readonly<Record<string, ServiceSecretRef>>;
  /** Containers this one starts after, with the condition. */
  readonly dependsOn: Readonly<Record<string, "START" | "HEALTHY">>;
  readonly cpu?: number;
  readonly memory?: number;
}

export interface TaskSpec {
  /** Component type name for errors raised when an output resolves, e.g. `HardenedService`. */
  readonly component: string;
  readonly environment: Environment;
  /** `<appName>-<env>-<name>`: the family and the role name prefix. */
  readonly fullName: string;
  /** Log purpose: the group is `/<appName>/<env>/<logPurpose>` and the stream prefix is the purpose. */
  readonly logPurpose: string;
  readonly logs: LogClasses;
  /** Containers; the first is the main one. */
  readonly containers: readonly ContainerSpec[];
  /** The private ECR repository the execution role may pull from (fixed-name ARN) and its CMK. */
  readonly pull?: { readonly repositoryArn: pulumi.Input<string>; readonly kmsKeyArn?: pulumi.Input<string> };
  readonly taskPolicyStatements: readonly ServicePolicyStatement[];
  readonly eventLogGroups: readonly EventLogGroup[];
  readonly cpu: number;
  readonly memory: number;
  readonly cpuArchitecture: "X86_64" | "ARM64";
  readonly writablePaths: readonly string[];
  readonly tags: Record<string, string>;
  readonly ctx: AwsContext;
}

export interface BuiltTask {
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly executionRole: aws.iam.Role;
  readonly taskRole: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly logGroupName: string;
}

/** Creates the roles, policies, log group and task definition of `spec` as children of `parent`. */
export function buildTask(name: string, parent: pulumi.ComponentResource, spec: TaskSpec): BuiltTask {
  const opts = { parent };
  const { ctx, tags, fullName } = spec;

  // ---- logs (LOG-1) ------------------------------------------------------------------------------
  const logGroupName = spec.logs.groupName(spec.logPurpose);
  const logGroup = spec.logs.group(`${name}-logs`, spec.logPurpose, "application", { parent });

  // ---- roles (CTR-5) -----------------------------------------------------------------------------
  const assumeRolePolicy = ctx.accountId.apply((account) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
    }),
  );
  const executionRole = new aws.iam.Role(`${name}-execution`, { name: `${fullName}-execution`, description: `Pulls the image and reads the secrets of ${fullName}`, assumeRolePolicy, tags }, opts);
  const taskRole = new aws.iam.Role(`${name}-task`, { name: `${fullName}-task`, description: `AWS access of the ${fullName} application`, assumeRolePolicy, tags }, opts);

  // Every container's secrets, in container order and by name within each.
  const secretRefs = spec.containers.flatMap((c) =>
    Object.keys(c.secrets)
      .sort()
      .map((k) => c.secrets[k]),
  );
  const secretArns = secretRefs.map((s) => s.arn);
  const secretKeyArns = secretRefs.flatMap((s) => (s.kmsKeyArn ? [s.kmsKeyArn] : []));
  // Log group ARN from its fixed name (not its output), so the document is known in preview whenever the
  // keys and secret ARNs are: the pack can then check it before anything exists.
  const groupArn = knownArn.logGroup(ctx, logGroupName);
  const pull = spec.pull ? [spec.pull.repositoryArn, spec.pull.kmsKeyArn] : undefined;
  // Nested plain arrays: pulumi.all resolves them in the same pass (an inner pulumi.all would be wrapped again).
  const executionPolicy = pulumi.all([pull, groupArn, secretArns, secretKeyArns, ctx.region]).apply(([pull, groupArn, arns, keyArns, region]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        ...(pull
          ? [
              { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
              { Sid: "EcrPull", Effect: "Allow", Action: ECR_PULL, Resource: pull[0] },
              ...(pull[1] ? [{ Sid: "ImageKey", Effect: "Allow", Action: "kms:Decrypt", Resource: pull[1], Condition: { StringEquals: { "kms:ViaService": `ecr.${region}.amazonaws.com` } } }] : []),
            ]
          : []),
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [groupArn, `${groupArn}:log-stream:*`] },
        ...(arns.length ? [{ Sid: "Secrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...new Set(arns.map(secretResource))] }] : []),
        ...(keyArns.length
          ? [
              {
                Sid: "SecretKeys",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: [...new Set(keyArns)],
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } },
              },
            ]
          : []),
      ],
    }),
  );
  new aws.iam.RolePolicy(`${name}-execution`, { role: executionRole.id, policy: executionPolicy }, opts);

  // The task role: the caller's statements, plus writes to the named standard event groups (LOG-2, LOG-3).
  // Writing to a CMK-encrypted group needs no key permission for the writer: CloudWatch Logs uses the key.
  const eventGroupArns = pulumi.all(spec.eventLogGroups.map((g) => knownArn.logGroup(ctx, spec.logs.groupName(g))));
  if (spec.taskPolicyStatements.length || spec.eventLogGroups.length) {
    const standard = spec.eventLogGroups.length ? spec.logs.standardGroups() : undefined;
    const groups = standard ? spec.eventLogGroups.map((g) => (g === "security" ? standard.security : g === "audit" ? standard.audit : standard.securityCritical)) : [];
    new aws.iam.RolePolicy(
      `${name}-task`,
      {
        role: taskRole.id,
        policy: pulumi.all([pulumi.output(spec.taskPolicyStatements as any[]), eventGroupArns]).apply(([statements, arns]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              ...statements.map((s) => ({ Effect: "Allow", ...s })),
              ...(arns.length ? [{ Sid: "EventLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: arns.flatMap((arn) => [arn, `${arn}:log-stream:*`]) }] : []),
            ],
          }),
        ),
      },
      { parent, dependsOn: groups },
    );
  }

  // ---- task definition (CTR-1..5, LOG-1, ENV-2/3) ---------------------------------------------------
  const volumes = spec.writablePaths.map((path) => ({ name: volumeName(path), path }));
  const resolved = spec.containers.map((c) => [
    c.image,
    Object.keys(c.secrets)
      .sort()
      .map((k) => c.secrets[k].arn),
    checkedEnvironment(spec.component, name, c.environmentArg, c.environment, spec.environment),
  ]);
  const containerDefinitions = pulumi.all([resolved, ctx.region]).apply(([perContainer, region]) => {
    return JSON.stringify(
      spec.containers.map((c, i) => {
        const [image, arns, env] = perContainer[i] as [string, string[], Record<string, string>];
        const secretNames = Object.keys(c.secrets).sort();
        const dependsOn = Object.entries(c.dependsOn)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([containerName, condition]) => ({ containerName, condition }));
        return {
          name: c.name,
          image,
          essential: c.essential,
          user: c.user,
          readonlyRootFilesystem: c.readonlyRootFilesystem,
          privileged: false,
          linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
          ...(c.command ? { command: [...c.command] } : {}),
          ...(c.cpu !== undefined ? { cpu: c.cpu } : {}),
          ...(c.memory !== undefined ? { memory: c.memory } : {}),
          portMappings: c.ports.map((port) => ({ containerPort: port, hostPort: port, protocol: "tcp" })),
          mountPoints: volumes.filter((v) => c.writablePaths.includes(v.path)).map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
          healthCheck: {
            command: [...c.healthCheck.command],
            interval: c.healthCheck.interval,
            timeout: c.healthCheck.timeout,
            startPeriod: c.healthCheck.startPeriod,
            retries: c.healthCheck.retries,
          },
          ...(dependsOn.length ? { dependsOn } : {}),
          environment: Object.entries(env)
            .sort(([x], [y]) => x.localeCompare(y))
            .map(([key, value]) => ({ name: key, value })),
          secrets: secretNames.map((key, j) => ({ name: key, valueFrom: arns[j] })),
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": spec.logPurpose } },
        };
      }),
    );
  });
  const taskDefinition = new aws.ecs.TaskDefinition(
    `${name}-task`,
    {
      family: fullName,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(spec.cpu),
      memory: String(spec.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: spec.cpuArchitecture },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      volumes: volumes.map((v) => ({ name: v.name })),
      containerDefinitions,
      tags,
    },
    { parent, dependsOn: [logGroup] },
  );
  return { taskDefinition, executionRole, taskRole, logGroup, logGroupName };
}

/**
 * Environment variables whose values may be outputs: each output value is checked when it resolves, with the
 * same rules and codes as literal values at construction (the error fails the deployment).
 */
export function checkedEnvironment(
  component: string,
  name: string,
  arg: string,
  vars: Readonly<Record<string, pulumi.Input<string>>>,
  environment: Environment,
): pulumi.Output<Record<string, string>> {
  const keys = Object.keys(vars);
  return pulumi.all(keys.map((k) => vars[k])).apply((values) => resolvedEnvironment(component, name, arg, vars, values, environment));
}

/** What {@link checkedEnvironment} runs on the resolved values: throws the ArgumentError, or returns the variables. */
export function resolvedEnvironment(
  component: string,
  name: string,
  arg: string,
  vars: Readonly<Record<string, pulumi.Input<string>>>,
  values: readonly unknown[],
  environment: Environment,
): Record<string, string> {
  const keys = Object.keys(vars);
  const p = new Problems();
  keys.forEach((key, i) => {
    if (typeof vars[key] !== "string") checkEnvironmentValue(p, `${arg}.${key}`, key, String(values[i]), environment);
  });
  if (p.items.length) throw new ArgumentError(component, name, p.items);
  return Object.fromEntries(keys.map((k, i) => [k, String(values[i])]));
}

/** An image reference that may be an output, checked when it resolves with the same rules as a literal (CTR-7). */
export function checkedImage(component: string, name: string, arg: string, image: pulumi.Input<string>, environment: Environment): pulumi.Output<string> {
  return pulumi.output(image).apply((img) => resolvedImage(component, name, arg, img, environment));
}

/** What {@link checkedImage} runs on the resolved reference: throws the ArgumentError, or returns it. */
export function resolvedImage(component: string, name: string, arg: string, image: string, environment: Environment): string {
  const p = new Problems();
  checkImage(p, arg, image, environment);
  if (p.items.length) throw new ArgumentError(component, name, p.items);
  return image;
}
