import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "mocha";
import * as typescript from "typescript";
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

describe("a module the test runner loads when first used (test/support/deferred)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const deferred: (file: string) => any = require("../support/deferred");

  it("is not loaded until a property is read, then reads as the real module", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deferred-")), "module.js");
    fs.writeFileSync(file, `module.exports = { answer: 42, name: "real" };`);
    const m = deferred(file);
    assert.equal(m.__esModule, true);
    assert.equal(require.cache[file], undefined, "loaded before first use");
    assert.equal(m.answer, 42);
    assert.notEqual(require.cache[file], undefined);
    assert.deepEqual(Object.keys(m), ["answer", "name"]);
    assert.deepEqual({ ...m }, { answer: 42, name: "real" });
    assert.equal("name" in m, true);
  });

  it("gives a default import the CommonJS module itself", () => {
    const m = deferred(require.resolve("typescript/lib/typescript.js"));
    assert.equal(m.default.createSourceFile, typescript.createSourceFile);
    assert.equal(m.default.version, typescript.version);
    assert.equal(m.createSourceFile, typescript.createSourceFile);
    assert.equal(m.version, typescript.version);
  });
});
