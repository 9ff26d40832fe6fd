/**
 * The preview-faithful mode: what `pulumi preview` of a new stack sends the pack (computed values unknown).
 * The verdict must match the resolved mode, every check that could not run is listed with its reason, and
 * insecure literals next to unknown references stay blocked.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runPreview } from "hardened-aws/testing";
import { packDir } from "../support/pack";
import { REPO_ROOT, requireIsolated } from "../support/program";
import "../support/sarif";

type Result = Awaited<ReturnType<typeof runPreview>> & { json: any; sarif: any };

async function preview(stack: string, asPreview: boolean, projectDir = REPO_ROOT, failOnUndecided = false): Promise<Result> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "as-preview-"));
  const result = await runPreview({
    projectDir,
    packDir: packDir(),
    stack,
    asPreview,
    failOnUndecided,
    json: path.join(dir, "out.json"),
    sarif: path.join(dir, "out.sarif"),
    loadProgram: requireIsolated,
  });
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
  return { ...result, json: read("out.json"), sarif: read("out.sarif") };
}
const mandatory = (r: Result) =>
  r.violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policyName} ${v.urn.split("::").pop()}`)
    .sort();

describe.each(["prod", "staging"])("the %s stack in --as-preview mode", (stack) => {
  let resolved: Result;
  let asPreview: Result;
  beforeAll(async () => {
    resolved = await preview(stack, false);
    asPreview = await preview(stack, true);
  }, 180_000);

  it("gives the same mandatory verdict as the resolved mode (none)", () => {
    expect(mandatory(asPreview)).toEqual(mandatory(resolved));
    expect([asPreview.exitCode, resolved.exitCode]).toEqual([0, 0]);
  });

  it("lists every mandatory check that could not run, each with the property and why", () => {
    const undecided = asPreview.undecided.filter((u) => u.enforcementLevel === "mandatory");
    expect(asPreview.decidability.undecided).toBe(undecided.length);
    expect(asPreview.decidability.applicable).toBeGreaterThan(150);
    expect(asPreview.decidability.decided).toBe(asPreview.decidability.applicable - undecided.length);
    for (const u of undecided)
      expect(u.reason).toMatch(/^(containerDefinitions|policy) is not known until apply \(.+\); the resolved offline preview \(npm run preview\) and pulumi up decide this check$/);
    // What stays unknown on a new stack: the task definition's container JSON (image digest, secret ARNs) and the
    // execution role's policy (ARNs of secrets and keys other components create), of the app service and of its
    // one-off tasks (db-bootstrap, migrate). README, "What pulumi preview decides".
    expect([...new Set(undecided.map((u) => u.urn.split("::").pop()))].sort()).toEqual([
      "app-execution",
      "app-task",
      "db-bootstrap-execution",
      "db-bootstrap-task",
      "migrate-execution",
      "migrate-task",
    ]);
    expect(resolved.decidability.undecided).toBe(0);
  });

  it("writes each pair's verdict to --json and each undecided check to SARIF as an open result", () => {
    const verdicts = (r: Result) => r.json.decisions.reduce((n: Record<string, number>, d: any) => ({ ...n, [d.verdict]: (n[d.verdict] ?? 0) + 1 }), {});
    expect(asPreview.json.decisions.length).toBe(asPreview.decidability.applicable);
    expect(verdicts(asPreview)).toEqual({ passed: asPreview.decidability.decided, undecided: asPreview.decidability.undecided });
    expect(verdicts(resolved)).toEqual({ passed: resolved.decidability.applicable });
    expect(asPreview.json.undecided.length).toBeGreaterThanOrEqual(asPreview.decidability.undecided);
    expect(asPreview.sarif).toBeValidSarifLog();
    const open = asPreview.sarif.runs[0].results.filter((x: any) => x.kind === "open");
    expect(open.length).toBe(asPreview.decidability.undecided);
    expect(open[0]).toMatchObject({ level: "none", properties: { undecided: true } });
    expect(open[0].message.text).toMatch(/^(app|db-bootstrap|migrate)-(task|execution): could not run in this preview: (containerDefinitions|policy) is not known until apply/);
  });

  it("fails with --fail-on-undecided, for teams whose gate is the CLI preview", async () => {
    const strict = await preview(stack, true, REPO_ROOT, true);
    expect(strict.exitCode).toBe(1);
    expect(mandatory(strict)).toEqual([]);
  }, 120_000);
});

describe("insecure literals next to unknown references (test/fixtures/unknown-refs)", () => {
  let resolved: Result;
  let asPreview: Result;
  beforeAll(async () => {
    const dir = path.join(REPO_ROOT, "test", "fixtures", "unknown-refs");
    resolved = await preview("test", false, dir);
    asPreview = await preview("test", true, dir);
  }, 120_000);

  it.each([
    ["ec2-security-group-no-world-ingress", "db-world"],
    ["rds-instance-not-publicly-accessible", "public-db"],
    ["elb-listener-http-redirects-to-https", "http-forward"],
  ])("%s blocks %s as mandatory while its references are unknown", (policy, resource) => {
    expect(mandatory(asPreview)).toContain(`${policy} ${resource}`);
    expect(asPreview.exitCode).toBe(1);
  });

  it("reaches the same mandatory verdicts in both modes, with nothing undecided", () => {
    expect(mandatory(asPreview)).toEqual(mandatory(resolved));
    expect(asPreview.decidability.undecided).toBe(0);
  });
});
