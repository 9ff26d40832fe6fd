import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { awsContext, baseTags, Environment, knownArn } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { ClusterRef, HardenedServiceArgs, ServiceOneOffTaskArgs } from "./args";
import { CPU_ALARM_THRESHOLD, MEMORY_ALARM_THRESHOLD, UNTAGGED_EXPIRY_DAYS } from "./defaults";
import { OneOffTask } from "./oneoff";
import { rotationRedeploy } from "./redeploy";
import { buildTask, ContainerSpec } from "./task";
import { checked, servesTraffic, validate, withDefaults } from "./validate";

export * from "./args";
export { ServiceCluster } from "./cluster";
export type { ServiceClusterArgs } from "./cluster";
export { OneOffTask, runTaskCommand } from "./oneoff";
export { rotationSucceededPattern } from "./redeploy";

/**
 * An ECS Fargate service hardened per CTR-1..7, LOG-1, NET-1..3 and ENV-2/3: an immutable, scanned,
 * KMS-encrypted ECR repository; the image built from the repository and referenced by digest; an app
 * container (and any sidecars) that runs as a non-root user on a read-only root filesystem with every
 * capability dropped, a health check, JSON logs to an application-class log group, and secrets injected by
 * ARN; an execution role that reads only the listed secrets; tasks in private subnets reachable only from
 * the load balancer, or from nothing at all for a worker (no `targetGroupArn`). One-off tasks (migrations,
 * bootstrap SQL) run in the same cluster through {@link HardenedService.oneOffTask}.
 *
 * Known in `pulumi preview` of a new stack: every security setting of the container (user, read-only root,
 * capabilities, health check, environment, log group name and region) is a literal. Unknown until apply:
 * the image digest (the build runs on `up`), secret ARNs of secrets created in the same stack (random
 * suffix) and the repository URL. Because the task definition's `containerDefinitions` is one JSON string,
 * any one unknown part makes the whole string unknown in that preview; the pack then reports its container
 * checks as undecided and decides them on `pulumi up` (or offline with `npm run preview`).
 */
export class HardenedService extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  readonly repositoryArn: pulumi.Output<string>;
  /** The image the task runs, by digest. */
  readonly imageRef: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly clusterName: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly taskDefinitionArn: pulumi.Output<string>;
  readonly executionRoleArn: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  /** `/<appName>/<env>/<serviceName>`: known before anything is created. */
  readonly logGroupName: string;
  /** The function that redeploys the service after a rotation of a secret it reads; undefined without secrets or with `redeployOnRotation: false`. */
  readonly redeployFunctionArn?: pulumi.Output<string>;
  /** What {@link oneOffTask} takes from the service. */
  private readonly shared: {
    readonly environment: Environment;
    readonly appName: string;
    readonly logs: LogClasses;
    readonly cluster: ClusterRef;
    readonly subnetIds: HardenedServiceArgs["subnetIds"];
    readonly securityGroupId: pulumi.Input<string>;
    readonly user: string;
    readonly cpuArchitecture: "X86_64" | "ARM64";
    readonly repository: { arn: pulumi.Output<string>; kmsKeyArn: pulumi.Output<string> };
  };

  constructor(name: string, args: HardenedServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:service:HardenedService", name, {}, opts);
    const parent = { parent: this };
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "service", { service: a.serviceName, ...extra });
    const ctx = awsContext(this);
    const fullName = `${a.appName}-${a.environment}-${a.serviceName}`;
    const containerName = a.serviceName;

    // ---- repository and image (CTR-6, CTR-7) ---------------------------------------------------------
    const repoName = `${a.appName}/${a.environment}/${a.serviceName}`;
    const repoKeyArn = a.kmsKeyArn
      ? pulumi.output(a.kmsKeyArn)
      : customerManagedKey(
          `${name}-ecr-key`,
          { environment: a.environment, description: `ECR images of ${a.appName}/${a.environment}/${a.serviceName}`, alias: `${a.appName}-${a.environment}-${a.serviceName}-ecr`, tags: tags(), ctx },
          parent,
        );
    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        name: repoName,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: repoKeyArn }],
        forceDelete: false,
        tags: tags(),
      },
      parent,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repo-lifecycle`,
      {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: `Expire untagged images after ${UNTAGGED_EXPIRY_DAYS} days`,
              selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_EXPIRY_DAYS },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: `Keep the last ${a.keepImages} images`,
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: a.keepImages },
              action: { type: "expire" },
            },
          ],
        }),
      },
      parent,
    );
    this.repositoryUrl = repo.repositoryUrl;
    this.repositoryArn = repo.arn;

    if (a.build) {
      const creds = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, parent);
      const image = new docker.Image(
        `${name}-image`,
        {
          imageName: pulumi.interpolate`${repo.repositoryUrl}:${a.imageTag!}`,
          build: { context: a.build.context, dockerfile: a.build.dockerfile, platform: a.build.platform, args: a.build.args ? { ...a.build.args } : undefined },
          registry: { server: repo.repositoryUrl, username: creds.userName, password: pulumi.secret(creds.password) },
        },
        parent,
      );
      // The digest, not the tag: a task never runs anything but the image that was built, pushed and scanned.
      this.imageRef = image.repoDigest;
    } else {
      this.imageRef = pulumi.output(a.image!);
    }

    // ---- roles, logs and task definition (CTR-1..5, LOG-1, ENV-2/3) -----------------------------------
    // Every security-relevant field is a literal; only images and secret ARNs may be unknown in a preview
    // of a new stack (see the class comment and README "HardenedService").
    const web = servesTraffic(a);
    const extraTargets = Object.entries(a.additionalTargets).sort(([x], [y]) => x.localeCompare(y));
    const ports = [...new Set([...(web ? [a.containerPort] : []), ...extraTargets.map(([, t]) => t.containerPort)])];
    // Repository ARN from its fixed name (not its output), so the execution policy is known in preview.
    const repoArn = knownArn.repository(ctx, repoName);
    const sidecarNames = Object.keys(a.sidecars).sort();
    const app: ContainerSpec = {
      name: containerName,
      image: this.imageRef,
      user: a.user,
      essential: true,
      readonlyRootFilesystem: a.readonlyRootFilesystem,
      ports,
      writablePaths: a.writablePaths,
      healthCheck: a.healthCheck,
      environmentArg: "environmentVariables",
      environment: a.environmentVariables,
      secrets: a.secrets,
      dependsOn: Object.fromEntries(sidecarNames.map((k) => [k, a.sidecars[k].appStartsAfter])),
    };
    const sidecars: ContainerSpec[] = sidecarNames.map((key) => {
      const sc = a.sidecars[key];
      return {
        name: key,
        image: sc.image,
        user: sc.user,
        essential: sc.essential,
        readonlyRootFilesystem: true,
        command: sc.command,
        ports: [],
        writablePaths: sc.writablePaths,
        healthCheck: sc.healthCheck,
        environmentArg: `sidecars.${key}.environmentVariables`,
        environment: sc.environmentVariables,
        secrets: sc.secrets,
        dependsOn: sc.dependsOn,
        cpu: sc.cpu,
        memory: sc.memory,
      };
    });
    const task = buildTask(name, this, {
      component: "HardenedService",
      environment: a.environment,
      fullName,
      logPurpose: a.serviceName,
      logs: a.logs,
      containers: [app, ...sidecars],
      pull: { repositoryArn: repoArn, kmsKeyArn: repoKeyArn },
      taskPolicyStatements: a.taskPolicyStatements,
      eventLogGroups: a.eventLogGroups,
      cpu: a.cpu,
      memory: a.memory,
      cpuArchitecture: a.cpuArchitecture,
      writablePaths: a.writablePaths,
      tags: tags(),
      ctx,
    });
    this.logGroupName = task.logGroupName;
    this.executionRoleArn = task.executionRole.arn;
    this.taskRoleArn = task.taskRole.arn;
    const taskDefinition = task.taskDefinition;
    this.taskDefinitionArn = taskDefinition.arn;

    // ---- network (NET-1..3) ------------------------------------------------------------------------
    // A worker serves no traffic: no ingress rule at all.
    if (web) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-lb`,
        {
          securityGroupId: a.securityGroupId,
          referencedSecurityGroupId: a.loadBalancerSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: a.containerPort,
          toPort: a.containerPort,
          description: `Load balancer to ${a.serviceName} on ${a.containerPort}`,
          tags: tags(),
        },
        parent,
      );
    }
    for (const [key, t] of extraTargets) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-${key}`,
        {
          securityGroupId: a.securityGroupId,
          referencedSecurityGroupId: t.loadBalancerSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: t.containerPort,
          toPort: t.containerPort,
          description: `Load balancer (${key}) to ${a.serviceName} on ${t.containerPort}`,
          tags: tags(),
        },
        parent,
      );
    }
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-https`,
      {
        securityGroupId: a.securityGroupId,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "HTTPS to AWS APIs and third-party services",
        tags: tags(),
      },
      parent,
    );
    for (const [key, e] of Object.entries(a.egress)) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-egress-${key}`,
        {
          securityGroupId: a.securityGroupId,
          ...(e.securityGroupId !== undefined ? { referencedSecurityGroupId: e.securityGroupId } : { cidrIpv4: e.cidr }),
          ipProtocol: "tcp",
          fromPort: e.port,
          toPort: e.port,
          description: e.description,
          tags: tags(),
        },
        parent,
      );
    }

    // ---- cluster and service -------------------------------------------------------------------------
    const cluster: ClusterRef = a.cluster ?? new aws.ecs.Cluster(`${name}-cluster`, { name: fullName, settings: [{ name: "containerInsights", value: "enhanced" }], tags: tags() }, parent);
    this.clusterArn = pulumi.output(cluster.arn);
    this.clusterName = pulumi.output(cluster.name);
    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        name: a.serviceName,
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        launchType: "FARGATE",
        platformVersion: "LATEST",
        desiredCount: a.minCapacity,
        networkConfiguration: { subnets: a.subnetIds, securityGroups: [a.securityGroupId], assignPublicIp: false },
        ...(web || extraTargets.length
          ? {
              loadBalancers: [
                ...(web ? [{ targetGroupArn: a.targetGroupArn!, containerName, containerPort: a.containerPort }] : []),
                ...extraTargets.map(([, t]) => ({ targetGroupArn: t.targetGroupArn, containerName, containerPort: t.containerPort })),
              ],
              healthCheckGracePeriodSeconds: a.healthCheckGracePeriodSeconds,
            }
          : {}),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        enableExecuteCommand: a.enableExecuteCommand,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        tags: tags(),
      },
      {
        parent: this,
        ignoreChanges: ["desiredCount"], // autoscaling owns the count after creation
        // ECS refuses a target group before a listener (rule) attaches it to the load balancer.
        dependsOn: [...a.loadBalancerDependencies],
      },
    );
    this.serviceName = service.name;

    // SEC-4: tasks read their secrets at start; a rotation of any of them redeploys exactly this service.
    const secretRefs = [...Object.values(a.secrets), ...sidecarNames.flatMap((k) => Object.values(a.sidecars[k].secrets ?? {}))].map((s) => s.arn);
    if (a.redeployOnRotation && secretRefs.length > 0) {
      this.redeployFunctionArn = rotationRedeploy(name, this, {
        fullName,
        serviceName: a.serviceName,
        // The cluster's name as a literal when the service creates it, so the role policy is known in a preview.
        clusterName: a.cluster ? a.cluster.name : fullName,
        clusterArn: this.clusterArn,
        secretRefs,
        logs: a.logs,
        ctx,
        tags: tags(),
      }).functionArn;
    }

    const scaling = new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${this.clusterName}/${service.name}`,
        minCapacity: a.minCapacity,
        maxCapacity: a.maxCapacity,
        tags: tags(),
      },
      parent,
    );
    new aws.appautoscaling.Policy(
      `${name}-cpu-scaling`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: scaling.serviceNamespace,
        scalableDimension: scaling.scalableDimension,
        resourceId: scaling.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: a.cpuTargetUtilization,
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      },
      parent,
    );

    if (a.alarmTopicArn !== undefined) {
      const alarm = (key: string, metricName: string, threshold: number) =>
        new aws.cloudwatch.MetricAlarm(
          `${name}-${key}`,
          {
            alarmDescription: `${fullName}: average ${metricName} above ${threshold}% for 5 minutes`,
            namespace: "AWS/ECS",
            metricName,
            dimensions: { ClusterName: this.clusterName, ServiceName: service.name },
            statistic: "Average",
            period: 60,
            evaluationPeriods: 5,
            threshold,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "missing",
            alarmActions: [a.alarmTopicArn!],
            okActions: [a.alarmTopicArn!],
            tags: tags(),
          },
          parent,
        );
      alarm("cpu-high", "CPUUtilization", CPU_ALARM_THRESHOLD);
      alarm("memory-high", "MemoryUtilization", MEMORY_ALARM_THRESHOLD);
    }

    this.shared = {
      environment: a.environment,
      appName: a.appName,
      logs: a.logs,
      cluster: { arn: this.clusterArn, name: this.clusterName },
      subnetIds: a.subnetIds,
      securityGroupId: a.securityGroupId,
      user: a.user,
      cpuArchitecture: a.cpuArchitecture,
      repository: { arn: repoArn, kmsKeyArn: repoKeyArn },
    };
    this.registerOutputs({
      repositoryUrl: this.repositoryUrl,
      imageRef: this.imageRef,
      clusterArn: this.clusterArn,
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      logGroupName: this.logGroupName,
    });
  }

  /**
   * A one-off task in the service's cluster, subnets and security group, running the service's image (or a
   * public `image`) as the service's user unless told otherwise, with its own roles, secrets and log group
   * `/<appName>/<env>/<taskName>`. A child of the service.
   */
  oneOffTask(name: string, args: ServiceOneOffTaskArgs, opts?: pulumi.ComponentResourceOptions): OneOffTask {
    const s = this.shared;
    const ownImage = args.image === undefined;
    return new OneOffTask(
      name,
      {
        ...args,
        environment: s.environment,
        appName: s.appName,
        logs: s.logs,
        cluster: s.cluster,
        subnetIds: s.subnetIds,
        securityGroupId: args.securityGroupId ?? s.securityGroupId,
        image: args.image ?? this.imageRef,
        repository: ownImage ? s.repository : undefined,
        user: args.user ?? s.user,
        cpuArchitecture: s.cpuArchitecture,
      },
      { parent: this, ...opts },
    );
  }
}
