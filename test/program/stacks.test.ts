/**
 * The SDK's bookkeeping stacks (one per tracked promise, one per registration) are not taken or left unformatted while programs
 * run under the mocks (testing/stacks.ts, test/support/environment.ts); every other stack keeps its formatting.
 */
import { describe, expect, it } from "@jest/globals";
import { captureError } from "hardened-aws/testing";
import { Network } from "hardened-aws";
import { isSdkBookkeepingStack, skipSdkBookkeepingStacks, withBriefText, withoutSdkBookkeeping } from "../../testing/stacks";

// The SDK's promise tracker and its registration response, internal to the SDK.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tracker = require("@pulumi/pulumi/runtime/debuggable");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RegisterResourceResponse } = require("@pulumi/pulumi/proto/resource_pb");

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

  it("are not taken for the SDK's tracked promises while skipped, and are again after the last of nested skips", () => {
    const original = tracker.debuggablePromise;
    const limits: number[] = [];
    // Stands in for the SDK's tracker: records how deep a stack it would take.
    const spy = (p: Promise<unknown>) => (limits.push(Error.stackTraceLimit), p);
    tracker.debuggablePromise = spy;
    try {
      const track = () => tracker.debuggablePromise(Promise.resolve(1), "ctx");
      const before = Error.stackTraceLimit;
      const outer = skipSdkBookkeepingStacks();
      const inner = skipSdkBookkeepingStacks();
      track();
      inner();
      track();
      // Every other error keeps its stack while skipped.
      expect(new Error("mine").stack).toMatch(/\n\s+at /);
      outer();
      expect(tracker.debuggablePromise).toBe(spy);
      track();
      expect(limits).toEqual([0, 0, before]);
      expect(Error.stackTraceLimit).toBe(before);
      expect(before).toBeGreaterThan(0);
    } finally {
      tracker.debuggablePromise = original;
    }
  });

  it("leave a registration response unformatted in the SDK's debug line, and every field as it was", () => {
    const resp = new RegisterResourceResponse();
    resp.setUrn("urn:pulumi:test::p::aws:s3/bucket:Bucket::b");
    resp.setId("b-1");
    expect(`${resp}`).toContain("urn:pulumi:test::p::aws:s3/bucket:Bucket::b");
    const brief = withBriefText(resp);
    expect(brief).toBe(resp);
    expect(`resp: ${brief}`).toBe("resp: (response not formatted)");
    expect(brief.getUrn()).toBe("urn:pulumi:test::p::aws:s3/bucket:Bucket::b");
    expect(brief.getId()).toBe("b-1");
  });
});
