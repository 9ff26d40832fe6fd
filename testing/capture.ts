/**
 * The capture harness: runs a component or a whole program under the Pulumi mock runtime and records
 * every registration exactly as the engine would receive it (the RegisterResource request), plus the
 * state the mock answered with.
 *
 * Used by the project's own tests, by the offline preview ({@link runPreview}) and by users' unit tests
 * (`hardened-aws/testing`).
 */
import * as pulumi from "@pulumi/pulumi";
import { awsMocks, MockOptions } from "./mocks";
import { pulumiRequire } from "./runtime";
import { skipSdkBookkeepingStacks, withBriefText } from "./stacks";

// Internal runtime modules: the mock monitor and the RPC queue are not part of the public d.ts.
/* eslint-disable @typescript-eslint/no-require-imports */
const settings = require("@pulumi/pulumi/runtime/settings");
const stack = require("@pulumi/pulumi/runtime/stack");
const rpc = require("@pulumi/pulumi/runtime/rpc");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** The engine's placeholder for a value not known until the resource is created. */
export const UNKNOWN: string = rpc.unknownValue;
export const SECRET_SIG: string = rpc.specialSecretSig;
export const SIG_KEY: string = rpc.specialSigKey;
const RESOURCE_SIG: string = rpc.specialResourceSig;

export interface ResourceOptionsRecord {
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
  readonly additionalSecretOutputs: readonly string[];
  readonly replaceOnChanges: readonly string[];
  /** URNs this resource was known by, as the engine derives them: its own aliases and those inherited from its parent's. */
  readonly aliases: readonly string[];
  readonly deletedWith: string;
  readonly customTimeouts?: { create?: string; update?: string; delete?: string };
}

/** One registered resource, as the engine sees it. */
export interface CapturedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly id: string;
  /** Parent URN ("" for the stack itself). */
  readonly parent: string;
  /** Provider reference (`urn::id`), "" for the default provider. */
  readonly provider: string;
  /** Inputs as plain values: secrets unwrapped, resource references replaced by id/URN, unknowns as {@link UNKNOWN}. */
  readonly inputs: Record<string, any>;
  /** Outputs (mock state) as plain values, same conventions as `inputs`. */
  readonly outputs: Record<string, any>;
  /** Inputs in the engine's wire form (secret envelopes kept); what the policy pack is sent. */
  readonly wireInputs: Record<string, any>;
  readonly wireOutputs: Record<string, any>;
  /** Dotted paths of inputs that are secret (e.g. `secretString`, `environment.0.value`). */
  readonly secretInputPaths: readonly string[];
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
  readonly options: ResourceOptionsRecord;
}

export interface CaptureOptions extends MockOptions {
  readonly project?: string;
  readonly stack?: string;
  /** Full config keys (`project:key`, `aws:region`) to raw string values, as the CLI passes them. */
  readonly config?: Readonly<Record<string, string>>;
  /** Full config keys that were set with --secret. */
  readonly secretKeys?: readonly string[];
}

/** The project, stack and mode a capture ran with. */
export interface CaptureRun {
  readonly project: string;
  readonly stack: string;
  /** true: a preview of a new stack (computed values unknown). */
  readonly preview: boolean;
}

export class Capture {
  constructor(
    readonly resources: readonly CapturedResource[],
    /** Stack outputs (plain, secrets unwrapped) when a program ran; the component's result otherwise. */
    readonly outputs: Record<string, any>,
    /** Stack outputs in wire form: secret outputs keep their secret envelope. */
    readonly wireOutputs: Record<string, any>,
    readonly run: CaptureRun = { project: "hardened-aws", stack: "test", preview: false },
  ) {}

  /** Custom resources of a type token, e.g. `aws:rds/instance:Instance`. */
  ofType(type: string): CapturedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of a type (and name suffix, when several); throws when there is not exactly one. */
  one(type: string, nameSuffix?: string): CapturedResource {
    const found = this.ofType(type).filter((r) => nameSuffix === undefined || r.name.endsWith(nameSuffix));
    if (found.length !== 1) throw new Error(`expected one ${type}${nameSuffix ? ` named *${nameSuffix}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
  }

  byUrn(urn: string): CapturedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }

  /** Direct children of a resource. */
  childrenOf(parent: CapturedResource): CapturedResource[] {
    return this.resources.filter((r) => r.parent === parent.urn);
  }

  /**
   * A copy with one resource's inputs changed, as if the program had passed them, to check that weakening a
   * property fires its policy: `change` is merged into the resource's inputs and outputs (plain and wire form;
   * the mocks' state repeats the inputs); a key set to `undefined` is removed. `resource` is the resource
   * (e.g. from {@link one}) or its name when the name is unique.
   */
  withInputs(resource: CapturedResource | string, change: Readonly<Record<string, unknown>>): Capture {
    const found = typeof resource === "string" ? this.resources.filter((r) => r.name === resource) : this.resources.filter((r) => r === resource);
    if (found.length !== 1) throw new Error(`withInputs: expected one resource ${typeof resource === "string" ? `named ${resource}` : resource.urn}, found ${found.length}`);
    const merge = (base: Record<string, any>) => {
      const out: Record<string, any> = { ...base, ...change };
      for (const [k, v] of Object.entries(change)) if (v === undefined) delete out[k];
      return out;
    };
    const changed = (r: CapturedResource): CapturedResource => ({ ...r, inputs: merge(r.inputs), wireInputs: merge(r.wireInputs), outputs: merge(r.outputs), wireOutputs: merge(r.wireOutputs) });
    return this.withResources(this.resources.map((r) => (r === found[0] ? changed(r) : r)));
  }

  /** A copy without the resources named (e.g. to check that a missing lock or rotation fires its policy). */
  without(...names: string[]): Capture {
    const missing = names.filter((n) => !this.resources.some((r) => r.name === n));
    if (missing.length) throw new Error(`without: no resource named ${missing.join(", ")}`);
    return this.withResources(this.resources.filter((r) => !names.includes(r.name)));
  }

  private withResources(resources: readonly CapturedResource[]): Capture {
    return new Capture(resources, this.outputs, this.wireOutputs, this.run);
  }

  /** Count of resources per type, sorted by type. */
  countsByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** Converts a wire value to plain data; records secret paths. */
export function plain(value: any, path: string[] = [], secrets: string[] = [], idsByUrn?: Map<string, string>): any {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v, i) => plain(v, [...path, String(i)], secrets, idsByUrn));
  const sig = value[SIG_KEY];
  if (sig === SECRET_SIG) {
    secrets.push(path.join("."));
    return plain(value.value, path, secrets, idsByUrn);
  }
  if (sig === RESOURCE_SIG) return resourceRefValue(value, idsByUrn);
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v, [...path, k], secrets, idsByUrn);
  return out;
}

function resourceRefValue(ref: { urn: string; id?: string }, idsByUrn?: Map<string, string>): string {
  if (ref.id !== undefined) return ref.id === "" ? UNKNOWN : ref.id;
  return idsByUrn?.get(ref.urn) || ref.urn;
}

/**
 * The wire form the CLI sends a policy pack: secrets kept, resource references replaced by the
 * referenced resource's id (custom) or URN (component), as the engine does.
 */
export function analyzerWire(value: any): any {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(analyzerWire);
  if (value[SIG_KEY] === RESOURCE_SIG) return resourceRefValue(value);
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) out[k] = analyzerWire(v);
  return out;
}

function containsSecret(value: any): boolean {
  if (value === null || typeof value !== "object") return false;
  if (value[SIG_KEY] === SECRET_SIG) return true;
  return Object.values(value).some(containsSecret);
}

/**
 * What the engine does and the mock monitor does not: an output is secret when the resource lists it
 * in additionalSecretOutputs (e.g. RandomPassword.result) or when the same input was secret. `state` is the state
 * (wire form) the response carries; returns it as the response now carries it (a copy when an output was marked).
 */
function markSecretOutputs(req: any, wireInputs: Record<string, any>, state: Record<string, any>, resp: any): Record<string, any> {
  const keys = new Set<string>([...req.getAdditionalsecretoutputsList(), ...Object.keys(wireInputs).filter((k) => containsSecret(wireInputs[k]))]);
  let marked: Record<string, any> | undefined;
  for (const k of keys) {
    if (k in state && !(state[k] && state[k][SIG_KEY] === SECRET_SIG)) {
      marked ??= { ...state };
      marked[k] = { [SIG_KEY]: SECRET_SIG, value: state[k] };
    }
  }
  if (!marked) return state;
  resp.setObject(Struct.fromJavaScript(marked));
  return marked;
}

/**
 * `target[key]` computed by `compute` when first read, then kept as a plain property: the plain forms of a
 * capture's inputs and outputs are for assertions, which the offline preview (wire form only) never reads.
 */
function lazy<T extends object>(target: T, key: string, compute: () => unknown): T {
  return Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}

interface Pending {
  req: any;
  /** The request's properties in wire form, kept when the monitor answers. */
  wireInputs?: Record<string, any>;
  urn?: string;
  id?: string;
  state?: Record<string, any>;
}

/**
 * Runs `program` inside a Pulumi stack under mocks and returns every registered resource.
 * `program` may be a module's body (`() => require("./my-program")`), a module exporting the program as a function
 * (called, as Pulumi calls it; infra/ is one) or a component constructor.
 * The program's return value (or module exports) become the stack outputs.
 */
export async function capture(program: () => unknown, options: CaptureOptions = {}): Promise<Capture> {
  const restore = skipSdkBookkeepingStacks();
  try {
    return await captureRun(program, options);
  } finally {
    restore();
  }
}

async function captureRun(program: () => unknown, options: CaptureOptions): Promise<Capture> {
  const project = options.project ?? "hardened-aws";
  const stackName = options.stack ?? "test";
  // The region the config sets, passed to the mocks once rather than read from the config at every registration.
  const region = options.region ?? options.config?.["aws:region"];
  await pulumi.runtime.setMocks(awsMocks({ ...options, region }), project, stackName, options.preview ?? false);
  pulumi.runtime.setAllConfig({ ...(options.config ?? {}) }, [...(options.secretKeys ?? [])]);

  const monitor = settings.getMonitor();
  const pending: Pending[] = [];
  const wrap = (method: "registerResource" | "readResource") => {
    const original = monitor[method].bind(monitor);
    const register = method === "registerResource";
    monitor[method] = (req: any, callback: (err: any, resp?: any) => void) => {
      // The request's properties in wire form, decoded once: the mock monitor decodes the same Struct, and gets this
      // decoding (which it reads and does not change).
      const struct = register ? req.getObject() : req.getProperties();
      const wireInputs: Record<string, any> = struct?.toJavaScript() ?? {};
      if (struct) struct.toJavaScript = () => wireInputs;
      const entry: Pending = { req };
      pending.push(entry);
      original(req, (err: any, resp: any) => {
        if (resp) {
          entry.wireInputs = wireInputs;
          entry.urn = resp.getUrn();
          entry.id = register ? resp.getId() : req.getId();
          // The mock monitor keeps the state it answered with (wire form) by URN: read there, not decoded again.
          const answered = register ? (monitor.resources?.get(entry.urn)?.state ?? resp.getObject()?.toJavaScript() ?? {}) : undefined;
          entry.state = register ? markSecretOutputs(req, entry.wireInputs, answered, resp) : (resp.getProperties()?.toJavaScript() ?? {});
          // The monitor has answered and the properties are read: the request keeps only its other fields, so a
          // capture of thousands of resources does not hold every input twice.
          if (register) req.clearObject();
          else req.clearProperties();
        }
        callback(err, resp && withBriefText(resp));
      });
    };
  };
  wrap("registerResource");
  wrap("readResource");
  const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
  const stackOutputs: { wire?: Record<string, any> } = {};
  monitor.registerResourceOutputs = (req: any, callback: any) => {
    if (req.getUrn().includes("::pulumi:pulumi:Stack::")) stackOutputs.wire = req.getOutputs()?.toJavaScript();
    originalOutputs(req, callback);
  };

  let failure: { readonly error: unknown } | undefined;
  await stack.runInPulumiStack(async () => {
    try {
      // A program module may export a function, which Pulumi calls and whose result is the stack outputs.
      const exported = await program();
      const result = typeof exported === "function" ? await exported() : exported;
      return result && typeof result === "object" && !pulumi.Resource.isInstance(result) ? result : {};
    } catch (error) {
      failure = { error };
      return {};
    }
  });
  await settings.waitForRPCs();
  if (failure) throw failure.error;

  const idsByUrn = new Map(pending.filter((p) => p.urn).map((p) => [p.urn!, p.id ?? ""]));
  const aliasesByUrn = new Map<string, string[]>();
  for (const p of pending) if (p.urn) aliasesByUrn.set(p.urn, resolveAliases(p.req, p.urn, aliasesByUrn));
  const resources = pending
    .filter((p) => p.urn && p.req.getType() !== "pulumi:pulumi:Stack")
    .map((p): CapturedResource => {
      const req = p.req;
      const wireInputs = p.wireInputs ?? {};
      const wireOutputs = p.state ?? {};
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap?.()?.forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
      const timeouts = req.getCustomtimeouts?.();
      // The plain forms and the secret paths (found while making the plain inputs) when first read.
      let plainInputs: { inputs: Record<string, any>; secretInputPaths: string[] } | undefined;
      const plainIn = () => {
        if (!plainInputs) {
          const secretInputPaths: string[] = [];
          plainInputs = { inputs: plain(wireInputs, [], secretInputPaths, idsByUrn), secretInputPaths };
        }
        return plainInputs;
      };
      const record = {
        urn: p.urn!,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom ? req.getCustom() : true,
        id: p.id ?? "",
        parent: req.getParent(),
        provider: req.getProvider(),
        inputs: undefined as unknown as Record<string, any>,
        outputs: undefined as unknown as Record<string, any>,
        wireInputs,
        wireOutputs,
        secretInputPaths: undefined as unknown as string[],
        dependencies: req.getDependenciesList?.() ?? [],
        propertyDependencies,
        options: {
          protect: req.getProtect?.() ?? false,
          retainOnDelete: req.getRetainondelete?.() ?? false,
          ignoreChanges: req.getIgnorechangesList?.() ?? [],
          deleteBeforeReplace: req.getDeletebeforereplace?.() ?? false,
          additionalSecretOutputs: req.getAdditionalsecretoutputsList?.() ?? [],
          replaceOnChanges: req.getReplaceonchangesList?.() ?? [],
          aliases: aliasesByUrn.get(p.urn!) ?? [],
          deletedWith: req.getDeletedwith?.() ?? "",
          customTimeouts: timeouts ? { create: timeouts.getCreate() || undefined, update: timeouts.getUpdate() || undefined, delete: timeouts.getDelete() || undefined } : undefined,
        },
      };
      lazy(record, "inputs", () => plainIn().inputs);
      lazy(record, "outputs", () => plain(wireOutputs, [], [], idsByUrn));
      return lazy(record, "secretInputPaths", () => plainIn().secretInputPaths);
    });
  const wireStack = stackOutputs.wire ?? {};
  return new Capture(resources, plain(wireStack), wireStack, { project, stack: stackName, preview: options.preview ?? false });
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`: a URN's parts. */
function urnParts(urn: string): { stack: string; project: string; qualifiedType: string; name: string } {
  const [stack, project, qualifiedType, ...name] = urn.slice("urn:pulumi:".length).split("::");
  return { stack, project, qualifiedType, name: name.join("::") };
}

function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
  const parentType = parentUrn && !parentUrn.includes("::pulumi:pulumi:Stack::") ? `${urnParts(parentUrn).qualifiedType}$` : "";
  return `urn:pulumi:${stack}::${project}::${parentType}${type}::${name}`;
}

/**
 * The URNs a registration is also known by, as the engine computes them (step generator): each alias (a URN, or a
 * spec with name, type, parent, stack and project defaulting to the resource's own), then for each URN its parent
 * was known by, the child's URN under it, with the child's name prefix renamed as the parent was.
 */
function resolveAliases(req: any, urn: string, known: ReadonlyMap<string, readonly string[]>): string[] {
  const own = urnParts(urn);
  const type = req.getType();
  const parent: string = req.getParent?.() ?? "";
  const out = new Set<string>(req.getAliasurnsList?.() ?? []);
  const explicit: string[] = [];
  for (const a of req.getAliasesList?.() ?? []) {
    if (!a.hasSpec()) {
      if (a.getUrn()) explicit.push(a.getUrn());
      continue;
    }
    const s = a.getSpec();
    let aliasParent = s.getNoparent() ? "" : s.getParenturn() || parent;
    if (aliasParent && known.get(aliasParent)?.length && s.getParenturn()) aliasParent = known.get(aliasParent)![0];
    explicit.push(makeUrn(s.getStack() || own.stack, s.getProject() || own.project, aliasParent, s.getType() || type, s.getName() || req.getName()));
  }
  explicit.forEach((u) => out.add(u));
  const parentName = parent ? urnParts(parent).name : "";
  for (const parentAlias of parent ? (known.get(parent) ?? []) : []) {
    const pa = urnParts(parentAlias);
    const inherit = (childType: string, childName: string) => {
      const name = childName.startsWith(parentName) ? pa.name + childName.slice(parentName.length) : childName;
      out.add(`urn:pulumi:${pa.stack}::${pa.project}::${pa.qualifiedType}$${childType}::${name}`);
    };
    inherit(type, req.getName());
    for (const e of explicit) inherit(urnParts(e).qualifiedType.split("$").pop()!, urnParts(e).name);
  }
  out.delete(urn);
  return [...out];
}

/** Every registration the monitor saw, including resources registered before a program failed. */
export async function captureError(program: () => unknown, options: CaptureOptions = {}): Promise<{ error: unknown; registered: number }> {
  let registered = 0;
  try {
    await capture(() => {
      const monitor = settings.getMonitor();
      const original = monitor.registerResource.bind(monitor);
      monitor.registerResource = (req: any, cb: any) => {
        if (req.getType() !== "pulumi:pulumi:Stack") registered++;
        original(req, cb);
      };
      return program();
    }, options);
  } catch (error) {
    return { error, registered };
  }
  throw new Error("expected the program to fail, but it succeeded");
}
