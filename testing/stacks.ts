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
