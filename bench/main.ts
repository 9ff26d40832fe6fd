/**
 * `npm run bench`: measures the pack and the offline preview side by side with their floors in one run and writes
 * bench/RESULTS.md and bench/growth.png. Sections: throughput, preview, start, growth, critical, tests
 * (`--only a,b` runs some; `--rounds N` repeats the side-by-side measurements, default 3).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalyzerResourceInput, PackSession, resolvePackConfig, toAnalyzerInput } from "hardened-aws/testing";
import { writeChart } from "./chart";
import { criticalPath } from "./critical";
import { readCaptureFile, WorkerResult } from "./worker";
import { CREATE_TIMES } from "../tools/plan";

const ROOT = path.resolve(__dirname, "..");
const BENCH = __dirname;
const AWSGUARD_PACK = path.join(BENCH, "awsguard");
const EMPTY_PACK = path.join(ROOT, "test", "fixtures", "empty-pack");
const GROWTH = [1, 5, 10, 25, 50];
/** A worker's heap limit: a 50-service capture holds every function's deployment package twice (GBs of text). */
const MAX_HEAP_MB = Math.min(16384, Math.floor((os.totalmem() / 2 ** 20) * 0.7));

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const best = (xs: readonly number[]) => Math.min(...xs);
const r2 = (n: number) => n.toFixed(2);
const r0 = (n: number) => n.toFixed(0);
const goal = (met: boolean) => (met ? "**met**" : "**not met**");
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

function loadNow(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown";
  return [
    `- CPU: ${cpu}, nproc ${os.availableParallelism()} (os.cpus ${os.cpus().length}); memory ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB (free at start ${(os.freemem() / 2 ** 30).toFixed(1)} GiB)`,
    `- Node ${process.version}, ${os.type()} ${os.release()}`,
    `- Load average (1/5/15 min) at start: ${loadNow()} on ${os.availableParallelism()} cores. The machine may be shared with other work, so every goal is a ratio of figures measured side by side (interleaved) in this run, and CPU time of the process measured is preferred to wall time where load would disturb it.`,
  ].join("\n");
}

// ---- workers ---------------------------------------------------------------------------------------------

function worker(...args: string[]): WorkerResult {
  const out = execFileSync(process.execPath, [`--max-old-space-size=${MAX_HEAP_MB}`, path.join(BENCH, "run.js"), "worker", ...args], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = out.split("\n").find((l) => l.startsWith("BENCH "));
  if (!line) throw new Error(`worker ${args.join(" ")} printed no result:\n${out}`);
  return JSON.parse(line.slice("BENCH ".length));
}

let staged: string | undefined;
/** Our pack, compiled from the current sources into a temporary directory (as the tests stage it). */
function ourPack(): string {
  if (staged) return staged;

  staged = require("../tools/build-policy.js").stagePack(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-pack-")), "pack")) as string;
  return staged;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
const captureFile = (name: string) => path.join(tmp, `${name}.json`);

/** The capture of the prod stack, made once per benchmark run (by the first section that reads it). */
function prodCapture(): string {
  const file = captureFile("prod");
  if (!fs.existsSync(file)) worker("program", "prod", file);
  return file;
}

// ---- 1. throughput ---------------------------------------------------------------------------------------

interface PackRun {
  readonly label: string;
  readonly session: PackSession;
  readonly policies: number;
  readonly resourcePolicies: number;
  readonly stackPolicies: number;
  readonly controls: number;
  readonly fsbp: number;
  readonly types: Set<string>;
  checks: number;
  readonly rates: number[];
  readonly cpuRates: number[];
}

async function openPack(label: string, dir: string): Promise<PackRun> {
  const session = await PackSession.start(dir);
  const info = await session.info();
  await session.configure(resolvePackConfig(info, { all: "mandatory" }));
  const tags = info.policies.flatMap((p) => p.tags);
  return {
    label,
    session,
    policies: info.policies.length,
    resourcePolicies: info.policies.filter((p) => p.type === "resource").length,
    stackPolicies: info.policies.filter((p) => p.type === "stack").length,
    controls: new Set(tags.filter((t) => t.startsWith("control:"))).size,
    fsbp: new Set(tags.filter((t) => t.startsWith("fsbp:"))).size,
    types: new Set(),
    checks: 0,
    rates: [],
    cpuRates: [],
  };
}

/** CPU milliseconds a process has used (user + system, /proc/<pid>/stat, 100 ticks per second). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * One pass over every resource: resources per second of wall time and per second of the pack process's CPU time
 * (the figure load on a shared machine disturbs least); counts the (policy, resource) pairs that ran.
 */
async function pass(p: PackRun, inputs: readonly AnalyzerResourceInput[]): Promise<number> {
  const t0 = performance.now();
  const c0 = cpuMs(p.session.pid);
  let checks = 0;
  for (const i of inputs) {
    const r = await p.session.analyze(i);
    checks += p.resourcePolicies - new Set(r.notApplicable.map((n) => n.policyName)).size;
    for (const n of r.notApplicable) {
      // The types a policy applies to, from its own reason (ours: "applies to a, b"; the server's: "… of type 'a'").
      const m = /^applies to (.*)$/.exec(n.reason) ?? /of type '([^']+)'/.exec(n.reason);
      if (m) m[1].split(", ").forEach((t) => p.types.add(t));
    }
  }
  p.checks = checks;
  p.cpuRates.push((inputs.length * 1000) / Math.max(cpuMs(p.session.pid) - c0, 10));
  return (inputs.length * 1000) / (performance.now() - t0);
}

/** Self time of a CPU profile grouped by what the code does in an Analyze call. */
function profileBreakdown(file: string): { category: string; ms: number; share: number }[] {
  const prof = JSON.parse(fs.readFileSync(file, "utf8"));
  const nodes = new Map<number, any>(prof.nodes.map((n: any) => [n.id, n]));
  const categories: [string, RegExp][] = [
    ["policy dispatch (server loop, not-applicable, args)", /@pulumi\/policy\/(server|policy)\.js|\/pack\/bin\/serve\.js/],
    ["property deserialisation (Struct to JS, secrets)", /google\/protobuf\/struct_pb\.js|@pulumi\/policy\/deserialize\.js/],
    ["unknown-value proxy", /@pulumi\/policy\/proxy\.js/],
    ["policies (checks and property reads)", /@pulumi\/awsguard\/|\/pack\/bin\//],
    ["gRPC and protobuf (request decode, response encode)", /@grpc\/|google-protobuf\.js|_pb\.js|node:internal\/http2|node:net|node:internal\/stream|node:events|node:buffer/],
    ["garbage collection", /^\(garbage collector\)$/],
  ];
  const totals = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id: number, i: number) => {
    const cf = nodes.get(id).callFrame;
    if (cf.functionName === "(idle)" || cf.functionName === "(program)") return;
    const key = cf.url || cf.functionName;
    const cat = categories.find(([, re]) => re.test(key))?.[0] ?? "other (runtime, promises, timers)";
    const dt = prof.timeDeltas[i] / 1000;
    totals.set(cat, (totals.get(cat) ?? 0) + dt);
    total += dt;
  });
  return [...totals].map(([category, ms]) => ({ category, ms, share: ms / total })).sort((a, b) => b.ms - a.ms);
}

async function profiled(label: string, dir: string, inputs: readonly AnalyzerResourceInput[], passes: number) {
  const file = path.join(tmp, `${label}.cpuprofile`);
  const saved = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${saved ?? ""} --require ${path.join(BENCH, "profile-hook.js")}`.trim();
  process.env.BENCH_CPU_PROFILE = file;
  let p: PackRun;
  try {
    p = await openPack(label, dir);
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
  await pass(p, inputs);
  process.kill(p.session.pid, "SIGUSR2");
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < passes; i++) await pass(p, inputs);
  p.session.close();
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  return profileBreakdown(file);
}

async function throughput(rounds: number): Promise<string> {
  log("throughput: capturing the prod stack and the hand-written fixture");
  prodCapture();
  worker("program", "project:test/fixtures/hand-written:test", captureFile("hand-written"));
  const inputs: AnalyzerResourceInput[] = [];
  for (const name of ["prod", "hand-written"]) {
    const cap = readCaptureFile(captureFile(name));
    const byUrn = new Map<string, any>(cap.resources.map((r: any) => [r.urn, r]));
    inputs.push(...cap.resources.map((r: any) => toAnalyzerInput(r, byUrn, r.wireInputs)));
  }
  const packs = [await openPack("hardened-aws", ourPack()), await openPack("@pulumi/awsguard 0.3.1", AWSGUARD_PACK), await openPack("one no-op policy (protocol floor)", EMPTY_PACK)];
  const [ours, guard, floor] = packs;
  for (const p of packs) await pass(p, inputs); // warm-up
  packs.forEach((p) => p.cpuRates.splice(0));
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    log(`throughput: round ${i + 1}/${rounds}`);
    for (const p of i % 2 ? [...packs].reverse() : packs) p.rates.push(await pass(p, inputs));
    ratios.push(ours.rates[i] / guard.rates[i]);
    cpuRatios.push(ours.cpuRates[i] / guard.cpuRates[i]);
  }
  packs.forEach((p) => p.session.close());
  log("throughput: profiling an Analyze pass of each pack");
  const oursProfile = await profiled("ours", ourPack(), inputs, 2);
  const guardProfile = await profiled("awsguard", AWSGUARD_PACK, inputs, 2);
  const ratio = median(cpuRatios);
  const wallRatio = median(ratios);
  const perRes = (p: PackRun) => 1000 / median(p.cpuRates);
  const rows = packs.map(
    (p) =>
      `| ${p.label} | ${p.policies} (${p.resourcePolicies} resource, ${p.stackPolicies} stack) | ${p === ours ? `${p.controls} requirement ids, ${p.fsbp} FSBP ids` : p === guard ? "none tagged (one rule each)" : "-"} | ${p.types.size} | ${p.checks} | ${r0(median(p.cpuRates))} (${p.cpuRates.map(r0).join(", ")}) | ${r0(median(p.rates))} (${p.rates.map(r0).join(", ")}) | ${r2(perRes(p))} | ${r2(perRes(p) - perRes(floor))} |`,
  );
  const prof = (b: ReturnType<typeof profileBreakdown>) => b.map((x) => `${x.category} ${(x.share * 100).toFixed(0)}%`).join("; ");
  return [
    `## 1. Policy throughput`,
    ``,
    `${inputs.length} resources (the prod stack's ${inputs.length - readCaptureFile(captureFile("hand-written")).resources.length} and the hand-written fixture's), each sent as one \`Analyze\` call over the analyzer protocol to a pack started as the CLI starts it, every policy mandatory (\`all\` expanded). One warm-up pass, then ${rounds} passes per pack, interleaved (round-robin, alternate order).`,
    ``,
    `| pack | policies | controls | resource types matched | (policy, resource) checks that ran per pass | resources per pack CPU second, median (each pass) | resources per wall second, median (each pass) | pack CPU ms per resource | above the floor |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...rows,
    ``,
    `**hardened-aws / awsguard = ${r2(ratio)}×** resources per second of the pack's CPU (median of the per-round ratios ${cpuRatios.map(r2).join(", ")}); ${r2(wallRatio)}× per second of wall time (${ratios.map(r2).join(", ")}), which the other sessions' load disturbs most. Goal ≥ 1.0: ${goal(ratio >= 1)}${ratio >= 1 ? "" : `: our pack runs ${r2(ours.checks / Math.max(guard.checks, 1))}× the (policy, resource) checks awsguard runs and its server asks ${ours.resourcePolicies} resource policies about every resource against awsguard's ${guard.resourcePolicies}; what remains above the floor is listed below`}.`,
    ``,
    `Where an Analyze pass spends its CPU in the pack process (self time, V8 sampling profile of two passes):`,
    ``,
    `- hardened-aws: ${prof(oursProfile)}`,
    `- awsguard: ${prof(guardProfile)}`,
    ``,
    `Removed from every Analyze call: @pulumi/policy's server asks every resource policy about every resource (${ours.resourcePolicies} here), and for each that could apply it deserialises the properties, builds the unknown-value proxy and the args and calls the policy, which throws \`notApplicable\` for most. The pack now serves through policy/serve.ts: the policies are indexed once per type token by the types each declares, only the applicable ones run (through @pulumi/policy's own Analyze handler, so levels, unknowns and findings are unchanged), and every other policy is reported not applicable with the reason the stock server gives (test/policy/dispatch.spec.ts holds the two servers' answers equal for every resource and config). What remains per resource: request decoding, response encoding (one not-applicable entry per declining policy, as the protocol reports them), one deserialisation and proxy per applicable policy, and the checks themselves.`,
  ].join("\n");
}

// ---- 2. preview overhead -------------------------------------------------------------------------------

/**
 * How section 2 measures a program or a floor in its process: two warm-up runs, then the mean of three runs. V8 is
 * still compiling the components' code in the run right after one warm-up, which the section reports apart.
 */
const PREVIEW_PLAN = ["warmups=2", "runs=3"];

async function previewOverhead(rounds: number): Promise<string> {
  const prog: WorkerResult[] = [];
  const floor: WorkerResult[] = [];
  const generic: WorkerResult[] = [];
  const analysis: WorkerResult[] = [];
  for (let i = 0; i < rounds; i++) {
    log(`preview: round ${i + 1}/${rounds}`);
    prog.push(worker("program", "prod", "-", ...PREVIEW_PLAN));
    floor.push(worker("floor", prodCapture(), ...PREVIEW_PLAN));
    generic.push(worker("floor", prodCapture(), "generic", ...PREVIEW_PLAN));
    analysis.push(worker("analyse", prodCapture(), ourPack()));
  }
  // The promises each run makes (counted in runs of their own: counting slows every promise).
  const progPromises = worker("program", "prod", "-", "count").promises ?? 0;
  const floorPromises = worker("floor", prodCapture(), "count").promises ?? 0;
  const ratios = prog.map((p, i) => p.cpuMs / floor[i].cpuMs);
  // The run after one warm-up (each process's second run), as this section measured before.
  const second = (x: WorkerResult) => x.cpuMsEach?.[1] ?? NaN;
  const secondRatios = prog.map((p, i) => second(p) / second(floor[i]));
  const secondOf = (xs: WorkerResult[]) => xs.map((x) => r0(second(x))).join(", ");
  const mainRatio = median(prog.map((p, i) => (p.mainThreadCpuMs ?? 0) / (floor[i].mainThreadCpuMs || 1)));
  const mainMs = (xs: WorkerResult[]) => xs.map((x) => r0(x.mainThreadCpuMs ?? 0)).join(", ");
  programCpuHint = best(prog.map((p) => p.cpuMs));
  const wallRatio = median(prog.map((p, i) => p.ms / floor[i].ms));
  const ratio = median(ratios);
  const mem = median(prog.map((p, i) => p.peakMb / floor[i].peakMb));
  const row = (label: string, xs: WorkerResult[], extra = "") =>
    `| ${label} | ${r0(best(xs.map((x) => x.cpuMs)))} (${xs.map((x) => r0(x.cpuMs)).join(", ")}) | ${r0(best(xs.map((x) => x.ms)))} (${xs.map((x) => r0(x.ms)).join(", ")}) | ${r0(median(xs.map((x) => x.peakMb)))}${extra} |`;
  return [
    `## 2. Preview overhead (prod stack, ${prog[0].resources} resources)`,
    ``,
    `Each phase in its own process (peak resident memory is the process's own), ${rounds} rounds interleaved. Program + capture: infra/ for the prod stack under the mocks, every registration recorded. Floor: the same resources (types, names, parents, providers, inputs as resolved values) registered bare under the same mocks, each through its provider SDK's class (\`new aws.rds.Instance(name, inputs)\`, as a program written by hand registers it; ${floor[0].withoutClass ?? 0} of ${floor[0].resources} without one) and the components as bare \`ComponentResource\`s, without the components' code and without the recording. For comparison, the same registered through a generic \`CustomResource\` of each type: it declares only the inputs set, where an SDK class declares every input and output and the SDK makes a promise for each, which no program using the provider SDKs does. Each process loads @pulumi/aws and hardened-aws (${r0(median(prog.map((p) => p.loadMs)))} ms; the program's process also reads the stack's config, which in a preview the CLI does), makes two warm-up runs of its own kind, then three runs on the clock, and each figure is the mean of those three (infra/ exports its program as a function, so a process can run it again): module loading and compiling are in neither figure, both are the work of one run. Analysis: runPack over the capture with policy/config/prod.json, after the pack served (start: section 3).`,
    ``,
    `| phase | CPU ms of the process, best (each round) | wall ms, best (each round) | peak MB, median |`,
    `| --- | --- | --- | --- |`,
    row("program + capture", prog),
    row("floor: bare registrations (provider SDK classes)", floor),
    row("for comparison: generic CustomResource registrations", generic),
    row("policy analysis (Analyze per resource + AnalyzeStack): client", analysis, ` client, ${r0(median(analysis.map((a) => a.packPeakMb ?? 0)))} pack process`),
    `| policy analysis: pack process CPU ms, best (each round) | ${r0(best(analysis.map((a) => a.packCpuMs ?? 0)))} (${analysis.map((a) => r0(a.packCpuMs ?? 0)).join(", ")}) | | |`,
    ``,
    `Removed from both (testing/stacks.ts, which a capture and the floor use alike): the SDK takes a stack trace for every promise it tracks (read only to describe a leak) and for every registration, and ts-node (through which \`pulumi up\` and the offline preview run TypeScript) formatted each through source maps, about half of both figures when first measured; the promises' stacks are no longer taken (a third of what remained) and the registrations' are left unformatted. The SDK's debug line for each registration formatted the whole response although with no engine attached it is dropped (an eighth): it no longer does. Removed from the program: bundling the rotation and redeploy functions with esbuild at each run (about 1.2 s of wall time; \`npm run build\` bundles them into dist/functions and a program uses those bundles while every input file is unchanged), reading the git commit for the image tag at each run (once per process), and decoding each request's properties twice in the capture (it decodes them once and the mock monitor reads that decoding), the response's state again (read from the mock monitor's record), and the plain forms of every input and output (made when a test first reads them; the preview sends the wire forms).`,
    ``,
    `**program + capture / floor = ${r2(ratio)}×** CPU time (per-round ratios ${ratios.map(r2).join(", ")}; wall time ${r2(wallRatio)}×), ${r2(mem)}× peak memory. Goal ≤ 1.3×: ${goal(ratio <= 1.3)}. Of the process's CPU time, on its main thread (the rest is V8's helper threads: garbage collection, compiling): program + capture ${mainMs(prog)} ms, floor ${mainMs(floor)} ms, ratio ${r2(mainRatio)}× (median; 10 ms ticks). Promises made per run: program + capture ${progPromises}, floor ${floorPromises} (${r2(progPromises / floorPromises)}×). What remains above the floor is the components' work, which the floor by construction leaves out: the Output chains (\`apply\`, \`all\`, \`interpolate\`) that compose IAM and key policies, ARNs, alarms and container definitions from other resources' outputs, the SDK's serialisation of those Output inputs (awaiting each and collecting its dependencies: the extra promises above), argument validation and the capture's recording, with the garbage collection all of these add. A bare registration carries values already resolved.`,
    ``,
    `The run right after one warm-up (each process's second run, which this section measured until it took the mean of three after two warm-ups) is still compiling the components' code: program + capture ${secondOf(prog)} ms there, floor ${secondOf(floor)} ms, per-round ratios ${secondRatios.map(r2).join(", ")} (median ${r2(median(secondRatios))}×). V8 compiles a function for speed only after it has run a while, and the program runs far more code of its own than a bare registration does.`,
  ].join("\n");
}

// ---- 3. pack start ----------------------------------------------------------------------------------------

async function packStart(): Promise<string> {
  const dirs: [string, string][] = [
    ["hardened-aws (compiled, all policies)", ourPack()],
    ["one no-op policy (test/fixtures/empty-pack)", EMPTY_PACK],
    ["@pulumi/awsguard 0.3.1", AWSGUARD_PACK],
  ];
  const times = new Map<string, number[]>(dirs.map(([l]) => [l, []]));
  for (let i = 0; i < 5; i++) {
    log(`start: round ${i + 1}/5`);
    for (const [label, dir] of i % 2 ? [...dirs].reverse() : dirs) {
      const s = await PackSession.start(dir);
      times.get(label)!.push(s.startMs);
      s.close();
    }
  }
  const b = (l: string) => best(times.get(l)!);
  const ratio = b(dirs[0][0]) / b(dirs[1][0]);
  return [
    `## 3. Pack start`,
    ``,
    `Milliseconds from spawning \`node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack>\` (as the CLI does) until the pack prints its port; five starts each, interleaved.`,
    ``,
    `| pack | best | each start |`,
    `| --- | --- | --- |`,
    ...dirs.map(([l]) => `| ${l} | ${b(l)} | ${times.get(l)!.join(", ")} |`),
    ``,
    `**hardened-aws / one-policy pack = ${r2(ratio)}×** (best of five each). Goal ≤ 1.2×: ${goal(ratio <= 1.2)}. awsguard / one-policy pack = ${r2(b(dirs[2][0]) / b(dirs[1][0]))}× (it loads @pulumi/aws 4).`,
  ].join("\n");
}

// ---- 4. growth --------------------------------------------------------------------------------------------

interface GrowthPoint {
  readonly services: number;
  readonly resources: number;
  /** The round of least CPU time of each, and every round. */
  readonly program: WorkerResult;
  readonly floor: WorkerResult;
  readonly programs: readonly WorkerResult[];
  readonly floors: readonly WorkerResult[];
  /** The round whose pack process spent the least CPU time, and every round. */
  readonly analysis: WorkerResult;
  readonly analyses: readonly WorkerResult[];
}

/** Least-squares slope and intercept of y on x, and R². */
function fit(points: readonly (readonly [number, number])[]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const ssr = points.reduce((s, [x, y]) => s + (y - (intercept + slope * x)) ** 2, 0);
  const sst = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  return { slope, intercept, r2: 1 - ssr / sst };
}

/** The round of least CPU time (the run least disturbed by other work on the machine), of the process or as `cpu` reads it. */
const leastCpu = (xs: readonly WorkerResult[], cpu = (x: WorkerResult) => x.cpuMs) => xs.reduce((a, b) => (cpu(b) < cpu(a) ? b : a));

async function growth(rounds: number): Promise<string> {
  const points: GrowthPoint[] = [];
  for (const n of GROWTH) {
    const file = captureFile(`growth-${n}`);
    const programs: WorkerResult[] = [];
    const floors: WorkerResult[] = [];
    const analyses: WorkerResult[] = [];
    for (let i = 0; i < rounds; i++) {
      log(`growth: ${n} service(s), round ${i + 1}/${rounds}`);
      // The first round writes the capture the floor and the analysis read; later rounds run the same program.
      programs.push(worker("program", `growth:${n}`, i === 0 ? file : "-"));
      floors.push(worker("floor", file));
      analyses.push(worker("analyse", file, ourPack()));
    }
    const analysis = leastCpu(analyses, (a) => a.packCpuMs ?? 0);
    points.push({ services: n, resources: programs[0].resources, program: leastCpu(programs), floor: leastCpu(floors), programs, floors, analysis, analyses });
    fs.rmSync(file);
  }
  const series = (f: (p: GrowthPoint) => number) => points.map((p) => [p.resources, f(p)] as const);
  const prog = fit(series((p) => p.program.cpuMs));
  const floor = fit(series((p) => p.floor.cpuMs));
  const analysis = fit(series((p) => p.analysis.packCpuMs ?? 0));
  const progMem = fit(series((p) => p.program.peakMb));
  const floorMem = fit(series((p) => p.floor.peakMb));
  const ratio = prog.slope / floor.slope;
  const mainRatio = fit(series((p) => p.program.mainThreadCpuMs ?? 0)).slope / fit(series((p) => p.floor.mainThreadCpuMs ?? 0)).slope;
  const linear = prog.r2 >= 0.98 && analysis.r2 >= 0.98;
  writeChart(path.join(BENCH, "growth.png"), [
    {
      title: "CPU TIME (S)",
      xLabel: "RESOURCES",
      yLabel: "CPU SECONDS",
      series: [
        { name: "PROGRAM + CAPTURE", color: [31, 119, 180], points: series((p) => p.program.cpuMs / 1000) },
        { name: "FLOOR: BARE REGISTRATIONS", color: [140, 140, 140], points: series((p) => p.floor.cpuMs / 1000) },
        { name: "POLICY ANALYSIS (PACK)", color: [214, 39, 40], points: series((p) => (p.analysis.packCpuMs ?? 0) / 1000) },
      ],
    },
    {
      title: "PEAK MEMORY (MB)",
      xLabel: "RESOURCES",
      yLabel: "MB",
      series: [
        { name: "PROGRAM + CAPTURE", color: [31, 119, 180], points: series((p) => p.program.peakMb) },
        { name: "FLOOR: BARE REGISTRATIONS", color: [140, 140, 140], points: series((p) => p.floor.peakMb) },
        { name: "PACK PROCESS", color: [214, 39, 40], points: series((p) => p.analysis.packPeakMb ?? 0) },
      ],
    },
  ]);
  return [
    `## 4. Growth`,
    ``,
    `bench/growth-program.ts: the prod stack's shared tier (log classes, alert topic, backup plan, network, one load balancer and web ACL) and N services, each a HardenedService with its own SecureDatabase, SecureCache and SecretSet, composed as infra/index.ts composes its service. One process per phase and size, each after a warm-up run of the same size (as in section 2); program and floor ${rounds} rounds interleaved per size, the analysis after them in each round; each figure the round of least CPU time (every round's CPU ms in brackets; for the analysis, of the pack process). Removed from the program's growth: each service's ECS service depended on the whole load balancer component, which the SDK expands to all its children (every other service's target group, rules and alarms), so the dependencies grew with the square of the services (55 for each of ten services); a service now depends on the rule that attaches its own target group (\`lb.targetAttachments\`), which is also all a first \`pulumi up\` needs to wait for.`,
    ``,
    `![growth](growth.png)`,
    ``,
    `| services | resources | program + capture CPU ms, best (each round) | wall ms | floor CPU ms, best (each round) | wall ms | ratio (CPU) | main thread CPU ms: program, floor | analysis: pack CPU ms, best (each round) | program peak MB | floor peak MB | pack peak MB |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`,
    ...points.map(
      (p) =>
        `| ${p.services} | ${p.resources} | ${r0(p.program.cpuMs)} (${p.programs.map((x) => r0(x.cpuMs)).join(", ")}) | ${r0(p.program.ms)} | ${r0(p.floor.cpuMs)} (${p.floors.map((x) => r0(x.cpuMs)).join(", ")}) | ${r0(p.floor.ms)} | ${r2(p.program.cpuMs / p.floor.cpuMs)} | ${p.program.mainThreadCpuMs ?? 0}, ${p.floor.mainThreadCpuMs ?? 0} | ${r0(p.analysis.packCpuMs ?? 0)} (${p.analyses.map((x) => r0(x.packCpuMs ?? 0)).join(", ")}) | ${r0(p.program.peakMb)} | ${r0(p.floor.peakMb)} | ${r0(p.analysis.packPeakMb ?? 0)} |`,
    ),
    ``,
    `Least-squares slopes of CPU time per resource: program + capture ${r2(prog.slope)} ms (R² ${prog.r2.toFixed(3)}), floor ${r2(floor.slope)} ms (R² ${floor.r2.toFixed(3)}), analysis (pack process) ${r2(analysis.slope)} ms (R² ${analysis.r2.toFixed(3)}); memory ${r2(progMem.slope * 1000)} KB per resource against the floor's ${r2(floorMem.slope * 1000)} KB.`,
    ``,
    `**Slope program + capture / floor = ${r2(ratio)}×.** Goal: linear (${linear ? "yes" : "no"}: R² ≥ 0.98 for both program and analysis) and ≤ 1.2× the floor's slope: ${goal(linear && ratio <= 1.2)}.${ratio <= 1.2 ? "" : ` On the main thread alone the slopes' ratio is ${r2(mainRatio)}×: the rest of the excess is on V8's helper threads (garbage collection, compiling), which grow with the live heap; the program's holds the capture (every request's wire inputs and state) and every Output the components compose, the floor's only the registrations.`}`,
  ].join("\n");
}

// ---- 5. critical path --------------------------------------------------------------------------------------

function critical(): string {
  const cap = readCaptureFile(prodCapture());
  const c = criticalPath(cap.resources);
  const ratio = c.totalMinutes / c.inherentMinutes;
  const onPath = new Set(c.longestPath.map((st) => st.name));
  const path = (steps: typeof c.longestPath) => steps.map((s) => `${s.name} (${s.type.split(":")[1]}${s.slow ? `, ${s.minutes} min` : ""})`).join(" → ");
  return [
    `## 5. Deploy critical path (prod stack, first \`pulumi up\`)`,
    ``,
    `tools/plan.ts orders the captured graph (explicit dependsOn, every input taken from another resource, custom parents; a component stands for everything under it) and adds typical create times; every other type counts 0.1 min. The inherent chain is the same graph keeping only waits that are needed: inputs, custom parents, and the explicit orders AWS needs (policy/ordering.ts's rules, S3's one-change-at-a-time per bucket, ELB access logs after the bucket policy; bench/critical.ts lists them).`,
    ``,
    `| type | typical minutes | provider create timeout | source |`,
    `| --- | --- | --- | --- |`,
    ...Object.entries(CREATE_TIMES).map(([t, ct]) => `| ${t} | ${ct.typicalMinutes} | ${ct.timeoutMinutes ?? "-"} | ${ct.source} |`),
    ``,
    `- Longest path: ${r2(c.totalMinutes)} min: ${path(c.longestPath)}`,
    `- Inherent chain: ${r2(c.inherentMinutes)} min: ${path(c.inherentPath)}`,
    ``,
    `**longest path / inherent chain = ${r2(ratio)}×.** Goal ≤ 1.1×: ${goal(ratio <= 1.1)}.`,
    ``,
    c.unneeded.length
      ? `Explicit waits no input or AWS ordering needs that still delay a resource (minutes it starts later than it could); ${c.unneeded.some((d) => onPath.has(d.resource) && onPath.has(d.waitsFor)) ? "**some are on the longest path**" : "none is on the longest path"}:`
      : `No explicit wait delays a resource beyond what its inputs and AWS's orderings need.`,
    ``,
    ...c.unneeded.map((d) => `- ${d.resource} (${d.type}) waits for ${d.waitsFor} (${d.waitsForType}): ${d.minutes} min`),
    ``,
    `Removed: the ElastiCache CPU, engine CPU, memory and eviction alarms waited (dependsOn) for the replication group, about 15 minutes; CloudWatch accepts an alarm on a cluster id that does not exist yet and the alarms name the member clusters by their known ids, so SecureCache no longer makes them wait (test: "creates CPU, engine CPU, memory and eviction alarms per node when given a topic").`,
  ].join("\n");
}

// ---- 6. test suite -----------------------------------------------------------------------------------------

let programCpuHint = 4000;

/** One step of `npm test`, run alone: its wall time and, for jest, its JSON report. */
function step(label: string, command: string, args: string[], report?: string): { label: string; ms: number; ok: boolean; result?: any } {
  log(`tests: ${label}`);
  const t0 = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"], env: process.env, maxBuffer: 256 * 2 ** 20 });
  const ms = performance.now() - t0;
  const result = report && fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, "utf8")) : undefined;
  return { label, ms, ok: r.status === 0, result };
}

function testSuite(): string {
  const jest = (label: string, projects: string) => {
    const report = path.join(tmp, `jest-${projects.replace(/,/g, "-")}.json`);
    return step(label, "npx", ["jest", "--selectProjects", ...projects.split(","), "--json", `--outputFile=${report}`], report);
  };
  const steps = [
    step("type-check (npm run typecheck)", "npm", ["run", "typecheck"]),
    step("lint (npm run lint: eslint, prettier --check)", "npm", ["run", "lint"]),
    jest("jest unit (no server, no pack process)", "unit"),
    jest("jest pack, examples and package (start packs and processes)", "pack,examples,package"),
    jest("jest integration (PostgreSQL and Redis servers)", "integration"),
    step("mocha (policies, pack over the analyzer protocol)", "npx", ["mocha"]),
  ];
  const unit = steps[2];
  const tests: { name: string; ms: number }[] = (unit.result?.testResults ?? []).flatMap((f: any) =>
    f.assertionResults.map((a: any) => ({ name: `${path.relative(ROOT, f.name)}: ${a.fullName}`, ms: a.duration ?? 0 })),
  );
  const files = (unit.result?.testResults ?? []).map((f: any) => ({ name: path.relative(ROOT, f.name), ms: f.endTime - f.startTime })).sort((a: any, b: any) => b.ms - a.ms);
  const slow = tests.sort((a, b) => b.ms - a.ms).slice(0, 10);
  const count = (s: (typeof steps)[number]) =>
    s.result ? `${s.result.numPassedTests} passed, ${s.result.numFailedTests} failed, ${s.result.numTotalTestSuites} files` : s.ok ? "passed" : "**failed**";
  const total = steps.reduce((t, s) => t + s.ms, 0);
  return [
    `## 6. Test suite`,
    ``,
    `\`npm test\` runs these steps one after another; each was run alone here, in the same order (jest.config.js: files of a project spread over every core; the process suites mostly wait on their packs and servers, so they share a run). Unit: component, program and function tests that start no server and no pack process.`,
    ``,
    `| step | wall s | result |`,
    `| --- | --- | --- |`,
    ...steps.map((s) => `| ${s.label} | ${r0(s.ms / 1000)} | ${count(s)} |`),
    `| total | ${r0(total / 1000)} | |`,
    ``,
    `**jest unit project: ${r0(unit.ms / 1000)} s** wall on ${os.availableParallelism()} cores (load at the end ${loadNow()}). Goal < 60 s: ${goal(unit.ms < 60000)}.`,
    ``,
    `Slowest unit files: ${files
      .slice(0, 5)
      .map((f: any) => `${f.name} ${r0(f.ms / 1000)} s`)
      .join("; ")}.`,
    ``,
    `Slowest ten unit tests:`,
    ``,
    ...slow.map((t) => `- ${r0(t.ms)} ms: ${t.name}`),
    ``,
    `The slowest unit tests each run the whole program under the mocks for another config or stack (about ${r0(programCpuHint / 1000)} CPU seconds a run, section 2). Removed: jest's source-mapped formatting of the SDK's bookkeeping stacks (test/support/environment.ts), loading every module again for each program run (infra/ exports its program as a function: a test file loads it once), bundling the functions in every test file (built once by \`npm run build\`, cached per worker), jest's stack depth of 100 for the SDK's stack per promise (Node's 10), and loading typescript and @npmcli/arborist in every test file (@pulumi/pulumi loads them at import for closure serialisation, which no component uses; test/support/deferred loads them when first used: about 0.7 s of each file's start).`,
  ].join("\n");
}

// ---- main -----------------------------------------------------------------------------------------------

export async function main(argv: string[]): Promise<number> {
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1].split(",") : ["throughput", "preview", "start", "growth", "critical", "tests"];
  const rounds = argv.includes("--rounds") ? Number(argv[argv.indexOf("--rounds") + 1]) : 3;
  const started = new Date();
  const header = machine();
  const sections: string[] = [];
  const run = async (name: string, f: () => Promise<string> | string) => {
    if (only.includes(name)) sections.push(await f());
  };
  // Each throughput pass takes about a second: three per round for a steadier median.
  await run("throughput", () => throughput(rounds * 3));
  await run("preview", () => previewOverhead(rounds + 2));
  await run("start", packStart);
  await run("growth", () => growth(rounds));
  await run("critical", critical);
  await run("tests", testSuite);
  const text = [
    `# Benchmarks`,
    ``,
    `Written by \`npm run bench\` (bench/main.ts) on ${started.toISOString()}, in ${r0((Date.now() - started.getTime()) / 1000)} s. Every goal is a ratio of two figures measured side by side in this run.`,
    ``,
    header,
    `- Load average at the end: ${loadNow()}.`,
    ``,
    sections.join("\n\n"),
    ``,
  ].join("\n");
  fs.writeFileSync(path.join(BENCH, "RESULTS.md"), text);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (staged) fs.rmSync(path.dirname(staged), { recursive: true, force: true });
  log(`wrote bench/RESULTS.md${only.includes("growth") ? " and bench/growth.png" : ""}`);
  return 0;
}
