/**
 * The SDK records a stack trace for every promise it tracks (read only to describe leaked promises) and for every
 * registration (the resource's source position, which the mock monitor discards). Where stacks are formatted
 * through source maps (jest, ts-node) formatting those two was about 40% of a program's run under the mocks, and
 * taking the promises' stacks a third of what remained. {@link skipSdkBookkeepingStacks} takes no stack for a tracked
 * promise and {@link withoutSdkBookkeeping} leaves the registrations' empty; every other stack is taken and
 * formatted as before.
 */

/** The frames that take the SDK's two stack captures: [file, function]. */
const SDK_BOOKKEEPING: readonly (readonly [RegExp, string])[] = [
  [/[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/, "debuggablePromise"],
  [/[\\/]@pulumi[\\/]pulumi[\\/]resource\.js$/, "callsites"],
];

type Formatter = (err: Error, callsites: NodeJS.CallSite[]) => unknown;

/** Whether a stack is one of the SDK's bookkeeping captures (its top frame is the function that takes it). */
export function isSdkBookkeepingStack(callsites: readonly NodeJS.CallSite[]): boolean {
  const top = callsites[0];
  if (!top) return false;
  const fn = top.getFunctionName();
  return SDK_BOOKKEEPING.some(([file, name]) => fn === name && file.test(top.getFileName() ?? ""));
}

/** `formatter` for every stack but the SDK's bookkeeping ones, which it leaves empty. */
export function withoutSdkBookkeeping(formatter: Formatter): Formatter {
  return (err, callsites) => (isSdkBookkeepingStack(callsites) ? "" : formatter(err, callsites));
}

let depth = 0;
let formatter: Formatter | undefined;
let untrack: (() => void) | undefined;

/** The SDK's promise tracker: its callers read `debuggablePromise` from the module at each call. */
interface PromiseTracker {
  debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}

/**
 * Until the returned function is called: the SDK's promise tracker takes no stack (it keeps every promise it tracks,
 * whose stack it reads only to describe a leak, about a third of a program's run under the mocks), and the
 * formatter this realm has set (ts-node's, source-map-support's) is wrapped with {@link withoutSdkBookkeeping}, for
 * the registrations' stacks. Nested and overlapping calls restore both once, after the last. Every other stack is
 * taken and formatted as before.
 */
export function skipSdkBookkeepingStacks(): () => void {
  if (depth++ === 0) {
    if (Error.prepareStackTrace) {
      // V8 calls the formatter unbound; it is kept and called the same way.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      formatter = Error.prepareStackTrace;
      Error.prepareStackTrace = withoutSdkBookkeeping(formatter);
    }
    // Internal to the SDK (not in its d.ts); required here, as the jest environment loads this module without it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tracker: PromiseTracker = require("@pulumi/pulumi/runtime/debuggable");
    const track = tracker.debuggablePromise;
    tracker.debuggablePromise = (p, ctx) => {
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      try {
        return track(p, ctx);
      } finally {
        Error.stackTraceLimit = limit;
      }
    };
    untrack = () => (tracker.debuggablePromise = track);
  }
  return () => {
    if (--depth === 0) {
      if (formatter) Error.prepareStackTrace = formatter;
      formatter = undefined;
      untrack?.();
      untrack = undefined;
    }
  };
}

let sdkSettings: { excessiveDebugOutput: boolean } | undefined;

/**
 * The SDK writes a debug line for every registration (`RegisterResource RPC finished: …, resp: ${response}`), which
 * formats the whole protobuf response, every output value, although with no engine attached (the mocks) the line is
 * dropped unless excessive debug output is on: about an eighth of a program's run under the mocks. The response
 * returned formats as a short placeholder in that line; everything else reads it as before.
 */
export function withBriefText<T extends object>(response: T): T {
  // Loaded when first called: the SDK's runtime settings are not in its public d.ts, and the jest environment loads
  // this module where the SDK is not loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdkSettings ??= require("@pulumi/pulumi/runtime/settings") as { excessiveDebugOutput: boolean };
  if (!sdkSettings.excessiveDebugOutput) Object.defineProperty(response, "toString", { value: briefText, configurable: true });
  return response;
}

function briefText(): string {
  return "(response not formatted)";
}
