/** Captures the real program (infra/) for a stack, with the stack's config merged as the CLI does. */
import { jest } from "@jest/globals";
import * as path from "path";
import { loadProjectStack } from "../../tools/project";
import { capture, Capture } from "./capture";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface StackCaptureOptions {
  /** Extra or replaced config (full keys), e.g. { "hardened-aws:azCount": "3" }. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: string[];
  readonly preview?: boolean;
}

export async function captureStack(stack: "prod" | "staging", o: StackCaptureOptions = {}): Promise<Capture> {
  const ps = loadProjectStack(REPO_ROOT, stack);
  return capture(
    () => {
      let exports: unknown;
      jest.isolateModules(() => {
        exports = require(ps.main);
      });
      return exports;
    },
    { project: ps.project, stack, config: { ...ps.config, ...(o.config ?? {}) }, secretKeys: [...ps.secretKeys, ...(o.secretKeys ?? [])], preview: o.preview },
  );
}
