/**
 * Every key of the config schema (Pulumi.yaml's `config:` block and ENV_DEPENDENT_KEYS) changed within its valid range
 * on the prod stack: no stateful resource is deleted, renamed or replaced, unless the README lists the key under
 * "Changes that replace stateful resources" with its migration. And the URNs of every stateful prod resource are
 * pinned, so a refactor that would re-create one fails here.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { ENV_DEPENDENT_KEYS } from "../../infra/config";
import { findReplacements, isStateful, recordsOf, ReplacementFinding, ResourceRecord } from "../../tools/replacements/check";
import { captureStack, REPO_ROOT } from "../support/program";

const DIGEST = "sha256:" + "ab".repeat(32);

/** For each key, a prod value other than the current one and within its valid range (prod floors included). */
const CHANGES: Record<string, unknown> = {
  environment: "staging",
  appName: "shop",
  vpcCidr: "10.50.0.0/16",
  azCount: 2,
  flowLogRetentionDays: 731,
  publicIngressCidrs: ["203.0.113.0/24"],
  adminCidrs: ["10.8.0.0/16"],
  domainName: "api.example.com",
  extraHostNames: ["www.example.com"],
  hostedZoneId: "Z0987654321EXAMPLE",
  alertEmails: ["oncall@example.com"],
  jwtRotationDays: 60,
  sessionRotationDays: 14,
  databaseRotationDays: 60,
  secretRotationDays: 30,
  rateLimitGeneralPer15Min: 2000,
  rateLimitApiPer15Min: 200,
  rateLimitAuthPer15Min: 10,
  rateLimitSearchPerMinute: 60,
  rateLimitUploadPerHour: 20,
  dbInstanceClass: "db.r6g.xlarge",
  cacheNodeType: "cache.r7g.xlarge",
  drRegion: "eu-north-1",
  appLogRetentionDays: 180,
  securityLogRetentionDays: 731,
  auditLogRetentionDays: 3653,
  appImage: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app/prod/app@${DIGEST}`,
  appImageTag: "0123456789ab",
  externalSecretsSet: ["smtp"],
  dbRolesBootstrapped: true,
  // Prod floors leave one valid value for these: set explicitly instead of the component default.
  natGatewayPerAz: true,
  dbMultiAz: true,
  deletionProtection: true,
  wafMode: "block",
  dbBackupRetentionDays: 30,
  cacheReplicas: 2,
  backupRetentionDays: 30,
  appMinTasks: 3,
  appMaxTasks: 8,
};

const SCHEMA_KEYS = [...Object.keys(parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")).config), ...Object.keys(ENV_DEPENDENT_KEYS)];

/** Keys the README lists as replacing stateful resources, each with its migration. */
function documentedKeys(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = /## Changes that replace stateful resources\n([\s\S]*?)(\n## |$)/.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
}

/** The stack's config with the given keys changed, as the CLI passes them. */
const changed = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [`hardened-aws:${k}`, typeof CHANGES[k] === "string" ? CHANGES[k] : JSON.stringify(CHANGES[k])]));

/**
 * A key documented as replacing runs on its own. The others run together, in two runs (appImage makes appImageTag
 * moot, so it has its own): a whole-program capture takes seconds, and one with no finding shows that none of its
 * keys replaces anything (a finding would name the resource and property; a run with findings is rerun key by key
 * so the failure names the key).
 */
describe("changing each config key of the prod stack", () => {
  let before: ResourceRecord[];
  const documented = documentedKeys();
  const results: Record<string, ReplacementFinding[]> = {};
  const captures: Record<string, ResourceRecord[]> = {};
  const run = async (keys: readonly string[]) => {
    const after = recordsOf(await captureStack("prod", { config: changed(keys) }));
    captures[keys.join(",")] = after;
    return findReplacements(before, after);
  };
  beforeAll(async () => {
    before = recordsOf(await captureStack("prod"));
  }, 120_000);

  it("has a change for every key of the schema and no other", () => {
    expect(Object.keys(CHANGES).sort()).toEqual([...SCHEMA_KEYS].sort());
  });

  const quiet = Object.keys(CHANGES).filter((k) => !documentedKeys().includes(k));
  it.each([[quiet.filter((k) => k !== "appImage")], [["appImage"]]])(
    "replaces no stateful resource: %j",
    async (keys: string[]) => {
      const findings = await run(keys);
      if (findings.length) for (const k of keys) expect([k, (await run([k])).map((f) => f.message)]).toEqual([k, []]);
      for (const k of keys) results[k] = [];
      // The run did change what the keys feed (so a pass is not a run that ignored them).
      const after = captures[keys.join(",")];
      const one = (type: string, suffix = "") => after.find((r) => r.type === type && r.name.endsWith(suffix))!.inputs;
      if (keys.includes("dbInstanceClass")) {
        expect(one("aws:rds/instance:Instance").instanceClass).toBe("db.r6g.xlarge");
        expect(one("aws:elasticache/replicationGroup:ReplicationGroup").nodeType).toBe("cache.r7g.xlarge");
        expect(one("aws:cloudwatch/logGroup:LogGroup", "logs-audit").retentionInDays).toBe(3653);
        expect(
          after
            .filter((r) => r.type === "aws:ec2/subnet:Subnet")
            .map((r) => r.inputs.cidrBlock)
            .every((c: string) => c.startsWith("10.50.")),
        ).toBe(true);
      } else expect(JSON.stringify(after)).toContain(`app/prod/app@${DIGEST}`);
    },
    300_000,
  );

  it.each(documentedKeys())(
    "%s: replaces what the README's migration row says, and the check catches it",
    async (key) => {
      results[key] = await run([key]);
      expect(results[key].length).toBeGreaterThan(0);
      // What the README's row says is replaced.
      const replaced = [...new Set(results[key].map((f) => f.urn.split("::").pop()))].sort();
      if (key === "drRegion") expect(replaced).toEqual(["backup-dr-key", "backup-dr-vault"]);
      else {
        expect(replaced).toHaveLength(29);
        expect(results[key].filter((f) => f.type === "aws:kms/key:Key")).toEqual([]);
        expect(replaced).toEqual(expect.arrayContaining(["db-instance", "cache-group", "backup-vault", "edge-access-logs", "logs-audit", "secrets-jwt"]));
      }
      console.log(`${key}:\n${results[key].map((f) => `  ${f.kind} ${f.type} ${f.urn.split("::").pop()}${f.property ? ` ${f.property}` : ""}`).join("\n")}`);
    },
    120_000,
  );

  it("exercises every key; only the documented ones replace stateful resources", () => {
    const replacing = Object.entries(results).filter(([, f]) => f.length > 0);
    console.log(`config keys exercised: ${Object.keys(results).length}; keys that replace stateful resources: ${replacing.map(([k, f]) => `${k} (${f.length})`).join(", ")}`);
    expect(Object.keys(results).sort()).toEqual([...SCHEMA_KEYS].sort());
    expect(replacing.map(([k]) => k).sort()).toEqual([...documented].sort());
  });
});

describe("the prod stack's stateful resources", () => {
  it("keep their URNs (tools/replacements/prod-stateful-urns.json): a refactor that would re-create one needs an alias", async () => {
    const pinned = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tools", "replacements", "prod-stateful-urns.json"), "utf8"));
    const now = recordsOf(await captureStack("prod")).filter((r) => isStateful(r));
    // A pinned URN may survive as an alias of the resource that now has it.
    const known = new Set(now.flatMap((r) => [r.urn, ...(r.options?.aliases ?? [])]));
    expect(pinned.filter((u: string) => !known.has(u))).toEqual([]);
    expect(now.length).toBe(pinned.length);
  }, 120_000);
});
