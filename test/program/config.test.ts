import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigError, ENV_DEPENDENT_KEYS, parseStackConfig, undeclaredKeys } from "../../infra/config";
import { loadProjectStack } from "hardened-aws/testing";
import { REPO_ROOT } from "../support/program";

const prodRaw = () => loadProjectStack(REPO_ROOT, "prod").config;
const problems = (stack: string, raw: Record<string, string>) => {
  try {
    parseStackConfig(stack, raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
};

describe("stack config", () => {
  it("declares every environment-independent key in Pulumi.yaml with a type, a description and a default; no environment-dependent key", () => {
    const declared = parse(fs.readFileSync(`${REPO_ROOT}/Pulumi.yaml`, "utf8")).config;
    const envDependent = Object.keys(ENV_DEPENDENT_KEYS);
    expect(envDependent.sort()).toEqual([
      "appMaxTasks",
      "appMinTasks",
      "backupRetentionDays",
      "cacheReplicas",
      "dbBackupRetentionDays",
      "dbMultiAz",
      "deletionProtection",
      "natGatewayPerAz",
      "wafMode",
    ]);
    expect(Object.keys(declared).sort()).toEqual(CONFIG_KEYS.filter((k) => !envDependent.includes(k)).sort());
    for (const [key, decl] of Object.entries<any>(declared)) {
      expect([key, typeof decl.type, typeof decl.description, key === "environment" || "default" in decl]).toEqual([key, "string", "string", true]);
    }
    // The CLI requires a stack value for a declared key without a default: only environment is one.
    expect(
      Object.entries<any>(declared)
        .filter(([, d]) => !("default" in d))
        .map(([k]) => k),
    ).toEqual(["environment"]);
  });

  it("keeps the stack files to what differs: no environment-dependent key repeats the component's default", () => {
    for (const stack of ["prod", "staging"]) {
      const keys = Object.keys(parse(fs.readFileSync(`${REPO_ROOT}/Pulumi.${stack}.yaml`, "utf8")).config).map((k) => k.replace(/^hardened-aws:/, ""));
      expect(keys.filter((k) => k in ENV_DEPENDENT_KEYS)).toEqual([]);
    }
  });

  it("leaves environment-dependent keys undefined when a stack does not set them, so the components decide", () => {
    const cfg = parseStackConfig("prod", prodRaw());
    expect(cfg).toMatchObject({
      environment: "prod",
      azCount: 3,
      drRegion: "eu-central-1",
      auditLogRetentionDays: 2557,
      jwtRotationDays: 90,
      sessionRotationDays: 30,
      publicIngressCidrs: ["0.0.0.0/0"],
      adminCidrs: [],
    });
    for (const key of Object.keys(ENV_DEPENDENT_KEYS)) expect([key, (cfg as Record<string, unknown>)[key]]).toEqual([key, undefined]);
    expect(cfg.alertEmails).toEqual(["security@example.com", "platform-oncall@example.com"]);
    const staging = parseStackConfig("staging", loadProjectStack(REPO_ROOT, "staging").config);
    expect(staging).toMatchObject({ environment: "staging", azCount: 2, drRegion: "" });
    expect([staging.wafMode, staging.dbMultiAz]).toEqual([undefined, undefined]);
  });

  it("passes a set environment-dependent key through typed, and refuses a value of the wrong type", () => {
    const cfg = parseStackConfig("prod", { ...prodRaw(), "hardened-aws:dbMultiAz": "false", "hardened-aws:appMinTasks": "3", "hardened-aws:wafMode": "count" });
    expect([cfg.dbMultiAz, cfg.appMinTasks, cfg.wafMode]).toEqual([false, 3, "count"]);
    const p = problems("prod", { ...prodRaw(), "hardened-aws:dbMultiAz": "yes", "hardened-aws:cacheReplicas": "1.5", "hardened-aws:wafMode": "Block" });
    expect(p.map((x) => [x.code, x.arg])).toEqual([
      ["CFG_INVALID", "hardened-aws:wafMode"],
      ["CFG_INVALID", "hardened-aws:dbMultiAz"],
      ["CFG_INTEGER", "hardened-aws:cacheReplicas"],
    ]);
  });

  it("refuses a key of the project's namespace the program does not read, naming the likely key", () => {
    expect(undeclaredKeys("prod", ["aws:region", "hardened-aws:environment", "hardened-aws:dbMultiAZ", "hardened-aws:replicas", "other:x"])).toEqual([
      { code: "CFG_UNDECLARED", arg: "hardened-aws:dbMultiAZ", problem: expect.stringContaining("is not a key of this project"), fix: "rename it to hardened-aws:dbMultiAz in Pulumi.prod.yaml." },
      {
        code: "CFG_UNDECLARED",
        arg: "hardened-aws:replicas",
        problem: expect.any(String),
        fix: "remove it from Pulumi.prod.yaml (pulumi config rm hardened-aws:replicas --stack prod), or declare it in Pulumi.yaml.",
      },
    ]);
  });

  it("rejects a world-open admin allowlist naming the key, the stack file and the fix", () => {
    const p = problems("prod", { ...prodRaw(), "hardened-aws:adminCidrs": JSON.stringify(["10.8.0.0/16", "0.0.0.0/0"]) });
    expect(p).toEqual([expect.objectContaining({ code: "CFG_CIDR_WORLD", arg: "hardened-aws:adminCidrs[1]" })]);
    try {
      parseStackConfig("prod", { ...prodRaw(), "hardened-aws:adminCidrs": '["0.0.0.0/0"]' });
    } catch (e) {
      expect((e as Error).message).toMatch(/Pulumi\.prod\.yaml/);
      expect((e as Error).message).toMatch(
        /hardened-aws:adminCidrs\[0\]: "0\.0\.0\.0\/0" would open the database and cache to the whole internet \[CFG_CIDR_WORLD\]\. Fix: list only the private CIDRs/,
      );
    }
  });

  it("rejects a rotation period of 0 days and one above the seeds' maximum", () => {
    const p = problems("staging", { ...loadProjectStack(REPO_ROOT, "staging").config, "hardened-aws:jwtRotationDays": "0", "hardened-aws:sessionRotationDays": "45" });
    expect(p.map((x) => [x.code, x.arg])).toEqual([
      ["CFG_RANGE", "hardened-aws:jwtRotationDays"],
      ["CFG_RANGE", "hardened-aws:sessionRotationDays"],
    ]);
    expect(p[1].fix).toBe("set a rotation period between 1 and 30 days (the seeds rotate session secrets every 30 days).");
  });

  it("lists every bad key at once, including a missing environment", () => {
    const raw = { ...prodRaw(), "hardened-aws:azCount": "7", "hardened-aws:vpcCidr": "8.8.8.0/24" };
    delete (raw as Record<string, string>)["hardened-aws:environment"];
    const p = problems("prod", raw);
    expect(p.map((x) => x.code).sort()).toEqual(["CFG_MISSING", "CFG_RANGE", "CFG_VPC_CIDR"]);
    expect(p.find((x) => x.code === "CFG_MISSING")!.fix).toContain("pulumi config set hardened-aws:environment <value> --stack prod");
  });

  it("leaves prod floors to the components: the config parse accepts a weaker value and has no prod rule of its own", () => {
    const cfg = parseStackConfig("prod", { ...prodRaw(), "hardened-aws:wafMode": "count", "hardened-aws:auditLogRetentionDays": "365" });
    expect([cfg.wafMode, cfg.auditLogRetentionDays]).toEqual(["count", 365]);
    expect(fs.readFileSync(`${REPO_ROOT}/infra/config.ts`, "utf8")).not.toMatch(/CFG_PROD_|environment === "prod"|environment !== "prod"/);
  });

  it("refuses a DR region equal to the stack region", () => {
    expect(problems("prod", { ...prodRaw(), "hardened-aws:drRegion": "eu-west-1" })).toEqual([expect.objectContaining({ code: "CFG_DR_SAME_REGION", arg: "hardened-aws:drRegion" })]);
  });

  it("rejects a retention CloudWatch does not offer", () => {
    const p = problems("staging", { ...loadProjectStack(REPO_ROOT, "staging").config, "hardened-aws:appLogRetentionDays": "100" });
    expect(p).toEqual([expect.objectContaining({ code: "CFG_RETENTION", arg: "hardened-aws:appLogRetentionDays" })]);
  });
});
