/**
 * The pack's analyzer server (policy/serve.ts) indexes policies by type token instead of asking every policy about
 * every resource. It must answer exactly as @pulumi/policy's stock server does: the same diagnostics and the same
 * not-applicable entries (policy and reason) for every resource, under every enforcement level a config can set.
 * Both servers run the same compiled policies, started as the CLI starts a pack, over hand-written resources.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "mocha";
import { AnalyzeResult, capture, CapturedResource, loadProjectStack, PackSession, resolvePackConfig, toAnalyzerInput } from "hardened-aws/testing";
import { packDir } from "../support/pack";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** The same compiled policies served by @pulumi/policy's own `PolicyPack`, beside the pack's own server. */
function stockPackDir(): string {
  const dir = path.join(packDir(), "..", `${path.basename(packDir())}-stock`);
  if (!fs.existsSync(dir)) {
    const staging = fs.mkdtempSync(`${dir}.staging-`);
    for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(packDir(), f), path.join(staging, f));
    fs.symlinkSync(path.join(packDir(), "node_modules"), path.join(staging, "node_modules"), "dir");
    fs.symlinkSync(path.join(packDir(), "bin"), path.join(staging, "policies"), "dir");
    fs.mkdirSync(path.join(staging, "bin"));
    fs.writeFileSync(
      path.join(staging, "bin", "index.js"),
      'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("hardened-aws", { enforcementLevel: "mandatory", policies: require("../policies/policies").allPolicies });\n',
    );
    try {
      fs.renameSync(staging, dir);
    } catch (err) {
      if (!fs.existsSync(dir)) throw err;
    }
  }
  return dir;
}

async function resourcesOf(fixture: string): Promise<readonly CapturedResource[]> {
  const ps = loadProjectStack(path.join(FIXTURES, fixture), "test");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (await capture(() => require(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys })).resources;
}

/** An Analyze answer in a comparable order. */
function sorted(r: AnalyzeResult) {
  const key = (x: object) => JSON.stringify(x);
  return { diagnostics: r.diagnostics.map(key).sort(), notApplicable: r.notApplicable.map(key).sort() };
}

describe("the pack's analyzer server", () => {
  let ours: PackSession;
  let stock: PackSession;
  let resources: readonly CapturedResource[];

  before(async function () {
    this.timeout(180_000);
    resources = [...(await resourcesOf("hand-written")), ...(await resourcesOf("insecure"))];
    [ours, stock] = await Promise.all([PackSession.start(packDir()), PackSession.start(stockPackDir())]);
  });
  after(() => {
    ours?.close();
    stock?.close();
  });

  const configs: [string, (names: string[]) => Record<string, unknown>][] = [
    ["every policy mandatory", () => ({ all: "mandatory" })],
    ["the prod config", () => JSON.parse(fs.readFileSync(path.join(packDir(), "config", "prod.json"), "utf8"))],
    // Every third policy disabled and every third advisory: a disabled policy is neither run nor reported.
    ["policies disabled and advisory", (names) => Object.fromEntries(names.map((n, i) => [n, ["disabled", "advisory", "mandatory"][i % 3]]))],
  ];

  for (const [label, config] of configs) {
    it(`answers every Analyze call as the stock server does, with ${label}`, async function () {
      this.timeout(180_000);
      const info = await ours.info();
      assert.deepEqual(info, await stock.info());
      const packConfig = resolvePackConfig(info, config(info.policies.map((p) => p.name)));
      await Promise.all([ours.configure(packConfig), stock.configure(packConfig)]);
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      let diagnostics = 0;
      let declined = 0;
      for (const r of resources) {
        const input = toAnalyzerInput(r, byUrn, r.wireInputs);
        const [a, b] = await Promise.all([ours.analyze(input), stock.analyze(input)]);
        assert.deepEqual(sorted(a), sorted(b), `${r.urn} with ${label}`);
        diagnostics += a.diagnostics.length;
        declined += a.notApplicable.length;
      }
      // The fixtures are insecure on purpose: the comparison covers findings, not only silence.
      assert.ok(diagnostics > 20, `${diagnostics} diagnostics`);
      assert.ok(declined > resources.length * 50, `${declined} not-applicable entries`);
    });
  }
});
