/**
 * `npm run preview`: the offline preview's command line over the library (hardened-aws/testing, runPreview):
 * runs a Pulumi program under the mock runtime, hands every resource to the real policy pack over the analyzer
 * gRPC protocol the CLI speaks, prints the report and exits non-zero on a mandatory violation.
 *
 * It also checks every input against the constraints AWS publishes for the request that creates the resource
 * (tools/aws-models: a value AWS would refuse fails the preview), and can write the resource graph (--graph) and
 * print the order `pulumi up` will create resources in, with the inherent waits (--plan). With --against it also runs
 * the replacement check (tools/replacements): every stateful resource the change since <ref> would destroy fails it.
 *
 *   npm run preview -- --stack prod [--json F] [--sarif F] [--as-preview [--fail-on-undecided]]
 *                      [--project-dir DIR] [--policy-pack DIR] [--policy-pack-config F] [--graph F.dot] [--plan]
 *                      [--against <git revision | earlier --json report>]
 */
import * as path from "path";
import { CapturedResource, PreviewOptions, PreviewResult, ProjectError, runPreview } from "../testing";
import { writeGraph } from "./graphs";
import { AwsModelFinding, checkAwsModels } from "./aws-models/check";
import { RetentionFinding, retentionFindings } from "./retention";
import { formatPlan, orderingFindings, planDeployment } from "./plan";
import { resourcesAt } from "./replacements/against";
import { findReplacements, formatFindings, recordsOf } from "./replacements/check";

const ROOT = path.resolve(__dirname, "..");

export interface CliOptions extends PreviewOptions {
  readonly packDir: string;
  readonly quiet: boolean;
  /** Write the resource graph as DOT (and SVG beside it where Graphviz's `dot` is installed). */
  readonly graph?: string;
  /** Print the create order and inherent waits of a first `pulumi up`. */
  readonly plan: boolean;
  /** A git revision or an earlier `--json` report: fail on every stateful resource the change since then would destroy. */
  readonly against?: string;
}

/** The repository's own pack is compiled from its sources before each preview (the preview never loads a policy itself). */
function ensurePackBuilt(packDir: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (path.resolve(packDir) === path.join(ROOT, "policy")) require("./build-policy.js").compilePack(false);
}

function printReport(r: PreviewResult, o: CliOptions, awsFindings: readonly AwsModelFinding[], retention: readonly RetentionFinding[]): void {
  const { stack, project } = r;
  const out: string[] = [];
  out.push(`Previewing ${project}/${stack} offline (${r.mode === "preview" ? "as pulumi preview sees a new stack: computed values unknown" : "resolved: every value known, as pulumi up sees it"})`);
  out.push("");
  const children = new Map<string, CapturedResource[]>();
  for (const res of r.capture.resources) children.set(res.parent, [...(children.get(res.parent) ?? []), res]);
  const roots = r.capture.resources.filter((res) => !r.capture.byUrn(res.parent));
  const walk = (res: CapturedResource, depth: number) => {
    out.push(`${"  ".repeat(depth + 1)}+ ${res.type.padEnd(Math.max(1, 56 - depth * 2))} ${res.name}`);
    for (const c of children.get(res.urn) ?? []) walk(c, depth + 1);
  };
  out.push(`    pulumi:pulumi:Stack ${project}-${stack}`);
  roots.forEach((res) => walk(res, 1));
  out.push("");
  out.push("Resources by type:");
  for (const [type, n] of Object.entries(r.capture.countsByType())) out.push(`    ${String(n).padStart(4)}  ${type}`);
  out.push(`    ${String(r.capture.resources.length).padStart(4)}  to create`);
  out.push("");
  out.push(`Policy pack ${r.pack.name}@v${r.pack.version}: ${r.pack.policies.length} policies, served in ${r.pack.startMs} ms${o.packConfig ? ` (config ${o.packConfig})` : ""}`);
  for (const level of ["mandatory", "remediate", "advisory"]) {
    const vs = r.violations.filter((v) => v.enforcementLevel === level);
    out.push(`  ${level}: ${vs.length} violation${vs.length === 1 ? "" : "s"}`);
    for (const v of vs) out.push(`    [${level}] ${v.policyName} (${v.urn || "stack"})\n        ${v.message}`);
  }
  if (r.remediations.length) {
    out.push(`  remediated: ${r.remediations.length} fix(es) applied before analysis`);
    for (const f of r.remediations) out.push(`    [remediated] ${f.policyName} (${f.urn})`);
  }
  if (r.mode === "preview" || r.undecided.length) {
    out.push("");
    out.push(`Decidability (mandatory policy, resource) pairs: ${r.decidability.applicable} applicable, ${r.decidability.decided} decided, ${r.decidability.undecided} could not run in this mode`);
    for (const u of r.undecided) out.push(`    [undecided${u.enforcementLevel === "mandatory" ? ", mandatory" : ""}] ${u.policyName} (${u.urn || "stack"}): ${u.reason}`);
  }
  out.push("");
  out.push(`AWS request constraints (botocore service models, tools/aws-models): ${awsFindings.length} value(s) AWS would refuse`);
  for (const f of awsFindings) out.push(`    [refused by AWS] ${f.message}`);
  out.push("");
  out.push(`Stateful resources kept on delete (retainOnDelete, which a policy pack is not sent): ${retention.length} prod resource(s) without it`);
  for (const f of retention) out.push(`    [not retained] ${f.urn.split("::").pop()}: ${f.message}`);
  out.push("");
  const mandatory = r.violations.filter((v) => v.enforcementLevel === "mandatory" || v.enforcementLevel === "remediate").length;
  const failed = r.exitCode !== 0 || awsFindings.length > 0 || retention.length > 0;
  out.push(
    !failed
      ? `PASSED: 0 mandatory violations.`
      : `FAILED: ${mandatory} mandatory violation(s)${awsFindings.length ? `, ${awsFindings.length} input(s) AWS would refuse` : ""}${retention.length ? `, ${retention.length} prod stateful resource(s) without retainOnDelete` : ""}${o.failOnUndecided && r.decidability.undecided ? `, ${r.decidability.undecided} mandatory check(s) undecided (--fail-on-undecided)` : ""}.`,
  );
  console.log(out.join("\n"));
}

export function parseArgs(argv: string[]): CliOptions {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new ProjectError(`${flag} needs a value.`);
    return v;
  };
  const known = new Set(["--stack", "--project-dir", "--policy-pack", "--policy-pack-config", "--json", "--sarif", "--as-preview", "--fail-on-undecided", "--quiet", "--graph", "--plan", "--against"]);
  const unknownFlag = argv.find((a) => a.startsWith("--") && !known.has(a));
  if (unknownFlag) throw new ProjectError(`unknown option ${unknownFlag}. Options: ${[...known].join(" ")}.`);
  const stack = get("--stack");
  if (!stack) throw new ProjectError("choose a stack: npm run preview -- --stack prod (or staging).");
  return {
    stack,
    projectDir: path.resolve(get("--project-dir") ?? ROOT),
    packDir: path.resolve(get("--policy-pack") ?? path.join(ROOT, "policy")),
    packConfig: get("--policy-pack-config"),
    asPreview: argv.includes("--as-preview"),
    failOnUndecided: argv.includes("--fail-on-undecided"),
    json: get("--json"),
    sarif: get("--sarif"),
    quiet: argv.includes("--quiet"),
    graph: get("--graph"),
    plan: argv.includes("--plan"),
    against: get("--against"),
  };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const o = parseArgs(argv);
    if (o.failOnUndecided && !o.asPreview) throw new ProjectError("--fail-on-undecided goes with --as-preview (the resolved mode decides every check).");
    if (o.against && o.asPreview) throw new ProjectError("--against compares every input, which --as-preview leaves unknown: run it without --as-preview.");
    ensurePackBuilt(o.packDir);
    const result = await runPreview(o);
    // The earlier side runs after the current one, so a git revision's program never shadows the current modules.
    const replacements = o.against ? findReplacements(await resourcesAt(o.against, o.projectDir, result.project, result.stack), recordsOf(result.capture)) : [];
    const awsFindings = checkAwsModels(result.capture.resources);
    const retention = retentionFindings(result.capture, result.packConfig["pulumi-stateful-resources-protected"]);
    if (!o.quiet) printReport(result, o, awsFindings, retention);
    if (o.graph) console.log(`graph: ${writeGraph(result.capture, `${result.project}/${result.stack}`, o.graph).join(", ")}`);
    if (o.plan) {
      const plan = planDeployment(result.capture);
      console.log(`\n${formatPlan(plan)}`);
      const ordering = orderingFindings(result.capture, plan);
      for (const f of ordering) console.log(`    [ordering] ${f.message}`);
      if (ordering.length) return 1;
    }
    if (o.against) console.log(`\n${formatFindings(replacements, o.against)}`);
    return awsFindings.length || replacements.length || retention.length ? 1 : result.exitCode;
  } catch (err) {
    const e = err as Error;
    const known = e instanceof ProjectError || ["ConfigError", "ArgumentError", "RunError", "PackConfigError"].includes(e.name) || e.constructor?.name === "RunError";
    console.error(`error: ${known ? e.message : (e.stack ?? e.message)}`);
    return 2;
  }
}
