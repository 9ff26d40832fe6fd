/**
 * Caches kept on the global object under a registered symbol, by name: a module loaded again in the same process (a
 * test runner's isolated module registry) finds what an earlier copy computed. A test environment may put one Map
 * per worker under each key (test/support/environment.ts), so the caches outlive its per-file globals.
 */
export const PROCESS_CACHES = {
  /** Function bundles by kind (components/shared/bundle.ts): the output depends only on the sources. */
  functionSources: Symbol.for("hardened-aws.functionSources"),
  /** The mocks' generated key material by shape (testing/mocks.ts): an RSA key takes a few hundred milliseconds. */
  mockKeys: Symbol.for("hardened-aws.mockKeys"),
} as const;

/** The process's cache `name`, made on first use. */
export function processCache<V>(name: keyof typeof PROCESS_CACHES): Map<string, V> {
  const global = globalThis as Record<symbol, unknown>;
  return (global[PROCESS_CACHES[name]] ??= new Map<string, V>()) as Map<string, V>;
}
