#!/usr/bin/env node
/**
 * Generates table.json: for each stateful resource type, the inputs whose change makes the provider replace the
 * resource (delete and re-create it, losing what it holds), each with the line it comes from.
 *
 *   npm run replacements              # rewrite table.json from the installed @pulumi/aws and upstream.json
 *   npm run replacements -- --check   # exit 1 when table.json differs from what it would write
 *
 * Sources, per input: the provider schema attribute marked `ForceNew: true` (upstream.json: the Terraform AWS
 * provider file and commit it was read at, since @pulumi/aws ships no schema), and the @pulumi/aws doc comment
 * that says the change forces a new resource. Every input is looked up in the installed @pulumi/aws type
 * declarations (`<Name>Args` of `<module>/<resource>.d.ts`): its declaration line is recorded, and an upstream
 * attribute with no such input fails the run (a renamed or removed input must be looked at, not dropped).
 */
"use strict";
const fs = require("fs");
const path = require("path");

const OUT = path.join(__dirname, "table.json");
const UPSTREAM = require("./upstream.json");
const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));
const FORCES = /forces? (a )?new resource|\(Forces new\b|forces a replacement|will force (a )?(new|replacement)/i;

/** `aws:rds/instance:Instance` → `rds/instance.d.ts` and `InstanceArgs`. */
function declarationOf(type) {
  const [, mod, name] = type.split(":");
  return { file: `${mod}.d.ts`, iface: `${name}Args` };
}

/** The properties of an exported interface with their line (1-based) and doc comment. */
function interfaceProperties(source, iface) {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`export interface ${iface} {`));
  if (start < 0) throw new Error(`no interface ${iface}`);
  const props = new Map();
  let doc = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith("}"); i++) {
    const line = lines[i].trim();
    if (line.startsWith("/**")) doc = [];
    if (line.startsWith("*") || line.startsWith("/**")) doc.push(line.replace(/^\/?\*+\/?\s?/, ""));
    const m = /^(?:readonly )?([A-Za-z0-9_]+)\??:/.exec(line);
    if (m) {
      props.set(m[1], { line: i + 1, doc: doc.join(" ").replace(/\s+/g, " ").trim() });
      doc = [];
    }
  }
  return props;
}

const camel = (attr) => attr.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function generate() {
  const version = require("@pulumi/aws/package.json").version;
  const types = {};
  const problems = [];
  for (const [type, up] of Object.entries(UPSTREAM.types)) {
    const { file, iface } = declarationOf(type);
    const props = interfaceProperties(fs.readFileSync(path.join(AWS_DIR, file), "utf8"), iface);
    const where = (p) => `@pulumi/aws/${file}:${props.get(p).line}`;
    const entries = {};
    const add = (prop, source) => {
      entries[prop] ??= { declared: where(prop), sources: [] };
      entries[prop].sources.push(source);
    };
    for (const attr of up.forceNew) {
      const prop = camel(attr);
      if (!props.has(prop)) problems.push(`${type}: upstream attribute ${attr} (ForceNew) has no input ${prop} in ${iface} of @pulumi/aws ${version}`);
      else add(prop, `${UPSTREAM.repository}@${up.commit.slice(0, 12)} ${up.path}: "${attr}" ForceNew: true`);
    }
    for (const [prop, { doc }] of props) {
      const sentence = doc.split(/(?<=\.)\s/).find((s) => FORCES.test(s));
      if (sentence) add(prop, `${where(prop)}: ${sentence}`);
    }
    types[type] = {
      declarations: `@pulumi/aws/${file} (${iface})`,
      forcesReplacement: Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  if (problems.length) throw new Error(problems.join("\n"));
  return { generatedBy: "npm run replacements (tools/replacements/generate.js)", pulumiAws: version, upstream: UPSTREAM.repository, types };
}

module.exports = { generate, OUT };

if (require.main === module) {
  const text = `${JSON.stringify(generate(), null, 2)}\n`;
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (current !== text) {
      console.error("tools/replacements/table.json is stale: run npm run replacements");
      process.exit(1);
    }
    console.log("tools/replacements/table.json is current");
  } else {
    fs.writeFileSync(OUT, text);
    const t = JSON.parse(text).types;
    console.log(
      `wrote ${path.relative(process.cwd(), OUT)}: ${Object.keys(t).length} types, ${Object.values(t).reduce((n, x) => n + Object.keys(x.forcesReplacement).length, 0)} replace-forcing inputs`,
    );
  }
}
