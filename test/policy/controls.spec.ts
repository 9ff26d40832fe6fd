/** policy/CONTROLS.md against the pack: every policy has a row, every row names a policy, the file is current. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "mocha";
import { allPolicies } from "../../policy/policies";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const controls = require("../../tools/controls.js");
const file = fs.readFileSync(path.join(__dirname, "..", "..", "policy", "CONTROLS.md"), "utf8");
const tableRows = (heading: string) => {
  const section = file.split(/^## /m).find((s) => s.startsWith(heading)) ?? "";
  return section.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Control |") && !l.startsWith("| Policy |") && !l.startsWith("| Service |"));
};
/** Policy names in one column of table rows (cells split on unescaped pipes). */
const namesIn = (rows: string[], column: number) => new Set(rows.flatMap((l) => [...(l.split(/(?<!\\)\|/)[column + 1] ?? "").matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])));

describe("policy/CONTROLS.md", () => {
  const names = new Set(allPolicies.map((p) => p.name));

  it("is the table generated from the policies' metadata (npm run build:policy)", () => {
    assert.equal(file, controls.render(allPolicies));
  });

  it("has a row for every policy, and every row names a policy that exists", () => {
    const rowNames = namesIn(tableRows("Controls beyond the standard"), 0);
    assert.deepEqual(
      [...names].filter((n) => !rowNames.has(n)),
      [],
      "policies without a row",
    );
    const referenced = new Set([...namesIn([...tableRows("AWS Foundational"), ...tableRows("Other Security Hub")], 3), ...rowNames]);
    assert.deepEqual(
      [...referenced].filter((n) => !names.has(n)),
      [],
      "rows naming no policy",
    );
    assert.equal(rowNames.size, allPolicies.length);
  });

  it("knows every control id a policy claims", () => {
    assert.deepEqual(controls.coverage(allPolicies).unknownIds, []);
  });

  it("gives each FSBP row either a policy or the reason none can decide it", () => {
    for (const l of tableRows("AWS Foundational")) assert.match(l, /`[a-z0-9-]+`|Not decidable from resource inputs: \S|Outside the pack's scope: \S|GAP: no policy/, l);
    const rds2 = tableRows("AWS Foundational").find((l) => l.startsWith("| RDS.2 |"));
    assert.equal(rds2, "| RDS.2 | Critical | RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration | `rds-instance-not-publicly-accessible` |");
  });

  it("states the number of controls per service and in total", () => {
    const { rows } = controls.coverage(allPolicies);
    const fsbp = rows.filter((r: any) => r.inFSBP);
    const total = file.split("\n").find((l) => l.startsWith("| **Total** |"));
    const implemented = fsbp.filter((r: any) => r.status === "implemented").length;
    assert.equal(
      total,
      `| **Total** | ${fsbp.length} | ${implemented} | ${fsbp.filter((r: any) => r.status === "not-decidable").length} | ${fsbp.filter((r: any) => r.status === "out-of-scope").length} | ${fsbp.filter((r: any) => r.status === "gap").length} |`,
    );
    for (const service of controls.SERVICES) assert.ok(file.includes(`\n| ${service} | ${fsbp.filter((r: any) => r.service === service).length} |`), service);
  });

  it("shows each policy's checkov ids in its row and as checkov: tags, in the CKV_AWS_n form", () => {
    const withIds = allPolicies.filter((p) => (p.spec.checkov ?? []).length);
    assert.ok(withIds.length >= 20);
    for (const p of withIds) {
      for (const id of p.spec.checkov ?? []) {
        assert.match(id, /^CKV2?_AWS_\d+$/, p.name);
        assert.ok(p.tags?.includes(`checkov:${id}`), `${p.name} tag ${id}`);
      }
      const row = tableRows("Controls beyond the standard").find((l) => l.startsWith(`| \`${p.name}\` |`));
      assert.ok(row?.endsWith(` | ${(p.spec.checkov ?? []).join(", ")} |`), p.name);
    }
  });
});

describe("policy/standards/checkov.json and its table in CONTROLS.md", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const checkov = require("../../tools/standards/checkov.js");
  const names = new Set(allPolicies.map((p) => p.name));
  const catalogue = checkov.load();
  const { rows, unknownIds } = controls.checkovCoverage(allPolicies);
  const tableLines = (file.split(/^## /m).find((s) => s.startsWith("Checkov")) ?? "").split("\n");
  const checkRows = tableLines.filter((l) => /^\| CKV2?_AWS_\d+ \|/.test(l));

  it("is the file generated from the policies' checkov metadata (npm run build:policy)", () => {
    assert.equal(fs.readFileSync(checkov.CHECKOV_FILE, "utf8"), checkov.render(allPolicies));
  });

  it("lists only checks of the pack's services, each once, with a title and Terraform types", () => {
    assert.ok(catalogue.checks.length >= 120, `${catalogue.checks.length} checks`);
    assert.equal(new Set(catalogue.checks.map((c: any) => c.id)).size, catalogue.checks.length);
    for (const c of catalogue.checks) {
      assert.match(c.id, /^CKV2?_AWS_\d+$/);
      assert.ok(c.title && c.resourceTypes.length, c.id);
      assert.equal(checkov.serviceOf(c.resourceTypes.find((t: string) => checkov.serviceOf(t))), c.service, c.id);
    }
    // A sample read from checkov's sources: a resource check, one whose name and types its base class gives, a graph check.
    const byId = (id: string) => catalogue.checks.find((c: any) => c.id === id);
    assert.deepEqual([byId("CKV_AWS_16").title, byId("CKV_AWS_16").resourceTypes], ["Ensure all data stored in the RDS is securely encrypted at rest", ["aws_db_instance"]]);
    assert.deepEqual(
      [byId("CKV_AWS_24").title, byId("CKV_AWS_24").resourceTypes],
      ["Ensure no security groups allow ingress from 0.0.0.0:0 to port 22", ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule"]],
    );
    assert.deepEqual([byId("CKV2_AWS_11").kind, byId("CKV2_AWS_11").resourceTypes, byId("CKV2_AWS_11").connectedTypes], ["graph", ["aws_vpc"], ["aws_flow_log"]]);
    assert.equal(byId("CKV_AWS_92"), undefined, "classic ELB checks are out of the listed services");
  });

  it("has a row in CONTROLS.md for every check of the catalogue and none for any other", () => {
    assert.deepEqual(checkRows.map((l) => l.split(" | ")[0].slice(2)).sort(), rows.map((r: any) => r.id).sort());
    assert.equal(rows.length, catalogue.checks.length);
  });

  it("knows every checkov id a policy claims", () => {
    assert.deepEqual(unknownIds, []);
  });

  it("answers every check: implemented by existing policies, or stricter (naming an existing policy), not decidable or out of scope, with the reason", () => {
    for (const r of rows) {
      assert.ok(["implemented", "stricter", "not-decidable", "out-of-scope"].includes(r.status), `${r.id}: ${r.status}`);
      if (r.status === "implemented") assert.ok(r.policies.length && r.policies.every((n: string) => names.has(n)), r.id);
      else assert.ok(typeof r.reason === "string" && r.reason.length > 20, `${r.id} gives no reason`);
      if (r.status === "stricter") assert.ok(names.has(r.policy), `${r.id}: ${r.policy}`);
    }
    const row = (id: string) => checkRows.find((l) => l.startsWith(`| ${id} |`));
    assert.equal(row("CKV_AWS_16"), "| CKV_AWS_16 | resource | `aws_db_instance` | Ensure all data stored in the RDS is securely encrypted at rest | `rds-instance-storage-encrypted` |");
    assert.match(row("CKV_AWS_24") ?? "", /\| Covered by the stricter `ec2-security-group-no-world-ingress`: refuses ingress from 0\.0\.0\.0\/0/);
    assert.match(row("CKV_AWS_146") ?? "", /\| Not decidable from resource inputs: \S/);
    assert.match(row("CKV_AWS_260") ?? "", /\| Outside the pack's scope: Deliberate: /);
  });

  it("states the number of checks per service and in total", () => {
    const total = tableLines.find((l) => l.startsWith("| **Total** |"));
    const n = (s: string) => rows.filter((r: any) => r.status === s).length;
    assert.equal(total, `| **Total** | ${rows.length} | ${n("implemented")} | ${n("stricter")} | ${n("not-decidable")} | ${n("out-of-scope")} | 0 |`);
  });
});
