/**
 * Drives rotations the way Secrets Manager does, with the faults the rotation tests inject: a crash after one of the
 * four steps then a re-run of the same token (Secrets Manager's retry), or a crash then a new rotation with a new
 * token over the pending one (a RotateSecret while the previous rotation is unfinished). `tick` runs after every
 * step, so the application checks see every intermediate state.
 */
import { expect } from "@jest/globals";
import { randomUUID } from "crypto";
import { RotationEvent, RotationStep, STEPS } from "../../functions/shared/rotation";
import { FakeSecretsManager, InjectedFault } from "./fake-secrets-manager";

export interface RotationStats {
  rotations: number;
  faults: number;
  reruns: number;
  /** Failures the application saw (authentication, decryption, verification). */
  failures: number;
  ms: number[];
}

export const newStats = (): RotationStats => ({ rotations: 0, faults: 0, reruns: 0, failures: 0, ms: [] });

/** The fault of rotation i: every fifth a crash after a step (cycling through all four), every fifth a crash then a new token. */
export function faultOf(i: number): { failAfter?: RotationStep; restartWithNewToken?: boolean } {
  if (i % 5 === 1) return { failAfter: STEPS[Math.floor(i / 5) % 4] };
  if (i % 5 === 3) return { failAfter: STEPS[Math.floor(i / 5) % 3], restartWithNewToken: true }; // crash before finish, then a new RotateSecret
  return {};
}

/** One rotation to completion, with rotation i's fault; `tick` after every step. */
export async function rotateWithFaults(
  fake: FakeSecretsManager,
  secretId: string,
  handler: (e: RotationEvent) => Promise<void>,
  i: number,
  stats: RotationStats,
  tick: () => void | Promise<void>,
): Promise<void> {
  const started = performance.now();
  const stepping = async (e: RotationEvent) => {
    await handler(e);
    await tick();
  };
  const { failAfter, restartWithNewToken } = faultOf(i);
  if (failAfter) {
    stats.faults++;
    await expect(fake.rotate(secretId, stepping, { failAfter })).rejects.toBeInstanceOf(InjectedFault);
    await tick();
    stats.reruns++;
    if (failAfter === "finishSecret") {
      // Finished before the crash: Secrets Manager's retry of the same token finds it current; every step is a no-op.
      const token = Object.entries(fake.stages(secretId)).find(([, stages]) => stages.includes("AWSCURRENT"))![0];
      const value = fake.valueAt(secretId, "AWSCURRENT");
      for (const step of STEPS) await stepping({ SecretId: secretId, ClientRequestToken: token, Step: step });
      expect(fake.valueAt(secretId, "AWSCURRENT")).toBe(value);
    } else {
      await fake.rotate(secretId, stepping, restartWithNewToken ? { token: randomUUID() } : {});
    }
  } else {
    await fake.rotate(secretId, stepping);
  }
  stats.rotations++;
  stats.ms.push(performance.now() - started);
}

export const summary = (kind: string, s: RotationStats): string =>
  `${kind}: ${s.rotations} rotations, ${s.faults} faults injected (${s.reruns} re-runs), ${s.failures} failures, ` +
  `per rotation mean ${(s.ms.reduce((a, b) => a + b, 0) / s.ms.length).toFixed(1)} ms, max ${Math.max(...s.ms).toFixed(1)} ms`;
