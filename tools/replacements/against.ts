/**
 * The "before" side of the replacement check (`npm run preview -- --against <ref>`): an earlier `--json` report, or a
 * git revision checked out into a temporary worktree and run under the same mocks as the current tree.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { capture, loadProjectStack, ProjectError } from "../../testing";
import { recordsOf, ResourceRecord } from "./check";

const Module = require("module");

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Resources of an earlier `--json` report of the same stack. */
function fromReport(file: string, project: string, stack: string): ResourceRecord[] {
  let report: any;
  try {
    report = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new ProjectError(`--against ${file} is not a --json report of the preview: ${(err as Error).message}`);
  }
  if (!Array.isArray(report?.resources)) throw new ProjectError(`--against ${file} has no resources: pass a report written by npm run preview -- --json FILE.`);
  if (report.stack !== stack || report.project !== project) throw new ProjectError(`--against ${file} is a report of ${report.project}/${report.stack}, not ${project}/${stack}.`);
  return report.resources;
}

/**
 * While `fn` runs, the package's own names (tsconfig.json `paths` of the checkout, e.g. `hardened-aws`) resolve to
 * the checkout's sources for files inside it, as tools/resolve-source.js does for the current tree.
 */
async function withCheckoutSources<T>(treeDir: string, fn: () => Promise<T>): Promise<T> {
  const tsconfig = path.join(treeDir, "tsconfig.json");
  const paths: Record<string, string[]> = fs.existsSync(tsconfig) ? (JSON.parse(fs.readFileSync(tsconfig, "utf8")).compilerOptions?.paths ?? {}) : {};
  const targets = new Map(Object.entries(paths).map(([name, [file]]) => [name, path.join(treeDir, file)]));
  const original = Module._resolveFilename;
  Module._resolveFilename = function (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) {
    const inTree = parent?.filename?.startsWith(treeDir + path.sep);
    return original.call(this, inTree ? (targets.get(request) ?? request) : request, parent, ...rest);
  };
  try {
    return await fn();
  } finally {
    Module._resolveFilename = original;
  }
}

/** Resources of the program at a git revision: a detached worktree of it, node_modules linked, run under the mocks. */
async function fromRevision(ref: string, projectDir: string, stack: string): Promise<ResourceRecord[]> {
  let top: string;
  let sha: string;
  try {
    top = git(projectDir, ["rev-parse", "--show-toplevel"]);
    sha = git(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new ProjectError(`--against ${ref}: neither a --json report nor a git revision of ${projectDir} (fetch it first, e.g. git fetch origin main, and pass origin/main).`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hardened-aws-against-"));
  const tree = path.join(tmp, "tree");
  git(top, ["worktree", "add", "--detach", "--quiet", tree, sha]);
  try {
    fs.symlinkSync(fs.realpathSync(path.join(top, "node_modules")), path.join(tree, "node_modules"), "dir");
    const dir = path.join(tree, path.relative(top, projectDir));
    // A project or stack the revision does not have had no resources there: everything is new, nothing is lost.
    if (!fs.existsSync(path.join(dir, "Pulumi.yaml")) || !fs.existsSync(path.join(dir, `Pulumi.${stack}.yaml`))) return [];
    const ps = loadProjectStack(dir, stack);
    const cap = await withCheckoutSources(tree, () => capture(() => require(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys }));
    return recordsOf(cap);
  } finally {
    git(top, ["worktree", "remove", "--force", tree]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The resources to compare against: `ref` is a `--json` report file or a git revision. */
export async function resourcesAt(ref: string, projectDir: string, project: string, stack: string): Promise<ResourceRecord[]> {
  return fs.existsSync(ref) && fs.statSync(ref).isFile() ? fromReport(ref, project, stack) : fromRevision(ref, projectDir, stack);
}
