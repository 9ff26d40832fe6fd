/**
 * The jest environment of every project: Node's, with two things a worker keeps across its test files.
 * - jest's source-mapped stack formatter (installed in the worker's own realm before setup, so a program's errors
 *   point at the TypeScript) wrapped to leave the SDK's bookkeeping stacks empty (testing/stacks.ts): formatting
 *   those through source maps was about 40% of a program run under the mocks;
 * - one cache of the functions' bundles (components/shared/bundle.ts keeps it on the global object), so esbuild
 *   bundles each function once per worker, not once per test file, and one of the mocks' key material
 *   (testing/mocks.ts), so each key shape is generated once per worker.
 */
import { TestEnvironment } from "jest-environment-node";
import { PROCESS_CACHES } from "../../components/shared/process-cache";
import { withoutSdkBookkeeping } from "../../testing/stacks";

/** The process caches (components/shared/process-cache.ts), each one Map per worker. */
const WORKER_CACHES = Object.values(PROCESS_CACHES).map((key) => [key, new Map()] as const);

export default class HardenedAwsEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    // V8 calls the formatter unbound; it is kept and called the same way.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const formatter = Error.prepareStackTrace;
    if (formatter) Error.prepareStackTrace = withoutSdkBookkeeping(formatter);
    for (const [key, cache] of WORKER_CACHES) (this.global as Record<symbol, unknown>)[key] = cache;
    // Node's own depth (jest raises it to 100): the SDK takes a stack for every promise it tracks.
    (this.global as { Error: ErrorConstructor }).Error.stackTraceLimit = 10;
  }
}
