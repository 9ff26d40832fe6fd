/**
 * Offline preview: runs a Pulumi program under the mock runtime, captures every resource, and hands them
 * to the real policy pack over the analyzer gRPC protocol the CLI speaks (GetAnalyzerInfo, Configure,
 * Analyze per resource, AnalyzeStack). Same verdict as `pulumi preview/up --policy-pack`, with no CLI,
 * cloud account or credentials.
 *
 *   npm run preview -- --stack prod [--json F] [--sarif F] [--as-preview [--fail-on-undecided]]
 *                      [--project-dir DIR] [--policy-pack DIR] [--policy-pack-config F]
 */
import * as fs from "fs";
import * as path from "path";
import { AnalyzeResult, AnalyzerResourceInput, Diagnostic, PackConfigError, PackInfo, PackSession, resolvePackConfig } from "./analyzer";
import { loadProjectStack, ProjectError } from "./project";
import { toSarif } from "./sarif";
import { analyzerWire, capture, Capture, CapturedResource, SECRET_SIG, SIG_KEY } from "../test/support/capture";

export interface PreviewOptions {
  readonly stack: string;
  readonly projectDir: string;
  readonly packDir: string;
  /** Pack config file; default `<packDir>/config/<stack>.json` when it exists. */
  readonly packConfig?: string;
  /** Loads the program's main module (default `require`; tests that preview twice in one process pass a fresh loader). */
  readonly loadProgram?: (main: string) => unknown;
  readonly asPreview: boolean;
  readonly failOnUndecided: boolean;
  readonly json?: string;
  readonly sarif?: string;
  readonly quiet?: boolean;
}

/** One (policy, resource) pair the pack could not decide in this mode, with the reason it gave. */
export interface Undecided {
  readonly policyName: string;
  readonly urn: string;
  readonly enforcementLevel: string;
  readonly reason: string;
}

export interface PreviewResult {
  readonly mode: "resolved" | "preview";
  readonly capture: Capture;
  readonly pack: PackInfo & { startMs: number };
  readonly packConfig: Record<string, { enforcementLevel?: string }>;
  /** Violations (not the "can't run" notes), with the URN filled in. */
  readonly violations: Diagnostic[];
  readonly undecided: Undecided[];
  /** Fixes the pack applied (policies at the `remediate` level), before the resources were analyzed. */
  readonly remediations: { policyName: string; urn: string; description: string }[];
  /** Count of (mandatory policy, resource) pairs that applied, and how many were decided. */
  readonly decidability: { applicable: number; decided: number; undecided: number };
  readonly exitCode: number;
}

const CANT_RUN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: ([\s\S]*)$/;

function redact(value: any): any {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(redact);
  if (value[SIG_KEY] === SECRET_SIG) return "[secret]";
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
}

function toAnalyzerInput(r: CapturedResource, byUrn: Map<string, CapturedResource>, props: Record<string, any>): AnalyzerResourceInput {
  const providerUrn = r.provider ? r.provider.split("::").slice(0, -1).join("::") : "";
  const prov = providerUrn ? byUrn.get(providerUrn) : undefined;
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    properties: analyzerWire(props),
    options: { protect: r.options.protect, ignoreChanges: r.options.ignoreChanges, deleteBeforeReplace: r.options.deleteBeforeReplace, additionalSecretOutputs: r.options.additionalSecretOutputs, aliases: r.options.aliases, parent: r.parent },
    provider: prov ? { type: prov.type, urn: prov.urn, name: prov.name, properties: analyzerWire(prov.wireInputs) } : undefined,
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}

/** The source file a resource comes from: its nearest hardened component's folder, else the program. */
function locator(cap: Capture, projectDir: string, main: string): (urn: string) => { uri: string } {
  const repoRoot = process.cwd();
  const mainRel = path.relative(repoRoot, main);
  return (urn) => {
    let r = cap.byUrn(urn);
    while (r) {
      const m = /^hardened:([a-z]+):/.exec(r.type);
      if (m && fs.existsSync(path.join(repoRoot, "components", m[1], "index.ts"))) return { uri: `components/${m[1]}/index.ts` };
      r = cap.byUrn(r.parent);
    }
    return { uri: mainRel || path.relative(repoRoot, path.join(projectDir, "Pulumi.yaml")) };
  };
}

function ensurePackBuilt(packDir: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
  if (!String(pkg.main ?? "").endsWith(".js")) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compilePack } = require("./build-policy.js"); // compiles only: the preview never loads a policy itself
  if (path.resolve(packDir) === path.resolve(__dirname, "..", "policy")) compilePack(false);
}

/** The pack config file as a JSON object; a missing default file means none, a missing or malformed given file is refused. */
function readPackConfig(file: string, given: boolean): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    if (given) throw new PackConfigError(`policy pack config ${file} does not exist. Fix: pass an existing file to --policy-pack-config.`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new PackConfigError(`policy pack config ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new PackConfigError(`policy pack config ${file} must be a JSON object of policy names (or "all") to levels or objects.`);
  return parsed as Record<string, unknown>;
}

export async function runPreview(o: PreviewOptions): Promise<PreviewResult> {
  const ps = loadProjectStack(o.projectDir, o.stack);
  ensurePackBuilt(o.packDir);
  const sessionP = PackSession.start(o.packDir);
  let cap: Capture;
  try {
    cap = await capture(() => (o.loadProgram ?? require)(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys, preview: o.asPreview });
  } catch (err) {
    (await sessionP.catch(() => undefined))?.close();
    throw err;
  }
  const session = await sessionP;
  try {
    const info = await session.info();
    const configFile = o.packConfig ?? path.join(o.packDir, "config", `${o.stack}.json`);
    const userConfig = readPackConfig(configFile, o.packConfig !== undefined);
    const packConfig = resolvePackConfig(info, userConfig);
    await session.configure(packConfig);
    await session.configureStack(ps.stack, ps.project, o.asPreview);

    const byUrn = new Map(cap.resources.map((r) => [r.urn, r]));
    const perResource: [CapturedResource, AnalyzeResult][] = [];
    const remediations: PreviewResult["remediations"] = [];
    const remediating = Object.values(packConfig).some((c) => c.enforcementLevel === "remediate");
    for (const r of cap.resources) {
      // As the engine does: remediations rewrite a resource's inputs before it is analyzed (and deployed).
      let input = toAnalyzerInput(r, byUrn, r.wireInputs);
      if (remediating) {
        const fixes = await session.remediate(input);
        for (const f of fixes) remediations.push({ policyName: f.policyName, urn: r.urn, description: f.description });
        if (fixes.length) input = { ...input, properties: fixes[fixes.length - 1].properties };
      }
      perResource.push([r, await session.analyze(input)]);
    }
    const stackResult = await session.analyzeStack(cap.resources.map((r) => toAnalyzerInput(r, byUrn, r.wireOutputs)));

    const violations: Diagnostic[] = [];
    const undecided: Undecided[] = [];
    const levelOf = (name: string) => packConfig[name]?.enforcementLevel ?? "mandatory";
    const mandatory = (name: string) => levelOf(name) === "mandatory" || levelOf(name) === "remediate";
    const classify = (d: Diagnostic, urn: string) => {
      const m = CANT_RUN.exec(d.message);
      if (m) undecided.push({ policyName: m[1], urn: d.urn || urn, enforcementLevel: levelOf(m[1]), reason: m[2] });
      else violations.push({ ...d, urn: d.urn || urn });
    };
    // Every (mandatory policy, resource) pair that applied, with what came of it; stack policies have urn "".
    const pairs: { policyName: string; urn: string }[] = [];
    const resourcePolicies = info.policies.filter((p) => p.type === "resource" && levelOf(p.name) !== "disabled");
    for (const [r, res] of perResource) {
      res.diagnostics.forEach((d) => classify(d, r.urn));
      const na = new Set(res.notApplicable.map((n) => n.policyName));
      for (const p of resourcePolicies) if (mandatory(p.name) && !na.has(p.name)) pairs.push({ policyName: p.name, urn: r.urn });
    }
    stackResult.diagnostics.forEach((d) => classify(d, ""));
    const stackNa = new Set(stackResult.notApplicable.map((n) => n.policyName));
    for (const p of info.policies) if (p.type === "stack" && mandatory(p.name) && !stackNa.has(p.name)) pairs.push({ policyName: p.name, urn: "" });
    const key = (x: { policyName: string; urn: string }) => `${x.policyName}|${x.urn}`;
    const undecidedKeys = new Set(undecided.map(key));
    const failedKeys = new Set(violations.map((v) => key(v)));
    const failedStack = new Set(violations.map((v) => v.policyName));
    const decisions = pairs.map((p) => ({
      ...p,
      verdict: undecidedKeys.has(key(p)) || (p.urn === "" && undecided.some((u) => u.policyName === p.policyName)) ? "undecided" : failedKeys.has(key(p)) || (p.urn === "" && failedStack.has(p.policyName)) ? "failed" : "passed",
    }));
    const applicable = pairs.length;
    const undecidedMandatory = decisions.filter((d) => d.verdict === "undecided").length;

    const mandatoryViolations = violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length;
    const exitCode = mandatoryViolations > 0 || (o.failOnUndecided && undecidedMandatory > 0) ? 1 : 0;
    const result: PreviewResult = {
      mode: o.asPreview ? "preview" : "resolved",
      capture: cap,
      pack: { ...info, startMs: session.startMs },
      packConfig,
      violations,
      undecided,
      remediations,
      decidability: { applicable, decided: applicable - undecidedMandatory, undecided: undecidedMandatory },
      exitCode,
    };

    if (o.json) {
      fs.mkdirSync(path.dirname(path.resolve(o.json)), { recursive: true });
      fs.writeFileSync(o.json, JSON.stringify({
        project: ps.project,
        stack: ps.stack,
        mode: result.mode,
        pack: { name: info.name, version: info.version, startMs: session.startMs, config: packConfig },
        resources: cap.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, parent: r.parent, provider: r.provider, inputs: redact(r.wireInputs), dependencies: r.dependencies, propertyDependencies: r.propertyDependencies, options: r.options })),
        outputs: redact(cap.wireOutputs),
        violations,
        undecided,
        remediations,
        decidability: result.decidability,
        decisions,
        exitCode,
      }, null, 2));
    }
    if (o.sarif) {
      fs.mkdirSync(path.dirname(path.resolve(o.sarif)), { recursive: true });
      fs.writeFileSync(o.sarif, JSON.stringify(toSarif(info, violations, locator(cap, o.projectDir, ps.main), undecided.filter((u) => mandatory(u.policyName))), null, 2));
    }
    if (!o.quiet) printReport(result, ps.stack, ps.project, o);
    return result;
  } finally {
    session.close();
  }
}

function printReport(r: PreviewResult, stack: string, project: string, o: PreviewOptions): void {
  const out: string[] = [];
  out.push(`Previewing ${project}/${stack} offline (${r.mode === "preview" ? "as pulumi preview sees a new stack: computed values unknown" : "resolved: every value known, as pulumi up sees it"})`);
  out.push("");
  const children = new Map<string, CapturedResource[]>();
  for (const res of r.capture.resources) children.set(res.parent, [...(children.get(res.parent) ?? []), res]);
  const roots = r.capture.resources.filter((res) => !r.capture.byUrn(res.parent));
  const walk = (res: CapturedResource, depth: number) => {
    out.push(`${"  ".repeat(depth + 1)}+ ${res.type.padEnd(Math.max(1, 56 - depth * 2))} ${res.name}`);
    for (const c of children.get(res.urn) ?? []) walk(c, depth + 1);
  };
  out.push(`    pulumi:pulumi:Stack ${project}-${stack}`);
  roots.forEach((res) => walk(res, 1));
  out.push("");
  out.push("Resources by type:");
  for (const [type, n] of Object.entries(r.capture.countsByType())) out.push(`    ${String(n).padStart(4)}  ${type}`);
  out.push(`    ${String(r.capture.resources.length).padStart(4)}  to create`);
  out.push("");
  out.push(`Policy pack ${r.pack.name}@v${r.pack.version}: ${r.pack.policies.length} policies, served in ${r.pack.startMs} ms${o.packConfig ? ` (config ${o.packConfig})` : ""}`);
  for (const level of ["mandatory", "remediate", "advisory"]) {
    const vs = r.violations.filter((v) => v.enforcementLevel === level);
    out.push(`  ${level}: ${vs.length} violation${vs.length === 1 ? "" : "s"}`);
    for (const v of vs) out.push(`    [${level}] ${v.policyName} (${v.urn || "stack"})\n        ${v.message}`);
  }
  if (r.remediations.length) {
    out.push(`  remediated: ${r.remediations.length} fix(es) applied before analysis`);
    for (const f of r.remediations) out.push(`    [remediated] ${f.policyName} (${f.urn})`);
  }
  if (r.mode === "preview" || r.undecided.length) {
    out.push("");
    out.push(`Decidability (mandatory policy, resource) pairs: ${r.decidability.applicable} applicable, ${r.decidability.decided} decided, ${r.decidability.undecided} could not run in this mode`);
    for (const u of r.undecided) out.push(`    [undecided${u.enforcementLevel === "mandatory" ? ", mandatory" : ""}] ${u.policyName} (${u.urn || "stack"}): ${u.reason}`);
  }
  out.push("");
  const mandatory = r.violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length;
  out.push(r.exitCode === 0 ? `PASSED: 0 mandatory violations.` : `FAILED: ${mandatory} mandatory violation(s)${o.failOnUndecided && r.decidability.undecided ? `, ${r.decidability.undecided} mandatory check(s) undecided (--fail-on-undecided)` : ""}.`);
  console.log(out.join("\n"));
}

export function parseArgs(argv: string[]): PreviewOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new ProjectError(`${flag} needs a value.`);
    return v;
  };
  const known = new Set(["--stack", "--project-dir", "--policy-pack", "--policy-pack-config", "--json", "--sarif", "--as-preview", "--fail-on-undecided", "--quiet"]);
  const unknownFlag = argv.find((a) => a.startsWith("--") && !known.has(a));
  if (unknownFlag) throw new ProjectError(`unknown option ${unknownFlag}. Options: ${[...known].join(" ")}.`);
  const stack = get("--stack");
  if (!stack) throw new ProjectError("choose a stack: npm run preview -- --stack prod (or staging).");
  const root = path.resolve(__dirname, "..");
  return {
    stack,
    projectDir: path.resolve(get("--project-dir") ?? root),
    packDir: path.resolve(get("--policy-pack") ?? path.join(root, "policy")),
    packConfig: get("--policy-pack-config"),
    asPreview: argv.includes("--as-preview"),
    failOnUndecided: argv.includes("--fail-on-undecided"),
    json: get("--json"),
    sarif: get("--sarif"),
    quiet: argv.includes("--quiet"),
  };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const o = parseArgs(argv);
    if (o.failOnUndecided && !o.asPreview) throw new ProjectError("--fail-on-undecided goes with --as-preview (the resolved mode decides every check).");
    return (await runPreview(o)).exitCode;
  } catch (err) {
    const e = err as Error;
    const known = e instanceof ProjectError || ["ConfigError", "ArgumentError", "RunError", "PackConfigError"].includes(e.name) || e.constructor?.name === "RunError";
    console.error(`error: ${known ? e.message : e.stack ?? e.message}`);
    return 2;
  }
}
