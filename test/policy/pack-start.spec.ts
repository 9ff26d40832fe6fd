/**
 * The pack starts fast in the CLI's own path: `@pulumi/pulumi/cmd/run-policy-pack` on the compiled JavaScript
 * in policy/bin (no ts-node type-check), and no policy loads a provider SDK. Mocha runs after jest, on a quiet machine.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "mocha";
import { PackSession } from "../../tools/analyzer";

const PACK_DIR = path.join(__dirname, "..", "..", "policy");
/** The budget from spawn until the pack prints its port, on this project's 2-core CI machine. */
const START_BUDGET_MS = 1500;

describe("policy pack start", () => {
  it("points the CLI at compiled JavaScript, so run-policy-pack does not type-check through ts-node", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
    assert.equal(pkg.main, "bin/index.js");
    assert.ok(fs.existsSync(path.join(PACK_DIR, pkg.main)));
    // run-policy-pack registers ts-node when the pack's package.json depends on typescript.
    assert.equal({ ...pkg.dependencies, ...pkg.devDependencies }.typescript, undefined);
  });

  it("imports nothing but @pulumi/policy and its own modules", () => {
    const sources = fs.readdirSync(PACK_DIR).filter((f) => f.endsWith(".ts"));
    const imports = sources.flatMap((f) =>
      [...fs.readFileSync(path.join(PACK_DIR, f), "utf8").matchAll(/(?:from|require\()\s*"([^"]+)"/g)].map((m) => m[1]).filter((m) => !m.startsWith("./")).map((m) => `${f}: ${m}`),
    );
    assert.deepEqual(imports.filter((i) => !i.endsWith(": @pulumi/policy")), []);
  });

  it(`serves in under ${START_BUDGET_MS} ms (median of 3 starts through run-policy-pack)`, async function () {
    this.timeout(60_000);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const session = await PackSession.start(PACK_DIR);
      times.push(session.startMs);
      const info = await session.info();
      assert.ok(info.policies.length > 90, `pack served ${info.policies.length} policies`);
      session.close();
    }
    const median = [...times].sort((a, b) => a - b)[1];
    assert.ok(median < START_BUDGET_MS, `median start ${median} ms (runs: ${times.join(", ")} ms)`);
  });
});
