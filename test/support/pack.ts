/**
 * The policy pack the tests run: compiled from the current sources into os.tmpdir() (never into the working
 * tree), once per version of the sources, and shared by every test file and worker.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Capture, PackConfig, PackOptions, PackResult, runPack as runPackLib } from "hardened-aws/testing";

const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Everything the compiled pack is made from. */
function sourceFiles(): string[] {
  const policy = path.join(REPO_ROOT, "policy");
  const own = fs
    .readdirSync(policy)
    .filter((f) => f.endsWith(".ts") || f === "PulumiPolicy.yaml" || f === "package.json")
    .map((f) => path.join(policy, f));
  return [...own, path.join(REPO_ROOT, "tools", "build-policy.js")].sort();
}

let cached: string | undefined;

/** The directory of a runnable pack built from the current policy sources. */
export function packDir(): string {
  if (cached && fs.existsSync(cached)) return cached;
  const hash = crypto.createHash("sha256");
  // The staged pack links this checkout's node_modules, so the checkout is part of the key: a pack staged by
  // another (perhaps since deleted) checkout with the same sources is never reused.
  hash.update(`${fs.realpathSync(path.join(REPO_ROOT, "node_modules"))}\0`);
  for (const f of sourceFiles()) hash.update(`${path.basename(f)}\0${fs.readFileSync(f, "utf8")}\0`);
  const dir = path.join(os.tmpdir(), `hardened-aws-pack-${hash.digest("hex").slice(0, 16)}`);
  if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"))) fs.rmSync(dir, { recursive: true, force: true });
  if (!fs.existsSync(dir)) {
    // Staged under a private name, then renamed: workers building the same pack at once never see a partial one.
    const staging = fs.mkdtempSync(`${dir}.staging-`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("../../tools/build-policy.js").stagePack(path.join(staging, "pack"));
    try {
      fs.renameSync(path.join(staging, "pack"), dir);
    } catch (err) {
      if (!fs.existsSync(dir)) throw err;
    }
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return (cached = dir);
}

/** {@link runPackLib runPack} of hardened-aws/testing with the pack built from the current sources. */
export function runPack(cap: Capture, config: PackConfig = {}, o: PackOptions = {}): Promise<PackResult> {
  return runPackLib(cap, config, { packDir: packDir(), ...o });
}
