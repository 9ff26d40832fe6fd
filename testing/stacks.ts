/**
 * The SDK records a stack trace for every promise it tracks (read only to report leaked promises) and for every
 * registration (the resource's source position, which the mock monitor discards). Where stacks are formatted
 * through source maps (jest, ts-node) formatting those two was about 40% of a program's run under the mocks.
 * {@link withoutSdkBookkeeping} leaves exactly those two empty; every other stack is formatted as before.
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

/**
 * Wraps the formatter this realm has set (ts-node's, source-map-support's) with {@link withoutSdkBookkeeping} until
 * the returned function is called; nested and overlapping calls restore it once, after the last. Does nothing where
 * no formatter is set (V8's own formatting is cheap).
 */
export function skipSdkBookkeepingStacks(): () => void {
  if (depth++ === 0 && Error.prepareStackTrace) {
    // V8 calls the formatter unbound; it is kept and called the same way.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    formatter = Error.prepareStackTrace;
    Error.prepareStackTrace = withoutSdkBookkeeping(formatter);
  }
  return () => {
    if (--depth === 0 && formatter) {
      Error.prepareStackTrace = formatter;
      formatter = undefined;
    }
  };
}
