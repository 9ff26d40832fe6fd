import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LogClasses } from "../logs";
import { FUNCTION_HANDLER, FUNCTION_RUNTIME, functionCode } from "./bundle";
import { AwsContext, knownArn } from "./naming";

/** A rotation function of `functions/<kind>` and everything it needs, for {@link rotationFunction}. */
export interface RotationFunctionArgs {
  /** Folder under `functions/`. */
  readonly kind: string;
  /** Lambda function name (also its role's description subject). */
  readonly functionName: string;
  readonly description: string;
  readonly logs: LogClasses;
  /** Log purpose of the function's group (`/<app>/<env>/<purpose>`, class `security`). */
  readonly logPurpose: string;
  /** The secrets it rotates, by a stable key: each name (for the known ARN pattern in the policy) and its ARN (for the invoke permission). */
  readonly secrets: readonly { readonly key: string; readonly name: string; readonly arn: pulumi.Input<string> }[];
  /** The CMK of those secrets: a known ARN, or the alias of a key created in the same program. */
  readonly kms: { readonly keyArn?: pulumi.Input<string>; readonly alias: string };
  /** Further statements of the role (e.g. the ElastiCache user it modifies), built from known values. */
  readonly statements?: pulumi.Input<object[]>;
  readonly environment?: Record<string, pulumi.Input<string>>;
  /** Whether the function calls GetRandomPassword (a new password from Secrets Manager's generator). @default false */
  readonly generatesPasswords?: boolean;
  /** Runs in these subnets with these security groups (for functions that reach a server in the VPC). */
  readonly vpc?: { readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>; readonly securityGroupIds: pulumi.Input<string>[] };
  /** @default 30 */
  readonly timeoutSeconds?: number;
  readonly tags: Record<string, string>;
  readonly ctx: AwsContext;
}

export interface RotationFunction {
  readonly functionArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;
  /** The invoke permission of Secrets Manager per secret key (SourceArn the secret, SourceAccount the account). */
  readonly permissions: Readonly<Record<string, aws.lambda.Permission>>;
}

/**
 * A Secrets Manager rotation function bundled from `functions/<kind>`: its own encrypted log group, a role that may
 * read and stage exactly the given secrets and use their key only through Secrets Manager, write its own logs and
 * (in a VPC) manage its network interfaces, and one invoke permission per secret.
 */
export function rotationFunction(name: string, args: RotationFunctionArgs, parent: pulumi.Resource): RotationFunction {
  const opts = { parent };
  const { ctx } = args;
  const group = args.logs.group(`${name}-logs`, args.logPurpose, "security", opts);
  const role = new aws.iam.Role(
    name,
    {
      description: args.description,
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
      tags: args.tags,
    },
    opts,
  );
  // Built from names and invokes, not outputs, so the document is known (and checked) in a preview.
  const policy = new aws.iam.RolePolicy(
    name,
    {
      role: role.id,
      policy: pulumi
        .all([
          args.secrets.map((s) => knownArn.secret(ctx, s.name)),
          args.kms.keyArn ?? knownArn.anyKey(ctx),
          knownArn.logGroup(ctx, args.logs.groupName(args.logPurpose)),
          ctx.region,
          args.statements ?? [],
        ])
        .apply(([arns, keyArn, groupArn, region, extra]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "RotateTheseSecrets",
                Effect: "Allow",
                Action: ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
                Resource: arns,
              },
              // GetRandomPassword acts on no resource: AWS documents it with Resource "*".
              ...(args.generatesPasswords ? [{ Sid: "GeneratePasswords", Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" }] : []),
              {
                Sid: "UseTheirKeyThroughSecretsManager",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey"],
                Resource: keyArn,
                Condition: {
                  StringEquals: { "kms:ViaService": `secretsmanager.${region}.amazonaws.com` },
                  // The key by its alias when it is created in the same program (its ARN is not known yet).
                  ...(args.kms.keyArn ? {} : { "ForAnyValue:StringEquals": { "kms:ResourceAliases": `alias/${args.kms.alias}` } }),
                },
              },
              { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${groupArn}:*` },
              // Lambda's network interfaces in the VPC; EC2 offers no resource-level scoping for the Describe calls.
              ...(args.vpc
                ? [
                    {
                      Sid: "OwnNetworkInterfaces",
                      Effect: "Allow",
                      Action: [
                        "ec2:CreateNetworkInterface",
                        "ec2:DescribeNetworkInterfaces",
                        "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface",
                        "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses",
                      ],
                      Resource: "*",
                    },
                  ]
                : []),
              ...extra,
            ],
          }),
        ),
    },
    opts,
  );
  const fn = new aws.lambda.Function(
    name,
    {
      name: args.functionName,
      description: args.description,
      runtime: FUNCTION_RUNTIME,
      handler: FUNCTION_HANDLER,
      role: role.arn,
      code: functionCode(args.kind),
      timeout: args.timeoutSeconds ?? 30,
      memorySize: 256,
      architectures: ["arm64"],
      environment: args.environment ? { variables: args.environment } : undefined,
      vpcConfig: args.vpc ? { subnetIds: args.vpc.subnetIds, securityGroupIds: args.vpc.securityGroupIds } : undefined,
      loggingConfig: { logFormat: "JSON", logGroup: group.name },
      tags: args.tags,
    },
    { parent, dependsOn: [policy] },
  );
  const permissions = Object.fromEntries(
    args.secrets.map((s) => [
      s.key,
      new aws.lambda.Permission(
        `${name}-${s.key}`,
        {
          function: fn.name,
          action: "lambda:InvokeFunction",
          principal: "secretsmanager.amazonaws.com",
          sourceArn: s.arn,
          sourceAccount: ctx.accountId,
        },
        opts,
      ),
    ]),
  );
  return { functionArn: fn.arn, roleArn: role.arn, permissions };
}
