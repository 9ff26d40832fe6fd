/**
 * The pack's building blocks: one spec shape for every policy (name, what passes, the types it matches,
 * its controls) and helpers that read resource properties without losing a verdict to an unknown value.
 *
 * The pack matches on type tokens rather than importing @pulumi/aws classes, so it starts fast and
 * covers every token that can create a thing (e.g. both `aws:lb/*` and `aws:alb/*`).
 */
import {
  EnforcementLevel,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  PolicyConfigSchema,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";

/** The engine's placeholder for a value not known until the resource exists (preview of new resources). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PROXY_TARGET = "__getSpecialProxyTarget";

export type Severity = "low" | "medium" | "high" | "critical";
/**
 * security: may never be weakened in any stack. resilience: availability, retention and cost controls
 * that staging may run as advisory (policy/config/staging.json).
 */
export type Category = "security" | "resilience";

export const FSBP = "AWS Foundational Security Best Practices";

interface SpecBase {
  /** kebab-case `<service>-<resource>-<rule>`. */
  readonly name: string;
  /** The compliant condition, stated positively. */
  readonly description: string;
  readonly severity: Severity;
  readonly category: Category;
  /** Requirement ids from requirements.md (e.g. DB-4) and ids of controls the seeds need that no standard names. */
  readonly controls: readonly string[];
  /** AWS Foundational Security Best Practices control ids (e.g. RDS.2), where one exists. */
  readonly fsbp?: readonly string[];
  /** Ids of the checkov checks the policy matches (e.g. CKV_AWS_97), where one exists. */
  readonly checkov?: readonly string[];
  /** What to change, in one or two sentences. */
  readonly remediation: string;
  readonly enforcementLevel?: EnforcementLevel;
  /** Advisory in every stack, prod included: a control no deployment can meet (tools/build-policy.js keeps it advisory). */
  readonly advisoryInEveryStack?: boolean;
  /** How the policy answers a standard control when that needs saying (policy/CONTROLS.md shows it). */
  readonly notes?: Readonly<Record<string, string>>;
  /** CrossGuard config schema (properties with defaults), set per stack in policy/config/<stack>.json. */
  readonly configSchema?: PolicyConfigSchema;
}

export interface ResourceSpec extends SpecBase {
  /** Type tokens the policy applies to. */
  readonly types: readonly string[];
  readonly validate: (r: PolicyResourceView, report: (finding: string) => void) => void;
  /**
   * A safe automatic fix, applied only at the `remediate` enforcement level and only to a resource the
   * policy fails: returns the corrected properties (see {@link setProps}).
   */
  readonly remediate?: (props: Record<string, any>, type: string) => Record<string, any>;
}

export interface StackSpec extends SpecBase {
  readonly validate: (resources: readonly PolicyResource[], report: ReportViolation, args: StackValidationArgs) => void;
}

/** The resource under validation: its type, name and properties (reads of unknown values throw). */
export interface PolicyResourceView {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** Properties behind the server's unknown-checking proxy. */
  readonly props: any;
  readonly args: ResourceValidationArgs;
}

function viewOf(args: ResourceValidationArgs): PolicyResourceView {
  return { type: args.type, name: args.name, urn: args.urn, props: args.props, args: { ...args, notApplicable: (reason?: string) => notApplicable(args, reason) } };
}

/**
 * `args.notApplicable` ends a check by throwing an error the server catches and reports. Its stack trace is
 * never read, and capturing it through the server's async frames was the largest cost of an Analyze call
 * (most policies decline most resources), so it is thrown without one.
 */
function notApplicable(args: ResourceValidationArgs, reason?: string): never {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return args.notApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Marks a validation or remediation that applies to one type token, as `validateResourceOfType` does: the server
 * then declines every other type before it deserialises the properties, builds the proxy or calls the policy.
 */
function ofType<F extends object>(types: ReadonlySet<string>, fn: F): F {
  return types.size === 1 ? Object.assign(fn, { __pulumiType: [...types][0] }) : fn;
}

function metadata(spec: SpecBase) {
  return {
    name: spec.name,
    description: spec.description,
    severity: spec.severity,
    enforcementLevel: spec.enforcementLevel ?? "mandatory",
    remediationSteps: spec.remediation,
    tags: [`category:${spec.category}`, ...spec.controls.map((c) => `control:${c}`), ...(spec.fsbp ?? []).map((c) => `fsbp:${c}`), ...(spec.checkov ?? []).map((c) => `checkov:${c}`)],
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
    ...(spec.fsbp?.length ? { framework: { name: FSBP, version: "1.0.0", reference: spec.fsbp.join(","), specification: spec.description } } : {}),
  };
}

/** A resource policy from a spec. The message is the finding, then `Fix: <remediation>`. */
export function resourcePolicy(spec: ResourceSpec): ResourceValidationPolicy & { readonly spec: ResourceSpec } {
  const types: ReadonlySet<string> = new Set(spec.types);
  const otherType = `applies to ${spec.types.join(", ")}`;
  return {
    ...metadata(spec),
    spec,
    validateResource: ofType(types, (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // Reported as not applicable, so the preview's decidability report knows which pairs count.
      if (!types.has(args.type)) return notApplicable(args, otherType);
      spec.validate(viewOf(args), (finding) => reportViolation(`${finding} Fix: ${spec.remediation}`));
    }),
    ...(spec.remediate
      ? {
          remediateResource: ofType(types, (args: ResourceValidationArgs) => {
            if (!types.has(args.type)) return undefined;
            // Fix only what the policy fails: not applicable, undecided (unknown) or passing means no change.
            let fails = false;
            try {
              spec.validate(viewOf(args), () => (fails = true));
            } catch {
              return undefined;
            }
            return fails ? spec.remediate!(raw(args.props), args.type) : undefined;
          }),
        }
      : {}),
  };
}

/** A remediation that sets the given properties (the safe value of the one setting the policy checks). */
export function setProps(fixed: Record<string, any>): (props: Record<string, any>) => Record<string, any> {
  return (props) => ({ ...props, ...fixed });
}

/** A stack policy from a spec; the validate function reports with the offending resource's URN. */
export function stackPolicy(spec: StackSpec): StackValidationPolicy & { readonly spec: StackSpec } {
  return {
    ...metadata(spec),
    spec,
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      spec.validate(args.resources, (message, urn) => reportViolation(`${message} Fix: ${spec.remediation}`, urn), args);
    },
  };
}

export type AnyPolicy = ReturnType<typeof resourcePolicy> | ReturnType<typeof stackPolicy>;

// ---- reading values without losing verdicts to unknowns -------------------------------------------

/** The object behind the server's proxy (reads on it never throw). */
export function raw(value: any): any {
  return value && typeof value === "object" && value[PROXY_TARGET] !== undefined ? value[PROXY_TARGET] : value;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** Reads a dotted path without throwing; unknown anywhere on the way yields UNKNOWN. */
export function peek(obj: any, path: string): any {
  let cur = raw(obj);
  for (const key of path.split(".")) {
    if (cur === undefined || cur === null) return undefined;
    if (isUnknown(cur)) return UNKNOWN;
    cur = raw(cur)[key];
  }
  return raw(cur);
}

/** True when the property is present (an unknown reference counts: it will exist). Never reads the value. */
export function present(obj: any, path: string): boolean {
  const v = peek(obj, path);
  return v !== undefined && v !== null && v !== "";
}

/**
 * Stops the check with the pack's own explanation when a value it needs is unknown in this preview.
 * The server reports it as "can't run policy … during preview" (advisory); the resolved offline preview
 * and `pulumi up` see the value and decide.
 */
export function undecided(property: string, why: string): never {
  const err = new UnknownValueError(UNKNOWN, [property]);
  err.message = `${property} is not known until apply (${why}); the resolved offline preview (npm run preview) and pulumi up decide this check`;
  throw err;
}

/** The value at `path`, or throws {@link undecided} when it is unknown. */
export function known(obj: any, path: string, why = "it comes from a resource not yet created"): any {
  const v = peek(obj, path);
  if (isUnknown(v) || containsUnknown(v)) undecided(path, why);
  return v;
}

export function containsUnknown(value: any): boolean {
  const v = raw(value);
  if (isUnknown(v)) return true;
  if (typeof v === "string") return v.includes(UNKNOWN);
  if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** Parses a JSON document property (policy, container definitions); undecided when it is unknown. */
export function knownJson(obj: any, path: string, why: string): any {
  const v = known(obj, path, why);
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

// ---- shared vocabulary -------------------------------------------------------------------------------

/** CIDRs that admit every address: any IPv4 or IPv6 block with prefix length 0 (`0.0.0.0/0`, `::/0`, `0::0/0`, …). */
export function isWorld(cidr: unknown): boolean {
  if (typeof cidr !== "string") return false;
  const m = /^\s*([0-9a-fA-F.:]+)\/0*0\s*$/.exec(cidr);
  return m !== null && (m[1].includes(".") || m[1].includes(":"));
}

/** True when a port range (with protocol) includes `port`; protocol "-1"/"all" covers every port. */
export function coversPort(protocol: unknown, from: unknown, to: unknown, port: number): boolean {
  const p = String(protocol ?? "").toLowerCase();
  if (p === "-1" || p === "all") return true;
  if (p !== "tcp" && p !== "6") return false;
  const f = Number(from);
  const t = Number(to);
  return Number.isFinite(f) && Number.isFinite(t) && f <= port && port <= t;
}

export function asArray<T = any>(v: any): T[] {
  const r = raw(v);
  return Array.isArray(r) ? r : r === undefined || r === null ? [] : [r];
}

/**
 * True when `res.<prop>` refers to `target`: by property dependency (known in preview, when ids and ARNs are
 * not) or by an equal known value of one of the target's attributes.
 */
export function referencesResource(res: PolicyResource, prop: string, target: PolicyResource, attrs: readonly string[] = ["arn", "id"]): boolean {
  return pointsAt(res, prop, [target], attrs).length > 0;
}

/** The targets a resource's property points at: by property dependency, or by a known id in the value (or list). */
export function pointsAt(res: PolicyResource, prop: string, targets: readonly PolicyResource[], attrs: readonly string[] = ["id"]): PolicyResource[] {
  const deps = new Set((res.propertyDependencies?.[prop] ?? []).map((d) => d.urn));
  const values = new Set(asArray(peek(res.props, prop)).filter((v) => !isUnknown(v)));
  return targets.filter((t) => deps.has(t.urn) || attrs.some((a) => values.has(peek(t.props, a))));
}

/** True for private address space: RFC 1918, carrier-grade NAT (100.64/10), IPv6 unique local (fc00::/7). */
export function isPrivateCidr(cidr: unknown): boolean {
  if (typeof cidr !== "string") return false;
  const [addr, bits] = cidr.split("/");
  if (addr.includes(":")) return /^f[cd][0-9a-f]{2}:/i.test(addr) && Number(bits) >= 7;
  const o = addr.split(".").map(Number);
  if (o.length !== 4 || o.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return false;
  const n = Number(bits);
  return (o[0] === 10 && n >= 8) || (o[0] === 172 && o[1] >= 16 && o[1] <= 31 && n >= 12) || (o[0] === 192 && o[1] === 168 && n >= 16) || (o[0] === 100 && o[1] >= 64 && o[1] <= 127 && n >= 10);
}

// ---- policy documents (IAM, key, topic and bucket policies) ------------------------------------------

/** True when an IAM action pattern (with `*` and `?` wildcards) matches the action. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(action);
}

/** The Allow statements of a policy document, with Action and Resource as string arrays. */
export function allowStatements(doc: any): { sid?: string; actions: string[]; resources: string[]; principal: any; condition: any }[] {
  return asArray(doc?.Statement)
    .filter((s: any) => s?.Effect === "Allow")
    .map((s: any) => ({ sid: s.Sid, actions: asArray(s.Action).map(String), resources: asArray(s.Resource).map(String), principal: s.Principal, condition: s.Condition }));
}

/** True when a statement's principal is everyone: `"*"` or `{ AWS: "*" }` (alone or in a list). */
export function isPublicPrincipal(principal: any): boolean {
  if (principal === "*") return true;
  return asArray(principal?.AWS).some((p: any) => String(p) === "*");
}

// ---- forms a hand-written program can use for the same setting ----------------------------------------

/** True for `true` and the strings AWS and the provider read as true ("true", "TRUE", …); unknown is not true. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}

/** True for `false` and the strings read as false ("false", "FALSE", …); unknown and unset are not false. */
export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === "string" && value.trim().toLowerCase() === "false");
}

/** A string value compared without case (AWS enums such as networkMode, logging, transitEncryption); "" otherwise. */
export function lower(value: unknown): string {
  return typeof value === "string" ? value.trim().toLowerCase() : "";
}

/**
 * True when a KMS key reference names an AWS-managed key (`alias/aws/<service>`, or its ARN
 * `arn:<partition>:kms:<region>:<account>:alias/aws/<service>`): a key whose policy AWS writes and nobody
 * can restrict, so it is not a customer-managed key.
 */
export function isAwsManagedKeyRef(value: unknown): boolean {
  return typeof value === "string" && /^(arn:[^:]+:kms:[^:]*:[^:]*:)?alias\/aws\//i.test(value.trim());
}

/** Condition keys that pin a wildcard principal to one account or organization (IAM keys are case-insensitive). */
export const ACCOUNT_CONDITION_KEYS = ["aws:principalaccount", "aws:sourceaccount", "kms:calleraccount", "aws:principalorgid", "aws:sourceowner"] as const;

/**
 * True when a statement condition narrows a wildcard principal to named accounts or an organization: an
 * equality operator (StringEquals, StringLike, ArnEquals, ArnLike, with or without ForAnyValue:/ForAllValues:,
 * never …IfExists or a negated operator) on one of {@link ACCOUNT_CONDITION_KEYS}, with values free of `*`.
 * Conditions on anything else (aws:SecureTransport, aws:SourceIp, kms:ViaService …) leave every account in.
 */
export function conditionNarrowsToAccounts(condition: any): boolean {
  const c = raw(condition);
  if (!c || typeof c !== "object") return false;
  return Object.entries(c).some(([operator, block]) => {
    const op = operator.replace(/^For(Any|All)Value:/i, "").toLowerCase();
    if (!["stringequals", "stringlike", "arnequals", "arnlike", "stringequalsignorecase"].includes(op)) return false;
    const b = raw(block);
    if (!b || typeof b !== "object") return false;
    return Object.entries(b).some(([key, values]) => {
      if (!(ACCOUNT_CONDITION_KEYS as readonly string[]).includes(key.toLowerCase())) return false;
      const list = asArray(values).map(String);
      return list.length > 0 && list.every((v) => v !== "" && !v.includes("*") && !v.includes("?"));
    });
  });
}

/**
 * Statements that grant to every AWS principal: Effect Allow (any case) with Principal `"*"`, `["*"]`,
 * `{ AWS: "*" }` or `{ AWS: ["*", …] }`, or with NotPrincipal (everyone but the named), whose condition does not
 * narrow them to accounts ({@link conditionNarrowsToAccounts}). The document may be an object or parsed JSON.
 */
export function wildcardPrincipalStatements(doc: any): { sid?: string; actions: string[]; principal: string }[] {
  const star = (p: any) => asArray(p).some((x: any) => String(x).trim() === "*");
  return asArray(raw(doc)?.Statement)
    .map(raw)
    .filter((s: any) => s && typeof s === "object" && lower(s.Effect) === "allow")
    .flatMap((s: any) => {
      const principal = raw(s.Principal);
      const wildcard =
        s.NotPrincipal !== undefined
          ? "NotPrincipal"
          : star(principal)
            ? JSON.stringify(principal)
            : principal && typeof principal === "object" && star(raw(principal).AWS)
              ? JSON.stringify(principal)
              : undefined;
      if (wildcard === undefined || conditionNarrowsToAccounts(s.Condition)) return [];
      return [{ sid: typeof s.Sid === "string" ? s.Sid : undefined, actions: asArray(s.Action).map(String), principal: wildcard }];
    });
}
