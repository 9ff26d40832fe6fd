/**
 * Reads a Pulumi project and stack the way the CLI does: Pulumi.yaml (name, main, config schema with
 * defaults) and Pulumi.<stack>.yaml, merged into the raw config strings a program receives.
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
  /** Keys whose stack value was `secure:` (encrypted); offline they hold a placeholder. */
  readonly secretKeys: string[];
}

export class ProjectError extends Error {}

function toRaw(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function availableStacks(dir: string): string[] {
  return fs.readdirSync(dir).map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => !!s).sort();
}

export function loadProjectStack(dir: string, stack: string): ProjectStack {
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (!projectFile) throw new ProjectError(`no Pulumi.yaml in ${dir}; pass the project directory with --project-dir.`);
  const project = parse(fs.readFileSync(projectFile, "utf8")) ?? {};
  const name: string = project.name;
  const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(stackFile)) {
    const stacks = availableStacks(dir);
    throw new ProjectError(`unknown stack "${stack}": ${path.relative(process.cwd(), stackFile) || stackFile} does not exist. Stacks of project ${name}: ${stacks.join(", ") || "(none)"}. Fix: pass --stack ${stacks[0] ?? "<name>"}, or create the stack with pulumi stack init ${stack}.`);
  }
  const config: Record<string, string> = {};
  for (const [key, decl] of Object.entries<any>(project.config ?? {})) {
    const full = key.includes(":") ? key : `${name}:${key}`;
    const value = decl && typeof decl === "object" && !Array.isArray(decl) ? ("default" in decl ? decl.default : decl.value) : decl;
    if (value !== undefined) config[full] = toRaw(value);
  }
  let stackDoc: any;
  try {
    stackDoc = parse(fs.readFileSync(stackFile, "utf8")) ?? {};
  } catch (err) {
    throw new ProjectError(`${path.basename(stackFile)} is not valid YAML: ${(err as Error).message}`);
  }
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries<any>(stackDoc.config ?? {})) {
    const full = key.includes(":") ? key : `${name}:${key}`;
    if (value && typeof value === "object" && "secure" in value) {
      secretKeys.push(full);
      config[full] = "offline-placeholder-for-secure-value";
    } else {
      config[full] = toRaw(value);
    }
  }
  const mainDir = path.resolve(dir, project.main ?? ".");
  const main = fs.existsSync(mainDir) && fs.statSync(mainDir).isDirectory() ? path.join(mainDir, "index.ts") : mainDir;
  return { dir, project: name, stack, stackFile, main, config, secretKeys };
}
