/**
 * A throwaway Redis 7 that speaks only TLS on 127.0.0.1 (no plaintext port, as ElastiCache's transit mode
 * `required`), with ACL users given at start, for the integration tests. `available` says whether redis-server,
 * redis-cli (with TLS) and openssl are installed; in CI (CI set) suites run anyway, so a missing server fails them.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as tls from "tls";
import * as os from "os";
import * as path from "path";
import { hasOpenssl, makeCertificates } from "./tls";

const which = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
export const REDIS_SERVER = which("redis-server");
export const REDIS_CLI = which("redis-cli");
export const redisAvailable = Boolean(REDIS_SERVER && REDIS_CLI && hasOpenssl() && spawnSync(REDIS_CLI, ["--help"], { encoding: "utf8" }).stdout.includes("--tls"));
/** Run the suite when the server is there, and always in CI (where a missing server must fail). */
export const redisSuite = redisAvailable || Boolean(process.env.CI);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface TlsRedis {
  readonly port: number;
  readonly dir: string;
  /** The test CA (PEM file path and text) that signed the server certificate for 127.0.0.1. */
  readonly caFile: string;
  readonly ca: string;
  /** One command through redis-cli over TLS (or plaintext, to show it gets nothing), output trimmed. */
  cli(auth: readonly string[], command: readonly string[], tls?: boolean): string;
  stop(): void;
}

/** Starts redis-server with `users` (ACL `user` lines without the leading `user`), waits until it accepts connections. */
export async function startTlsRedis(users: readonly string[], prefix = "redis-tls-"): Promise<TlsRedis> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const certs = makeCertificates(dir);
  const port = await freePort();
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
      ...users.map((u) => `user ${u}`),
      "",
    ].join("\n"),
  );
  const server: ChildProcess = spawn(REDIS_SERVER || "redis-server", [path.join(dir, "redis.conf")], { stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  server.stdout!.on("data", (b) => log.push(String(b)));
  server.stderr!.on("data", (b) => log.push(String(b)));
  server.on("error", (e) => log.push(String(e)));
  const stop = () => {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (log.join("").includes("Ready to accept connections")) {
      const cli = (auth: readonly string[], command: readonly string[], tls = true) => {
        const r = spawnSync(REDIS_CLI, [...(tls ? ["--tls", "--cacert", certs.ca] : []), "-h", "127.0.0.1", "-p", String(port), "--no-auth-warning", ...auth, ...command], {
          encoding: "utf8",
          timeout: 10_000,
        });
        return `${r.stdout}${r.stderr}`.trim();
      };
      return { port, dir, caFile: certs.ca, ca: fs.readFileSync(certs.ca, "utf8"), cli, stop };
    }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`redis-server did not start:\n${log.join("")}`);
}

/**
 * One short session of an application on a new TLS connection (server certificate verified against `ca`): AUTH as the
 * user, then the commands, pipelined, then QUIT. Returns the replies of AUTH and each command (RESP2 simple strings,
 * errors as `-…`, bulk strings, integers). A plain TLS socket: a full client costs twice the time per connection,
 * and the rotation tests open thousands.
 */
export function redisSession(opts: { host: string; port: number; ca: string; username: string; password: string }, commands: readonly (readonly string[])[]): Promise<string[]> {
  const encode = (args: readonly string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
  const want = commands.length + 2; // AUTH, the commands, QUIT
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: opts.host, port: opts.port, ca: opts.ca, servername: net.isIP(opts.host) ? undefined : opts.host }, () => {
      socket.write([["AUTH", opts.username, opts.password], ...commands, ["QUIT"]].map(encode).join(""));
    });
    let buf = "";
    const replies: string[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("redis session timed out")));
    socket.on("data", (d) => {
      buf += d;
      for (;;) {
        const eol = buf.indexOf("\r\n");
        if (eol < 0) return;
        const line = buf.slice(0, eol);
        if (line.startsWith("$")) {
          const n = Number(line.slice(1));
          if (n < 0) {
            replies.push("(nil)");
            buf = buf.slice(eol + 2);
          } else {
            if (buf.length < eol + 2 + n + 2) return;
            replies.push(buf.slice(eol + 2, eol + 2 + n));
            buf = buf.slice(eol + 2 + n + 2);
          }
        } else {
          replies.push(line);
          buf = buf.slice(eol + 2);
        }
        if (replies.length === want) {
          socket.end();
          resolve(replies.slice(0, -1));
          return;
        }
      }
    });
    socket.on("error", reject);
    socket.on("close", () => (replies.length < want ? reject(new Error(`connection closed after ${replies.length} replies: ${replies.join(" | ")}`)) : undefined));
  });
}
