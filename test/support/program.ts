/** Captures the real program (infra/) for a stack, with the stack's config merged as the CLI does. */
import { jest } from "@jest/globals";
import * as path from "path";
import { loadProjectStack } from "hardened-aws/testing";
import { capture, Capture } from "./capture";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface StackCaptureOptions {
  /** Extra or replaced config (full keys), e.g. { "hardened-aws:azCount": "3" }. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  readonly preview?: boolean;
}

const captures = new Map<string, Promise<Capture>>();

/**
 * Captures are read-only records, so one run per stack and options serves every test of a file (a whole-program
 * run takes seconds; jest gives each file its own module registry, so files never share one).
 */
export function captureStack(stack: "prod" | "staging", o: StackCaptureOptions = {}): Promise<Capture> {
  const key = JSON.stringify([stack, o.config ?? {}, o.secretKeys ?? [], !!o.preview]);
  if (!captures.has(key)) captures.set(key, runStack(stack, o));
  return captures.get(key)!;
}

function runStack(stack: "prod" | "staging", o: StackCaptureOptions): Promise<Capture> {
  return captureProject(REPO_ROOT, stack, o);
}

const programFunctions = new Map<string, unknown>();

/**
 * A program's main module, for a capture to run: a module exporting the program as a function (infra/) is loaded
 * once and its function returned, which the capture calls each run; any other module is required again in its own
 * module registry, so its body registers its resources again (loading every module again, the slower way).
 */
export function requireIsolated(main: string): unknown {
  if (programFunctions.has(main)) return programFunctions.get(main);
  let exports: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(main);
  });
  if (typeof exports === "function") programFunctions.set(main, exports);
  return exports;
}

/** Captures any Pulumi project (the program or a fixture) for a stack, with the stack's config merged as the CLI does. */
export function captureProject(projectDir: string, stack: string, o: StackCaptureOptions = {}): Promise<Capture> {
  const ps = loadProjectStack(projectDir, stack);
  return capture(() => requireIsolated(ps.main), {
    project: ps.project,
    stack: ps.stack,
    config: { ...ps.config, ...(o.config ?? {}) },
    secretKeys: [...ps.secretKeys, ...(o.secretKeys ?? [])],
    preview: o.preview,
  });
}
