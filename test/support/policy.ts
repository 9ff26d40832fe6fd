/**
 * Runs one policy the way the pack's server does (properties behind the unknown-checking proxy,
 * UnknownValueError turned into "could not run"), for fast mocha unit tests. Whole-pack tests go over
 * gRPC instead (test/support/pack.ts).
 */
import { PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy, unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";
import { UNKNOWN } from "../../policy/lib";
import { CapturedResource } from "./capture";

export { UNKNOWN };

export interface Verdict {
  /** Violation messages, in order. */
  readonly violations: string[];
  /** The reason the policy could not run (unknown value), if it could not. */
  readonly undecided?: string;
  /** True when the policy declared itself not applicable to the resource. */
  readonly notApplicable: boolean;
}

class NotApplicable extends Error {}

export interface FixtureResource {
  readonly type: string;
  readonly props: Record<string, any>;
  readonly name?: string;
  readonly urn?: string;
  readonly propertyDependencies?: Record<string, string[]>;
  readonly dependencies?: string[];
  readonly parent?: string;
  readonly opts?: { protect?: boolean; retainOnDelete?: boolean };
}

async function run(fn: (report: ReportViolation, notApplicable: (reason?: string) => never) => unknown): Promise<Verdict> {
  const violations: string[] = [];
  try {
    await fn(
      (message) => violations.push(message),
      () => {
        throw new NotApplicable();
      },
    );
    return { violations, notApplicable: false };
  } catch (e) {
    if (e instanceof UnknownValueError) return { violations, undecided: (e as Error).message, notApplicable: false };
    if (e instanceof NotApplicable) return { violations, notApplicable: true };
    throw e;
  }
}

/**
 * A copy of plain data as a JSON round trip makes it (undefined, functions and symbols left out of objects and null
 * in arrays, numbers that are not finite null, -0 as 0) that shares its strings, which are immutable: a stack's
 * properties hold whole function bundles, and copying those for every policy was a third of the program tests' time.
 */
export function jsonCopy(value: unknown): any {
  if (typeof value === "number") return Number.isFinite(value) ? value || 0 : null;
  if (value === null || typeof value !== "object") return value;
  const dropped = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";
  if (Array.isArray(value)) return value.map((v) => (dropped(v) ? null : jsonCopy(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!dropped(v)) out[k] = jsonCopy(v);
  return out;
}

export function urnOf(r: FixtureResource, i = 0): string {
  return r.urn ?? `urn:pulumi:test::fixture::${r.type}::${r.name ?? `r${i}`}`;
}

/** `config`: the policy's pack config properties (e.g. `{ environment: "prod" }`), as the pack's getConfig returns them. */
export function checkResource(policy: ResourceValidationPolicy, r: FixtureResource, config: Record<string, unknown> = {}): Promise<Verdict> {
  const validate = policy.validateResource as any;
  const props = unknownCheckingProxy(jsonCopy(r.props));
  return run((report, notApplicable) =>
    validate(
      {
        type: r.type,
        props,
        urn: urnOf(r),
        name: r.name ?? "r0",
        opts: { protect: r.opts?.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        stackTags: new Map(),
        getConfig: () => config,
        notApplicable,
        isType: () => false,
        asType: () => undefined,
      },
      report,
    ),
  );
}

export function checkStack(policy: StackValidationPolicy, fixtures: readonly FixtureResource[], config: Record<string, unknown> = {}): Promise<Verdict & { urns: string[] }> {
  const urns: string[] = [];
  const resources: PolicyResource[] = fixtures.map((f, i) => ({
    type: f.type,
    props: unknownCheckingProxy(jsonCopy(f.props)),
    urn: urnOf(f, i),
    name: f.name ?? `r${i}`,
    opts: { protect: f.opts?.protect ?? false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  fixtures.forEach((f, i) => {
    const r = resources[i] as any;
    r.dependencies = (f.dependencies ?? []).map((u) => byUrn.get(u)).filter(Boolean);
    r.propertyDependencies = Object.fromEntries(Object.entries(f.propertyDependencies ?? {}).map(([k, us]) => [k, us.map((u) => byUrn.get(u)).filter(Boolean)]));
    if (f.parent) r.parent = byUrn.get(f.parent);
  });
  return run((report, notApplicable) =>
    policy.validateStack({ resources, getConfig: () => config as any, stackTags: new Map(), notApplicable } as any, (message, urn) => {
      urns.push(urn ?? "");
      report(message, urn);
    }),
  ).then((v) => ({ ...v, urns }));
}

/** A captured resource as a policy sees it: its inputs (or `props`), dependencies, property dependencies and options. */
export function fixtureOf(r: CapturedResource, props: Record<string, any> = r.inputs): FixtureResource {
  return {
    type: r.type,
    name: r.name,
    urn: r.urn,
    props,
    propertyDependencies: r.propertyDependencies as Record<string, string[]>,
    dependencies: [...r.dependencies],
    opts: { protect: r.options.protect, retainOnDelete: r.options.retainOnDelete },
  };
}

/** What the policy's remediation makes of a resource: the corrected properties, or undefined for no change. */
export async function remediate(policy: ResourceValidationPolicy, r: FixtureResource): Promise<Record<string, any> | undefined> {
  const props = unknownCheckingProxy(jsonCopy(r.props));
  const notApplicable = () => {
    throw new NotApplicable();
  };
  const args = { type: r.type, props, urn: urnOf(r), name: r.name ?? "r0", opts: {}, stackTags: new Map(), getConfig: () => ({}), notApplicable, isType: () => false, asType: () => undefined };
  return (await (policy.remediateResource as any)?.(args)) ?? undefined;
}

/** A copy of `props` with the value at a dotted path replaced by the unknown sentinel. */
export function withUnknown(props: Record<string, any>, path: string): Record<string, any> {
  const copy = jsonCopy(props);
  const keys = path.split(".");
  let cur = copy;
  for (const k of keys.slice(0, -1)) cur = cur[k];
  cur[keys[keys.length - 1]] = UNKNOWN;
  return copy;
}
