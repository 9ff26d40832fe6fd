/**
 * The offline preview as a library: run a program under the mock runtime ({@link capture}), hand every
 * resource to a real policy pack over the analyzer gRPC protocol the CLI speaks (GetAnalyzerInfo, Configure,
 * Analyze per resource, AnalyzeStack) and return the verdicts: the same verdict as
 * `pulumi preview/up --policy-pack`, with no CLI, cloud account or credentials. Nothing here loads a policy:
 * the pack runs as its own process, exactly as the CLI starts it.
 */
import * as fs from "fs";
import * as path from "path";
import { AnalyzeResult, AnalyzerResourceInput, Diagnostic, PackConfigError, PackInfo, PackSession, PolicyConfigEntry, resolvePackConfig } from "./analyzer";
import { analyzerWire, capture, Capture, CapturedResource, SECRET_SIG, SIG_KEY } from "./capture";
import { loadProjectStack } from "./project";
import { toSarif } from "./sarif";

/** Pack config as in a `--policy-pack-config` file: policy name (or `all`) to a level or `{ enforcementLevel, ...properties }`. */
export type PackConfig = Readonly<Record<string, unknown>>;

/** One (policy, resource) pair the pack could not decide in this mode, with the reason it gave. */
export interface Undecided {
  readonly policyName: string;
  /** The resource's URN; "" for a stack policy. */
  readonly urn: string;
  readonly enforcementLevel: string;
  readonly reason: string;
}

/** What came of one (mandatory policy, resource) pair that applied; stack policies have urn "". */
export interface Decision {
  readonly policyName: string;
  readonly urn: string;
  readonly verdict: "passed" | "failed" | "undecided";
}

export interface PackOptions {
  /** The policy pack directory (PulumiPolicy.yaml, package.json, compiled JavaScript). @default {@link defaultPackDir}() */
  readonly packDir?: string;
  /** A pack already started with {@link PackSession.start} to reuse (the caller closes it). @default a pack started and closed for this call */
  readonly session?: PackSession;
}

export interface PackResult {
  readonly pack: PackInfo & { startMs: number };
  /** The config the pack was configured with: its initial config, overlaid by the given config, `all` expanded. */
  readonly packConfig: Record<string, PolicyConfigEntry>;
  /** Violations (not the "can't run" notes), with the URN filled in. */
  readonly violations: Diagnostic[];
  readonly undecided: Undecided[];
  /** Fixes the pack applied (policies at the `remediate` level), before the resources were analyzed. */
  readonly remediations: { policyName: string; urn: string; description: string }[];
  readonly decisions: Decision[];
  /** Count of (mandatory policy, resource) pairs that applied, and how many were decided. */
  readonly decidability: { applicable: number; decided: number; undecided: number };
  /** Violations at the mandatory (or remediate) level: what makes `pulumi preview/up` fail. */
  readonly mandatoryViolations: number;
}

export interface PreviewOptions {
  readonly stack: string;
  /** The Pulumi project (directory of Pulumi.yaml). */
  readonly projectDir: string;
  /** @default {@link defaultPackDir}() */
  readonly packDir?: string;
  /** Pack config file. @default `<packDir>/config/<stack>.json` when it exists, else the pack's own levels */
  readonly packConfig?: string;
  /** Loads the program's main module. @default require (tests that preview twice in one process pass a fresh loader) */
  readonly loadProgram?: (main: string) => unknown;
  /** Send what `pulumi preview` of a new stack sends: computed values unknown. @default false */
  readonly asPreview?: boolean;
  /** With asPreview: a mandatory check that could not run fails the preview (exit code 1). @default false */
  readonly failOnUndecided?: boolean;
  /** Write the JSON report (resources with secrets redacted, violations, undecided checks, decisions) to this file. */
  readonly json?: string;
  /** Write SARIF 2.1.0 to this file. */
  readonly sarif?: string;
}

export interface PreviewResult extends PackResult {
  readonly mode: "resolved" | "preview";
  readonly project: string;
  readonly stack: string;
  readonly capture: Capture;
  /** 0 when no mandatory violation (and, with failOnUndecided, no undecided mandatory check); 1 otherwise. */
  readonly exitCode: number;
}

const CANT_RUN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: ([\s\S]*)$/;

/** The root of this package (the directory of its package.json), from its sources or its compiled output. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, "utf8")).name === "hardened-aws") return dir;
    if (path.dirname(dir) === dir) throw new Error(`hardened-aws/testing: no package.json of hardened-aws above ${__dirname}`);
  }
}

/** This package's policy pack: the directory `pulumi preview --policy-pack` takes (`node_modules/hardened-aws/policy`). */
export function defaultPackDir(): string {
  return path.join(packageRoot(), "policy");
}

/** A captured resource as the engine sends it to Analyze / AnalyzeStack. */
export function toAnalyzerInput(r: CapturedResource, byUrn: ReadonlyMap<string, CapturedResource>, props: Record<string, any>): AnalyzerResourceInput {
  const providerUrn = r.provider ? r.provider.split("::").slice(0, -1).join("::") : "";
  const prov = providerUrn ? byUrn.get(providerUrn) : undefined;
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    properties: analyzerWire(props),
    options: {
      protect: r.options.protect,
      ignoreChanges: r.options.ignoreChanges,
      deleteBeforeReplace: r.options.deleteBeforeReplace,
      additionalSecretOutputs: r.options.additionalSecretOutputs,
      aliases: r.options.aliases,
      parent: r.parent,
    },
    provider: prov ? { type: prov.type, urn: prov.urn, name: prov.name, properties: analyzerWire(prov.wireInputs) } : undefined,
    parent: r.parent,
    dependencies: r.dependencies,
    propertyDependencies: r.propertyDependencies,
  };
}

/**
 * Runs a policy pack over a capture as the engine does: configures it with `config` (the CLI's
 * `--policy-pack-config`), remediates where a policy is at the `remediate` level, analyzes every resource
 * with its inputs and the whole stack with its outputs, and sorts the diagnostics into violations and checks
 * that could not run (an unknown value in a preview). The capture's project, stack and preview mode go to
 * ConfigureStack.
 */
export async function runPack(cap: Capture, config: PackConfig = {}, o: PackOptions = {}): Promise<PackResult> {
  const session = o.session ?? (await PackSession.start(o.packDir ?? defaultPackDir()));
  try {
    const info = await session.info();
    const packConfig = resolvePackConfig(info, { ...config });
    await session.configure(packConfig);
    await session.configureStack(cap.run.stack, cap.run.project, cap.run.preview);

    const byUrn = new Map(cap.resources.map((r) => [r.urn, r]));
    const perResource: [CapturedResource, AnalyzeResult][] = [];
    const remediations: PackResult["remediations"] = [];
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
    const failedKeys = new Set(violations.map(key));
    const failedStack = new Set(violations.map((v) => v.policyName));
    const decisions = pairs.map((p): Decision => ({
      ...p,
      verdict:
        undecidedKeys.has(key(p)) || (p.urn === "" && undecided.some((u) => u.policyName === p.policyName))
          ? "undecided"
          : failedKeys.has(key(p)) || (p.urn === "" && failedStack.has(p.policyName))
            ? "failed"
            : "passed",
    }));
    const undecidedMandatory = decisions.filter((d) => d.verdict === "undecided").length;
    return {
      pack: { ...info, startMs: session.startMs },
      packConfig,
      violations,
      undecided,
      remediations,
      decisions,
      decidability: { applicable: pairs.length, decided: pairs.length - undecidedMandatory, undecided: undecidedMandatory },
      mandatoryViolations: violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length,
    };
  } finally {
    if (!o.session) session.close();
  }
}

/** A wire value with every secret replaced by "[secret]", as reports write it. */
export function redact(value: any): any {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(redact);
  if (value[SIG_KEY] === SECRET_SIG) return "[secret]";
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
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

/** The pack config file as a JSON object; a missing default file means none, a missing or malformed given file is refused. */
function readPackConfig(file: string, given: boolean): PackConfig {
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
  return parsed as PackConfig;
}

/**
 * Previews a Pulumi project's stack offline: reads Pulumi.yaml and Pulumi.<stack>.yaml as the CLI does,
 * captures the program under mocks and runs the pack over it ({@link runPack}) with the stack's pack config.
 */
export async function runPreview(o: PreviewOptions): Promise<PreviewResult> {
  const ps = loadProjectStack(o.projectDir, o.stack);
  const packDir = o.packDir ?? defaultPackDir();
  const configFile = o.packConfig ?? path.join(packDir, "config", `${o.stack}.json`);
  const userConfig = readPackConfig(configFile, o.packConfig !== undefined);
  // The pack starts while the program runs.
  const sessionP = PackSession.start(packDir);
  let cap: Capture;
  try {
    cap = await capture(() => (o.loadProgram ?? require)(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys, preview: o.asPreview });
  } catch (err) {
    (await sessionP.catch(() => undefined))?.close();
    throw err;
  }
  const session = await sessionP;
  let packed: PackResult;
  try {
    packed = await runPack(cap, userConfig, { session });
  } finally {
    session.close();
  }
  const exitCode = packed.mandatoryViolations > 0 || (o.failOnUndecided && packed.decidability.undecided > 0) ? 1 : 0;
  const result: PreviewResult = { ...packed, mode: o.asPreview ? "preview" : "resolved", project: ps.project, stack: ps.stack, capture: cap, exitCode };
  if (o.json) {
    fs.mkdirSync(path.dirname(path.resolve(o.json)), { recursive: true });
    fs.writeFileSync(
      o.json,
      JSON.stringify(
        {
          project: ps.project,
          stack: ps.stack,
          mode: result.mode,
          pack: { name: packed.pack.name, version: packed.pack.version, startMs: packed.pack.startMs, config: packed.packConfig },
          resources: cap.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            id: r.id,
            parent: r.parent,
            provider: r.provider,
            inputs: redact(r.wireInputs),
            outputs: redact(r.wireOutputs),
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            options: r.options,
          })),
          outputs: redact(cap.wireOutputs),
          violations: packed.violations,
          undecided: packed.undecided,
          remediations: packed.remediations,
          decidability: packed.decidability,
          decisions: packed.decisions,
          exitCode,
        },
        null,
        2,
      ),
    );
  }
  if (o.sarif) {
    const levelOf = (name: string) => packed.packConfig[name]?.enforcementLevel ?? "mandatory";
    const mandatoryUndecided = packed.undecided.filter((u) => levelOf(u.policyName) === "mandatory" || levelOf(u.policyName) === "remediate");
    fs.mkdirSync(path.dirname(path.resolve(o.sarif)), { recursive: true });
    fs.writeFileSync(o.sarif, JSON.stringify(toSarif(packed.pack, packed.violations, locator(cap, o.projectDir, ps.main), mandatoryUndecided), null, 2));
  }
  return result;
}
