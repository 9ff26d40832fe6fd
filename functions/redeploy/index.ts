/**
 * Rolling redeploy after a rotation: EventBridge sends Secrets Manager's RotationSucceeded event (CloudTrail,
 * `detail.additionalEventData.SecretId`) for a secret the service consumes; this forces a new deployment of
 * exactly that service, whose new tasks read the new AWSCURRENT value at start. The previous credential stays
 * valid for a whole rotation period, far longer than a rolling deployment takes.
 * Environment: CLUSTER (ARN or name), SERVICE (name), SECRET_ARNS (JSON array: the secrets that trigger it).
 */
import { ECSClient, UpdateServiceCommand, UpdateServiceCommandOutput } from "@aws-sdk/client-ecs";

/** What the function sends; ECSClient satisfies it and tests inject a fake. */
export interface EcsClient {
  send(command: UpdateServiceCommand): Promise<UpdateServiceCommandOutput>;
}

export interface RotationSucceededEvent {
  readonly source?: string;
  readonly detail?: { readonly eventName?: string; readonly additionalEventData?: { readonly SecretId?: string } };
}

export interface RedeployTarget {
  readonly cluster: string;
  readonly service: string;
  readonly secretArns: readonly string[];
}

export function targetFromEnv(env: NodeJS.ProcessEnv): RedeployTarget {
  const { CLUSTER: cluster, SERVICE: service, SECRET_ARNS: arns } = env;
  if (!cluster || !service || !arns) throw new Error("redeploy: CLUSTER, SERVICE and SECRET_ARNS must be set");
  return { cluster, service, secretArns: JSON.parse(arns) as string[] };
}

/** Forces a new deployment of the target service when the event is a RotationSucceeded of one of its secrets. */
export async function redeploy(ecs: EcsClient, target: RedeployTarget, event: RotationSucceededEvent, log: (line: string) => void = console.log): Promise<boolean> {
  const secretId = event?.detail?.additionalEventData?.SecretId;
  if (event?.source !== "aws.secretsmanager" || event.detail?.eventName !== "RotationSucceeded" || !secretId || !target.secretArns.includes(secretId)) {
    log(JSON.stringify({ event: "redeploy", outcome: "ignored", secret: secretId ?? null, service: target.service }));
    return false;
  }
  const out = await ecs.send(new UpdateServiceCommand({ cluster: target.cluster, service: target.service, forceNewDeployment: true }));
  log(JSON.stringify({ event: "redeploy", outcome: "deployment-started", secret: secretId, service: target.service, deployment: out.service?.deployments?.[0]?.id ?? null }));
  return true;
}

let client: ECSClient | undefined;

export const handler = async (event: RotationSucceededEvent): Promise<void> => {
  client ??= new ECSClient({});
  await redeploy(client, targetFromEnv(process.env), event);
};
