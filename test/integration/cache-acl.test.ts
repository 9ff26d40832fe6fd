/**
 * Runs SecureCache's access strings on a real Redis 7 over TLS on 127.0.0.1: the server speaks only TLS
 * (no plaintext port, as transit mode `required`), the built-in `default` user is replaced by the component's
 * disabled one, and the app user reaches only its key prefixes and no dangerous command.
 *
 * Skips (with the reason in the test name) when redis-server, redis-cli or openssl are absent, except in CI (CI set),
 * where a missing server fails the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { appAccessString, DISABLED_DEFAULT_ACCESS_STRING } from "../../components/cache";
import { defaultKeyPrefixes } from "../../components/cache/defaults";
import { redisAvailable, redisSuite, startTlsRedis, TlsRedis } from "../support/redis-server";

// In CI a server that cannot start fails the suite (.ci/run and the workflow install them); elsewhere it skips.
const suite = redisSuite ? describe : describe.skip;
const title = redisAvailable
  ? "SecureCache access strings on a real Redis over TLS"
  : "SecureCache access strings on a real Redis over TLS (skipped: needs redis-server, redis-cli with TLS and openssl)";

const APP_PASSWORD = "app-Pw_0123456789abcdefghijABCDEFGHIJ0123456789";
const PREFIXES = defaultKeyPrefixes("shop");

suite(title, () => {
  let redis: TlsRedis | undefined;
  const cli = (auth: string[], command: string[], tls = true) => redis!.cli(auth, command, tls);
  const asApp = (...command: string[]) => cli(["--user", "app", "--pass", APP_PASSWORD], command);

  beforeAll(async () => {
    redis = await startTlsRedis([`default reset ${DISABLED_DEFAULT_ACCESS_STRING}`, `app reset ${appAccessString(PREFIXES)} >${APP_PASSWORD}`]);
  }, 60_000);

  afterAll(() => redis?.stop());

  it("lets the app user read and write its own key prefixes over TLS", () => {
    expect(asApp("SET", "sess:abc", "1")).toBe("OK");
    expect(asApp("GET", "sess:abc")).toBe("1");
    expect(asApp("INCR", "rl:auth:203.0.113.9")).toBe("1");
    expect(asApp("SET", "shop:cart:7", "x")).toBe("OK");
  });

  it("refuses the app user keys outside its prefixes and every dangerous command", () => {
    expect(asApp("GET", "other:abc")).toMatch(/NOPERM.*key/i);
    for (const command of [["FLUSHALL"], ["CONFIG", "GET", "requirepass"], ["KEYS", "*"], ["SAVE"], ["ACL", "LIST"]]) {
      expect(asApp(...command)).toMatch(/NOPERM/);
    }
  });

  it("refuses unauthenticated clients and the disabled default user", () => {
    expect(cli([], ["GET", "sess:abc"])).toMatch(/NOAUTH/);
    expect(cli(["--user", "default", "--pass", "anything"], ["PING"])).toMatch(/WRONGPASS|NOAUTH|disabled/i);
  });

  it("refuses the app user with a wrong password", () => {
    expect(cli(["--user", "app", "--pass", "wrong-password"], ["PING"])).toMatch(/WRONGPASS/);
  });

  it("speaks only TLS: a plaintext client gets no reply", () => {
    expect(cli(["--user", "app", "--pass", APP_PASSWORD], ["PING"], false)).not.toContain("PONG");
    expect(asApp("PING")).toBe("PONG");
  });
});
