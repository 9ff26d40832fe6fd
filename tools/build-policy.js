#!/usr/bin/env node
/**
 * Compiles the policy pack (policy/*.ts) to JavaScript in policy/bin, so `pulumi preview --policy-pack policy`
 * starts compiled code instead of type-checking TypeScript through ts-node. Type-checking is `npm run typecheck`.
 * From the compiled policies' metadata it also writes policy/CONTROLS.md (tools/controls.js), the implemented rows of
 * policy/standards/checkov.json (tools/standards/checkov.js) and the per-stack
 * enforcement files policy/config/<stack>.json: prod makes every policy mandatory; staging keeps security
 * policies mandatory and runs resilience ones (multi-AZ, deletion protection, long retention) as advisory.
 * Usage: node tools/build-policy.js [--check]   (--check: writes nothing; exit 1 when CONTROLS.md, checkov.json or
 * policy/config/*.json is not what the current sources generate)
 */
const fs = require("fs");
const os = require("os");
const path = require("path");
const swc = require("@swc/core");

const root = path.join(__dirname, "..", "policy");
const out = path.join(root, "bin");

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "bin" || e.name === "node_modules" || e.name === "config" ? [] : sources(full);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

function compile(file) {
  return swc.transformFileSync(file, {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: false,
  }).code;
}

/** Compiles policy/*.ts into `binDir` (default policy/bin); returns the files that were (or, with check, would be) rewritten. */
function compilePack(check, binDir = out) {
  const stale = [];
  for (const file of sources(root)) {
    const target = path.join(binDir, path.relative(root, file)).replace(/\.ts$/, ".js");
    const code = compile(file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (current === code) continue;
    stale.push(path.relative(process.cwd(), target));
    if (!check) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, code);
    }
  }
  return stale;
}

/** The generated files (CONTROLS.md, policy/config/<stack>.json) and their text, from the policies compiled in `binDir`. */
function generated(binDir = out) {
  const { allPolicies } = require(path.join(binDir, "policies.js"));
  const controls = require("./controls");
  const checkov = require("./standards/checkov");
  const files = { [checkov.CHECKOV_FILE]: checkov.render(allPolicies), [controls.CONTROLS_FILE]: controls.render(allPolicies) };
  for (const [stack, config] of Object.entries(stackConfigs(allPolicies))) files[path.join(root, "config", `${stack}.json`)] = `${JSON.stringify(config, null, 2)}\n`;
  return files;
}

/** Writes (or, with check, compares) the generated files; returns the stale ones. */
function writeGenerated(check, binDir = out) {
  const stale = [];
  for (const [file, text] of Object.entries(generated(binDir))) {
    if ((fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined) === text) continue;
    stale.push(path.relative(process.cwd(), file));
    if (!check) fs.writeFileSync(file, text);
  }
  return stale;
}

/**
 * A runnable copy of the pack from the current sources in `dir` (outside the working tree, e.g. under
 * os.tmpdir()): PulumiPolicy.yaml, package.json, bin/ and config/<stack>.json, with node_modules linked to
 * this repository's, so `run-policy-pack` and the pack resolve their dependencies.
 */
function stagePack(dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ["PulumiPolicy.yaml", "package.json"]) fs.copyFileSync(path.join(root, f), path.join(dir, f));
  fs.symlinkSync(path.join(__dirname, "..", "node_modules"), path.join(dir, "node_modules"), "dir");
  compilePack(false, path.join(dir, "bin"));
  fs.mkdirSync(path.join(dir, "config"));
  for (const [file, text] of Object.entries(generated(path.join(dir, "bin")))) {
    if (file.startsWith(path.join(root, "config") + path.sep)) fs.writeFileSync(path.join(dir, "config", path.basename(file)), text);
  }
  return dir;
}

/**
 * Builds policy/bin and the generated files. With check, writes nothing: compiles into a temporary directory
 * and returns the generated files that are not in step with the sources.
 */
function build(check) {
  if (!check) return [...compilePack(false), ...writeGenerated(false)];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-aws-pack-check-"));
  try {
    return writeGenerated(true, path.join(stagePack(path.join(dir, "pack")), "bin"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Enforcement per stack, from each policy's category, and the stack's environment for every policy whose rules
 * differ by environment (those with an `environment` config property, policy/environment.ts); the pack config files
 * the CLI and the offline preview read.
 */
function stackConfigs(policies) {
  const resilience = new Set(policies.filter((p) => p.spec.category === "resilience").map((p) => p.name));
  const everyStackAdvisory = new Set(policies.filter((p) => p.spec.advisoryInEveryStack).map((p) => p.name));
  const byEnvironment = new Set(policies.filter((p) => p.configSchema?.properties?.environment).map((p) => p.name));
  const config = (environment, level) => {
    const out = { all: "mandatory" };
    for (const name of policies.map((p) => p.name).sort()) {
      const lvl = level(name);
      if (byEnvironment.has(name)) out[name] = { ...(lvl ? { enforcementLevel: lvl } : {}), environment };
      else if (lvl) out[name] = lvl;
    }
    return out;
  };
  return {
    prod: config("prod", (name) => (everyStackAdvisory.has(name) ? "advisory" : undefined)),
    staging: config("staging", (name) => (resilience.has(name) || everyStackAdvisory.has(name) ? "advisory" : undefined)),
  };
}

module.exports = { build, compilePack, stagePack, stackConfigs };

if (require.main === module) {
  const check = process.argv.includes("--check");
  const stale = build(check);
  if (check && stale.length) {
    console.error(`stale: ${stale.join(", ")}. Run npm run build:policy.`);
    process.exit(1);
  }
  if (!check) console.log(`policy/bin: ${stale.length} file(s) written`);
}
