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
const namesIn = (rows: string[], column: number) =>
  new Set(rows.flatMap((l) => [...(l.split(/(?<!\\)\|/)[column + 1] ?? "").matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])));

describe("policy/CONTROLS.md", () => {
  const names = new Set(allPolicies.map((p) => p.name));

  it("is the table generated from the policies' metadata (npm run build:policy)", () => {
    assert.equal(file, controls.render(allPolicies));
  });

  it("has a row for every policy, and every row names a policy that exists", () => {
    const rowNames = namesIn(tableRows("Controls beyond the standard"), 0);
    assert.deepEqual([...names].filter((n) => !rowNames.has(n)), [], "policies without a row");
    const referenced = new Set([...namesIn([...tableRows("AWS Foundational"), ...tableRows("Other Security Hub")], 3), ...rowNames]);
    assert.deepEqual([...referenced].filter((n) => !names.has(n)), [], "rows naming no policy");
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
    assert.equal(total, `| **Total** | ${fsbp.length} | ${implemented} | ${fsbp.filter((r: any) => r.status === "not-decidable").length} | ${fsbp.filter((r: any) => r.status === "out-of-scope").length} | ${fsbp.filter((r: any) => r.status === "gap").length} |`);
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
