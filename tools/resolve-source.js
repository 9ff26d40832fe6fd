/**
 * Resolves this package's own name to its TypeScript sources inside this repository, so the program (infra/)
 * imports `hardened-aws` and `hardened-aws/testing` exactly as a user does, and ts-node (`pulumi up`,
 * `npm run preview`, mocha) runs it against the current sources without a build. Loaded by ts-node through the
 * `ts-node.require` entry of tsconfig.json; the names and files come from its `compilerOptions.paths`, the
 * same mapping tsc and jest (`moduleNameMapper`) use. Installed packages resolve through `exports` to dist/.
 */
const fs = require("fs");
const Module = require("module");
const path = require("path");

const root = path.join(__dirname, "..");

/** Package name → absolute source file, from tsconfig.json `compilerOptions.paths` (exact names only). */
function sourcePaths() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  return Object.fromEntries(Object.entries(compilerOptions.paths ?? {}).map(([name, [file]]) => [name, path.join(root, file)]));
}

const targets = new Map(Object.entries(sourcePaths()));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, targets.get(request) ?? request, ...rest);
};
