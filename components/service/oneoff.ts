import * as pulumi from "@pulumi/pulumi";
import { awsContext, baseTags } from "../shared/naming";
import { OneOffTaskArgs } from "./args";
import { buildTask, checkedImage } from "./task";
import { checkedOneOff, oneOffDefaults, validateOneOff } from "./validate";

/**
 * A task definition without a service, run on demand (schema migrations, bootstrap SQL, maintenance jobs):
 * its own execution and task roles, its own secrets and log group, one container held to the service floor
 * (non-root, read-only root, no capabilities, health check, awslogs), in private subnets without a public IP.
 * `runTaskCommand` is the `aws ecs run-task` command that starts it from inside the VPC.
 */
export class OneOffTask extends pulumi.ComponentResource {
  readonly taskDefinitionArn: pulumi.Output<string>;
  /** The task definition family; run-task without a revision runs its latest. */
  readonly family: string;
  readonly executionRoleArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  /** `/<appName>/<env>/<taskName>`: known before anything is created. */
  readonly logGroupName: string;
  /** `aws ecs run-task …` with the cluster, family, subnets and security group, no public IP. */
  readonly runTaskCommand: pulumi.Output<string>;

  constructor(name: string, args: OneOffTaskArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validateOneOff(name, oneOffDefaults(checkedOneOff(name, args))); // before super: bad input registers nothing
    super("hardened:service:OneOffTask", name, {}, opts);
    const ctx = awsContext(this);
    this.family = `${a.appName}-${a.environment}-${a.taskName}`;
    // An image that arrives as an output is checked when it resolves, with the same rule and code.
    const image = checkedImage("OneOffTask", name, "image", a.image, a.environment);
    const task = buildTask(name, this, {
      component: "OneOffTask",
      environment: a.environment,
      fullName: this.family,
      logPurpose: a.taskName,
      logs: a.logs,
      containers: [
        {
          name: a.taskName,
          image,
          user: a.user,
          essential: true,
          readonlyRootFilesystem: true,
          command: a.command,
          ports: [],
          writablePaths: a.writablePaths,
          healthCheck: a.healthCheck,
          environmentArg: "environmentVariables",
          environment: a.environmentVariables,
          secrets: a.secrets,
          dependsOn: {},
        },
      ],
      pull: a.repository ? { repositoryArn: a.repository.arn, kmsKeyArn: a.repository.kmsKeyArn } : undefined,
      taskPolicyStatements: a.taskPolicyStatements,
      eventLogGroups: a.eventLogGroups,
      cpu: a.cpu,
      memory: a.memory,
      cpuArchitecture: a.cpuArchitecture,
      writablePaths: a.writablePaths,
      tags: baseTags(a.environment, "service", { task: a.taskName }),
      ctx,
    });
    this.taskDefinitionArn = task.taskDefinition.arn;
    this.executionRoleArn = task.executionRole.arn;
    this.taskRoleArn = task.taskRole.arn;
    this.logGroupName = task.logGroupName;
    this.runTaskCommand = runTaskCommand(a.cluster.name, this.family, a.subnetIds, a.securityGroupId, ctx.region);
    this.registerOutputs({ taskDefinitionArn: this.taskDefinitionArn, logGroupName: this.logGroupName, runTaskCommand: this.runTaskCommand });
  }
}

/** The AWS CLI command that runs one copy of `family` on Fargate in the given private subnets, without a public IP. */
export function runTaskCommand(
  cluster: pulumi.Input<string>,
  family: string,
  subnetIds: pulumi.Input<pulumi.Input<string>[]>,
  securityGroupId: pulumi.Input<string>,
  region: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi
    .all([cluster, pulumi.output(subnetIds), securityGroupId, region])
    .apply(([cluster, subnets, sg, region]) =>
      [
        "aws ecs run-task",
        `--region ${region}`,
        `--cluster ${cluster}`,
        `--task-definition ${family}`,
        "--launch-type FARGATE",
        "--platform-version LATEST",
        "--count 1",
        "--propagate-tags TASK_DEFINITION",
        `--network-configuration 'awsvpcConfiguration={subnets=[${subnets.join(",")}],securityGroups=[${sg}],assignPublicIp=DISABLED}'`,
      ].join(" "),
    );
}
