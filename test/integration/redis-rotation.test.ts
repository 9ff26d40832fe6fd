/**
 * The Redis user's two-password rotation (functions/redis) against a real Redis 7 over TLS with ACLs on 127.0.0.1.
 * ElastiCache's user API is an in-memory fake whose ModifyUser sets the passwords on the server (ACL SETUSER), so
 * every authentication is the server's; Secrets Manager is the in-memory fake. Three application tasks open new
 * authenticated connections and run commands continuously during 50 rotations, as the README tells applications:
 * the credential is read at start, re-read when the task is redeployed after a rotation and on an authentication
 * failure (which is counted). Two tasks are redeployed at once, the third only just before the next rotation.
 * Faults: a crash after each of the four steps then a re-run, and rotations started while one is pending.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import * as crypto from "crypto";
import { createClient } from "redis";
import { appAccessString, DISABLED_DEFAULT_ACCESS_STRING } from "../../components/cache";
import { defaultKeyPrefixes } from "../../components/cache/defaults";
import { authenticate, parseCredential, RedisCredential, redisKind } from "../../functions/redis/kind";
import { rotationHandler } from "../../functions/shared/rotation";
import { FakeElastiCache } from "../support/fake-elasticache";
import { FakeSecretsManager } from "../support/fake-secrets-manager";
import { redisAvailable, redisSession, redisSuite, startTlsRedis, TlsRedis } from "../support/redis-server";
import { newStats, rotateWithFaults, summary } from "../support/rotation-driver";

const suite = redisSuite ? describe : describe.skip;
const title = redisAvailable
  ? "Redis user rotation with two passwords on a real Redis over TLS"
  : "Redis user rotation with two passwords (skipped: needs redis-server, redis-cli with TLS and openssl)";

const ROTATIONS = Number(process.env.REDIS_ROTATIONS ?? 50);
const USER_ID = "shop-prod-cache-app";
const ADMIN_PASSWORD = crypto.randomBytes(24).toString("hex");
const alnum = (n: number) =>
  crypto
    .randomBytes(n)
    .toString("base64")
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(0, n)
    .padEnd(n, "x");

suite(title, () => {
  let redis: TlsRedis | undefined;
  let admin: ReturnType<typeof createClient> | undefined;
  const firstPassword = alnum(64);

  beforeAll(async () => {
    redis = await startTlsRedis([
      `default reset ${DISABLED_DEFAULT_ACCESS_STRING}`,
      `admin reset on >${ADMIN_PASSWORD} ~* &* +@all`, // stands for ElastiCache's control plane
      `app reset ${appAccessString(defaultKeyPrefixes("shop"))} >${firstPassword}`,
    ]);
    admin = createClient({ socket: { host: "127.0.0.1", port: redis.port, tls: true, ca: redis.ca }, username: "admin", password: ADMIN_PASSWORD });
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    if (admin?.isOpen) await admin.close();
    redis?.stop();
  });

  it("rotates 50 times with crashes while three tasks keep authenticating and running commands: 0 authentication failures", async () => {
    const sm = new FakeSecretsManager();
    const ec = new FakeElastiCache(admin!);
    ec.addUser(USER_ID, "app", [firstPassword]);
    const first: RedisCredential = { engine: "redis", host: "127.0.0.1", port: redis!.port, username: "app", password: firstPassword, tls: true };
    const id = sm.createSecret("/shop/prod/redis/app", JSON.stringify(first));
    const handler = rotationHandler(redisKind({ elasticache: ec, userId: USER_ID, ca: redis!.ca, pollMs: 10 }), sm, () => undefined);
    const current = () => parseCredential(sm.valueAt(id, "AWSCURRENT")!, id);

    // Each task: the credential it read at start; a loop opens a new connection, authenticates, writes and reads.
    const tasks: RedisCredential[] = [current(), current(), current()];
    const seen = new Set<string>([firstPassword]);
    let connections = 0;
    let sessions = 0;
    let authFailures = 0;
    let otherErrors = 0;
    const useOnce = async (t: number) => {
      const c = tasks[t];
      const n = String(++sessions);
      try {
        const [auth, set, get] = await redisSession({ ...c, ca: redis!.ca }, [
          ["SET", `sess:task-${t}-${n}`, n, "EX", "60"],
          ["GET", `sess:task-${t}-${n}`],
        ]);
        if (auth !== "+OK") {
          authFailures++;
          tasks[t] = current(); // the README's pattern: re-read the secret on an authentication failure
          return;
        }
        connections++;
        if (set !== "+OK" || get !== n) otherErrors++;
      } catch {
        otherErrors++;
      }
    };
    // The background loop: the tasks take turns, one new connection at a time, all through the test.
    let running = true;
    const loop = (async () => {
      for (let n = 0; running; n++) {
        await useOnce(n % tasks.length);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    // After every step: a connection by each task in turn (the late one included), and AWSCURRENT authenticates.
    let currentChecks = 0;
    let currentFailures = 0;
    let turn = 0;
    const tick = async () => {
      await useOnce(turn++ % tasks.length);
      currentChecks++;
      const [auth] = await redisSession({ ...current(), ca: redis!.ca }, [["PING"]]);
      if (auth !== "+OK") currentFailures++;
    };

    const stats = newStats();
    for (let i = 0; i < ROTATIONS; i++) {
      tasks[2] = current(); // the late task is replaced just before the next rotation
      if (process.env.DEBUG_ROTATION) process.stderr.write(`rotation ${i} ${new Date().toISOString()} conns ${connections}\n`);
      await rotateWithFaults(sm, id, handler, i, stats, tick);
      const now = current();
      expect(seen.has(now.password)).toBe(false);
      seen.add(now.password);
      // Rolling redeploy of the other two tasks, one after the other; the late task still uses the previous password.
      await useOnce(2);
      tasks[0] = current();
      await useOnce(0);
      tasks[1] = current();
      await useOnce(1);
      await useOnce(2);
    }
    running = false;
    await loop;

    // The server holds exactly AWSCURRENT's and AWSPREVIOUS's passwords: the one before is refused.
    const previous = parseCredential(sm.valueAt(id, "AWSPREVIOUS")!, id);
    await expect(authenticate(current(), redis!.ca)).resolves.toBeUndefined();
    await expect(authenticate(previous, redis!.ca)).resolves.toBeUndefined();
    const older = [...seen].at(-3)!;
    await expect(authenticate({ ...previous, password: older }, redis!.ca)).rejects.toThrow(/WRONGPASS|invalid/i);
    expect(
      redis!
        .cli(["--user", "admin", "--pass", ADMIN_PASSWORD], ["ACL", "GETUSER", "app"])
        .split("\n")
        .filter((l) => /^[0-9a-f]{64}$/.test(l)),
    ).toHaveLength(2);
    expect(ec.modifications.every((m) => m.passwords === 2)).toBe(true);
    expect(current().password).toMatch(/^[A-Za-z0-9]{64}$/);

    stats.failures = authFailures;
    console.log(
      `${summary("redis", stats)}; ${connections} authenticated connections by 3 tasks, ${authFailures} authentication failures, ${otherErrors} other errors; AWSCURRENT authenticated at ${currentChecks - currentFailures}/${currentChecks} checks; ${ec.modifications.length} ModifyUser calls`,
    );
    expect(authFailures).toBe(0);
    expect(otherErrors).toBe(0);
    expect(currentFailures).toBe(0);
    expect(stats.faults).toBe(Math.floor((ROTATIONS + 3) / 5) + Math.floor((ROTATIONS + 1) / 5));
    expect(connections).toBeGreaterThan(ROTATIONS * 8);
  }, 120_000);

  it("refuses a pending credential for another user, and a testSecret whose password the server does not take", async () => {
    const sm = new FakeSecretsManager();
    const ec = new FakeElastiCache(admin!);
    const password = alnum(64);
    await admin!.sendCommand(["ACL", "SETUSER", "app2", "reset", "on", `>${password}`, "~shop:*", "+@all", "-@dangerous"]);
    ec.addUser("shop-prod-cache-app2", "app2", [password]);
    const cred: RedisCredential = { host: "127.0.0.1", port: redis!.port, username: "app2", password, tls: true };
    const id = sm.createSecret("/shop/prod/redis/app2", JSON.stringify(cred));
    const kind = redisKind({ elasticache: ec, userId: "shop-prod-cache-app2", ca: redis!.ca, pollMs: 10 });
    const ctx = { client: sm, secretId: id, token: "t", metadata: {} as never, log: () => undefined };
    await expect(kind.setSecret(ctx, JSON.stringify({ ...cred, username: "other" }), JSON.stringify(cred))).rejects.toThrow("is not the current user app2");
    await expect(kind.testSecret(ctx, JSON.stringify({ ...cred, password: alnum(64) }))).rejects.toThrow(/pending password of app2 does not authenticate/);
    // A wrong CA is a failed test too: the server certificate is verified.
    await expect(authenticate(cred, crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString())).rejects.toThrow();
    await expect(authenticate(cred, redis!.ca)).resolves.toBeUndefined();
  });
});
