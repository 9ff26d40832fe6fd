/**
 * The Secrets Manager rotation protocol, shared by every rotation function: the event, the checks AWS's own
 * rotation templates make before each step, idempotent createSecret and finishSecret, and a small
 * `SecretsClient` (the SDK v3 SecretsManagerClient's `send`) so tests inject an in-memory Secrets Manager.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html
 */
import {
  DescribeSecretCommand,
  DescribeSecretCommandOutput,
  GetRandomPasswordCommand,
  GetRandomPasswordCommandOutput,
  GetSecretValueCommand,
  GetSecretValueCommandOutput,
  PutSecretValueCommand,
  PutSecretValueCommandOutput,
  UpdateSecretVersionStageCommand,
  UpdateSecretVersionStageCommandOutput,
} from "@aws-sdk/client-secrets-manager";

export const STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"] as const;
export type RotationStep = (typeof STEPS)[number];

/** What Secrets Manager sends the function, once per step. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

/** The commands rotation functions send; `SecretsManagerClient` satisfies it, and so does the test fake. */
export interface SecretsClient {
  send(command: DescribeSecretCommand): Promise<DescribeSecretCommandOutput>;
  send(command: GetSecretValueCommand): Promise<GetSecretValueCommandOutput>;
  send(command: PutSecretValueCommand): Promise<PutSecretValueCommandOutput>;
  send(command: UpdateSecretVersionStageCommand): Promise<UpdateSecretVersionStageCommandOutput>;
  send(command: GetRandomPasswordCommand): Promise<GetRandomPasswordCommandOutput>;
}

export const CURRENT = "AWSCURRENT";
export const PENDING = "AWSPENDING";
export const PREVIOUS = "AWSPREVIOUS";

/** What each step of one rotation sees. */
export interface RotationContext {
  readonly client: SecretsClient;
  /** The secret's ARN (from DescribeSecret, whatever the event named it by). */
  readonly secretId: string;
  /** The version being rotated to (the event's ClientRequestToken). */
  readonly token: string;
  readonly metadata: DescribeSecretCommandOutput;
  /** One structured log line (CloudWatch): never a secret value. */
  readonly log: (fields: Record<string, unknown>) => void;
}

/** One rotation kind: what its steps do. createSecret's value is put as AWSPENDING by the framework. */
export interface RotationKind {
  /** Name in log lines, e.g. `postgres`. */
  readonly name: string;
  /** The new secret string, built from the current one; called only while the token has no value yet. */
  createValue(ctx: RotationContext, current: string): Promise<string>;
  /** Make the downstream system accept the pending value (idempotent: it may run again after a crash). */
  setSecret(ctx: RotationContext, pending: string, current: string): Promise<void>;
  /** Prove the pending value works against the downstream system. */
  testSecret(ctx: RotationContext, pending: string): Promise<void>;
  /** Work before AWSCURRENT moves (e.g. retire what the previous-but-one value used). @default nothing */
  beforeFinish?(ctx: RotationContext, pending: string, current: string): Promise<void>;
}

/** The error Secrets Manager shows when a step refuses to run; the message names the secret and version. */
export class RotationError extends Error {
  override readonly name = "RotationError";
}

const isNotFound = (e: unknown): boolean => (e as { name?: string })?.name === "ResourceNotFoundException";

/** The secret string at a stage (and version), or undefined when that version has no value yet. */
export async function secretValue(client: SecretsClient, secretId: string, stage: string, versionId?: string): Promise<string | undefined> {
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }));
    return out.SecretString;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** The secret string at a stage, or an error naming the secret and stage. */
export async function requireValue(client: SecretsClient, secretId: string, stage: string, versionId?: string): Promise<string> {
  const v = await secretValue(client, secretId, stage, versionId);
  if (v === undefined) throw new RotationError(`secret ${secretId} has no ${stage} value${versionId ? ` for version ${versionId}` : ""}`);
  return v;
}

/** The version carrying a stage, from DescribeSecret's VersionIdsToStages. */
export function versionWithStage(metadata: DescribeSecretCommandOutput, stage: string): string | undefined {
  return Object.entries(metadata.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(stage))?.[0];
}

/** A password from Secrets Manager's generator (GetRandomPassword), with every character class. */
export async function randomPassword(client: SecretsClient, length: number, excludeCharacters: string): Promise<string> {
  const out = await client.send(new GetRandomPasswordCommand({ PasswordLength: length, ExcludeCharacters: excludeCharacters, RequireEachIncludedType: true }));
  if (!out.RandomPassword) throw new RotationError("GetRandomPassword returned no password");
  return out.RandomPassword;
}

/**
 * createSecret: if the token already has a value (a re-run), keep it; otherwise put the kind's new value with the
 * token as ClientRequestToken and stage AWSPENDING (the same token with the same value is a no-op to Secrets Manager).
 */
export async function createSecret(ctx: RotationContext, kind: RotationKind): Promise<void> {
  if ((await secretValue(ctx.client, ctx.secretId, PENDING, ctx.token)) !== undefined) {
    ctx.log({ step: "createSecret", outcome: "already-created" });
    return;
  }
  const current = await requireValue(ctx.client, ctx.secretId, CURRENT);
  const value = await kind.createValue(ctx, current);
  await ctx.client.send(new PutSecretValueCommand({ SecretId: ctx.secretId, ClientRequestToken: ctx.token, SecretString: value, VersionStages: [PENDING] }));
  ctx.log({ step: "createSecret", outcome: "created" });
}

/**
 * finishSecret: move AWSCURRENT to the token (Secrets Manager then labels the old version AWSPREVIOUS).
 * Idempotent: nothing to do when the token already is AWSCURRENT.
 */
export async function finishSecret(ctx: RotationContext): Promise<void> {
  const current = versionWithStage(ctx.metadata, CURRENT);
  if (current === ctx.token) {
    ctx.log({ step: "finishSecret", outcome: "already-current" });
    return;
  }
  await ctx.client.send(new UpdateSecretVersionStageCommand({ SecretId: ctx.secretId, VersionStage: CURRENT, MoveToVersionId: ctx.token, RemoveFromVersionId: current }));
  ctx.log({ step: "finishSecret", outcome: "finished", previous: current });
}

/**
 * The Lambda handler for a rotation kind. Before any step it makes AWS's template checks: rotation is enabled,
 * the token is a version of the secret, a token already AWSCURRENT is a no-op, a token not AWSPENDING is refused.
 */
export function rotationHandler(kind: RotationKind, client: SecretsClient, log: (line: string) => void = console.log): (event: RotationEvent) => Promise<void> {
  return async (event) => {
    const { SecretId, ClientRequestToken: token, Step: step } = event ?? ({} as RotationEvent);
    if (typeof SecretId !== "string" || typeof token !== "string" || !STEPS.includes(step)) {
      throw new RotationError(`not a rotation event: expected SecretId, ClientRequestToken and Step (one of ${STEPS.join(", ")})`);
    }
    const metadata = await client.send(new DescribeSecretCommand({ SecretId }));
    const secretId = metadata.ARN ?? SecretId;
    const ctx: RotationContext = {
      client,
      secretId,
      token,
      metadata,
      log: (fields) => log(JSON.stringify({ event: "secret-rotation", kind: kind.name, secret: metadata.Name ?? secretId, version: token, ...fields })),
    };
    if (metadata.RotationEnabled === false) throw new RotationError(`secret ${secretId} does not have rotation enabled`);
    const stages = metadata.VersionIdsToStages?.[token];
    if (!stages) throw new RotationError(`secret version ${token} has no stage for rotation of secret ${secretId}`);
    if (stages.includes(CURRENT)) {
      ctx.log({ step, outcome: "already-current" });
      return;
    }
    if (!stages.includes(PENDING)) throw new RotationError(`secret version ${token} not set as AWSPENDING for rotation of secret ${secretId}`);
    switch (step) {
      case "createSecret":
        return createSecret(ctx, kind);
      case "setSecret": {
        const pending = await requireValue(client, secretId, PENDING, token);
        const current = await requireValue(client, secretId, CURRENT);
        await kind.setSecret(ctx, pending, current);
        return ctx.log({ step, outcome: "set" });
      }
      case "testSecret":
        await kind.testSecret(ctx, await requireValue(client, secretId, PENDING, token));
        return ctx.log({ step, outcome: "tested" });
      case "finishSecret":
        if (kind.beforeFinish) await kind.beforeFinish(ctx, await requireValue(client, secretId, PENDING, token), await requireValue(client, secretId, CURRENT));
        return finishSecret(ctx);
    }
  };
}
