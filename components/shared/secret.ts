import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { principalPatterns, readPolicy } from "../secrets/policy";
import { AwsContext, Environment, isProd, statefulOptions } from "./naming";

/** Days a deleted secret can be restored (SEC-1): Secrets Manager's maximum in prod, its minimum in staging. */
export const recoveryWindowDefault = (env: Environment): number => (isProd(env) ? 30 : 7);

/** A secret as every component makes one, for {@link secureSecret}. */
export interface SecureSecretArgs {
  readonly environment: Environment;
  /** The secret's name, `/<appName>/<env>/...`. */
  readonly secretName: string;
  readonly description: string;
  /** The CMK that encrypts it. */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** @default {@link recoveryWindowDefault} of the environment */
  readonly recoveryWindowDays?: number;
  readonly tags: Record<string, string>;
}

/**
 * A Secrets Manager secret as every component makes one (SEC-1): encrypted with the given CMK, restorable for the
 * environment's recovery window, and `protect` + `retainOnDelete` in prod (statefulOptions). Its readers are limited
 * by {@link limitSecretReaders} once the rotation function's role exists.
 */
export function secureSecret(resourceName: string, args: SecureSecretArgs, opts: pulumi.CustomResourceOptions): aws.secretsmanager.Secret {
  return new aws.secretsmanager.Secret(
    resourceName,
    {
      name: args.secretName,
      description: args.description,
      kmsKeyId: args.kmsKeyArn,
      recoveryWindowInDays: args.recoveryWindowDays ?? recoveryWindowDefault(args.environment),
      tags: args.tags,
    },
    statefulOptions(args.environment, opts),
  );
}

/** Who may read a set of secrets, for {@link secretReadersPolicy}. */
export interface SecretReaders {
  /** Role ARNs (or account-local role-name patterns) that read the values. */
  readonly readerRoleArns: readonly pulumi.Input<string>[];
  /** Principals that manage the secrets. @default the identity running the deployment (its role, for an assumed role) */
  readonly administratorArns?: readonly pulumi.Input<string>[];
  /** Roles of the functions that rotate the secrets (they read the current value). */
  readonly rotationRoleArns: readonly pulumi.Input<string>[];
  readonly ctx: AwsContext;
}

/**
 * The resource policy document of {@link readPolicy}: GetSecretValue denied to every principal except the readers,
 * the administrators (by default the deployer) and the rotation roles; the readers allowed within this account.
 */
export function secretReadersPolicy(readers: SecretReaders): pulumi.Output<string> {
  const admins = readers.administratorArns;
  // Nested plain arrays: pulumi.all resolves them in the same pass (an inner pulumi.all would be wrapped again).
  return pulumi
    .all([[...readers.readerRoleArns], [...(admins ?? [])], [...readers.rotationRoleArns], readers.ctx.callerArn, readers.ctx.accountId])
    .apply(([r, given, rotation, who, account]) => readPolicy(r, [...(admins ? given : principalPatterns(who)), ...rotation], account));
}

/** Attaches a {@link secretReadersPolicy} document to a secret made by {@link secureSecret} (public policies blocked). */
export function limitSecretReaders(resourceName: string, secret: aws.secretsmanager.Secret, policy: pulumi.Input<string>, parent: pulumi.Resource): aws.secretsmanager.SecretPolicy {
  return new aws.secretsmanager.SecretPolicy(resourceName, { secretArn: secret.arn, policy, blockPublicPolicy: true }, { parent });
}
