import * as fs from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

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
 * Bundles by kind, kept on the global object so a program loaded again in the same process (a test harness's
 * isolated module registry) does not bundle again: the output depends only on the sources, which do not change
 * while a process runs.
 */
const CACHE_KEY = Symbol.for("hardened-aws.functionSources");
const cache: Map<string, string> = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] as Map<string, string> | undefined) ?? new Map<string, string>();
(globalThis as Record<symbol, unknown>)[CACHE_KEY] = cache;

/**
 * The JavaScript of `functions/<kind>/index.ts`, bundled by esbuild with its dependencies (AWS SDK v3, pg, …) so
 * the function does not depend on what the runtime ships. Deterministic: same sources, same bytes (paths in the
 * output are relative to the package root). Cached per kind.
 */
export function functionSource(kind: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(kind)) throw new Error(`hardened-aws: "${kind}" is not a function kind (a folder name under functions/).`);
  const hit = cache.get(kind);
  if (hit !== undefined) return hit;
  const root = packageRoot();
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
    // pg's optional native binding (never installed: the pure-JavaScript client is used).
    external: ["pg-native"],
  });
  const text = out.outputFiles[0].text;
  cache.set(kind, text);
  return text;
}

/** The deployment package of `functions/<kind>`: one `index.js` (handler `index.handler`). */
export function functionCode(kind: string): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(functionSource(kind)) });
}
