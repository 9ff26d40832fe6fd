/**
 * The runtime shape of a component's arguments, checked before any default is applied: JavaScript callers and
 * config pass anything, so each argument's type, the required ones, unknown keys (a misspelt argument or map key
 * would otherwise be ignored) and the value rules of the shared parsers (ARNs, regions, CIDRs, schedules, names)
 * are checked here, and no raw TypeError can escape from the defaults or the validation that follow.
 *
 * A component describes its arguments once, as a {@link Shape} of its args interface (the compiler refuses a
 * shape that misses an argument), and {@link checkArgs} returns the arguments to use: an argument that arrives
 * as an Output comes back wrapped, so it is checked when it resolves and fails the preview or update with the
 * same error it would get at construction.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgProblem, ArgumentError, Problems } from "./errors";
import { checkEnvironment } from "./naming";

/** What a value rule finds wrong: a code suffix (the component prefixes it), the problem and the fix. */
export interface Finding {
  readonly code: string;
  readonly problem: string;
  readonly fix: string;
}

/** A rule of a shared parser: undefined when the value is acceptable. */
export type Rule<T> = (value: T) => Finding | undefined;

interface Context {
  readonly p: Problems;
  /** Code prefix of the component, e.g. `DB`. */
  readonly prefix: string;
  readonly component: string;
  readonly name: string;
  /** The code a wrong type or missing value gets here (a field's own, inherited by its nested fields). */
  readonly code?: string;
  /** Whether the field being checked is required (an optional Output may resolve to nothing). */
  readonly required?: boolean;
}

/** Checks one present value; returns the value to use (Outputs wrapped so they are checked when they resolve). */
export interface Check {
  /** What the value must be, for messages: "a string", "a list of IAM role ARNs". */
  readonly what: string;
  readonly run: (ctx: Context, arg: string, value: unknown) => unknown;
}

/**
 * One argument: its check, whether it must be given, and optionally the code (after the component prefix) a
 * wrong type or missing value gets, for an argument whose rule has a code of its own (e.g. `HEALTH_CHECK`).
 */
export interface Field {
  readonly required: boolean;
  readonly check: Check;
  readonly code?: string;
}

/** A check for every argument of `T`, optional ones included. */
export type Shape<T> = { readonly [K in keyof T]-?: Field };

export const req = (check: Check, code?: string): Field => ({ required: true, check, code });
export const opt = (check: Check, code?: string): Field => ({ required: false, check, code });

const show = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (v === undefined) return "undefined";
  if (typeof v === "function") return "a function";
  try {
    const s = JSON.stringify(v);
    return s === undefined ? typeOf(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
  } catch {
    return typeOf(v); // cyclic or a BigInt: JSON cannot show it
  }
};

const typeOf = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : typeof v === "number" ? "a number" : typeof v === "boolean" ? "a boolean" : `a ${typeof v}`;

function wrongType(ctx: Context, arg: string, value: unknown, what: string): void {
  ctx.p.add(`${ctx.prefix}_${ctx.code ?? "ARG_TYPE"}`, arg, `${show(value)} is ${typeOf(value)}, not ${what}`, `pass ${what}.`);
}

function finding(ctx: Context, arg: string, f: Finding | undefined): void {
  if (f) ctx.p.add(`${ctx.prefix}_${f.code}`, arg, f.problem, f.fix);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !pulumi.Output.isInstance(v) && !pulumi.Resource.isInstance(v);

/** A string, with optional rules of the shared parsers. */
export function str(...rules: Rule<string>[]): Check {
  return {
    what: "a string",
    run: (ctx, arg, v) => {
      if (typeof v !== "string") return wrongType(ctx, arg, v, "a string");
      for (const rule of rules) finding(ctx, arg, rule(v));
      return v;
    },
  };
}

/** A finite number; `integer` also requires a whole number. Ranges are the component's rules. */
export function num(kind: "integer" | "number" = "number", ...rules: Rule<number>[]): Check {
  const what = kind === "integer" ? "a whole number" : "a number";
  return {
    what,
    run: (ctx, arg, v) => {
      if (typeof v !== "number" || !Number.isFinite(v)) return wrongType(ctx, arg, v, what);
      if (kind === "integer" && !Number.isInteger(v)) return ctx.p.add(`${ctx.prefix}_${ctx.code ?? "ARG_TYPE"}`, arg, `${v} is not a whole number`, "pass a whole number.");
      for (const rule of rules) finding(ctx, arg, rule(v));
      return v;
    },
  };
}

/** Inclusive range rule for {@link num}. */
export const within =
  (lo: number, hi: number, fix?: string): Rule<number> =>
  (v) =>
    v < lo || v > hi ? { code: "ARG_RANGE", problem: `${v} is outside ${lo}–${hi}`, fix: fix ?? `use a value from ${lo} to ${hi}.` } : undefined;

export const bool: Check = { what: "true or false", run: (ctx, arg, v) => (typeof v === "boolean" ? v : wrongType(ctx, arg, v, "true or false")) };

/** One of the listed strings (or numbers). */
export function oneOf(values: readonly (string | number)[]): Check {
  const what = `one of ${values.map((x) => JSON.stringify(x)).join(", ")}`;
  return { what, run: (ctx, arg, v) => (values.includes(v as string | number) ? v : wrongType(ctx, arg, v, what)) };
}

/** A list; `unique` refuses duplicates, `min` a shorter list. */
export function list(item: Check, opts: { readonly unique?: boolean; readonly min?: number; readonly minCode?: string; readonly minFix?: string } = {}): Check {
  const what = /^one of /.test(item.what) ? `a list of values, each ${item.what}` : `a list of ${item.what.replace(/^an? /, "")}s`.replace(/ss$/, "s");
  return {
    what,
    run: (ctx, arg, v) => {
      if (!Array.isArray(v)) return wrongType(ctx, arg, v, what);
      const out = v.map((x, i) => item.run(ctx, `${arg}[${i}]`, x));
      if (opts.unique) {
        const seen = new Map<string, number>();
        v.forEach((x, i) => {
          if (typeof x !== "string" && typeof x !== "number") return;
          const key = String(x);
          if (seen.has(key)) ctx.p.add(`${ctx.prefix}_ARG_DUPLICATE`, `${arg}[${i}]`, `${show(x)} is also ${arg}[${seen.get(key)}]`, "list each value once.");
          else seen.set(key, i);
        });
      }
      if (opts.min !== undefined && v.length < opts.min)
        ctx.p.add(
          `${ctx.prefix}_${opts.minCode ?? "ARG_TOO_FEW"}`,
          arg,
          `${v.length} entr${v.length === 1 ? "y" : "ies"}; at least ${opts.min} are needed`,
          opts.minFix ?? `list at least ${opts.min}.`,
        );
      return out;
    },
  };
}

/** A map keyed by stable names; `key` rules check each key. */
export function record(item: Check, ...key: Rule<string>[]): Check {
  const what = /^one of /.test(item.what) ? `an object mapping names to values, each ${item.what}` : `an object mapping names to ${item.what.replace(/^an? /, "")}s`.replace(/ss$/, "s");
  return {
    what,
    run: (ctx, arg, v) => {
      if (!isPlainObject(v)) return wrongType(ctx, arg, v, what);
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          for (const rule of key) finding(ctx, `${arg}.${k}`, rule(k));
          return [k, item.run(ctx, `${arg}.${k}`, x)];
        }),
      );
    },
  };
}

/** An object with known keys only: a misspelt key is refused, never ignored. */
export function obj<T>(shape: Shape<T>, what = "an object"): Check {
  return { what, run: (ctx, arg, v) => (isPlainObject(v) ? fields(ctx, arg, v, shape) : wrongType(ctx, arg, v, what)) };
}

function fields(ctx: Context, prefix: string, v: Record<string, unknown>, shape: Record<string, Field>): Record<string, unknown> {
  const at = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const known = Object.keys(shape);
  for (const k of Object.keys(v)) {
    if (k in shape) continue;
    const near = known.find((n) => n.toLowerCase() === k.toLowerCase().trim() || editDistance(n, k) <= 2);
    ctx.p.add(
      `${ctx.prefix}_ARG_UNKNOWN`,
      at(k),
      `is not an argument${prefix ? ` of ${prefix}` : ` of ${ctx.component}`}, so its value would be ignored`,
      near ? `did you mean ${near}?` : `use only ${known.join(", ")}.`,
    );
  }
  const out: Record<string, unknown> = { ...v };
  for (const [k, field] of Object.entries(shape)) {
    const value = v[k];
    const here = { ...ctx, code: field.code ?? ctx.code, required: field.required };
    if (value === undefined || value === null) {
      if (field.required) ctx.p.add(`${ctx.prefix}_${here.code ?? "ARG_MISSING"}`, at(k), `is required but ${value === null ? "null" : "missing"}`, `pass ${field.check.what}.`);
      else if (value === null) delete out[k]; // null means "the default", as undefined does
      continue;
    }
    out[k] = field.check.run(here, at(k), value);
  }
  return out;
}

/**
 * A `pulumi.Input`: a plain value is checked now; an Output is checked when it resolves, with the same code,
 * argument and fix (an unknown value in a preview is left to the pack).
 */
export function input(check: Check): Check {
  return {
    what: check.what,
    run: (ctx, arg, v) => {
      if (!pulumi.Output.isInstance(v)) return check.run(ctx, arg, v);
      return v.apply((resolved) => {
        const p = new Problems();
        const absent = resolved === undefined || resolved === null;
        if (absent && ctx.required) p.add(`${ctx.prefix}_${ctx.code ?? "ARG_MISSING"}`, arg, "resolved to no value", `pass ${check.what}.`);
        const value = absent ? resolved : check.run({ ...ctx, p }, arg, resolved);
        p.throwIfAny(ctx.component, ctx.name);
        // An inner Output (a list of Inputs) resolves through the outer apply.
        return value;
      });
    },
  };
}

/** A Pulumi resource (a component or a provider); `test` tells the right kind apart. */
export function resource(what: string, test: (v: unknown) => boolean): Check {
  return { what, run: (ctx, arg, v) => (pulumi.Resource.isInstance(v) && test(v) ? v : wrongType(ctx, arg, v, what)) };
}

/** The environment: checked first by {@link checkArgs} (ENV_INVALID), as every default and prod floor reads it. */
export const environment: Field = req({ what: '"staging" or "prod"', run: (_ctx, _arg, v) => v });

/** A {@link LogClasses} component (told apart by its methods, to keep this module free of component imports). */
export const logClasses: Check = resource(
  "a LogClasses component",
  (v) => typeof (v as { group?: unknown }).group === "function" && typeof (v as { standardGroups?: unknown }).standardGroups === "function",
);

/** Any value: the argument's own validation decides (e.g. an opaque callback). */
export const anything: Check = { what: "a value", run: (_ctx, _arg, v) => v };

/**
 * Arguments a component no longer takes, by component: each gets its own answer (what replaced it and what to do
 * now) instead of "not an argument".
 */
export const REMOVED_ARGUMENTS: Readonly<Record<string, Readonly<Record<string, Omit<ArgProblem, "arg">>>>> = {
  SecureCache: {
    credentialVersion: {
      code: "CACHE_CREDENTIAL_VERSION",
      problem: "is no longer an argument: the app password rotates on its schedule (rotationDays) with two valid passwords",
      fix: "remove credentialVersion; to rotate now, run aws secretsmanager rotate-secret on the credential secret.",
    },
  },
};

/**
 * Checks `args` against `shape` and throws the component's {@link ArgumentError} listing every problem; the
 * environment is checked first (ENV_INVALID), as every default and prod floor reads it; a removed argument
 * ({@link REMOVED_ARGUMENTS}) is answered on its own. Returns the arguments to use, with Outputs wrapped to be
 * checked when they resolve.
 */
export function checkArgs<T>(component: string, prefix: string, name: string, args: T, shape: Shape<T>): T {
  const raw = args as unknown;
  if (!isPlainObject(raw))
    throw new ArgumentError(component, name, [
      {
        code: `${prefix}_ARG_TYPE`,
        arg: "args",
        problem: `${show(raw)} is ${typeOf(raw)}, not an object of arguments`,
        fix: `pass { environment, appName, … } as the second argument of ${component}.`,
      },
    ]);
  const removed = Object.entries(REMOVED_ARGUMENTS[component] ?? {}).filter(([arg]) => raw[arg] !== undefined);
  if (removed.length)
    throw new ArgumentError(
      component,
      name,
      removed.map(([arg, problem]) => ({ ...problem, arg })),
    );
  if ("environment" in (shape as object)) checkEnvironment(component, name, raw.environment);
  const p = new Problems();
  const out = fields({ p, prefix, component, name }, "", raw, shape);
  p.throwIfAny(component, name);
  return out as T;
}

/** The problems `checkArgs` would report, without throwing (for tests and composite validators). */
export function argProblems<T>(component: string, prefix: string, name: string, args: T, shape: Shape<T>): readonly ArgProblem[] {
  try {
    checkArgs(component, prefix, name, args, shape);
    return [];
  } catch (e) {
    if (e instanceof ArgumentError) return e.problems;
    throw e;
  }
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
