import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, Environment, statefulOptions } from "./naming";

/** Days a scheduled key deletion waits (the AWS maximum), so a mistaken deletion can be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface CmkArgs {
  readonly environment: Environment;
  readonly description: string;
  /** Alias name without `alias/`. */
  readonly alias: string;
  readonly tags: Record<string, string>;
  /** Account, partition and region for the key policy (from invokes, so the policy is known in a preview). */
  readonly ctx: AwsContext;
  /** Statements beyond account administration, e.g. a service principal that may use the key. */
  readonly statements?: (account: string, partition: string, region: string) => object[];
}

/**
 * A customer managed key as every component makes one: rotated yearly, a 30-day deletion window, a key policy
 * that lets the account administer it (IAM decides who uses it) plus the given statements, an alias, and
 * `protect` in prod. Returns the key's ARN.
 */
export function customerManagedKey(resourceName: string, args: CmkArgs, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
  const policy = args.ctx.all.apply(({ accountId: account, partition, region }) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdmin", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
        ...(args.statements?.(account, partition, region) ?? []),
      ],
    }),
  );
  const key = new aws.kms.Key(
    resourceName,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy,
      tags: args.tags,
    },
    statefulOptions(args.environment, opts),
  );
  new aws.kms.Alias(`${resourceName}-alias`, { name: `alias/${args.alias}`, targetKeyId: key.keyId }, { parent: opts.parent, provider: opts.provider });
  return key.arn;
}
