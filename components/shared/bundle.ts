import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";
import { processCache } from "./process-cache";

/** The Lambda runtime every bundled function runs on, and the esbuild target that matches it. */
export const FUNCTION_RUNTIME = "nodejs22.x";
export const FUNCTION_TARGET = "node22";
/** The handler inside each bundle (`index.js` exporting `handler`). */
export const FUNCTION_HANDLER = "index.handler";

/** The package root: the directory holding `functions/` (the repository, or the installed package above dist/). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "functions", "shared", "rotation.ts"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`hardened-aws: the functions/ sources were not found above ${__dirname}; reinstall the package.`);
  }
}

/**
 * Bundles by kind, kept for the process so a program loaded again in it (a test harness's isolated module registry)
 * does not bundle again: the output depends only on the sources, which do not change while a process runs.
 */
const cache = processCache<string>("functionSources");

/** Where `npm run build` writes each function's bundle (`<kind>.js`) and the digests of its inputs (`<kind>.json`). */
export const PREBUILT_DIR = path.join("dist", "functions");

/** A bundle and every file esbuild read to make it (paths relative to the package root, with their SHA-256). */
export interface FunctionBundle {
  readonly text: string;
  readonly inputs: Record<string, string>;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Refuses a kind that is not a folder name under functions/ (it is joined into paths). */
function checkKind(kind: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`hardened-aws: "${kind}" is not a function kind (a folder name under functions/).`);
}

/** Bundles `functions/<kind>/index.ts` with esbuild (see {@link functionSource}). */
export function bundleFunction(kind: string, root = packageRoot()): FunctionBundle {
  checkKind(kind);
  const entry = path.join(root, "functions", kind, "index.ts");
  if (!fs.existsSync(entry)) throw new Error(`hardened-aws: no function "${kind}" (expected ${entry}).`);
  const out = esbuild.buildSync({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    target: FUNCTION_TARGET,
    format: "cjs",
    minify: false,
    sourcemap: false,
    write: false,
    outfile: "index.js",
    legalComments: "none",
    logLevel: "silent",
    metafile: true,
    // pg's optional native binding (never installed: the pure-JavaScript client is used).
    external: ["pg-native"],
  });
  const inputs = Object.fromEntries(Object.keys(out.metafile.inputs).map((f) => [f, sha256(path.join(root, f))]));
  return { text: out.outputFiles[0].text, inputs };
}

/**
 * The bundle `npm run build` wrote for `kind`, if every file it was made from is still byte for byte what it was
 * (so it is the bundle esbuild would make now); undefined otherwise.
 */
export function prebuiltSource(kind: string, root = packageRoot()): string | undefined {
  checkKind(kind);
  const base = path.join(root, PREBUILT_DIR, kind);
  try {
    const { inputs } = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as { inputs: Record<string, string> };
    const fresh = Object.keys(inputs).length > 0 && Object.entries(inputs).every(([f, digest]) => sha256(path.join(root, f)) === digest);
    return fresh ? fs.readFileSync(`${base}.js`, "utf8") : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a kind's bundle and its inputs' digests where {@link prebuiltSource} reads them (`npm run build`). */
export function writePrebuilt(kind: string, root = packageRoot()): void {
  const { text, inputs } = bundleFunction(kind, root);
  const base = path.join(root, PREBUILT_DIR, kind);
  fs.mkdirSync(path.dirname(base), { recursive: true });
  fs.writeFileSync(`${base}.js`, text);
  fs.writeFileSync(`${base}.json`, `${JSON.stringify({ inputs }, null, 2)}\n`);
}

/** Every function kind: the folders under functions/ with an index.ts. */
export function functionKinds(root = packageRoot()): string[] {
  return fs
    .readdirSync(path.join(root, "functions"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, "functions", e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

/**
 * The JavaScript of `functions/<kind>/index.ts`, bundled by esbuild with its dependencies (AWS SDK v3, pg, …) so
 * the function does not depend on what the runtime ships. Deterministic: same sources, same bytes (paths in the
 * output are relative to the package root). The bundle `npm run build` made is used while its inputs are
 * unchanged (a program run then bundles nothing); otherwise esbuild bundles it. Cached per kind.
 */
export function functionSource(kind: string): string {
  const hit = cache.get(kind);
  if (hit !== undefined) return hit;
  const text = prebuiltSource(kind) ?? bundleFunction(kind).text;
  cache.set(kind, text);
  return text;
}

/** The deployment package of `functions/<kind>`: one `index.js` (handler `index.handler`). */
export function functionCode(kind: string): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(functionSource(kind)) });
}
