/**
 * A client for a policy pack served the way the Pulumi CLI serves it: a separate `node
 * @pulumi/pulumi/cmd/run-policy-pack <engine> <pack-dir>` process that prints its port and speaks the
 * `pulumirpc.Analyzer` gRPC service. Nothing here imports a policy.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { pulumiRequire } from "./runtime";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = pulumiRequire("@grpc/grpc-js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

export type Level = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: Level[] = ["advisory", "mandatory", "disabled", "remediate"];
const SEVERITIES = ["", "low", "medium", "high", "critical"];

export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: Level;
  readonly type: "resource" | "stack";
  readonly severity: string;
  readonly framework?: { name: string; version: string; reference: string; specification: string };
  readonly tags: readonly string[];
  readonly remediationSteps: string;
  /** The JSON schema of the policy's config properties (`configSchema`), which the CLI checks pack config against. */
  readonly configSchema?: { readonly properties: Record<string, any>; readonly required: readonly string[] };
}

export interface PackInfo {
  readonly name: string;
  readonly version: string;
  readonly policies: readonly PolicyInfo[];
  /** The pack's initial config, policy name → { enforcementLevel, ...properties }. */
  readonly initialConfig: Record<string, PolicyConfigEntry>;
}

export interface PolicyConfigEntry {
  readonly enforcementLevel?: Level;
  readonly [property: string]: unknown;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly policyPackName: string;
  readonly policyPackVersion: string;
  readonly description: string;
  readonly message: string;
  readonly enforcementLevel: Level;
  readonly urn: string;
  readonly severity: string;
}

export interface NotApplicable {
  readonly policyName: string;
  readonly reason: string;
}

export interface AnalyzeResult {
  readonly diagnostics: Diagnostic[];
  readonly notApplicable: NotApplicable[];
}

export interface Remediation {
  readonly policyName: string;
  readonly description: string;
  readonly properties: Record<string, any>;
  readonly diagnostic: string;
}

export interface AnalyzerResourceOptions {
  readonly protect?: boolean;
  readonly ignoreChanges?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
  readonly additionalSecretOutputs?: readonly string[];
  readonly aliases?: readonly string[];
  readonly parent?: string;
}

/** One resource as sent to Analyze / AnalyzeStack. `properties` are in wire form (secret envelopes kept). */
export interface AnalyzerResourceInput {
  readonly type: string;
  readonly urn: string;
  readonly name: string;
  readonly properties: Record<string, any>;
  readonly options: AnalyzerResourceOptions;
  readonly provider?: { type: string; urn: string; name: string; properties: Record<string, any> };
  readonly parent?: string;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

function toOptions(o: AnalyzerResourceOptions): any {
  const opts = new analyzerPb.AnalyzerResourceOptions();
  opts.setProtect(o.protect ?? false);
  opts.setIgnorechangesList([...(o.ignoreChanges ?? [])]);
  opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  opts.setAdditionalsecretoutputsList([...(o.additionalSecretOutputs ?? [])]);
  opts.setAliasesList([...(o.aliases ?? [])]);
  opts.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
  if (o.parent) opts.setParent(o.parent);
  return opts;
}

function toProvider(p: NonNullable<AnalyzerResourceInput["provider"]>): any {
  const prov = new analyzerPb.AnalyzerProviderResource();
  prov.setType(p.type);
  prov.setUrn(p.urn);
  prov.setName(p.name);
  prov.setProperties(Struct.fromJavaScript(p.properties));
  return prov;
}

function toDiagnostic(d: any): Diagnostic {
  // The pack's server prefixes the policy description to each message; the description travels separately.
  const description: string = d.getDescription();
  const raw: string = d.getMessage();
  const message = description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw;
  return {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message,
    enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
    urn: d.getUrn(),
    severity: SEVERITIES[d.getSeverity?.() ?? 0] ?? "",
  };
}

function toResult(resp: any): AnalyzeResult {
  return {
    diagnostics: resp.getDiagnosticsList().map(toDiagnostic),
    notApplicable: resp.getNotApplicableList().map((n: any) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

function levelEnum(level: Level): number {
  return LEVELS.indexOf(level);
}

/** A running pack process and a client bound to it. */
export class PackSession {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    /** Milliseconds from spawn until the pack printed its port. */
    readonly startMs: number,
    private readonly stderr: string[],
  ) {}

  /**
   * Starts the pack in `packDir` exactly as the CLI does. `engine` is the engine address handed to the
   * pack; an unreachable one is enough offline.
   */
  static async start(packDir: string, engine = "127.0.0.1:1", timeoutMs = 60000): Promise<PackSession> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js", { paths: [path.resolve(packDir)] });
    const t0 = Date.now();
    // The CLI's environment, not this process's: ts-node settings of a test runner would change how the pack loads.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_")));
    const child = spawn(process.execPath, [runner, engine, path.resolve(packDir)], { cwd: path.resolve(packDir), env, stdio: ["ignore", "pipe", "pipe"] });
    const stderr: string[] = [];
    child.stderr.on("data", (b) => stderr.push(String(b)));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`policy pack in ${packDir} did not print its port within ${timeoutMs} ms:\n${stderr.join("")}`)), timeoutMs);
      const rl = readline.createInterface({ input: child.stdout });
      rl.once("line", (line) => {
        clearTimeout(timer);
        const n = Number(line.trim());
        if (Number.isInteger(n) && n > 0) resolve(n);
        else reject(new Error(`policy pack printed "${line}" instead of a port:\n${stderr.join("")}`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`policy pack exited with code ${code} before serving:\n${stderr.join("")}`));
      });
    });
    const startMs = Date.now() - t0;
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    return new PackSession(child, client, startMs, stderr);
  }

  /** The pack process's id (e.g. to read its resource use). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  private call<T>(method: string, req: any): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](req, (err: any, resp: T) => (err ? reject(new Error(`${method}: ${err.details ?? err.message}\n${this.stderr.join("")}`)) : resolve(resp)));
    });
  }

  async info(): Promise<PackInfo> {
    const resp: any = await this.call("getAnalyzerInfo", new Empty());
    const initialConfig: Record<string, PolicyConfigEntry> = {};
    resp.getInitialconfigMap().forEach((v: any, k: string) => (initialConfig[k] = { ...(v.getProperties()?.toJavaScript() ?? {}), enforcementLevel: LEVELS[v.getEnforcementlevel()] }));
    return {
      name: resp.getName(),
      version: resp.getVersion(),
      initialConfig,
      policies: resp.getPoliciesList().map((p: any): PolicyInfo => {
        const f = p.getFramework();
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()],
          type: p.getPolicyType() === analyzerPb.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
          severity: SEVERITIES[p.getSeverity()] ?? "",
          framework: f ? { name: f.getName(), version: f.getVersion(), reference: f.getReference(), specification: f.getSpecification() } : undefined,
          tags: p.getTagsList(),
          remediationSteps: p.getRemediationSteps(),
          configSchema: schema ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } : undefined,
        };
      }),
    };
  }

  /** Sends one entry per policy (the CLI expands `all` before this call; see {@link resolvePackConfig}). */
  async configure(config: Record<string, PolicyConfigEntry>): Promise<void> {
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
      const { enforcementLevel, ...props } = entry;
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(levelEnum(enforcementLevel ?? "mandatory"));
      pc.setProperties(Struct.fromJavaScript(props));
      map.set(name, pc);
    }
    await this.call("configure", req);
  }

  async configureStack(stack: string, project: string, dryRun: boolean): Promise<void> {
    const req = new analyzerPb.AnalyzerStackConfigureRequest();
    req.setStack(stack);
    req.setProject(project);
    req.setOrganization("organization");
    req.setDryRun(dryRun);
    await this.call("configureStack", req);
  }

  private analyzeRequest(r: AnalyzerResourceInput): any {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(Struct.fromJavaScript(r.properties));
    req.setOptions(toOptions(r.options));
    if (r.provider) req.setProvider(toProvider(r.provider));
    return req;
  }

  async analyze(r: AnalyzerResourceInput): Promise<AnalyzeResult> {
    return toResult(await this.call("analyze", this.analyzeRequest(r)));
  }

  async remediate(r: AnalyzerResourceInput): Promise<Remediation[]> {
    const resp: any = await this.call("remediate", this.analyzeRequest(r));
    return resp
      .getRemediationsList()
      .map((m: any) => ({ policyName: m.getPolicyname(), description: m.getDescription(), properties: m.getProperties()?.toJavaScript() ?? {}, diagnostic: m.getDiagnostic() }));
  }

  async analyzeStack(resources: readonly AnalyzerResourceInput[]): Promise<AnalyzeResult> {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const ar = new analyzerPb.AnalyzerResource();
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(Struct.fromJavaScript(r.properties));
        ar.setOptions(toOptions(r.options));
        if (r.provider) ar.setProvider(toProvider(r.provider));
        ar.setParent(r.parent ?? "");
        ar.setDependenciesList([...(r.dependencies ?? [])]);
        const deps = ar.getPropertydependenciesMap();
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const pd = new analyzerPb.AnalyzerPropertyDependencies();
          pd.setUrnsList([...urns]);
          deps.set(k, pd);
        }
        return ar;
      }),
    );
    return toResult(await this.call("analyzeStack", req));
  }

  close(): void {
    this.client.close();
    this.child.kill();
  }
}

/**
 * What the CLI does with pack config before Configure: the pack's initial config, overlaid by the user's
 * config file, with `all` expanded into every policy's entry (a string value is an enforcement level).
 */
export function resolvePackConfig(info: PackInfo, userConfig: Record<string, unknown> = {}): Record<string, PolicyConfigEntry> {
  const names = info.policies.map((p) => p.name);
  const problems: string[] = [];
  const normalize = (key: string, v: unknown): PolicyConfigEntry => {
    const isObject = !!v && typeof v === "object" && !Array.isArray(v);
    if (typeof v !== "string" && !isObject) {
      problems.push(`"${key}": ${JSON.stringify(v)} is not a valid value; give an enforcement level or an object.`);
      return {};
    }
    const entry: Record<string, unknown> = typeof v === "string" ? { enforcementLevel: v } : { ...v };
    if (entry.enforcementLevel !== undefined && !LEVELS.includes(entry.enforcementLevel as Level))
      problems.push(`"${key}": ${JSON.stringify(entry.enforcementLevel)} is not a valid enforcement level; use one of ${LEVELS.join(", ")}.`);
    return entry;
  };
  const out: Record<string, PolicyConfigEntry> = {};
  for (const p of info.policies) out[p.name] = { enforcementLevel: p.enforcementLevel, ...(info.initialConfig[p.name] ?? {}) };
  const { all, ...rest } = userConfig;
  if (all !== undefined) {
    // As the CLI: `all` sets every policy's enforcement level; it carries no properties.
    const level = normalize("all", all).enforcementLevel;
    if (level !== undefined) for (const name of names) out[name] = { ...out[name], enforcementLevel: level };
  }
  for (const [name, v] of Object.entries(rest)) {
    const entry = normalize(name, v);
    if (!out[name]) {
      const near = names.filter((n) => n.includes(name) || name.includes(n)).slice(0, 3);
      problems.push(`"${name}" is not a policy of pack ${info.name}${near.length ? `; did you mean ${near.join(", ")}?` : ""}`);
      continue;
    }
    out[name] = { ...out[name], ...entry };
  }
  for (const p of info.policies) problems.push(...schemaProblems(p, out[p.name]));
  if (problems.length)
    throw new PackConfigError(
      `invalid policy pack config:\n${problems.map((p) => `  - ${p}`).join("\n")}\nFix: name policies of the pack (policy/CONTROLS.md lists them) and levels ${LEVELS.join(", ")}; \`all\` sets every policy's level; a policy's properties take the values its configSchema allows.`,
    );
  return out;
}

/** JSON schema type names of a value, as the CLI's validator sees it (an integer is also a number). */
function jsonTypes(v: unknown): string[] {
  if (v === null) return ["null"];
  if (Array.isArray(v)) return ["array"];
  if (typeof v === "number") return Number.isInteger(v) ? ["number", "integer"] : ["number"];
  return [typeof v];
}

/**
 * As the CLI validates each policy's config against its `configSchema` before Configure: a property's declared
 * `type` and `enum`, and the `required` properties. (The CLI runs a full JSON schema validator; the pack's schemas use these keywords.)
 */
function schemaProblems(policy: PolicyInfo, entry: PolicyConfigEntry): string[] {
  if (!policy.configSchema) return [];
  const { properties, required } = policy.configSchema;
  const { enforcementLevel: _level, ...props } = entry;
  const problems: string[] = [];
  for (const key of required) if (props[key] === undefined) problems.push(`"${policy.name}": ${key} is required.`);
  for (const [key, value] of Object.entries(props)) {
    const schema = properties[key];
    if (!schema || value === undefined) continue;
    const types: string[] = schema.type === undefined ? [] : [schema.type].flat();
    if (types.length && !jsonTypes(value).some((t) => types.includes(t))) problems.push(`"${policy.name}": ${key} ${JSON.stringify(value)} is not of type ${types.join(" or ")}.`);
    else if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value)))
      problems.push(`"${policy.name}": ${key} ${JSON.stringify(value)} is not one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(", ")}.`);
  }
  return problems;
}

/** A pack config that names an unknown policy or enforcement level, or is not a JSON object (exit 2). */
export class PackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackConfigError";
  }
}
