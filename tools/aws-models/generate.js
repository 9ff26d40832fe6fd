#!/usr/bin/env node
/**
 * Generates constraints.json: for each row of mapping.js, the constraints AWS publishes for the request member
 * (string length, pattern, enum; numeric range; list size) read from botocore's service models, plus the rows'
 * hand-added constraints with the API reference that states them.
 *
 *   node tools/aws-models/generate.js            # rewrite constraints.json from the newest installed botocore
 *   node tools/aws-models/generate.js --check    # exit 1 when constraints.json differs from what it would write
 *   BOTOCORE_DATA=/path/to/botocore/data node tools/aws-models/generate.js
 *
 * botocore comes from Debian's python3-botocore (`apt-get install -y python3-botocore`, models under
 * /usr/lib/python3/dist-packages/botocore/data) or pip; when several are installed the newest version wins.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { execFileSync } = require("child_process");

const OUT = path.join(__dirname, "constraints.json");
const DEBIAN_DATA = "/usr/lib/python3/dist-packages/botocore/data";

/** The version in botocore/__init__.py next to a data directory, or undefined. */
function botocoreVersion(dataDir) {
  try {
    const init = fs.readFileSync(path.join(dataDir, "..", "__init__.py"), "utf8");
    return /__version__\s*=\s*['"]([^'"]+)['"]/.exec(init)?.[1];
  } catch {
    return undefined;
  }
}

function compareVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Installed botocore model directories with their versions, newest first ([] when none). */
function installedModels() {
  const candidates = [];
  if (process.env.BOTOCORE_DATA) return [{ dir: process.env.BOTOCORE_DATA, version: botocoreVersion(process.env.BOTOCORE_DATA) ?? "unknown" }];
  candidates.push(DEBIAN_DATA);
  try {
    const dir = execFileSync("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    if (dir) candidates.push(path.join(dir, "data"));
  } catch {
    /* no python3 or no botocore module */
  }
  const found = [];
  for (const dir of new Set(candidates)) {
    const version = botocoreVersion(dir);
    if (version && fs.existsSync(dir)) found.push({ dir, version });
  }
  return found.sort((a, b) => compareVersions(b.version, a.version));
}

/** The newest API version of a service's model (service-2.json or .json.gz). */
function loadService(dataDir, service) {
  const dir = path.join(dataDir, service);
  if (!fs.existsSync(dir)) throw new Error(`botocore ${dataDir} has no model for service ${service}`);
  const apiVersion = fs
    .readdirSync(dir)
    .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
    .sort()
    .pop();
  const file = path.join(dir, apiVersion, "service-2.json");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : zlib.gunzipSync(fs.readFileSync(`${file}.gz`)).toString("utf8");
  return { apiVersion, model: JSON.parse(text) };
}

/** Walks a member path (`A.B[].C`, `Tags{key}`) from the operation's input shape; returns the final shape name. */
function resolveMember(model, operation, memberPath) {
  const op = model.operations[operation];
  if (!op) throw new Error(`operation ${operation} not in the model (botocore too old for this service? install a newer one)`);
  let shapeName = op.input.shape;
  for (const segment of memberPath.split(".")) {
    const m = /^([A-Za-z0-9_]*)((?:\[\]|\{key\}|\{value\})*)$/.exec(segment);
    if (!m) throw new Error(`bad member path segment ${segment}`);
    if (m[1]) {
      const shape = model.shapes[shapeName];
      const member = shape.members?.[m[1]];
      if (!member) throw new Error(`${operation}: ${shapeName} has no member ${m[1]} (members: ${Object.keys(shape.members ?? {}).join(", ")})`);
      shapeName = member.shape;
    }
    for (const step of m[2].match(/\[\]|\{key\}|\{value\}/g) ?? []) {
      const shape = model.shapes[shapeName];
      if (step === "[]" && shape.type === "list") shapeName = shape.member.shape;
      else if (step === "{key}" && shape.type === "map") shapeName = shape.key.shape;
      else if (step === "{value}" && shape.type === "map") shapeName = shape.value.shape;
      else throw new Error(`${operation}: ${memberPath}: ${shapeName} is a ${shape.type}, not stepped by ${step}`);
    }
  }
  return shapeName;
}

/** The constraints a shape publishes, in our vocabulary; undefined when it publishes none. */
function constraintsOf(shape) {
  const c = {};
  if (shape.type === "string") {
    if (shape.min !== undefined) c.minLength = shape.min;
    if (shape.max !== undefined) c.maxLength = shape.max;
    if (shape.pattern !== undefined) c.pattern = shape.pattern;
    if (shape.enum !== undefined) c.enum = shape.enum;
  } else if (["integer", "long", "double", "float"].includes(shape.type)) {
    if (shape.min !== undefined) c.min = shape.min;
    if (shape.max !== undefined) c.max = shape.max;
  } else if (shape.type === "list") {
    if (shape.min !== undefined) c.minItems = shape.min;
    if (shape.max !== undefined) c.maxItems = shape.max;
  }
  return Object.keys(c).length ? c : undefined;
}

/** Builds the constraints document from the models in `dataDir` (throws on a row the model does not have). */
function generate(dataDir, version) {
  const mapping = require("./mapping");
  const services = new Map();
  const service = (name) => {
    if (!services.has(name)) services.set(name, loadService(dataDir, name));
    return services.get(name);
  };
  const rules = [];
  const unconstrained = [];
  for (const [type, rows] of Object.entries(mapping)) {
    for (const row of rows) {
      const { apiVersion, model } = service(row.service);
      const shapeName = resolveMember(model, row.operation, row.member);
      const where = { service: row.service, apiVersion, operation: row.operation, member: row.member };
      const base = { type, property: row.property, ...(row.autoname ? { autoname: true } : {}) };
      const fromModel = constraintsOf(model.shapes[shapeName]);
      if (fromModel) rules.push({ ...base, constraint: fromModel, source: { ...where, shape: shapeName, botocore: version } });
      if (row.manual) {
        const { reference, note, ...constraint } = row.manual;
        rules.push({ ...base, constraint, source: { ...where, reference, note } });
      }
      if (!fromModel && !row.manual) unconstrained.push(`${type} ${row.property} (${row.service} ${row.operation} ${row.member})`);
    }
  }
  return { source: { package: "botocore", version, generator: "tools/aws-models/generate.js" }, rules, unconstrained };
}

/** The document as written: one rule per line, so a model update reads as a line diff. */
function serialize(doc) {
  const lines = doc.rules.map((r) => `    ${JSON.stringify(r)}`);
  const unc = doc.unconstrained.map((u) => `    ${JSON.stringify(u)}`);
  return `{\n  "source": ${JSON.stringify(doc.source)},\n  "rules": [\n${lines.join(",\n")}\n  ],\n  "unconstrained": [\n${unc.join(",\n")}\n  ]\n}\n`;
}

/** What the generator would write now, or undefined when no botocore models are installed. */
function expected() {
  const [models] = installedModels();
  if (!models) return undefined;
  return { models, text: serialize(generate(models.dir, models.version)) };
}

function main(argv) {
  const exp = expected();
  if (!exp) {
    console.error("no botocore models found: apt-get install -y python3-botocore (or set BOTOCORE_DATA)");
    return 2;
  }
  if (argv.includes("--check")) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (current === exp.text) return 0;
    console.error(`${path.relative(process.cwd(), OUT)} is not what botocore ${exp.models.version} gives: run node tools/aws-models/generate.js`);
    return 1;
  }
  fs.writeFileSync(OUT, exp.text);
  const doc = JSON.parse(exp.text);
  console.log(`wrote ${doc.rules.length} rules from botocore ${exp.models.version} (${exp.models.dir}); ${doc.unconstrained.length} members publish no constraint`);
  return 0;
}

module.exports = { generate, serialize, expected, installedModels, OUT };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
