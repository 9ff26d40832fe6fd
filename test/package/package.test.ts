/**
 * The package as a user gets it: `npm pack` of a copy of this repository (its `prepare` builds the components
 * and the pack), the tarball installed into a fresh directory outside the repository, and a program there that
 * imports `hardened-aws` and `hardened-aws/testing` by name, captures a small program under mocks and runs the
 * installed pack (`node_modules/hardened-aws/policy`) over it through the offline preview's `runPack`.
 * The customer-service example, moved next to the installed package, previews there with the installed pack.
 * Everything happens under os.tmpdir(); the consumer runs in its own node process (no jest module mapping).
 */
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** What a clean checkout holds: the working tree without installed or built files. */
const NOT_IN_CHECKOUT = new Set(["node_modules", "dist", ".git", "out", path.join("policy", "bin")]);

/** The consumer's program: the package used by name, exactly as another team would. */
const CONSUMER = `
const aws = require("@pulumi/aws");
const hardened = require("hardened-aws");
const testing = require("hardened-aws/testing");

const region = { config: { "aws:region": "eu-west-1" }, project: "consumer", stack: "prod" };
(async () => {
  const secure = await testing.capture(() => {
    const logs = new hardened.LogClasses("logs", { environment: "prod", appName: "shop" });
    logs.standardGroups();
  }, region);
  const insecure = await testing.capture(() => {
    new aws.cloudwatch.LogGroup("plain", { name: "/shop/prod/plain" });
  }, region);
  const summary = (r) => ({
    violations: r.violations.map((v) => ({ policy: v.policyName, resource: v.urn.split("::").pop(), level: v.enforcementLevel, message: v.message })),
    undecided: r.undecided.length,
    mandatoryViolations: r.mandatoryViolations,
    pack: r.pack.name,
    policies: r.pack.policies.length,
  });
  const secureVerdict = await testing.runPack(secure, { all: "mandatory" });
  const insecureVerdict = await testing.runPack(insecure, { all: "mandatory" });
  let thrown;
  try {
    new hardened.LogClasses("bad", { environment: "prod", appName: "shop", retentionDays: { audit: 1 } });
  } catch (e) {
    thrown = { name: e.constructor.name, isArgumentError: e instanceof hardened.ArgumentError };
  }
  console.log(JSON.stringify({
    exports: Object.keys(hardened).sort(),
    testingExports: Object.keys(testing).sort(),
    resolved: { main: require.resolve("hardened-aws"), testing: require.resolve("hardened-aws/testing"), policy: require.resolve("hardened-aws/policy"), packDir: testing.defaultPackDir() },
    resources: secure.resources.map((r) => ({ type: r.type, name: r.name, parent: r.parent.split("::").pop(), inputs: r.inputs, arn: r.outputs.arn })),
    secure: summary(secureVerdict),
    insecure: summary(insecureVerdict),
    thrown,
  }));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
`;

/** The customer-service example, moved out of the repository and previewed with the installed pack. */
const EXAMPLE_PREVIEW = `
const testing = require("hardened-aws/testing");
testing.runPreview({ stack: process.argv[2], projectDir: process.argv[3] }).then((r) => {
  console.log(JSON.stringify({
    exitCode: r.exitCode,
    mandatory: r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName + " " + v.urn),
    resources: r.capture.resources.length,
    hardened: r.capture.resources.filter((x) => x.type.startsWith("hardened:")).map((x) => x.type).sort(),
    pack: r.pack.name,
  }));
}).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
`;

interface Packed {
  readonly filename: string;
  readonly files: { path: string }[];
}

let tmp: string;
let packed: Packed;
let consumerDir: string;
let result: any;
let examplePreview: any;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000, env: { ...process.env, npm_config_update_notifier: "false" } });
}

describe("the installed package", () => {
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-aws-package-"));
    // A clean checkout: the repository's files, its installed dependencies linked, nothing built.
    const src = path.join(tmp, "src");
    fs.cpSync(REPO_ROOT, src, { recursive: true, filter: (from) => !NOT_IN_CHECKOUT.has(path.relative(REPO_ROOT, from)) });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(src, "node_modules"), "dir");
    // npm pack runs prepare, which builds dist/ and policy/bin in the copy.
    const out = run(NPM, ["pack", "--json", "--pack-destination", tmp], src);
    packed = JSON.parse(out.slice(out.indexOf("[")))[0];
    consumerDir = path.join(tmp, "consumer");
    fs.mkdirSync(consumerDir);
    fs.writeFileSync(path.join(consumerDir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
    run(NPM, ["install", "--no-audit", "--no-fund", "--prefer-offline", path.join(tmp, packed.filename)], consumerDir);
    fs.writeFileSync(path.join(consumerDir, "consumer.js"), CONSUMER);
    result = JSON.parse(run(process.execPath, ["consumer.js"], consumerDir));
    // One example as its own team would hold it: the program (compiled to JavaScript by the team's build), its
    // stack files and the app it builds, next to the installed package; previewed by hardened-aws/testing.
    const example = path.join(consumerDir, "examples", "customer-service");
    fs.mkdirSync(example, { recursive: true });
    fs.cpSync(path.join(REPO_ROOT, "examples", "app"), path.join(consumerDir, "examples", "app"), { recursive: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript");
    const source = fs.readFileSync(path.join(REPO_ROOT, "examples", "customer-service", "index.ts"), "utf8");
    fs.writeFileSync(
      path.join(example, "index.js"),
      ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText,
    );
    fs.writeFileSync(path.join(example, "Pulumi.yaml"), fs.readFileSync(path.join(REPO_ROOT, "examples", "customer-service", "Pulumi.yaml"), "utf8").replace("main: index.ts", "main: index.js"));
    for (const stack of ["staging", "prod"]) fs.copyFileSync(path.join(REPO_ROOT, "examples", "customer-service", `Pulumi.${stack}.yaml`), path.join(example, `Pulumi.${stack}.yaml`));
    fs.writeFileSync(path.join(consumerDir, "preview-example.js"), EXAMPLE_PREVIEW);
    examplePreview = JSON.parse(run(process.execPath, ["preview-example.js", "prod", example], consumerDir));
  }, 900_000);
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("ships the compiled components, the testing library and the compiled pack, and no tests, fixtures, examples or TypeScript sources", () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files.filter((f) => /^(test|examples|infra|tools|components|testing)\//.test(f) || /(^|\/)fixtures\//.test(f))).toEqual([]);
    // Rotation functions ship as TypeScript: the program bundles them with esbuild when it runs.
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !/^functions\/[a-z-]+\/[a-z-]+\.ts$/.test(f))).toEqual([]);
    expect(files).toContain("functions/shared/rotation.ts");
    expect(files.filter((f) => /^Pulumi\./.test(f) || f.startsWith("policy/standards/"))).toEqual([]);
    for (const f of [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/testing/index.js",
      "dist/testing/index.d.ts",
      "policy/PulumiPolicy.yaml",
      "policy/package.json",
      "policy/bin/index.js",
      "policy/config/prod.json",
      "policy/config/staging.json",
    ]) {
      expect(files).toContain(f);
    }
  });

  it("previews the customer-service example outside the repository with the installed pack: 0 mandatory violations", () => {
    expect(examplePreview.mandatory).toEqual([]);
    expect(examplePreview.exitCode).toBe(0);
    expect(examplePreview.pack).toBe("hardened-aws");
    expect(examplePreview.resources).toBeGreaterThan(150);
    expect([...new Set(examplePreview.hardened)]).toEqual([
      "hardened:backup:BackupPlan",
      "hardened:database:SecureDatabase",
      "hardened:firewall:WebFirewall",
      "hardened:loadbalancer:SecureLoadBalancer",
      "hardened:logs:LogClasses",
      "hardened:monitoring:Monitoring",
      "hardened:network:Network",
      "hardened:secrets:SecretSet",
      "hardened:service:HardenedService",
    ]);
  });

  it("installs as a public package whose pack carries the package's version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(consumerDir, "node_modules", "hardened-aws", "package.json"), "utf8"));
    const pack = JSON.parse(fs.readFileSync(path.join(consumerDir, "node_modules", "hardened-aws", "policy", "package.json"), "utf8"));
    expect(pkg.private).toBeUndefined();
    expect(pack.version).toBe(pkg.version);
    expect(pack.main).toBe("bin/index.js");
    expect(pkg.engines.node).toBe(">=20");
  });

  it("resolves hardened-aws to the compiled components, hardened-aws/testing to the testing library and hardened-aws/policy to the pack", () => {
    const installed = fs.realpathSync(path.join(consumerDir, "node_modules", "hardened-aws"));
    expect(result.resolved).toEqual({
      main: path.join(installed, "dist", "components", "index.js"),
      testing: path.join(installed, "dist", "testing", "index.js"),
      policy: path.join(installed, "policy", "package.json"),
      packDir: path.join(installed, "policy"),
    });
  });

  it("exports the components and their argument errors from hardened-aws", () => {
    expect(result.exports).toEqual([
      "ArgumentError",
      "BackupPlan",
      "DEFAULT_GENERAL_RATE",
      "DEFAULT_PATH_RATES",
      "HardenedService",
      "LogClasses",
      "Monitoring",
      "Network",
      "OneOffTask",
      "ROLE_NAMES",
      "SecretSet",
      "SecureBucket",
      "SecureCache",
      "SecureDatabase",
      "SecureLoadBalancer",
      "ServiceCluster",
      "WebFirewall",
      "jwtKeySet",
      "keyring",
      "passwordVariable",
      "wafRate",
    ]);
    expect(result.thrown).toEqual({ name: "ArgumentError", isArgumentError: true });
  });

  it("exports the mock runtime, the capture and the offline preview from hardened-aws/testing", () => {
    for (const name of ["awsMocks", "capture", "captureError", "runPack", "runPreview", "defaultPackDir", "PackSession", "loadProjectStack", "toSarif", "UNKNOWN"])
      expect(result.testingExports).toContain(name);
  });

  it("captures a LogClasses program under the mocks, with the concrete groups it builds", () => {
    const groups = result.resources.filter((r: any) => r.type === "aws:cloudwatch/logGroup:LogGroup");
    expect(groups.map((g: any) => [g.name, g.inputs.name, g.inputs.retentionInDays, g.parent])).toEqual([
      ["logs-security", "/shop/prod/security", 90, "logs"],
      ["logs-security-critical", "/shop/prod/security-critical", 365, "logs"],
      ["logs-audit", "/shop/prod/audit", 2557, "logs"],
    ]);
    const key = result.resources.find((r: any) => r.type === "aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    expect(key.arn).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
    expect(groups.map((g: any) => g.inputs.kmsKeyId)).toEqual([key.arn, key.arn, key.arn]);
  });

  it("runs the installed pack over the captures: the component passes, a hand-written unencrypted log group is blocked", () => {
    expect(result.secure).toMatchObject({ pack: "hardened-aws", violations: [], mandatoryViolations: 0, undecided: 0 });
    expect(result.secure.policies).toBeGreaterThan(90);
    const blocked = result.insecure.violations.filter((v: any) => v.level === "mandatory").map((v: any) => [v.policy, v.resource]);
    expect(blocked).toContainEqual(["logs-group-kms-encrypted", "plain"]);
    expect(result.insecure.violations.find((v: any) => v.policy === "logs-group-kms-encrypted").message).toMatch(/^Log group is not encrypted with a customer-managed key;/);
    expect(result.insecure.mandatoryViolations).toBe(blocked.length);
  });
});
