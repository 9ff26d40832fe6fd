/**
 * The offline preview refuses what `pulumi up` refuses, and takes what it takes: encrypted stack values
 * (placeholders of the declared type, kept secret), declared keys without a default the stack must set, declared
 * types, keys the program does not read, and the pack config's policy names and levels.
 */
import { describe, expect, it } from "@jest/globals";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ConfigError } from "../../infra/config";
import { PackConfigError, PackInfo, resolvePackConfig } from "hardened-aws/testing";
import { loadProjectStack, ProjectError, SECURE_PLACEHOLDER } from "hardened-aws/testing";
import { capture, captureError } from "../support/capture";
import { REPO_ROOT, requireIsolated } from "../support/program";

/** A copy of this project's Pulumi.yaml with one stack file of the given text, in a temporary directory. */
function projectWith(stackYaml: string, stack = "prod"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
  return dir;
}

const PROD = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
const withoutEmails = PROD.replace(/ {2}hardened-aws:alertEmails:\n( {4}- .*\n)+/, "");

function projectError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectError);
    return (e as Error).message;
  }
  throw new Error("expected a ProjectError");
}

describe("stack config as the CLI reads it", () => {
  it("substitutes a marked placeholder of the declared type for a secure value and keeps it secret through the program", async () => {
    const dir = projectWith(`${withoutEmails}  hardened-aws:alertEmails:\n    secure: v1:c2VjcmV0:Zm9yIHRoZSBvbmNhbGw=\n`);
    const ps = loadProjectStack(dir, "prod");
    expect(ps.config["hardened-aws:alertEmails"]).toBe(JSON.stringify([SECURE_PLACEHOLDER]));
    expect(ps.secretKeys).toEqual(["hardened-aws:alertEmails"]);
    const cap = await capture(() => requireIsolated(path.join(REPO_ROOT, "infra", "index.ts")), { project: ps.project, stack: "prod", config: ps.config, secretKeys: ps.secretKeys });
    const subs = cap.ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => [s.inputs.endpoint, s.secretInputPaths.includes("endpoint")])).toEqual([[SECURE_PLACEHOLDER, true]]);
  });

  it("gives each secure element of a list its own placeholder, so a list of secret addresses previews as pulumi up deploys it", async () => {
    const dir = projectWith(`${withoutEmails}  hardened-aws:alertEmails:\n    - secure: v1:YQ==:Yg==\n    - secure: v1:YQ==:Yw==\n`);
    const ps = loadProjectStack(dir, "prod");
    expect(JSON.parse(ps.config["hardened-aws:alertEmails"])).toEqual([SECURE_PLACEHOLDER, "secret+1@offline-preview.invalid"]);
    const cap = await capture(() => requireIsolated(path.join(REPO_ROOT, "infra", "index.ts")), { project: ps.project, stack: "prod", config: ps.config, secretKeys: ps.secretKeys });
    const subs = cap.ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => [s.inputs.endpoint, s.secretInputPaths.includes("endpoint")])).toEqual([
      [SECURE_PLACEHOLDER, true],
      ["secret+1@offline-preview.invalid", true],
    ]);
  });

  it("previews an example whose alert addresses are set with --secret, each subscription endpoint a secret", async () => {
    const example = path.join(REPO_ROOT, "examples", "apex-ai");
    const stackYaml = fs.readFileSync(path.join(example, "Pulumi.prod.yaml"), "utf8").replace(/ {2}apex-ai:alertEmails:\n( {4}- .*\n)+/, "  apex-ai:alertEmails:\n    secure: v1:YQ==:Yg==\n");
    expect(stackYaml).toContain("secure:");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    fs.copyFileSync(path.join(example, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stackYaml);
    const ps = loadProjectStack(dir, "prod");
    const cap = await capture(() => requireIsolated(path.join(example, "index.ts")), { project: ps.project, stack: "prod", config: ps.config, secretKeys: ps.secretKeys });
    const subs = cap.ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(subs.map((s) => [s.inputs.endpoint, s.secretInputPaths.includes("endpoint")])).toEqual([[SECURE_PLACEHOLDER, true]]);
  });

  it("replaces each secure element of a list and each secure string with the placeholder", () => {
    const dir = projectWith(`${withoutEmails}  hardened-aws:alertEmails:\n    - secure: v1:YQ==:Yg==\n    - plain@example.com\n  hardened-aws:appImageTag:\n    secure: v1:YQ==:Yw==\n`);
    const ps = loadProjectStack(dir, "prod");
    expect(JSON.parse(ps.config["hardened-aws:alertEmails"])).toEqual([SECURE_PLACEHOLDER, "plain@example.com"]);
    expect(ps.config["hardened-aws:appImageTag"]).toBe(SECURE_PLACEHOLDER);
    expect(ps.secretKeys.sort()).toEqual(["hardened-aws:alertEmails", "hardened-aws:appImageTag"]);
  });

  it("refuses a stack that does not set a declared key without a default, as the CLI does", () => {
    const dir = projectWith(PROD.replace("  hardened-aws:environment: prod\n", ""));
    expect(projectError(() => loadProjectStack(dir, "prod"))).toBe(
      "Stack 'prod' is missing configuration value 'environment'. Fix: set it in Pulumi.prod.yaml (pulumi config set <key> <value> --stack prod), or give it a default in Pulumi.yaml.",
    );
  });

  it("refuses a value of the wrong declared type, naming the key and the type", () => {
    const dir = projectWith(`${PROD}  hardened-aws:jwtRotationDays: monthly\n  hardened-aws:extraHostNames: www.example.com\n`);
    expect(projectError(() => loadProjectStack(dir, "prod")).split("\n")).toEqual([
      "Stack 'prod' with configuration key 'jwtRotationDays' must be of type 'integer'. Fix: correct hardened-aws:jwtRotationDays in Pulumi.prod.yaml.",
      "Stack 'prod' with configuration key 'extraHostNames' must be of type 'List<string>'. Fix: correct hardened-aws:extraHostNames in Pulumi.prod.yaml.",
    ]);
  });

  it("refuses a key of the project's namespace the program does not read, before any resource registers", async () => {
    const ps = loadProjectStack(REPO_ROOT, "prod");
    const { error, registered } = await captureError(() => requireIsolated(ps.main), { project: ps.project, stack: "prod", config: { ...ps.config, "hardened-aws:dbMultiAZ": "false" } });
    expect((error as Error).name).toBe("ConfigError"); // the program's own module registry: same class, another copy
    expect((error as ConfigError).problems.map((p) => [p.code, p.arg, p.fix])).toEqual([["CFG_UNDECLARED", "hardened-aws:dbMultiAZ", "rename it to hardened-aws:dbMultiAz in Pulumi.prod.yaml."]]);
    expect(registered).toBe(0);
  });
});

describe("policy pack config", () => {
  const info: PackInfo = {
    name: "hardened-aws",
    version: "1.0.0",
    initialConfig: {},
    policies: [
      ...["rds-instance-multi-az", "rds-deletion-protection"].map((name) => ({
        name,
        description: "",
        enforcementLevel: "mandatory" as const,
        type: "resource" as const,
        severity: "high",
        tags: [],
        remediationSteps: "",
        configSchema: { properties: { environment: { type: "string", enum: ["staging", "prod"] } }, required: [] },
      })),
      {
        name: "alarm-threshold",
        description: "",
        enforcementLevel: "advisory",
        type: "resource",
        severity: "low",
        tags: [],
        remediationSteps: "",
        configSchema: { properties: { threshold: { type: "integer" } }, required: ["threshold"] },
      },
    ],
  };
  const refused = (config: Record<string, unknown>) => {
    try {
      resolvePackConfig(info, config);
    } catch (e) {
      expect(e).toBeInstanceOf(PackConfigError);
      return (e as Error).message.split("\n").slice(1, -1);
    }
    throw new Error("expected a PackConfigError");
  };

  it("expands all into every policy's level and applies per-policy entries", () => {
    expect(resolvePackConfig(info, { all: "advisory", "rds-deletion-protection": { enforcementLevel: "mandatory", environment: "prod" }, "alarm-threshold": { threshold: 5 } })).toEqual({
      "rds-instance-multi-az": { enforcementLevel: "advisory" },
      "rds-deletion-protection": { enforcementLevel: "mandatory", environment: "prod" },
      "alarm-threshold": { enforcementLevel: "advisory", threshold: 5 },
    });
  });

  it("refuses a property value its policy's config schema does not allow and a missing required one, as the CLI does", () => {
    expect(refused({ "rds-deletion-protection": { environment: "Prod" }, "rds-instance-multi-az": { environment: 1 } })).toEqual([
      '  - "rds-instance-multi-az": environment 1 is not of type string.',
      '  - "rds-deletion-protection": environment "Prod" is not one of "staging", "prod".',
      '  - "alarm-threshold": threshold is required.',
    ]);
    expect(refused({ "alarm-threshold": { threshold: 2.5 } })).toEqual(['  - "alarm-threshold": threshold 2.5 is not of type integer.']);
  });

  it("refuses an unknown policy name, an unknown level and a value that is neither", () => {
    expect(refused({ all: "strict", "rds-multi-az": "advisory", "rds-deletion-protection": { enforcementLevel: "warn" }, "rds-instance-multi-az": 3, "alarm-threshold": { threshold: 1 } })).toEqual([
      '  - "all": "strict" is not a valid enforcement level; use one of advisory, mandatory, disabled, remediate.',
      '  - "rds-multi-az" is not a policy of pack hardened-aws',
      '  - "rds-deletion-protection": "warn" is not a valid enforcement level; use one of advisory, mandatory, disabled, remediate.',
      '  - "rds-instance-multi-az": 3 is not a valid value; give an enforcement level or an object.',
    ]);
  });

  it("stops the offline preview with exit 2 and the reason when --policy-pack-config names an unknown policy", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "packcfg-"));
    fs.writeFileSync(`${dir}/bad.json`, JSON.stringify({ all: "mandatory", "rds-instance-multiaz": "advisory" }));
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/run.js"), "preview", "--stack", "test", "--project-dir", "test/fixtures/insecure", "--policy-pack-config", `${dir}/bad.json`], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: invalid policy pack config:\n  - "rds-instance-multiaz" is not a policy of pack hardened-aws');
    expect(r.stderr).not.toMatch(/\n\s+at /); // a reason, not a stack trace
  });

  it("stops the offline preview with exit 2 when a policy's environment is not one its config schema allows", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "packcfg-"));
    fs.writeFileSync(`${dir}/bad.json`, JSON.stringify({ all: "mandatory", "backup-data-stores-covered": { environment: "Prod" } }));
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/run.js"), "preview", "--stack", "test", "--project-dir", "test/fixtures/insecure", "--policy-pack-config", `${dir}/bad.json`], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: invalid policy pack config:\n  - "backup-data-stores-covered": environment "Prod" is not one of "staging", "prod".\n');
  });
});
