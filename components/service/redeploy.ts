import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { FUNCTION_HANDLER, FUNCTION_RUNTIME, functionCode } from "../shared/bundle";
import { AwsContext, knownArn } from "../shared/naming";
import { secretResource } from "./task";

/**
 * The EventBridge pattern of Secrets Manager's RotationSucceeded (a CloudTrail service event) for these secrets.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html
 */
export function rotationSucceededPattern(secretArns: readonly string[]): object {
  return {
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: { eventSource: ["secretsmanager.amazonaws.com"], eventName: ["RotationSucceeded"], additionalEventData: { SecretId: [...secretArns] } },
  };
}

export interface RotationRedeployArgs {
  /** `<appName>-<env>-<serviceName>`: the function's name is this plus `-redeploy`. */
  readonly fullName: string;
  readonly serviceName: string;
  readonly clusterName: pulumi.Input<string>;
  readonly clusterArn: pulumi.Input<string>;
  /** The secrets the service's containers read (`valueFrom` values; key suffixes are dropped). */
  readonly secretRefs: readonly pulumi.Input<string>[];
  readonly logs: LogClasses;
  readonly ctx: AwsContext;
  readonly tags: Record<string, string>;
}

/**
 * Running tasks read their secrets when they start, so after a rotation the service is redeployed: an EventBridge
 * rule on RotationSucceeded of exactly the service's secrets invokes the `functions/redeploy` function, which forces
 * a new deployment of exactly this service (its role can update nothing else). Every rotation kind keeps the previous
 * value valid for a full rotation period, far longer than a rolling deployment.
 */
export function rotationRedeploy(name: string, parent: pulumi.Resource, a: RotationRedeployArgs): { functionArn: pulumi.Output<string>; ruleArn: pulumi.Output<string> } {
  const opts = { parent };
  const functionName = `${a.fullName}-redeploy`;
  const log = a.logs.group(`${name}-redeploy-log`, `${a.serviceName}-redeploy`, "security", { parent, name: `/aws/lambda/${functionName}` });
  const secretArns = pulumi.all([...a.secretRefs]).apply((refs) => [...new Set(refs.map(secretResource))].sort());
  const role = new aws.iam.Role(
    `${name}-redeploy`,
    {
      name: functionName,
      description: `Redeploys ${a.fullName} after a rotation of a secret it reads`,
      assumeRolePolicy: a.ctx.accountId.apply((account) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
        }),
      ),
      tags: a.tags,
    },
    opts,
  );
  const serviceArn = pulumi.interpolate`arn:${a.ctx.partition}:ecs:${a.ctx.region}:${a.ctx.accountId}:service/${a.clusterName}/${a.serviceName}`;
  const policy = new aws.iam.RolePolicy(
    `${name}-redeploy`,
    {
      role: role.id,
      policy: pulumi.all([serviceArn, knownArn.logGroup(a.ctx, `/aws/lambda/${functionName}`)]).apply(([svc, group]) =>
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "RedeployThisService", Effect: "Allow", Action: "ecs:UpdateService", Resource: svc },
            { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${group}:*` },
          ],
        }),
      ),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    `${name}-redeploy`,
    {
      name: functionName,
      description: `Forces a new deployment of ${a.fullName} after a rotation of a secret it reads`,
      runtime: FUNCTION_RUNTIME,
      handler: FUNCTION_HANDLER,
      role: role.arn,
      code: functionCode("redeploy"),
      timeout: 30,
      memorySize: 128,
      architectures: ["arm64"],
      environment: { variables: { CLUSTER: pulumi.output(a.clusterArn), SERVICE: a.serviceName, SECRET_ARNS: secretArns.apply((arns) => JSON.stringify(arns)) } },
      loggingConfig: { logFormat: "JSON", logGroup: log.name },
      tags: a.tags,
    },
    { parent, dependsOn: [policy, log] },
  );
  const rule = new aws.cloudwatch.EventRule(
    `${name}-rotated`,
    {
      name: `${a.fullName}-secret-rotated`,
      description: `A secret ${a.fullName} reads was rotated: redeploy it so new tasks read the new value`,
      eventPattern: secretArns.apply((arns) => JSON.stringify(rotationSucceededPattern(arns))),
      tags: a.tags,
    },
    opts,
  );
  const permission = new aws.lambda.Permission(
    `${name}-redeploy`,
    {
      function: fn.name,
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      sourceAccount: a.ctx.accountId,
      sourceArn: rule.arn,
    },
    opts,
  );
  new aws.cloudwatch.EventTarget(`${name}-redeploy`, { rule: rule.name, arn: fn.arn }, { parent, dependsOn: [permission] });
  return { functionArn: fn.arn, ruleArn: rule.arn };
}
