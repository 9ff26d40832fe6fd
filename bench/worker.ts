/**
 * One measurement in a fresh process, so its peak memory is its own: prints one JSON line of metrics.
 *
 *   program <prod|project:DIR:STACK|growth:N> <capture.json|->
 *                                            runs the program under the mocks with the capture, writes the capture
 *                                            (`-`: does not; a further round of a program already captured)
 *   floor <capture.json> [generic]           registers the same resources (types, names, parents, inputs) bare
 *                                            under the same mocks, each through its provider SDK's class as a
 *                                            program written by hand does: no components' code, no capture;
 *                                            `generic`: through a bare CustomResource of the type instead
 *   … count                                  program or floor: also counts the promises of the measured runs
 *   … warmups=W runs=R                       program or floor: W warm-up runs (default 1), then R measured runs
 *                                            (default 1), the figures per run (their mean)
 *   analyse <capture.json> <packDir>         the policy analysis of the offline preview (runPack) on the capture
 *
 * Both program and floor load @pulumi/aws and hardened-aws before the clock starts: the figures compare the
 * work per resource, not module loading (reported apart as loadMs).
 */
import { createHook } from "async_hooks";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { awsMocks, capture, Capture, CapturedResource, loadProjectStack, PackSession, runPack } from "hardened-aws/testing";
import { skipSdkBookkeepingStacks, withBriefText } from "../testing/stacks";

const settings = require("@pulumi/pulumi/runtime/settings");
const stack = require("@pulumi/pulumi/runtime/stack");

const ROOT = path.resolve(__dirname, "..");

export interface WorkerResult {
  /** Wall milliseconds of the measured phase. */
  readonly ms: number;
  /** CPU milliseconds (user + system) this process spent in the phase: what other sessions' load disturbs least. */
  readonly cpuMs: number;
  /** For program and floor: the part of cpuMs on the main thread (the rest: V8's garbage collection and compiler threads). */
  readonly mainThreadCpuMs?: number;
  /** Peak resident set size of this process (and, for analyse, of the pack process), MB. */
  readonly peakMb: number;
  readonly packPeakMb?: number;
  /** For analyse: CPU milliseconds the pack process spent in the analysis. */
  readonly packCpuMs?: number;
  readonly resources: number;
  readonly loadMs: number;
  /** For floor: custom resources registered without their SDK's class (generic, or no class found). */
  readonly withoutClass?: number;
  /** With `count`: promises created per measured run (async_hooks; the run's times are then not comparable). */
  readonly promises?: number;
  /** For program and floor: CPU milliseconds of each warm-up run, then of each measured run. */
  readonly cpuMsEach?: readonly number[];
}

/**
 * A capture on disk: the run on the first line, then one resource per line. Every function's deployment package is
 * an input, so a capture of many services holds hundreds of MB of text, more than one JavaScript string can.
 */
export function writeCaptureFile(file: string, cap: Pick<Capture, "run" | "resources">): void {
  const fd = fs.openSync(file, "w");
  try {
    fs.writeSync(fd, `${JSON.stringify(cap.run)}\n`);
    for (const r of cap.resources) fs.writeSync(fd, `${JSON.stringify(r)}\n`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a capture line by line, keeping of each resource what `keep` returns: a 50-service capture is GBs of text,
 * and a process that held it whole would carry that heap into what it measures next.
 */
export function readCaptureFile(file: string): { run: Capture["run"]; resources: CapturedResource[] };
export function readCaptureFile<T>(file: string, keep: (r: CapturedResource) => T): { run: Capture["run"]; resources: T[] };
export function readCaptureFile(file: string, keep: (r: CapturedResource) => unknown = (r) => r): { run: Capture["run"]; resources: unknown[] } {
  let run: Capture["run"] | undefined;
  const resources: unknown[] = [];
  eachLine(file, (line) => {
    if (run === undefined) run = JSON.parse(line);
    else resources.push(keep(JSON.parse(line)));
  });
  if (run === undefined) throw new Error(`${file}: not a capture (empty)`);
  return { run, resources };
}

/** Calls `each` with every non-empty line of a file, reading it 16 MB at a time. */
function eachLine(file: string, each: (line: string) => void): void {
  const fd = fs.openSync(file, "r");
  const chunk = Buffer.alloc(16 * 2 ** 20);
  let carry: Buffer[] = [];
  const emit = (parts: Buffer[]) => {
    const line = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString("utf8");
    if (line) each(line);
  };
  try {
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) {
      const read = chunk.subarray(0, n);
      let start = 0;
      for (let end = read.indexOf(10); end >= 0; end = read.indexOf(10, start)) {
        emit([...carry, read.subarray(start, end)]);
        carry = [];
        start = end + 1;
      }
      // The rest of a line continues in the next chunk, which reuses this buffer: copy it.
      if (start < n) carry.push(Buffer.from(read.subarray(start)));
    }
    if (carry.length) emit(carry);
  } finally {
    fs.closeSync(fd);
  }
}

function preload(): number {
  const t0 = performance.now();
  require("@pulumi/aws");
  require("hardened-aws");
  return performance.now() - t0;
}

const peakMb = () => process.resourceUsage().maxRSS / 1024;
/** CPU milliseconds this process's main thread has used (Linux, 10 ms ticks): the rest is V8's helper threads. */
const mainThreadCpuMs = () => threadCpuMs(`/proc/self/task/${process.pid}/stat`);
const cpuSince = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** How a program or a floor is measured: warm-up runs, then measured runs; promises counted when `count`. */
interface Plan {
  readonly warmups: number;
  readonly runs: number;
  readonly count: boolean;
}

/** The measured runs of a program or a floor: the last run's result and the times per run, the same way for both. */
type Measured<T> = { result: T } & Pick<WorkerResult, "ms" | "cpuMs" | "mainThreadCpuMs" | "promises" | "cpuMsEach">;

/**
 * Runs `run` for the plan's warm-ups, then its measured runs on the clock (the mean per run), counting the promises
 * they create when `count` (async hooks slow every promise). The CPU time of every run is kept, warm-ups included.
 */
async function measured<T>(plan: Plan, run: () => Promise<T>): Promise<Measured<T>> {
  const cpuMsEach: number[] = [];
  const timed = async () => {
    const c0 = process.cpuUsage();
    const result = await run();
    cpuMsEach.push(cpuSince(c0));
    return result;
  };
  for (let i = 0; i < plan.warmups; i++) await timed();
  let promises = 0;
  const hook = plan.count ? createHook({ init: (_id, type) => void (type === "PROMISE" && promises++) }) : undefined;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpuMs();
  hook?.enable();
  try {
    let result = await timed();
    for (let i = 1; i < plan.runs; i++) result = await timed();
    const n = plan.runs;
    return { result, ms: (performance.now() - t0) / n, cpuMs: cpuSince(c0) / n, mainThreadCpuMs: (mainThreadCpuMs() - m0) / n, promises: hook ? promises / n : undefined, cpuMsEach };
  } finally {
    hook?.disable();
  }
}

/**
 * A program source, ready to run under the capture as often as asked. prod and growth:N are programs a process can
 * run again (infra/ exports its program as a function); project:DIR:STACK is a module-level program, run once. The
 * stack's config is read here, once: in a preview the CLI reads it, not the program.
 */
function programSource(source: string): () => Promise<Capture> {
  if (source === "prod" || source.startsWith("project:")) {
    const [dir, stackName] = source === "prod" ? [".", "prod"] : source.slice("project:".length).split(":");
    const ps = loadProjectStack(path.resolve(ROOT, dir), stackName);
    return () => capture(() => require(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys });
  }
  const services = Number(source.replace(/^growth:/, ""));
  return () => capture(() => require("./growth-program").growthProgram(services), { project: "growth", stack: "prod", config: { "aws:region": "eu-west-1" } });
}

/**
 * The measured runs come after warm-up runs of the same program in the same process (growth:N as well: the floor's
 * warm-up registers all it measures, and a smaller warm-up leaves the heap sized for less), so neither module loading,
 * nor bundling the functions, nor (with enough warm-ups) compiling is in the figure: the work per run, as the floor's
 * figure is. A module-level program (project:) runs once, unwarmed. Peak memory is read before the capture is written
 * to disk, which is the benchmark's own work.
 */
async function program(source: string, out: string, plan: Plan): Promise<WorkerResult> {
  const loadMs = preload();
  const run = programSource(source);
  const { result: cap, ...times } = await measured(source.startsWith("project:") ? { ...plan, warmups: 0, runs: 1 } : plan, run);
  const peak = peakMb();
  if (out !== "-") writeCaptureFile(out, cap);
  return { ...times, peakMb: peak, resources: cap.resources.length, loadMs };
}

class BareResource extends pulumi.CustomResource {}
class BareProvider extends pulumi.ProviderResource {}

type ResourceClass = new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/**
 * The provider SDK's own class for a type token (aws:rds/instance:Instance is aws.rds.Instance, pulumi:providers:aws
 * is aws.Provider), as a program written by hand registers the resource; undefined for a type no SDK here exports.
 */
function resourceClass(type: string): ResourceClass | undefined {
  const [pkg, module, name] = type.startsWith("pulumi:providers:") ? [type.slice("pulumi:providers:".length), "index", "Provider"] : type.split(/[:/]/).filter((_, i) => i !== 2);
  type Exports = Record<string, (ResourceClass & { __pulumiType?: string }) | undefined>;
  let sdk: Exports & Record<string, Exports | undefined>;
  try {
    sdk = require(`@pulumi/${pkg}`);
  } catch {
    return undefined;
  }
  const cls = (module === "index" ? sdk : sdk[module])?.[name];
  const token = type.startsWith("pulumi:providers:") ? pkg : type;
  return typeof cls === "function" && cls.__pulumiType === token ? cls : undefined;
}

/** What a bare registration takes of a captured resource. */
type BareRecord = Pick<CapturedResource, "urn" | "type" | "name" | "custom" | "parent" | "provider" | "inputs"> & { readonly options: Pick<CapturedResource["options"], "protect"> };

/**
 * Registers each captured resource as it was (type, name, parent, provider, protect, plain inputs) and nothing else:
 * through its SDK's class (aws.rds.Instance), or with `generic` a CustomResource of its type, which declares only the
 * inputs set where the class declares every input and output (a promise per property), as no program using the SDK
 * registers a resource.
 */
function registerBare(resources: readonly BareRecord[], generic: boolean): number {
  const byUrn = new Map<string, pulumi.Resource>();
  let withoutClass = 0;
  for (const r of resources) {
    const parent = r.parent ? byUrn.get(r.parent) : undefined;
    const provider = r.provider ? (byUrn.get(r.provider.split("::").slice(0, -1).join("::")) as pulumi.ProviderResource | undefined) : undefined;
    const opts = { parent, provider, protect: r.options.protect };
    let res: pulumi.Resource;
    const cls = r.custom && !generic ? resourceClass(r.type) : undefined;
    if (cls) res = new cls(r.name, r.inputs, r.type.startsWith("pulumi:providers:") ? { parent } : opts);
    else if (r.type.startsWith("pulumi:providers:")) res = new BareProvider(r.type.slice("pulumi:providers:".length), r.name, r.inputs, { parent });
    else if (r.custom) res = new BareResource(r.type, r.name, r.inputs, opts);
    else res = new pulumi.ComponentResource(r.type, r.name, {}, { parent });
    if (r.custom && !cls) withoutClass++;
    byUrn.set(r.urn, res);
  }
  return withoutClass;
}

/** `value` with every string of 4 KB or more replaced by the first equal one `texts` holds. */
function shareLongTexts<T>(value: T, texts: Map<string, string>): T {
  if (typeof value === "string" && value.length >= 4096) {
    const known = texts.get(value);
    if (known !== undefined) return known as T;
    texts.set(value, value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => shareLongTexts(v, texts)) as T;
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shareLongTexts(v, texts)])) as T;
  return value;
}

/** The captured resources registered bare: warm-up runs, then measured runs (as {@link program} measures). */
async function floor(file: string, generic: boolean, plan: Plan): Promise<WorkerResult> {
  const loadMs = preload();
  // Only what a bare registration needs, so the floor holds no more of the capture than it registers; each long
  // text once, as the program holds it (every function of a kind shares its bundle's text, which parsing copies).
  const texts = new Map<string, string>();
  const { run, resources } = readCaptureFile(file, (r): BareRecord => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    custom: r.custom,
    parent: r.parent,
    provider: r.provider,
    inputs: shareLongTexts(r.inputs, texts),
    options: { protect: r.options.protect },
  }));
  const bare = async () => {
    await pulumi.runtime.setMocks(awsMocks({ region: "eu-west-1" }), run.project, run.stack, false);
    pulumi.runtime.setAllConfig({ "aws:region": "eu-west-1" }, []);
    // As a capture does (testing/stacks.ts): the SDK's debug line does not format each response, and its bookkeeping
    // stacks are not taken or formatted.
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: unknown, callback: (err: unknown, resp?: object) => void) => register(req, (err: unknown, resp?: object) => callback(err, resp && withBriefText(resp)));
    const restore = skipSdkBookkeepingStacks();
    let withoutClass = 0;
    try {
      await stack.runInPulumiStack(async () => {
        withoutClass = registerBare(resources, generic);
        return {};
      });
      await settings.waitForRPCs();
    } finally {
      restore();
    }
    return withoutClass;
  };
  const { result: withoutClass, ...times } = await measured(plan, bare);
  return { ...times, peakMb: peakMb(), resources: resources.length, loadMs, withoutClass };
}

/** CPU milliseconds of a process or thread (user + system from its /proc stat file, 100 ticks per second). */
function threadCpuMs(statFile: string): number {
  const fields = fs.readFileSync(statFile, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const processCpuMs = (pid: number) => threadCpuMs(`/proc/${pid}/stat`);

/** Peak resident set of a process (Linux VmHWM), MB. */
function processPeakMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function analyse(file: string, packDir: string): Promise<WorkerResult> {
  // runPack reads the run and the resources of a capture, which is what the file holds.
  const cap = readCaptureFile(file) as unknown as Capture;
  const config = JSON.parse(fs.readFileSync(path.join(packDir, "config", "prod.json"), "utf8"));
  const session = await PackSession.start(packDir);
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const p0 = processCpuMs(session.pid);
    await runPack(cap, config, { session });
    const ms = performance.now() - t0;
    return { ms, cpuMs: cpuSince(c0), packCpuMs: processCpuMs(session.pid) - p0, peakMb: peakMb(), packPeakMb: processPeakMb(session.pid), resources: cap.resources.length, loadMs: session.startMs };
  } finally {
    session.close();
  }
}

async function main(argv: string[]): Promise<WorkerResult> {
  const [mode, a, ...rest] = argv;
  const words = mode === "program" ? rest.slice(1) : rest;
  const number = (key: string) => {
    const word = words.find((w) => w.startsWith(`${key}=`));
    const n = word === undefined ? 1 : Number(word.slice(key.length + 1));
    if (!Number.isInteger(n) || n < (key === "runs" ? 1 : 0)) throw new Error(`worker: ${word} is not a count of runs`);
    return n;
  };
  const plan: Plan = { warmups: number("warmups"), runs: number("runs"), count: words.includes("count") };
  if (mode === "program") return program(a, rest[0], plan);
  if (mode === "floor") return floor(a, words.includes("generic"), plan);
  if (mode === "analyse") return analyse(a, rest[0]);
  throw new Error(`usage: worker program <prod|growth:N> <out.json|-> [count] [warmups=W] [runs=R] | floor <capture.json> [generic] [count] [warmups=W] [runs=R] | analyse <capture.json> <packDir>`);
}

if (require.main === module || process.env.BENCH_WORKER === "1") {
  main(process.argv.slice(2)).then(
    (r) => {
      process.stdout.write(`BENCH ${JSON.stringify(r)}\n`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
