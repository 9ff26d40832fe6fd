/**
 * The SDK's bookkeeping stacks (one per tracked promise, one per registration) are left unformatted while programs
 * run under the mocks (testing/stacks.ts, test/support/environment.ts); every other stack keeps its formatting.
 */
import { describe, expect, it } from "@jest/globals";
import { captureError } from "hardened-aws/testing";
import { Network } from "hardened-aws";
import { isSdkBookkeepingStack, withoutSdkBookkeeping } from "../../testing/stacks";

const site = (file: string, fn: string | null) => ({ getFileName: () => file, getFunctionName: () => fn }) as unknown as NodeJS.CallSite;
const DEBUGGABLE = "/app/node_modules/@pulumi/pulumi/runtime/debuggable.js";
const RESOURCE = "/app/node_modules/@pulumi/pulumi/resource.js";

describe("SDK bookkeeping stacks", () => {
  it("are exactly the promise tracker's and the source-position capture's", () => {
    expect(isSdkBookkeepingStack([site(DEBUGGABLE, "debuggablePromise")])).toBe(true);
    expect(isSdkBookkeepingStack([site(RESOURCE, "callsites")])).toBe(true);
    expect(isSdkBookkeepingStack([site(RESOURCE, "Resource")])).toBe(false);
    expect(isSdkBookkeepingStack([site(DEBUGGABLE, "leakedPromises")])).toBe(false);
    expect(isSdkBookkeepingStack([site("/app/index.ts", "debuggablePromise")])).toBe(false);
    expect(isSdkBookkeepingStack([])).toBe(false);
  });

  it("are left empty by the wrapped formatter, which formats every other stack as before", () => {
    const format = withoutSdkBookkeeping((err) => `formatted ${err.message}`);
    expect(format(new Error("x"), [site(DEBUGGABLE, "debuggablePromise")])).toBe("");
    expect(format(new Error("x"), [site("/app/index.ts", "main"), site(DEBUGGABLE, "debuggablePromise")])).toBe("formatted x");
  });

  it("leave a component's error alone during a capture: its stack keeps its frames in the component's source", async () => {
    const { error, registered } = await captureError(() => new Network("net", { environment: "prod", azCount: 7 } as never));
    expect(registered).toBe(0);
    expect((error as Error).message).toMatch(/logs: is required but missing \[NET_ARG_MISSING\]/);
    expect((error as Error).stack).toMatch(/components[\\/]network[\\/][a-z-]+\.ts:\d+:\d+/);
  });
});
