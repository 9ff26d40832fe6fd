#!/usr/bin/env node
/**
 * The checkov catalogue of the pack's services: policy/standards/checkov.json.
 *
 * The file lists every check of checkov's Terraform AWS catalogue (resource checks under
 * checkov/terraform/checks/resource/aws, graph checks under checkov/terraform/checks/graph_checks/aws) whose
 * resource types are in the pack's scope, with its id, title and Terraform types, and the pack's answer:
 * - `implemented`: a policy lists the id in its `checkov` metadata (the only place that says so; this file
 *   repeats the policy names so it reads on its own, and `npm run build:policy` keeps them current);
 * - `stricter`: a named policy refuses everything the check refuses and more (`policy`, `reason` say which and how);
 * - `not-decidable`: resource inputs cannot decide it (`reason`);
 * - `out-of-scope`: the pack deliberately does not check it (`reason`).
 * `stricter`, `not-decidable` and `out-of-scope` with their reasons are written by hand in this file; refreshing
 * the catalogue keeps them.
 *
 * Usage: node tools/standards/checkov.js <checkov checkout or git directory>
 *   re-reads the catalogue from a checkov source tree (a bare git directory is read at HEAD) and rewrites the file;
 *   checks that are new enter without a status (a gap the consistency test reports), checks that left are dropped.
 */
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const CHECKOV_FILE = path.join(__dirname, "..", "..", "policy", "standards", "checkov.json");
const RESOURCE_DIR = "checkov/terraform/checks/resource/aws/";
const GRAPH_DIR = "checkov/terraform/checks/graph_checks/aws/";

/**
 * The Terraform types of the services the pack answers for, by service (the same services as the FSBP table).
 * A check is in scope when one of the types it evaluates is listed here. Classic ELB (`aws_elb`), WAF Classic
 * (`aws_waf_*`, `aws_wafregional_*`) and other EC2 resources (instances, volumes, launch templates) are not.
 */
const SCOPE = {
  RDS: [/^aws_db_/, /^aws_rds_/],
  ElastiCache: [/^aws_elasticache_/],
  SecretsManager: [/^aws_secretsmanager_/],
  ECS: [/^aws_ecs_/],
  ECR: [/^aws_ecr_/],
  ELB: [/^aws_lb$/, /^aws_alb$/, /^aws_lb_/, /^aws_alb_/],
  WAF: [/^aws_wafv2_/],
  Backup: [/^aws_backup_/],
  KMS: [/^aws_kms_/],
  EC2: [
    /^aws_security_group/,
    /^aws_default_security_group$/,
    /^aws_vpc/,
    /^aws_default_vpc$/,
    /^aws_network_acl/,
    /^aws_default_network_acl$/,
    /^aws_flow_log$/,
    /^aws_subnet$/,
    /^aws_default_subnet$/,
    /^aws_route_table/,
    /^aws_default_route_table$/,
    /^aws_route$/,
    /^aws_internet_gateway$/,
    /^aws_nat_gateway$/,
  ],
  CloudWatchLogs: [/^aws_cloudwatch_log_/],
  S3: [/^aws_s3_bucket/, /^aws_s3_account_public_access_block$/],
  SNS: [/^aws_sns_/],
};
const STATUSES = ["implemented", "stricter", "not-decidable", "out-of-scope"];

/** The service of a Terraform type, or undefined when the type is outside the pack's scope. */
function serviceOf(type) {
  return Object.keys(SCOPE).find((s) => SCOPE[s].some((re) => re.test(type)));
}

/** The service of a check: that of its first in-scope type. */
const checkService = (c) => c.resourceTypes.map(serviceOf).find(Boolean);

function load(file = CHECKOV_FILE) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

// ---- reading checkov's sources --------------------------------------------------------------------------

/** A reader of the checkov tree: a bare git directory (read at HEAD) or a checkout. */
function reader(dir) {
  const bare = !fs.existsSync(path.join(dir, "checkov")) && fs.existsSync(path.join(dir, "HEAD"));
  if (!bare) {
    const walk = (d) => fs.readdirSync(path.join(dir, d), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.posix.join(d, e.name)) : [path.posix.join(d, e.name)]));
    return { files: (prefix) => walk(prefix.replace(/\/$/, "")), read: (f) => fs.readFileSync(path.join(dir, f), "utf8"), commit: gitCommit(dir) };
  }
  const git = (...args) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  return {
    files: (prefix) => git("ls-tree", "-r", "HEAD", "--name-only", "--", prefix).split("\n").filter(Boolean),
    read: (f) => git("show", `HEAD:${f}`),
    commit: git("rev-parse", "HEAD").trim(),
  };
}

function gitCommit(dir) {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

/** Python string literals and simple names assigned in `src`: name -> value (strings) or list of strings. */
function pyAssignments(src) {
  const out = {};
  // name = "a" "b", name = "a" \<newline> "b", name = ("a" <newline> "b"): adjacent literals concatenate.
  const literal = /f?("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/y;
  const gap = /(?:[ \t]|\\\n|\n(?=[ \t]*f?["']))*/y;
  for (const m of src.matchAll(/^[ \t]*(\w+)[ \t]*=[ \t]*\(?\s*(?=f?["'])/gm)) {
    let at = m.index + m[0].length;
    const parts = [];
    for (;;) {
      literal.lastIndex = at;
      const l = literal.exec(src);
      if (!l) break;
      parts.push(pyString(l[1]));
      gap.lastIndex = literal.lastIndex;
      gap.exec(src);
      at = gap.lastIndex;
    }
    if (parts.length) out[m[1]] = { string: parts.join("") };
  }
  for (const m of src.matchAll(/^\s*(\w+)\s*=\s*([[(][^\])]*[\])])/gm)) out[m[1]] = { list: [...m[2].matchAll(/"([^"]+)"|'([^']+)'/g)].map((x) => x[1] ?? x[2]) };
  return out;
}

function pyString(lit) {
  return lit.slice(1, -1).replace(/\\(.)/g, "$1");
}

/** The keyword arguments of the `super().__init__(...)` call: name -> source text. */
function initCall(src) {
  const start = src.search(/super\(\)\.__init__\(/);
  if (start < 0) return undefined;
  let depth = 0;
  let i = src.indexOf("(", src.indexOf("__init__", start));
  const from = i + 1;
  for (; i < src.length; i++) {
    if (src[i] === "(" || src[i] === "[") depth++;
    else if (src[i] === ")" || src[i] === "]") depth--;
    if (depth === 0) break;
  }
  const args = {};
  for (const m of src.slice(from, i).matchAll(/(\w+)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[[(][^\])]*[\])]|-?[\w.]+)/g)) args[m[1]] = m[2];
  return args;
}

/** Resolves an argument's source text to a string or a list of strings, through the file's assignments. */
function resolve(text, vars) {
  if (text === undefined) return undefined;
  if (/^["']/.test(text)) return pyString(text);
  if (/^[[(]/.test(text)) return [...text.matchAll(/"([^"]+)"|'([^']+)'/g)].map((x) => x[1] ?? x[2]);
  const v = vars[text];
  return v?.list ?? v?.string;
}

/** One resource check from its file, following the base class when the file only passes an id and a port. */
function resourceCheck(file, src, read) {
  const vars = pyAssignments(src);
  const call = initCall(src) ?? {};
  const id = resolve(call.id ?? call.check_id, vars);
  if (!/^CKV2?_AWS_\d+$/.test(id ?? "")) return undefined;
  let title = resolve(call.name, vars);
  let resourceTypes = resolve(call.supported_resources, vars);
  if (!title || !resourceTypes) {
    // class X(AbsBase): super().__init__(check_id=..., port=...); the base names the check and its types.
    const base = src.match(/^class \w+\((\w+)\)/m)?.[1];
    const baseFile = base && src.match(new RegExp(`from ([\\w.]+) import[\\s\\\\(]*${base}\\b`))?.[1]?.replace(/\./g, "/") + ".py";
    const baseSrc = baseFile && read(baseFile);
    if (!baseSrc) throw new Error(`${file}: cannot resolve the name or the resource types of ${id}`);
    const baseVars = pyAssignments(baseSrc);
    const baseCall = initCall(baseSrc) ?? {};
    const port = call.port;
    title ??= (resolve(baseCall.name, baseVars) ?? "").replace(/\{port\}|%d/g, port ?? "");
    resourceTypes ??= resolve(baseCall.supported_resources, baseVars);
  }
  if (!title || !resourceTypes?.length) throw new Error(`${file}: cannot resolve the name or the resource types of ${id}`);
  return { id, title, kind: "resource", resourceTypes: [...new Set(resourceTypes)], source: file };
}

/**
 * One graph check from its YAML: the types it reports on are those of its `resource_type` filter, or else
 * every `resource_types` of its conditions (connected types are what it looks for, not what it reports on).
 */
function graphCheck(file, src) {
  const { parse } = require("yaml");
  const doc = parse(src);
  const filters = [];
  const subjects = [];
  const connected = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (node.cond_type === "filter" && node.attribute === "resource_type") filters.push(...[node.value].flat());
    if (node.resource_types) subjects.push(...[node.resource_types].flat());
    if (node.connected_resource_types) connected.push(...[node.connected_resource_types].flat());
    Object.values(node).forEach(walk);
  };
  walk(doc.definition);
  const resourceTypes = [...new Set(filters.length ? filters : subjects)].filter((t) => t !== "all");
  return { id: doc.metadata.id, title: doc.metadata.name, kind: "graph", resourceTypes, connectedTypes: [...new Set(connected)].filter((t) => !resourceTypes.includes(t)), source: file };
}

/** Every check of checkov's Terraform AWS catalogue. */
function readCatalogue(dir) {
  const r = reader(dir);
  const read = (f) => {
    try {
      return r.read(f);
    } catch {
      return undefined;
    }
  };
  const checks = [];
  for (const f of r.files(RESOURCE_DIR).filter((f) => f.endsWith(".py"))) {
    const c = resourceCheck(f, r.read(f), read);
    if (c) checks.push(c);
  }
  for (const f of r.files(GRAPH_DIR).filter((f) => /\.ya?ml$/.test(f))) checks.push(graphCheck(f, r.read(f)));
  return { commit: r.commit, checks };
}

const idOrder = (a, b) => {
  const [, ka, na] = a.id.match(/^CKV(2?)_AWS_(\d+)$/);
  const [, kb, nb] = b.id.match(/^CKV(2?)_AWS_(\d+)$/);
  return ka.localeCompare(kb) || Number(na) - Number(nb);
};

/** The hand-written answer of a check (kept when the catalogue is refreshed). */
const HAND = ["status", "policy", "reason"];

/**
 * The file's content: the in-scope checks of `catalogue`, with the hand-written answers of `previous` and, for
 * every check a policy names in its `checkov` metadata, `implemented` and the policy names.
 */
function build(catalogue, policies, previous = { checks: [] }) {
  const prev = new Map(previous.checks.map((c) => [c.id, c]));
  const byId = implementers(policies);
  const checks = catalogue.checks
    .map((c) => ({ ...c, service: checkService(c) }))
    .filter((c) => c.service)
    .sort(idOrder)
    .map((c) => {
      const { id, title, kind, service, resourceTypes, connectedTypes, source } = c;
      const out = { id, title, kind, service, resourceTypes, ...(connectedTypes?.length ? { connectedTypes } : {}), source };
      const names = byId.get(id);
      if (names) return { ...out, status: "implemented", policies: names };
      const hand = prev.get(id) ?? {};
      for (const k of HAND) if (hand[k] !== undefined && !(k === "status" && hand[k] === "implemented")) out[k] = hand[k];
      return out;
    });
  return {
    catalogue: "checkov, Terraform AWS checks (resource and graph)",
    source: "https://github.com/bridgecrewio/checkov",
    commit: catalogue.commit ?? previous.commit,
    scope:
      "Checks whose Terraform resource types belong to RDS, ElastiCache, Secrets Manager, ECS, ECR, ELBv2 (application and network load balancers), WAFv2, Backup, KMS, EC2 security groups and VPC, CloudWatch Logs, S3 and SNS.",
    checks,
  };
}

/** checkov id -> names of the policies whose metadata lists it. */
function implementers(policies) {
  const byId = new Map();
  for (const p of policies) for (const id of p.spec.checkov ?? []) byId.set(id, [...(byId.get(id) ?? []), p.name]);
  return byId;
}

/** The current file's text with the implemented rows recomputed from the policies (what build-policy writes). */
function render(policies, previous = load()) {
  return `${JSON.stringify(build({ commit: previous.commit, checks: previous.checks }, policies, previous), null, 2)}\n`;
}

module.exports = { CHECKOV_FILE, SCOPE, STATUSES, serviceOf, load, readCatalogue, build, render, implementers };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: node tools/standards/checkov.js <checkov checkout or git directory>");
    process.exit(2);
  }
  const { allPolicies } = require(path.join(__dirname, "..", "..", "policy", "bin", "policies.js"));
  const previous = fs.existsSync(CHECKOV_FILE) ? load() : { checks: [] };
  const next = build(readCatalogue(dir), allPolicies, previous);
  fs.writeFileSync(CHECKOV_FILE, `${JSON.stringify(next, null, 2)}\n`);
  const count = (s) => next.checks.filter((c) => (s ? c.status === s : !c.status)).length;
  console.log(`${path.relative(process.cwd(), CHECKOV_FILE)}: ${next.checks.length} checks in scope; ${STATUSES.map((s) => `${count(s)} ${s}`).join(", ")}, ${count()} without an answer`);
}
