/**
 * The pack starts fast in the CLI's own path: `@pulumi/pulumi/cmd/run-policy-pack` on the compiled JavaScript
 * in policy/bin (no ts-node type-check), and no policy loads a provider SDK. Mocha runs after jest, on a quiet machine.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "mocha";
import { PackSession } from "hardened-aws/testing";

const PACK_DIR = path.join(__dirname, "..", "..", "policy");
/** A compiled pack with one no-op policy: what the runner itself costs (it loads TypeScript and @pulumi/pulumi). */
const EMPTY_PACK_DIR = path.join(__dirname, "..", "fixtures", "empty-pack");
/** The budget from spawn until the pack prints its port. */
const START_BUDGET_MS = 1500;
/** What the pack's own modules and policies may add to the runner's start. */
const OWN_BUDGET_MS = 150;
/** Above this runner floor the machine, not the pack, decides the absolute time; only the pack's own cost is held. */
const RUNNER_FLOOR_MS = 1350;

/** One start's time from spawn until the pack prints its port. */
async function startMs(dir: string): Promise<number> {
  const session = await PackSession.start(dir);
  await session.info();
  session.close();
  return session.startMs;
}

/**
 * The best of five starts of each pack, interleaved so a burst of load on the machine hits both alike: a
 * start's own cost, without the noise of whatever else the machine is doing.
 */
async function bestStarts(dirs: readonly string[]): Promise<number[]> {
  const times = dirs.map(() => [] as number[]);
  for (let i = 0; i < 5; i++) for (const [k, dir] of dirs.entries()) times[k].push(await startMs(dir));
  return times.map((t) => Math.min(...t));
}

describe("policy pack start", () => {
  it("points the CLI at compiled JavaScript, so run-policy-pack does not type-check through ts-node", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
    assert.equal(pkg.main, "bin/index.js");
    assert.ok(fs.existsSync(path.join(PACK_DIR, pkg.main)));
    // run-policy-pack registers ts-node when the pack's package.json depends on typescript.
    assert.equal({ ...pkg.dependencies, ...pkg.devDependencies }.typescript, undefined);
  });

  it("imports nothing but @pulumi/policy, Node built-ins and its own modules", () => {
    const sources = fs.readdirSync(PACK_DIR).filter((f) => f.endsWith(".ts"));
    const imports = sources.flatMap((f) =>
      [...fs.readFileSync(path.join(PACK_DIR, f), "utf8").matchAll(/(?:from|require\()\s*"([^"]+)"/g)]
        .map((m) => m[1])
        .filter((m) => !m.startsWith("./"))
        .map((m) => `${f}: ${m}`),
    );
    assert.deepEqual(
      imports.filter((i) => !i.endsWith(": @pulumi/policy") && !/: node:/.test(i)),
      [],
    );
  });

  it(`serves in under ${START_BUDGET_MS} ms through run-policy-pack, at most ${OWN_BUDGET_MS} ms more than an empty pack (best of 5 starts each)`, async function () {
    this.timeout(60_000);
    const [empty, full] = await bestStarts([EMPTY_PACK_DIR, PACK_DIR]);
    const session = await PackSession.start(PACK_DIR);
    const served = (await session.info()).policies.length;
    session.close();
    assert.ok(served > 90, `pack served ${served} policies`);
    assert.ok(full - empty < OWN_BUDGET_MS, `full pack ${full} ms vs empty pack ${empty} ms`);
    if (empty < RUNNER_FLOOR_MS) assert.ok(full < START_BUDGET_MS, `full pack ${full} ms (empty pack ${empty} ms)`);
    else console.warn(`      run-policy-pack alone takes ${empty} ms here (over ${RUNNER_FLOOR_MS} ms); held the pack's own cost: ${full - empty} ms`);
  });
});
