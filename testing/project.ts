/**
 * Reads a Pulumi project and stack the way the CLI does: Pulumi.yaml (name, main, config schema with
 * defaults) and Pulumi.<stack>.yaml, merged into the raw config strings a program receives, refusing what the
 * CLI refuses (a declared key without a default that the stack does not set, a value of the wrong declared
 * type, a plain value for a key declared secret).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

export interface ProjectStack {
  readonly dir: string;
  readonly project: string;
  readonly stack: string;
  readonly stackFile: string;
  /** Absolute path of the program entry point. */
  readonly main: string;
  /** Full keys (`project:key`, `aws:region`) to raw strings (arrays/objects as JSON). */
  readonly config: Record<string, string>;
  /** Keys whose stack value was `secure:` (encrypted); offline they hold {@link SECURE_PLACEHOLDER} of the declared type. */
  readonly secretKeys: string[];
}

export class ProjectError extends Error {}

/**
 * What an encrypted (`secure:`) stack value becomes offline, where nothing can decrypt it: a clearly marked
 * value (an address in the reserved `.invalid` domain, so it also passes e-mail checks) of the key's declared
 * type, passed to the program as a secret. A list's secure elements after its first are numbered by their index
 * (`secret+1@offline-preview.invalid`, ...): distinct as the decrypted values are, so a program that refuses duplicates
 * (alert addresses) takes them as `pulumi up` does.
 */
export const SECURE_PLACEHOLDER = "secret@offline-preview.invalid";

/** A key's declaration in Pulumi.yaml's `config:` block. */
interface ConfigDecl {
  readonly type?: "string" | "integer" | "boolean" | "array";
  readonly items?: { readonly type?: string };
  readonly default?: unknown;
  readonly value?: unknown;
  readonly secret?: boolean;
}

function toRaw(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function isSecure(v: unknown): boolean {
  return !!v && typeof v === "object" && !Array.isArray(v) && "secure" in v;
}

function containsSecure(v: unknown): boolean {
  if (isSecure(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecure);
  return !!v && typeof v === "object" && Object.values(v).some(containsSecure);
}

function scalarPlaceholder(type: string | undefined, index = 0): unknown {
  return type === "integer" ? index : type === "boolean" ? false : index === 0 ? SECURE_PLACEHOLDER : SECURE_PLACEHOLDER.replace("@", `+${index}@`);
}

/** The offline stand-in for a stack value that is (or contains) `secure:` values. */
function placeholder(value: unknown, decl: ConfigDecl | undefined): unknown {
  if (isSecure(value)) return decl?.type === "array" ? [scalarPlaceholder(decl.items?.type)] : scalarPlaceholder(decl?.type);
  if (Array.isArray(value)) return value.map((v, i) => (isSecure(v) ? scalarPlaceholder(decl?.items?.type, i) : placeholder(v, { type: decl?.items?.type as ConfigDecl["type"] })));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholder(v, undefined)]));
  return value;
}

function typeName(decl: ConfigDecl): string {
  return decl.type === "array" ? `List<${decl.items?.type ?? "string"}>` : (decl.type ?? "");
}

/** The CLI's type check of a stack value against its declared type (numbers and booleans may be written as text). */
function matchesType(value: unknown, type: string | undefined, items?: { type?: string }): boolean {
  switch (type) {
    case undefined:
      return true;
    case "string":
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
    case "integer":
      return (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "array":
      return Array.isArray(value) && value.every((v) => matchesType(v, items?.type));
    default:
      return true;
  }
}

function quoted(keys: string[]): string {
  const q = keys.sort().map((k) => `'${k}'`);
  return q.length === 1 ? q[0] : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}

export function availableStacks(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => !!s)
    .sort();
}

export function loadProjectStack(dir: string, stack: string): ProjectStack {
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!projectFile) throw new ProjectError(`no Pulumi.yaml in ${dir}; pass the project directory with --project-dir.`);
  const project = parse(fs.readFileSync(projectFile, "utf8")) ?? {};
  const name: string = project.name;
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(stackFile)) {
    const stacks = availableStacks(dir);
    throw new ProjectError(
      `unknown stack "${stack}": ${path.relative(process.cwd(), stackFile) || stackFile} does not exist. Stacks of project ${name}: ${stacks.join(", ") || "(none)"}. Fix: pass --stack ${stacks[0] ?? "<name>"}, or create the stack with pulumi stack init ${stack}.`,
    );
  }
  let stackDoc: any;
  try {
    stackDoc = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
  } catch (err) {
    throw new ProjectError(`${path.basename(stackFile)} is not valid YAML: ${(err as Error).message}`);
  }
  const full = (key: string) => (key.includes(":") ? key : `${name}:${key}`);
  const stackValues = new Map(Object.entries<unknown>(stackDoc.config ?? {}).map(([k, v]) => [full(k), v]));

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const missing: string[] = [];
  const problems: string[] = [];
  const declarations = new Map<string, [string, ConfigDecl | undefined]>();
  for (const [key, raw] of Object.entries<any>(project.config ?? {})) {
    const decl: ConfigDecl | undefined = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : undefined;
    declarations.set(full(key), [key, decl]);
    const dflt = decl ? (decl.default ?? decl.value) : raw;
    if (stackValues.has(full(key))) continue;
    if (dflt !== undefined && dflt !== null) config[full(key)] = toRaw(dflt);
    else if (full(key).startsWith(`${name}:`)) missing.push(key);
  }
  if (missing.length) {
    problems.push(
      `Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${quoted(missing)}. Fix: set ${missing.length > 1 ? "them" : "it"} in ${path.basename(stackFile)} (pulumi config set <key> <value> --stack ${stack}), or give ${missing.length > 1 ? "them" : "it"} a default in Pulumi.yaml.`,
    );
  }
  for (const [key, value] of stackValues) {
    const [short, decl] = declarations.get(key) ?? [key, undefined];
    if (containsSecure(value)) {
      secretKeys.push(key);
      config[key] = toRaw(placeholder(value, decl));
      continue;
    }
    if (decl?.secret) problems.push(`Stack '${stack}' with configuration key '${short}' must be encrypted as it's secret. Fix: pulumi config set --secret ${key} <value> --stack ${stack}.`);
    if (decl?.type && !matchesType(value, decl.type, decl.items))
      problems.push(`Stack '${stack}' with configuration key '${short}' must be of type '${typeName(decl)}'. Fix: correct ${key} in ${path.basename(stackFile)}.`);
    config[key] = toRaw(value);
  }
  if (problems.length) throw new ProjectError(problems.join("\n"));
  const mainDir = path.resolve(dir, project.main ?? ".");
  const main = fs.existsSync(mainDir) && fs.statSync(mainDir).isDirectory() ? path.join(mainDir, "index.ts") : mainDir;
  return { dir, project: name, stack, stackFile, main, config, secretKeys };
}
