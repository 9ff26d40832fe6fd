import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigError, parseStackConfig } from "../../infra/config";
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
  it("declares every key the schema reads in Pulumi.yaml, with a type and a description", () => {
    const declared = parse(fs.readFileSync(`${REPO_ROOT}/Pulumi.yaml`, "utf8")).config;
    expect(Object.keys(declared).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const [key, decl] of Object.entries<any>(declared)) {
      expect([key, typeof decl.type, typeof decl.description]).toEqual([key, "string", "string"]);
    }
  });

  it("parses prod with the stricter values from Pulumi.prod.yaml and defaults from Pulumi.yaml", () => {
    const cfg = parseStackConfig("prod", prodRaw());
    expect(cfg).toMatchObject({ environment: "prod", azCount: 3, natGatewayPerAz: true, dbMultiAz: true, deletionProtection: true, backupRetentionDays: 35, drRegion: "eu-central-1", wafMode: "block", auditLogRetentionDays: 2557, jwtRotationDays: 90, sessionRotationDays: 30, publicIngressCidrs: ["0.0.0.0/0"], adminCidrs: [] });
    expect(cfg.alertEmails).toEqual(["security@example.com", "platform-oncall@example.com"]);
  });

  it("parses staging with count-mode WAF and single-AZ defaults", () => {
    const cfg = parseStackConfig("staging", loadProjectStack(REPO_ROOT, "staging").config);
    expect(cfg).toMatchObject({ environment: "staging", azCount: 2, natGatewayPerAz: false, dbMultiAz: false, deletionProtection: false, wafMode: "count", drRegion: "" });
  });

  it("rejects a world-open admin allowlist naming the key, the stack file and the fix", () => {
    const p = problems("prod", { ...prodRaw(), "hardened-aws:adminCidrs": JSON.stringify(["10.8.0.0/16", "0.0.0.0/0"]) });
    expect(p).toEqual([expect.objectContaining({ code: "CFG_CIDR_WORLD", arg: "hardened-aws:adminCidrs[1]" })]);
    try {
      parseStackConfig("prod", { ...prodRaw(), "hardened-aws:adminCidrs": '["0.0.0.0/0"]' });
    } catch (e) {
      expect((e as Error).message).toMatch(/Pulumi\.prod\.yaml/);
      expect((e as Error).message).toMatch(/hardened-aws:adminCidrs\[0\]: "0\.0\.0\.0\/0" would open the database and cache to the whole internet \[CFG_CIDR_WORLD\]\. Fix: list only the private CIDRs/);
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

  it("holds prod to its floors: WAF must block, audit logs kept 7 years", () => {
    const p = problems("prod", { ...prodRaw(), "hardened-aws:wafMode": "count", "hardened-aws:auditLogRetentionDays": "365" });
    expect(p.map((x) => x.code).sort()).toEqual(["CFG_PROD_AUDIT_RETENTION", "CFG_PROD_WAF_COUNT"]);
  });

  it("rejects a retention CloudWatch does not offer", () => {
    const p = problems("staging", { ...loadProjectStack(REPO_ROOT, "staging").config, "hardened-aws:appLogRetentionDays": "100" });
    expect(p).toEqual([expect.objectContaining({ code: "CFG_RETENTION", arg: "hardened-aws:appLogRetentionDays" })]);
  });
});
