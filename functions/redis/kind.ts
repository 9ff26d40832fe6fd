/**
 * Rotation of an ElastiCache (Valkey / Redis OSS) RBAC user with its two passwords, so the previous password stays
 * valid for a full rotation period:
 * - createSecret: the current value with a new password (Secrets Manager's generator, letters and digits only,
 *   so it fits a rediss:// URL and ElastiCache's character rules);
 * - setSecret: ModifyUser with exactly two passwords, AWSCURRENT's and AWSPENDING's. The one before AWSCURRENT is
 *   dropped only now, one period after it stopped being current. Re-running sets the same pair again;
 * - testSecret: authenticates over TLS with the pending password (and checks the current one still works);
 * - finishSecret: AWSCURRENT moves to the new value (the framework's).
 * ModifyUser refuses a user that is still `modifying`, and applies asynchronously: setSecret waits for `active`
 * before and after.
 */
import { DescribeUsersCommand, DescribeUsersCommandOutput, ModifyUserCommand, ModifyUserCommandOutput } from "@aws-sdk/client-elasticache";
import { createClient } from "redis";
import { randomPassword, RotationContext, RotationError, RotationKind, requireValue } from "../shared/rotation";

/** The commands this function sends; `ElastiCacheClient` satisfies it, and so does a test fake. */
export interface ElastiCacheUsersClient {
  send(command: DescribeUsersCommand): Promise<DescribeUsersCommandOutput>;
  send(command: ModifyUserCommand): Promise<ModifyUserCommandOutput>;
}

/** The secret value: what applications read to connect. */
export interface RedisCredential {
  readonly engine?: string;
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly tls: boolean;
}

/** ElastiCache accepts 16–128 printable characters; letters and digits keep the password URL-safe. */
export const PASSWORD_LENGTH = 64;
export const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

export function parseCredential(text: string, secretId: string): RedisCredential {
  const c = JSON.parse(text) as RedisCredential;
  if (typeof c?.host !== "string" || typeof c.username !== "string" || typeof c.password !== "string" || !Number.isInteger(Number(c.port))) {
    throw new RotationError(`secret ${secretId} is not a Redis credential {host, port, username, password, tls}`);
  }
  return c;
}

export interface RedisKindOptions {
  readonly elasticache: ElastiCacheUsersClient;
  /** The ElastiCache user id (not its name) this function may modify. */
  readonly userId: string;
  /** Extra CA certificates (PEM) for the server certificate. @default Node's bundled roots (ElastiCache's Amazon CA) */
  readonly ca?: string;
  /** How long to wait for the user to become `active` (within the function's 300 s timeout). @default 240 s */
  readonly activeTimeoutMs?: number;
  /** @default 5 s between DescribeUsers calls */
  readonly pollMs?: number;
}

/** Authenticates as the credential over TLS (server certificate verified) and runs PING. */
export async function authenticate(c: RedisCredential, ca?: string): Promise<void> {
  const client = createClient({
    socket: {
      host: c.host,
      port: Number(c.port),
      tls: true,
      servername: /^\d+\.\d+\.\d+\.\d+$/.test(c.host) ? undefined : c.host,
      ca,
      rejectUnauthorized: true,
      connectTimeout: 5_000,
      reconnectStrategy: false,
    },
    username: c.username,
    password: c.password,
  });
  client.on("error", () => undefined); // connect() rejects with the same error
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== "PONG") throw new Error(`PING answered ${pong}`);
  } finally {
    if (client.isOpen) await client.close();
  }
}

export function redisKind(o: RedisKindOptions): RotationKind {
  const pollMs = o.pollMs ?? 5_000;
  const timeoutMs = o.activeTimeoutMs ?? 240_000;
  const waitActive = async (ctx: RotationContext): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const out = await o.elasticache.send(new DescribeUsersCommand({ UserId: o.userId }));
      const status = out.Users?.[0]?.Status;
      if (status === "active") return;
      if (status === undefined) throw new RotationError(`ElastiCache user ${o.userId} (secret ${ctx.secretId}) does not exist`);
      if (Date.now() > deadline) throw new RotationError(`ElastiCache user ${o.userId} still ${status} after ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  };
  return {
    name: "redis",
    async createValue(ctx, current) {
      const c = parseCredential(current, ctx.secretId);
      return JSON.stringify({ ...c, password: await randomPassword(ctx.client, PASSWORD_LENGTH, PUNCTUATION) });
    },
    async setSecret(ctx, pending, current) {
      const [p, c] = [parseCredential(pending, ctx.secretId), parseCredential(current, ctx.secretId)];
      if (p.username !== c.username) throw new RotationError(`secret ${ctx.secretId}: the pending user ${p.username} is not the current user ${c.username}`);
      await waitActive(ctx);
      await o.elasticache.send(new ModifyUserCommand({ UserId: o.userId, AuthenticationMode: { Type: "password", Passwords: [c.password, p.password] } }));
      await waitActive(ctx);
    },
    async testSecret(ctx, pending) {
      const current = parseCredential(await requireValue(ctx.client, ctx.secretId, "AWSCURRENT"), ctx.secretId);
      for (const [which, c] of [
        ["pending", parseCredential(pending, ctx.secretId)],
        ["current", current],
      ] as const) {
        try {
          await authenticate(c, o.ca);
        } catch (e) {
          throw new RotationError(`secret ${ctx.secretId}: the ${which} password of ${c.username} does not authenticate on ${c.host}:${c.port}: ${(e as Error).message}`);
        }
      }
    },
  };
}
