import * as assert from "node:assert/strict";
import { describe, it } from "mocha";
import { jsonCopy } from "../support/policy";

describe("the policy harness's copy of a resource's properties", () => {
  const bundle = "x".repeat(100_000);
  const props = {
    name: "fn",
    absent: undefined,
    handler: () => "dropped",
    tag: Symbol("dropped"),
    limits: [1, undefined, () => 0, NaN, Infinity, -0, null, "s"],
    code: { assets: { "index.js": { text: bundle } } },
    nested: [{ a: [true, false], b: { c: null } }],
  };

  it("equals what a JSON round trip makes of it", () => {
    assert.deepEqual(jsonCopy(props), JSON.parse(JSON.stringify(props)));
    assert.deepEqual(jsonCopy([undefined, "a"]), [null, "a"]);
    assert.equal(jsonCopy(NaN), null);
  });

  it("is a new object all the way down, sharing only the strings", () => {
    const copy = jsonCopy(props);
    assert.notEqual(copy, props);
    assert.notEqual(copy.code.assets, props.code.assets);
    assert.notEqual(copy.nested[0].a, props.nested[0].a);
    copy.nested[0].b.c = "changed";
    assert.equal(props.nested[0].b.c, null);
    assert.equal(copy.code.assets["index.js"].text, bundle);
  });
});
