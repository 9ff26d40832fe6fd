/** The offline preview end to end: program under mocks, the real pack as its own process over gRPC. */
import { describe, expect, it } from "@jest/globals";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packDir } from "../support/pack";
import { REPO_ROOT } from "../support/program";
import "../support/sarif";

/** The command line, on the pack built from the current sources (in os.tmpdir(); the tests write nothing into the working tree). */
function preview(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "tools/run.js"), "preview", "--policy-pack", packDir(), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("npm run preview", () => {
  it.each(["prod", "staging"])("passes the %s stack with 0 mandatory violations and writes JSON and SARIF", (stack) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    const r = preview(["--stack", stack, "--json", `${dir}/out.json`, "--sarif", `${dir}/out.sarif`]);
    expect(r.out).toContain("PASSED: 0 mandatory violations.");
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/aws:ec2\/vpc:Vpc\s+net-vpc/);
    const json = JSON.parse(fs.readFileSync(`${dir}/out.json`, "utf8"));
    expect(json.stack).toBe(stack);
    expect(json.violations.filter((v: any) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(json.resources.find((r: any) => r.type === "aws:ec2/vpc:Vpc").options.protect).toBe(false);
    const sarif = JSON.parse(fs.readFileSync(`${dir}/out.sarif`, "utf8"));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].tool.driver.rules.map((x: any) => x.id)).toContain("ec2-security-group-no-world-ingress");
  });

  it("fails the insecure fixture, naming the policy and the resource", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    const r = preview(["--stack", "test", "--project-dir", "test/fixtures/insecure", "--sarif", `${dir}/out.sarif`]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/\[mandatory\] ec2-security-group-no-world-ingress \(urn:pulumi:test::insecure-fixture::pulumi:pulumi:Stack\$aws:ec2\/securityGroup:SecurityGroup::db-open\)/);
    expect(r.out).toContain("Security group rule admits 0.0.0.0/0 on port 5432 (PostgreSQL)");
    expect(r.out).toMatch(/\[mandatory\] logs-group-kms-encrypted .*::app-logs\)/);
    const sarif = JSON.parse(fs.readFileSync(`${dir}/out.sarif`, "utf8"));
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results.length).toBeGreaterThan(1);
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === "ec2-security-group-no-world-ingress");
    expect(result.level).toBe("error");
    expect(result.properties.fix).toBe("replace the 0.0.0.0/0 or ::/0 source with the security group of the caller (sourceSecurityGroupId / referencedSecurityGroupId) or a private CIDR.");
    // Not valid once a required field is gone: the schema check can fail.
    expect({ ...sarif, runs: [{ ...sarif.runs[0], tool: {} }] }).not.toBeValidSarifLog();
    expect(result.locations[0].logicalLocations[0].fullyQualifiedName).toMatch(/::db-open$/);
    expect(result.properties.controls).toEqual(["control:NET-2", "control:DB-4", "control:CACHE-3", "fsbp:EC2.18", "fsbp:EC2.19", "fsbp:EC2.53", "fsbp:EC2.54"]);
  });

  it("fails a hand-written prod stack whose stateful resources lack protect or retainOnDelete, naming each", () => {
    const r = preview(["--stack", "test", "--project-dir", "test/fixtures/hand-written", "--policy-pack-config", "policy/config/prod.json"]);
    expect(r.status).toBe(1);
    // protect reaches the pack; retainOnDelete does not, so the preview checks it with the pack's stateful list.
    expect(r.out).toMatch(/\[mandatory\] pulumi-stateful-resources-protected .*::open-key\)/);
    expect(r.out).toContain("[not retained] open-key: kms/key open-key lacks retainOnDelete");
    expect(r.out).toContain("[not retained] open-cache: elasticache/replicationGroup open-cache lacks retainOnDelete");
    expect(r.out).toMatch(/FAILED: \d+ mandatory violation\(s\), \d+ prod stateful resource\(s\) without retainOnDelete\./);
  });

  it("rejects an unknown stack, listing the stacks there are", () => {
    const r = preview(["--stack", "nosuch"]);
    expect(r.status).toBe(2);
    expect(r.out).toContain('error: unknown stack "nosuch": Pulumi.nosuch.yaml does not exist. Stacks of project hardened-aws: prod, staging.');
  });

  it("rejects a stack file with a bad value before any resource registers, naming key, file and fix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.symlinkSync(path.join(REPO_ROOT, "infra"), path.join(dir, "infra"));
    const prod = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), `${prod}  hardened-aws:adminCidrs: ["0.0.0.0/0"]\n  hardened-aws:sessionRotationDays: 0\n`);
    const r = preview(["--stack", "prod", "--project-dir", dir]);
    expect(r.status).toBe(2);
    expect(r.out).toContain('error: Invalid configuration for stack "prod" (Pulumi.prod.yaml, defaults in Pulumi.yaml):');
    expect(r.out).toContain('hardened-aws:adminCidrs[0]: "0.0.0.0/0" would open the database and cache to the whole internet [CFG_CIDR_WORLD]. Fix:');
    expect(r.out).toContain("hardened-aws:sessionRotationDays: must be a whole number from 1 to 30, got 0 [CFG_RANGE]. Fix:");
    expect(r.out).not.toContain("Resources by type");
  });

  it("never loads a policy into the preview process: the pack runs as its own process", () => {
    const probe = "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache)) + '\\n'))";
    const r = spawnSync(process.execPath, ["-e", `${probe}; process.argv.splice(1, 0, 'run.js'); require('./tools/run.js')`, "preview", "--stack", "staging", "--quiet", "--policy-pack", packDir()], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 120000,
    });
    const loaded: string[] = JSON.parse(/LOADED (.*)/.exec(r.stderr)![1]);
    expect(loaded.some((f) => f.includes(`${path.sep}testing${path.sep}analyzer.ts`))).toBe(true);
    expect(loaded.filter((f) => f.startsWith(path.join(REPO_ROOT, "policy") + path.sep) || f.startsWith(packDir() + path.sep))).toEqual([]);
  });

  it("keeps the generated CONTROLS.md and policy/config/*.json in step with the policy sources", () => {
    execFileSync(process.execPath, [path.join(REPO_ROOT, "tools/build-policy.js"), "--check"], { cwd: REPO_ROOT });
  });
});
