/**
 * Checks captured resource inputs against the constraints AWS publishes for the requests that create them
 * (constraints.json, generated from botocore's service models by generate.js). Offline: needs only the
 * committed JSON. A value AWS would refuse is a finding; values not known yet are skipped.
 */
import constraints from "./constraints.json";

/** The engine's placeholder for a value not known until a resource is created. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What the check needs of a resource: a captured resource (test/support/capture.ts) fits. */
export interface ModelCheckResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  readonly inputs: Record<string, any>;
  /** Inputs that come from other resources' outputs: their values are AWS's (mocked here), not the program's. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Dotted input paths that are secret: their values never appear in a finding. */
  readonly secretInputPaths?: readonly string[];
}

export interface Constraint {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly enum?: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Where a constraint comes from: a member of a botocore model (with its version), or an API reference page. */
export interface ConstraintSource {
  readonly service: string;
  readonly apiVersion: string;
  readonly operation: string;
  readonly member: string;
  /** botocore model: the shape and botocore version. */
  readonly shape?: string;
  readonly botocore?: string;
  /** Stated in the API reference, not in the model. */
  readonly reference?: string;
  readonly note?: string;
}

export interface ConstraintRule {
  readonly type: string;
  /** Input path: `a.b`, `a[]` (each element), `a{key}` / `a{value}` (each map key / value). */
  readonly property: string;
  /** The provider generates `<resource name>-<7 hex>` when the program sets no value. */
  readonly autoname?: boolean;
  readonly constraint: Constraint;
  readonly source: ConstraintSource;
}

export interface AwsModelFinding {
  /** URN (or name when the resource has none). */
  readonly resource: string;
  readonly type: string;
  readonly name: string;
  /** Concrete input path: `name`, `tags{environment}` (key), `tags.environment` (value), `rules[2].name`. */
  readonly property: string;
  /** The value AWS would receive (`[secret]` for a secret input). */
  readonly value: string | number | readonly unknown[];
  /** The value is the one the provider would generate from the resource name. */
  readonly autonamed: boolean;
  /** Which constraint fails: minLength, maxLength, pattern, enum, min, max, minItems, maxItems. */
  readonly kind: keyof Constraint;
  readonly constraint: Constraint;
  readonly source: ConstraintSource;
  /** One line: resource, property, value, what is wrong, and where AWS says so. */
  readonly message: string;
}

export interface ConstraintsDocument {
  readonly source: { readonly package: string; readonly version: string; readonly generator: string };
  readonly rules: readonly ConstraintRule[];
  readonly unconstrained: readonly string[];
}

/** The committed constraints. */
export const AWS_CONSTRAINTS = constraints as unknown as ConstraintsDocument;

/** Stand-in for the provider's 7 random hex digits when checking a generated name. */
export const AUTONAME_SUFFIX = "-0a1b2c3";

const regexCache = new Map<string, RegExp>();

/**
 * A botocore pattern (Java syntax) as a JavaScript RegExp that must match the whole value: AWS validates a
 * member against its pattern as a whole-string match. Unicode mode for `\p{L}`; escapes Unicode mode refuses
 * (`\_`) are dropped, `\p{Print}` is the printable ASCII range as in Java.
 */
export function patternRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const js = pattern.replace(/\\p\{Print\}/g, "[\\x20-\\x7E]").replace(/\\([_#@%&=,:;'"<>`~!\s])/g, "$1");
    try {
      re = new RegExp(`^(?:${js})$`, "u");
    } catch {
      // Outside a character class Unicode mode refuses `\-`; plain mode reads it as `-`.
      re = new RegExp(`^(?:${js})$`);
    }
    regexCache.set(pattern, re);
  }
  return re;
}

interface Located {
  readonly path: string;
  readonly dotted: string;
  readonly value: unknown;
}

/** Every value at an input path (`a.b`, `a[]`, `a{key}`, `a{value}`), with its concrete path. */
function locate(value: unknown, property: string): Located[] {
  const steps: string[] = [];
  for (const seg of property.split(".")) {
    const m = /^([A-Za-z0-9_]*)((?:\[\]|\{key\}|\{value\})*)$/.exec(seg);
    if (!m) throw new Error(`bad input path ${property}`);
    if (m[1]) steps.push(`.${m[1]}`);
    steps.push(...(m[2].match(/\[\]|\{key\}|\{value\}/g) ?? []));
  }
  let found: Located[] = [{ path: "", dotted: "", value }];
  for (const step of steps) {
    const next: Located[] = [];
    for (const at of found) {
      const v = at.value;
      if (v === undefined || v === null) continue;
      const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
      if (step === "[]") {
        if (Array.isArray(v)) v.forEach((e, i) => next.push({ path: `${at.path}[${i}]`, dotted: join(at.dotted, String(i)), value: e }));
      } else if (step === "{key}" || step === "{value}") {
        if (typeof v === "object" && !Array.isArray(v)) {
          for (const [k, e] of Object.entries(v as Record<string, unknown>)) {
            next.push(step === "{key}" ? { path: `${at.path}{${k}}`, dotted: join(at.dotted, k), value: k } : { path: `${at.path}.${k}`, dotted: join(at.dotted, k), value: e });
          }
        }
      } else if (typeof v === "object" && !Array.isArray(v)) {
        const key = step.slice(1);
        next.push({ path: at.path ? `${at.path}.${key}` : key, dotted: join(at.dotted, key), value: (v as Record<string, unknown>)[key] });
      }
    }
    found = next;
  }
  return found.filter((f) => f.value !== undefined && f.value !== null);
}

function isUnknown(v: unknown): boolean {
  if (typeof v === "string") return v.includes(UNKNOWN);
  if (Array.isArray(v)) return v.some(isUnknown);
  if (v && typeof v === "object") return Object.values(v).some(isUnknown);
  return false;
}

/** The constraint kinds a value breaks, with what is wrong in words. */
function violations(value: unknown, c: Constraint): { kind: keyof Constraint; problem: string }[] {
  const out: { kind: keyof Constraint; problem: string }[] = [];
  if (Array.isArray(value)) {
    if (c.minItems !== undefined && value.length < c.minItems) out.push({ kind: "minItems", problem: `has ${value.length} items, fewer than ${c.minItems}` });
    if (c.maxItems !== undefined && value.length > c.maxItems) out.push({ kind: "maxItems", problem: `has ${value.length} items, more than ${c.maxItems}` });
    return out;
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (c.minLength !== undefined && length < c.minLength) out.push({ kind: "minLength", problem: `is ${length} characters, shorter than ${c.minLength}` });
    if (c.maxLength !== undefined && length > c.maxLength) out.push({ kind: "maxLength", problem: `is ${length} characters, longer than ${c.maxLength}` });
  }
  if (typeof value === "number") {
    if (c.min !== undefined && value < c.min) out.push({ kind: "min", problem: `is below the minimum ${c.min}` });
    if (c.max !== undefined && value > c.max) out.push({ kind: "max", problem: `is above the maximum ${c.max}` });
  }
  if (typeof value === "string" || typeof value === "number") {
    if (c.pattern !== undefined && !patternRegExp(c.pattern).test(String(value))) out.push({ kind: "pattern", problem: `does not match the pattern ${c.pattern}` });
    if (c.enum !== undefined && !c.enum.some((e) => String(e) === String(value))) out.push({ kind: "enum", problem: `is not one of ${c.enum.join(", ")}` });
  }
  return out;
}

function cite(s: ConstraintSource): string {
  const where = `${s.service} ${s.operation} ${s.member}`;
  return s.botocore ? `${where}, botocore ${s.botocore} ${s.service}/${s.apiVersion}` : `${where}, ${s.reference}${s.note ? `: ${s.note}` : ""}`;
}

const rulesByType = new Map<string, ConstraintRule[]>();
for (const rule of AWS_CONSTRAINTS.rules) {
  if (!rulesByType.has(rule.type)) rulesByType.set(rule.type, []);
  rulesByType.get(rule.type)!.push(rule);
}

/** The resource types the constraints cover. */
export function coveredTypes(): Set<string> {
  return new Set(rulesByType.keys());
}

/**
 * Checks each resource's inputs against the constraints of the AWS request that creates it. Skipped: values
 * not known yet (the engine's unknown sentinel), and inputs that come from another resource's outputs
 * (property dependencies: AWS made that value; under mocks it is the mock's). A name the provider would
 * generate (`autoname`) is checked as `<resource name>-<7 hex>`.
 */
export function checkAwsModels(resources: readonly ModelCheckResource[], rules: readonly ConstraintRule[] = AWS_CONSTRAINTS.rules): AwsModelFinding[] {
  const byType = rules === AWS_CONSTRAINTS.rules ? rulesByType : groupByType(rules);
  const findings: AwsModelFinding[] = [];
  for (const r of resources) {
    for (const rule of byType.get(r.type) ?? []) {
      const top = /^[A-Za-z0-9_]+/.exec(rule.property)![0];
      if ((r.propertyDependencies?.[top]?.length ?? 0) > 0) continue;
      let located = locate(r.inputs, rule.property);
      const autonamed = rule.autoname === true && r.inputs[rule.property] === undefined;
      if (autonamed) located = [{ path: rule.property, dotted: rule.property, value: `${r.name}${AUTONAME_SUFFIX}` }];
      for (const at of located) {
        if (isUnknown(at.value)) continue;
        for (const v of violations(at.value, rule.constraint)) {
          const secret = (r.secretInputPaths ?? []).some((p) => at.dotted === p || at.dotted.startsWith(`${p}.`) || p.startsWith(`${at.dotted}.`));
          const value = secret ? "[secret]" : (at.value as string | number | unknown[]);
          const shown = JSON.stringify(value);
          findings.push({
            resource: r.urn ?? r.name,
            type: r.type,
            name: r.name,
            property: at.path,
            value,
            autonamed,
            kind: v.kind,
            constraint: rule.constraint,
            source: rule.source,
            message: `${r.type} ${r.name}: ${at.path}${autonamed ? " (generated)" : ""} = ${shown} ${v.problem} (${cite(rule.source)})`,
          });
        }
      }
    }
  }
  return findings;
}

function groupByType(rules: readonly ConstraintRule[]): Map<string, ConstraintRule[]> {
  const m = new Map<string, ConstraintRule[]>();
  for (const rule of rules) {
    if (!m.has(rule.type)) m.set(rule.type, []);
    m.get(rule.type)!.push(rule);
  }
  return m;
}
