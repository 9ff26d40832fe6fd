/** The example app and its Dockerfile (examples/app): the hardening lines HardenedService relies on. */
import { describe, expect, it } from "@jest/globals";
import { spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import { SECRET_ENV_NAME } from "../../components/service/defaults";
import { REPO_ROOT } from "../support/program";

const dir = path.join(REPO_ROOT, "examples/app");
const dockerfile = fs.readFileSync(path.join(dir, "Dockerfile"), "utf8");
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n\s*/g, " ")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const of = (keyword: string) => instructions.filter((l) => l.toUpperCase().startsWith(`${keyword} `));

describe("examples/app Dockerfile", () => {
  it("is multi-stage with every base image pinned by digest", () => {
    const froms = of("FROM");
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM \S+:\S+@sha256:[0-9a-f]{64}( AS \w+)?$/);
  });

  it("runs as the fixed non-root uid 10001 that HardenedService's user arg names", () => {
    const users = of("USER");
    expect(users[users.length - 1]).toBe("USER 10001:10001");
    expect(dockerfile).toContain("adduser -S -D -H -u 10001 -G app");
    expect(instructions.indexOf(users[users.length - 1])).toBeGreaterThan(instructions.findIndex((l) => l.startsWith("COPY --from=build")));
  });

  it("has the CTR-4 health check and the scan label", () => {
    expect(of("HEALTHCHECK")).toEqual(["HEALTHCHECK --interval=30s --timeout=10s --start-period=5s --retries=3 CMD curl -f http://localhost:8000/health || exit 1"]);
    expect(dockerfile).toMatch(/apk add --no-cache curl/);
    expect(of("LABEL").join(" ")).toContain('security.scan="enabled"');
    expect(of("EXPOSE")).toEqual(["EXPOSE 8000"]);
  });

  it("puts no secrets in layers: no secret-named ENV or ARG, and a context limited to the app's files", () => {
    const names = [...of("ENV"), ...of("ARG")].flatMap((l) => [...l.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]));
    expect(names).toEqual(["NODE_ENV", "PORT"]);
    expect(names.filter((n) => SECRET_ENV_NAME.test(n))).toEqual([]);
    expect(
      fs
        .readFileSync(path.join(dir, ".dockerignore"), "utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("#")),
    ).toEqual(["**", "!server.js", "!keyring.js", "!package.json"]);
  });
});

describe("examples/app keyring", () => {
  it("is the package's keyring helper (functions/generated/keyring.ts) bundled, byte for byte", async () => {
    const esbuild = await import("esbuild");
    const file = fs.readFileSync(path.join(dir, "keyring.js"), "utf8");
    const banner = file.split("\n")[0];
    const out = esbuild.buildSync({
      entryPoints: [path.join(REPO_ROOT, "functions/generated/keyring.ts")],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      legalComments: "none",
      write: false,
      banner: { js: banner },
    });
    expect(file).toBe(out.outputFiles[0].text); // regenerate with the command in the banner
  });

  it("decrypts by version what an older keyring encrypted, after rotations", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const k = require(path.join(dir, "keyring.js"));
    const ring1 = k.parseKeyring(JSON.stringify({ current: 1, keys: { 1: "11".repeat(32) } }));
    const stored = k.encrypt(ring1, "card ending 4242", "row-7");
    const ring3 = k.parseKeyring(JSON.stringify({ current: 2, keys: { 1: "11".repeat(32), 2: "22".repeat(32), 3: "33".repeat(32) } }));
    expect(k.encrypt(ring3, "x").startsWith("k2.")).toBe(true);
    expect(k.decrypt(ring3, stored, "row-7").toString()).toBe("card ending 4242");
    expect(() => k.decrypt(ring3, stored, "row-8")).toThrow();
  });
});

describe("examples/app server", () => {
  it("answers /health with 200 and logs JSON lines", async () => {
    const port = 18000 + Math.floor(Math.random() * 1000);
    const ENCRYPTION_KEY = JSON.stringify({ current: 1, keys: { 1: "11".repeat(32), 2: "22".repeat(32) } });
    const child = spawn(process.execPath, [path.join(dir, "server.js")], { env: { ...process.env, PORT: String(port), ENCRYPTION_KEY }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const firstLine = await new Promise<string>((resolve) => child.stdout.once("data", (b) => resolve(String(b).split("\n")[0])));
      expect(JSON.parse(firstLine)).toMatchObject({ level: "info", msg: `listening on ${port}`, keyring: { current: 1, versions: 2 } });
      expect(firstLine).not.toContain("11".repeat(32)); // never a key
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${port}/health`, (r) => {
            let body = "";
            r.on("data", (c) => (body += c));
            r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
          })
          .on("error", reject);
      });
      expect(res).toEqual({ status: 200, body: '{"status":"ok"}' });
    } finally {
      child.kill("SIGTERM");
    }
  });
});
