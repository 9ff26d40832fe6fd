#!/usr/bin/env node
/**
 * Compiles the policy pack (policy/*.ts) to JavaScript in policy/bin, so `pulumi preview --policy-pack policy`
 * starts compiled code instead of type-checking TypeScript through ts-node. Type-checking is `npm run typecheck`.
 * It also writes policy/CONTROLS.md from the compiled policies' metadata (tools/controls.js).
 * Usage: node tools/build-policy.js [--check]   (--check: exit 1 when policy/bin or CONTROLS.md is missing or stale)
 */
const fs = require("fs");
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

function build(check) {
  const stale = [];
  for (const file of sources(root)) {
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, ".js");
    const code = compile(file);
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
    if (current === code) continue;
    stale.push(path.relative(process.cwd(), target));
    if (!check) {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, code);
    }
  }
  const controls = require("./controls");
  const { allPolicies } = require(path.join(out, "policies.js"));
  const table = controls.render(allPolicies);
  const current = fs.existsSync(controls.CONTROLS_FILE) ? fs.readFileSync(controls.CONTROLS_FILE, "utf8") : undefined;
  if (current !== table) {
    stale.push(path.relative(process.cwd(), controls.CONTROLS_FILE));
    if (!check) fs.writeFileSync(controls.CONTROLS_FILE, table);
  }
  return stale;
}

module.exports = { build };

if (require.main === module) {
  const check = process.argv.includes("--check");
  const stale = build(check);
  if (check && stale.length) {
    console.error(`stale: ${stale.join(", ")}. Run npm run build:policy.`);
    process.exit(1);
  }
  if (!check) console.log(`policy/bin: ${stale.length} file(s) written`);
}
