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
const instructions = dockerfile.replace(/\\\n\s*/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
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
    expect(fs.readFileSync(path.join(dir, ".dockerignore"), "utf8").split("\n").filter((l) => l && !l.startsWith("#"))).toEqual(["**", "!server.js", "!package.json"]);
  });
});

describe("examples/app server", () => {
  it("answers /health with 200 and logs JSON lines", async () => {
    const port = 18000 + Math.floor(Math.random() * 1000);
    const child = spawn(process.execPath, [path.join(dir, "server.js")], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const firstLine = await new Promise<string>((resolve) => child.stdout.once("data", (b) => resolve(String(b).split("\n")[0])));
      expect(JSON.parse(firstLine)).toMatchObject({ level: "info", msg: `listening on ${port}` });
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        http.get(`http://127.0.0.1:${port}/health`, (r) => {
          let body = "";
          r.on("data", (c) => (body += c));
          r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
        }).on("error", reject);
      });
      expect(res).toEqual({ status: 200, body: '{"status":"ok"}' });
    } finally {
      child.kill("SIGTERM");
    }
  });
});
