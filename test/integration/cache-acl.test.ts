/**
 * Runs SecureCache's access strings on a real Redis 7 over TLS on 127.0.0.1: the server speaks only TLS
 * (no plaintext port, as transit mode `required`), the built-in `default` user is replaced by the component's
 * disabled one, and the app user reaches only its key prefixes and no dangerous command.
 *
 * Skips (with the reason in the test name) when redis-server, redis-cli or openssl are absent, except in CI (CI set),
 * where a missing server fails the suite.
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { appAccessString, DISABLED_DEFAULT_ACCESS_STRING } from "../../components/cache";
import { defaultKeyPrefixes } from "../../components/cache/defaults";
import { hasOpenssl, makeCertificates } from "../support/tls";

const which = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
const [SERVER, CLI] = ["redis-server", "redis-cli"].map(which);
const available = Boolean(SERVER && CLI && hasOpenssl() && spawnSync(CLI, ["--help"], { encoding: "utf8" }).stdout.includes("--tls"));
// In CI a server that cannot start fails the suite (.ci/run and the workflow install them); elsewhere it skips.
const suite = available || process.env.CI ? describe : describe.skip;
const title = available ? "SecureCache access strings on a real Redis over TLS" : "SecureCache access strings on a real Redis over TLS (skipped: needs redis-server, redis-cli with TLS and openssl)";

const APP_PASSWORD = "app-Pw_0123456789abcdefghijABCDEFGHIJ0123456789";
const PREFIXES = defaultKeyPrefixes("shop");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

suite(title, () => {
  let dir = "";
  let port = 0;
  let server: ChildProcess | undefined;

  /** One command through redis-cli over TLS, verifying the server certificate against the test CA. */
  const cli = (auth: string[], command: string[], tls = true) => {
    const r = spawnSync(CLI, [...(tls ? ["--tls", "--cacert", path.join(dir, "ca.pem")] : []), "-h", "127.0.0.1", "-p", String(port), "--no-auth-warning", ...auth, ...command], { encoding: "utf8", timeout: 10_000 });
    return `${r.stdout}${r.stderr}`.trim();
  };
  const asApp = (...command: string[]) => cli(["--user", "app", "--pass", APP_PASSWORD], command);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "redis-tls-"));
    const certs = makeCertificates(dir);
    port = await freePort();
    fs.writeFileSync(
      path.join(dir, "redis.conf"),
      [
        "bind 127.0.0.1",
        "port 0", // no plaintext listener: transit encryption mode `required`
        `tls-port ${port}`,
        `tls-cert-file ${certs.cert}`,
        `tls-key-file ${certs.key}`,
        `tls-ca-cert-file ${certs.ca}`,
        "tls-auth-clients no",
        'tls-protocols "TLSv1.2 TLSv1.3"',
        `dir ${dir}`,
        'save ""',
        `user default reset ${DISABLED_DEFAULT_ACCESS_STRING}`,
        `user app reset ${appAccessString(PREFIXES)} >${APP_PASSWORD}`,
        "",
      ].join("\n"),
    );
    server = spawn(SERVER, [path.join(dir, "redis.conf")], { stdio: ["ignore", "pipe", "pipe"] });
    const log: string[] = [];
    server.stdout!.on("data", (b) => log.push(String(b)));
    for (let i = 0; i < 100; i++) {
      if (log.join("").includes("Ready to accept connections")) return;
      if (server.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server did not start:\n${log.join("")}`);
  }, 60_000);

  afterAll(() => {
    server?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

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
