/**
 * The five seed applications (examples/<app>), each its own Pulumi project built from the package by name:
 * every stack previews offline with the pack and its stack's pack config with 0 mandatory violations, and every
 * infrastructure row of the hardening requirements that names the application is met in its prod stack with the
 * guide's figure, or listed in the example's README as not met with the reason.
 */
import { beforeAll, describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import { Capture, runPreview, toDot } from "hardened-aws/testing";
import { checkAwsModels } from "../../tools/aws-models/check";
import { packDir } from "../support/pack";
import { REPO_ROOT, requireIsolated } from "../support/program";
import { APPS } from "./figures";
import { REQUIREMENTS_FILE, requirementRows, ROW_CHECKS, rowsNotMet, Stacks } from "./requirements";

const rows = requirementRows(REQUIREMENTS_FILE);

describe.each(Object.keys(APPS))("examples/%s", (dir) => {
  const figures = APPS[dir];
  const projectDir = path.join(REPO_ROOT, "examples", dir);
  const readme = path.join(projectDir, "README.md");
  const captures: Record<string, Capture> = {};
  const mandatory: Record<string, string[]> = {};
  const exitCodes: Record<string, number> = {};
  let stacks: Stacks;

  beforeAll(async () => {
    for (const stack of ["staging", "prod"]) {
      const r = await runPreview({ stack, projectDir, packDir: packDir(), loadProgram: requireIsolated });
      captures[stack] = r.capture;
      exitCodes[stack] = r.exitCode;
      mandatory[stack] = r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName} ${v.urn.split("::").pop()}: ${v.message}`);
    }
    stacks = { prod: captures.prod, staging: captures.staging, prodMandatoryViolations: mandatory.prod.length };
  }, 300_000);

  it("is its own Pulumi project that imports the package by name, never by a path into the repository", () => {
    const source = fs.readFileSync(path.join(projectDir, "index.ts"), "utf8");
    expect(source).toMatch(/from "hardened-aws"/);
    expect(source).not.toMatch(/from "(\.\.\/)+(components|policy|testing)/);
    const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toContain("hardened-aws");
    for (const stack of ["staging", "prod"]) expect(fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`))).toBe(true);
  });

  it.each(["staging", "prod"])("previews %s offline with the pack and its pack config: 0 mandatory violations", (stack) => {
    expect(mandatory[stack]).toEqual([]);
    expect(exitCodes[stack]).toBe(0);
    expect(captures[stack].resources.length).toBeGreaterThan(100);
  });

  it("sends AWS nothing its API would refuse (names, descriptions, tags against the botocore models)", () => {
    for (const stack of ["staging", "prod"]) expect(checkAwsModels(captures[stack].resources).map((f) => f.message)).toEqual([]);
  });

  it("has a current picture of its prod stack (npm run graphs writes prod-stack.dot)", () => {
    const project = captures.prod.run.project;
    expect(fs.readFileSync(path.join(projectDir, "prod-stack.dot"), "utf8")).toBe(toDot(captures.prod, `${project}/prod`));
  });

  it("raises every alarm its guide names, at the guide's figure, to the alert topic", () => {
    const alarms = captures.prod.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    const missing = Object.entries(figures.alarms ?? {})
      .filter(
        ([metric, fig]) => !alarms.some((a) => a.inputs.metricName === metric && a.inputs.threshold === fig.threshold && a.inputs.period === fig.period && (a.inputs.alarmActions ?? []).length > 0),
      )
      .map(([metric, fig]) => `${metric} at ${fig.threshold} per ${fig.period} s`);
    expect(missing).toEqual([]);
  });

  const mine = rows.filter((r) => r.apps.includes(figures.app));
  it.each(mine.map((r) => [r.id, r.control.replace(/`/g, "").slice(0, 60)]))("meets %s (%s) with the guide's figure, or says why not", (id) => {
    const notMet = rowsNotMet(readme);
    if (notMet.has(id)) {
      expect(notMet.get(id)!.length).toBeGreaterThan(20);
      return;
    }
    const check = ROW_CHECKS[id];
    expect(check).toBeDefined();
    expect(check(stacks, figures)).toEqual([]);
  });

  it("lists as not met only rows that name the application and that its prod stack does not meet", () => {
    const notMet = [...rowsNotMet(readme).keys()];
    const ids = mine.map((r) => r.id);
    expect(notMet.filter((id) => !ids.includes(id))).toEqual([]);
    const metAnyway = notMet.filter((id) => ROW_CHECKS[id] && ROW_CHECKS[id](stacks, figures).length === 0);
    expect(metAnyway).toEqual([]);
  });
});
