import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Environment names every component accepts; prod turns on stricter defaults. */
export type Environment = "staging" | "prod";

/** Tags every taggable child carries. */
export function baseTags(env: Environment, component: string, extra: Record<string, string> = {}): Record<string, string> {
  return { environment: env, "managed-by": "hardened-aws", component, ...extra };
}

/** Account, region and partition of the default provider, from invokes (known in preview too). */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
}

export function awsContext(parent: pulumi.Resource): AwsContext {
  const opts = { parent };
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    region: aws.getRegionOutput({}, opts).region,
    partition: aws.getPartitionOutput({}, opts).partition,
  };
}
