import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, baseTags, knownArn } from "../shared/naming";
import { customerManagedKey } from "../shared/kms";
import { HardenedServiceArgs } from "./args";
import { CPU_ALARM_THRESHOLD, HEALTH_CHECK, healthCheckCommand, MEMORY_ALARM_THRESHOLD, UNTAGGED_EXPIRY_DAYS } from "./defaults";
import { validate, volumeName, withDefaults } from "./validate";

export * from "./args";

/** The pull actions an execution role needs on one repository. */
const ECR_PULL = ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

/** A `valueFrom` ARN may pick a JSON key (`…:secret:name-AbCdEf:key::`); IAM grants the secret itself. */
function secretResource(valueFrom: string): string {
  const parts = valueFrom.split(":");
  return parts.length > 7 && parts[5] === "secret" ? parts.slice(0, 7).join(":") : valueFrom;
}

/**
 * An ECS Fargate service hardened per CTR-1..7, LOG-1, NET-1..3 and ENV-2/3: an immutable, scanned,
 * KMS-encrypted ECR repository; the image built from the repository and referenced by digest; one
 * container that runs as a non-root user on a read-only root filesystem with every capability dropped,
 * a health check, JSON logs to an application-class log group, and secrets injected by ARN; an execution
 * role that reads only the listed secrets; tasks in private subnets reachable only from the load balancer.
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

  constructor(name: string, args: HardenedServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(args)); // before super: bad input registers nothing
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
      : customerManagedKey(`${name}-ecr-key`, { environment: a.environment, description: `ECR images of ${a.appName}/${a.environment}/${a.serviceName}`, alias: `${a.appName}-${a.environment}-${a.serviceName}-ecr`, tags: tags(), ctx }, parent);
    const repo = new aws.ecr.Repository(`${name}-repo`, {
      name: repoName,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: repoKeyArn }],
      forceDelete: false,
      tags: tags(),
    }, parent);
    new aws.ecr.LifecyclePolicy(`${name}-repo-lifecycle`, {
      repository: repo.name,
      policy: JSON.stringify({
        rules: [
          { rulePriority: 1, description: `Expire untagged images after ${UNTAGGED_EXPIRY_DAYS} days`, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_EXPIRY_DAYS }, action: { type: "expire" } },
          { rulePriority: 2, description: `Keep the last ${a.keepImages} images`, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: a.keepImages }, action: { type: "expire" } },
        ],
      }),
    }, parent);
    this.repositoryUrl = repo.repositoryUrl;
    this.repositoryArn = repo.arn;

    if (a.build) {
      const creds = aws.ecr.getAuthorizationTokenOutput({ registryId: repo.registryId }, parent);
      const image = new docker.Image(`${name}-image`, {
        imageName: pulumi.interpolate`${repo.repositoryUrl}:${a.imageTag!}`,
        build: { context: a.build.context, dockerfile: a.build.dockerfile, platform: a.build.platform, args: a.build.args ? { ...a.build.args } : undefined },
        registry: { server: repo.repositoryUrl, username: creds.userName, password: pulumi.secret(creds.password) },
      }, parent);
      // The digest, not the tag: a task never runs anything but the image that was built, pushed and scanned.
      this.imageRef = image.repoDigest;
    } else {
      this.imageRef = pulumi.output(a.image!);
    }

    // ---- logs (LOG-1) ------------------------------------------------------------------------------
    this.logGroupName = a.logs.groupName(a.serviceName);
    const logGroup = a.logs.group(`${name}-logs`, a.serviceName, "application", { parent: this });

    // ---- roles (CTR-5) -----------------------------------------------------------------------------
    const assumeRolePolicy = ctx.accountId.apply((account) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
    }));
    const executionRole = new aws.iam.Role(`${name}-execution`, { name: `${fullName}-execution`, description: `Pulls the image and reads the secrets of ${fullName}`, assumeRolePolicy, tags: tags() }, parent);
    const taskRole = new aws.iam.Role(`${name}-task`, { name: `${fullName}-task`, description: `AWS access of the ${fullName} application`, assumeRolePolicy, tags: tags() }, parent);
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;

    const secretNames = Object.keys(a.secrets).sort();
    const secretArns = pulumi.all(secretNames.map((k) => pulumi.output(a.secrets[k].arn)));
    const secretKeyArns = pulumi.all(secretNames.flatMap((k) => (a.secrets[k].kmsKeyArn ? [pulumi.output(a.secrets[k].kmsKeyArn!)] : [])));
    // Repository and log group ARNs from their fixed names (not their outputs), so the document is known in
    // preview whenever the keys and secret ARNs are: the pack can then check it before anything exists.
    const repoArn = pulumi.interpolate`arn:${ctx.partition}:ecr:${ctx.region}:${ctx.accountId}:repository/${repoName}`;
    const groupArn = knownArn.logGroup(ctx, this.logGroupName);
    const executionPolicy = pulumi.all([repoArn, groupArn, secretArns, secretKeyArns, repoKeyArn, ctx.region]).apply(([repoArn, groupArn, arns, keyArns, repoKey, region]) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "EcrPull", Effect: "Allow", Action: ECR_PULL, Resource: repoArn },
        { Sid: "ImageKey", Effect: "Allow", Action: "kms:Decrypt", Resource: repoKey, Condition: { StringEquals: { "kms:ViaService": `ecr.${region}.amazonaws.com` } } },
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [groupArn, `${groupArn}:log-stream:*`] },
        ...(arns.length ? [{ Sid: "Secrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...new Set(arns.map(secretResource))] }] : []),
        ...(keyArns.length ? [{ Sid: "SecretKeys", Effect: "Allow", Action: "kms:Decrypt", Resource: [...new Set(keyArns)], Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` } } }] : []),
      ],
    }));
    new aws.iam.RolePolicy(`${name}-execution`, { role: executionRole.id, policy: executionPolicy }, parent);
    if (a.taskPolicyStatements.length) {
      new aws.iam.RolePolicy(`${name}-task`, {
        role: taskRole.id,
        policy: pulumi.output(a.taskPolicyStatements as any[]).apply((statements) => JSON.stringify({ Version: "2012-10-17", Statement: statements.map((s) => ({ Effect: "Allow", ...s })) })),
      }, parent);
    }

    // ---- task definition (CTR-1..5, LOG-1, ENV-2/3) ---------------------------------------------------
    // Every security-relevant field is a literal here; only `image` and the secret ARNs may be unknown
    // in a preview of a new stack (see the class comment and README "HardenedService").
    const volumes = a.writablePaths.map((path) => ({ name: volumeName(path), path }));
    const environment = Object.entries(a.environmentVariables).sort(([x], [y]) => x.localeCompare(y)).map(([key, value]) => ({ name: key, value }));
    const containerDefinitions = pulumi.all([this.imageRef, secretArns, ctx.region]).apply(([image, arns, region]) => JSON.stringify([{
      name: containerName,
      image,
      essential: true,
      user: a.user,
      readonlyRootFilesystem: a.readonlyRootFilesystem,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
      portMappings: [{ containerPort: a.containerPort, hostPort: a.containerPort, protocol: "tcp" }],
      mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      healthCheck: { command: healthCheckCommand(a.containerPort, a.healthPath), interval: HEALTH_CHECK.interval, timeout: HEALTH_CHECK.timeout, startPeriod: HEALTH_CHECK.startPeriod, retries: HEALTH_CHECK.retries },
      environment,
      secrets: secretNames.map((key, i) => ({ name: key, valueFrom: arns[i] })),
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": this.logGroupName, "awslogs-region": region, "awslogs-stream-prefix": a.serviceName } },
    }]));
    const taskDefinition = new aws.ecs.TaskDefinition(`${name}-task`, {
      family: fullName,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(a.cpu),
      memory: String(a.memory),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: a.cpuArchitecture },
      executionRoleArn: executionRole.arn,
      taskRoleArn: taskRole.arn,
      volumes: volumes.map((v) => ({ name: v.name })),
      containerDefinitions,
      tags: tags(),
    }, { parent: this, dependsOn: [logGroup] });
    this.taskDefinitionArn = taskDefinition.arn;

    // ---- network (NET-1..3) ------------------------------------------------------------------------
    new aws.vpc.SecurityGroupIngressRule(`${name}-from-lb`, {
      securityGroupId: a.securityGroupId,
      referencedSecurityGroupId: a.loadBalancerSecurityGroupId,
      ipProtocol: "tcp",
      fromPort: a.containerPort,
      toPort: a.containerPort,
      description: `Load balancer to ${a.serviceName} on ${a.containerPort}`,
      tags: tags(),
    }, parent);
    new aws.vpc.SecurityGroupEgressRule(`${name}-https`, {
      securityGroupId: a.securityGroupId,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      description: "HTTPS to AWS APIs and third-party services",
      tags: tags(),
    }, parent);
    for (const [key, e] of Object.entries(a.egress)) {
      new aws.vpc.SecurityGroupEgressRule(`${name}-egress-${key}`, {
        securityGroupId: a.securityGroupId,
        ...(e.securityGroupId !== undefined ? { referencedSecurityGroupId: e.securityGroupId } : { cidrIpv4: e.cidr }),
        ipProtocol: "tcp",
        fromPort: e.port,
        toPort: e.port,
        description: e.description,
        tags: tags(),
      }, parent);
    }

    // ---- cluster and service -------------------------------------------------------------------------
    const cluster = new aws.ecs.Cluster(`${name}-cluster`, { name: fullName, settings: [{ name: "containerInsights", value: "enhanced" }], tags: tags() }, parent);
    this.clusterArn = cluster.arn;
    this.clusterName = cluster.name;
    const service = new aws.ecs.Service(`${name}-service`, {
      name: a.serviceName,
      cluster: cluster.arn,
      taskDefinition: taskDefinition.arn,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      desiredCount: a.minCapacity,
      networkConfiguration: { subnets: a.subnetIds, securityGroups: [a.securityGroupId], assignPublicIp: false },
      loadBalancers: [{ targetGroupArn: a.targetGroupArn, containerName, containerPort: a.containerPort }],
      healthCheckGracePeriodSeconds: a.healthCheckGracePeriodSeconds,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      enableExecuteCommand: a.enableExecuteCommand,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      tags: tags(),
    }, { parent: this, ignoreChanges: ["desiredCount"] }); // autoscaling owns the count after creation
    this.serviceName = service.name;

    const scaling = new aws.appautoscaling.Target(`${name}-scaling`, {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: pulumi.interpolate`service/${cluster.name}/${service.name}`,
      minCapacity: a.minCapacity,
      maxCapacity: a.maxCapacity,
      tags: tags(),
    }, parent);
    new aws.appautoscaling.Policy(`${name}-cpu-scaling`, {
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
    }, parent);

    if (a.alarmTopicArn !== undefined) {
      const alarm = (key: string, metricName: string, threshold: number) =>
        new aws.cloudwatch.MetricAlarm(`${name}-${key}`, {
          alarmDescription: `${fullName}: average ${metricName} above ${threshold}% for 5 minutes`,
          namespace: "AWS/ECS",
          metricName,
          dimensions: { ClusterName: cluster.name, ServiceName: service.name },
          statistic: "Average",
          period: 60,
          evaluationPeriods: 5,
          threshold,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "missing",
          alarmActions: [a.alarmTopicArn!],
          okActions: [a.alarmTopicArn!],
          tags: tags(),
        }, parent);
      alarm("cpu-high", "CPUUtilization", CPU_ALARM_THRESHOLD);
      alarm("memory-high", "MemoryUtilization", MEMORY_ALARM_THRESHOLD);
    }

    this.registerOutputs({ repositoryUrl: this.repositoryUrl, imageRef: this.imageRef, clusterArn: this.clusterArn, serviceName: this.serviceName, taskDefinitionArn: this.taskDefinitionArn, logGroupName: this.logGroupName });
  }
}
