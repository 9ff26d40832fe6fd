#!/usr/bin/env node
/**
 * Bundles every function under functions/ into dist/functions/<kind>.js, with the SHA-256 of each file esbuild read
 * (dist/functions/<kind>.json), after `tsc` built dist/ (`npm run build:components`). A program uses such a bundle
 * while its inputs are unchanged and bundles the function itself otherwise (components/shared/bundle.ts).
 */
const { functionKinds, writePrebuilt } = require("../dist/components/shared/bundle");

const kinds = functionKinds();
for (const kind of kinds) writePrebuilt(kind);
console.log(`dist/functions: ${kinds.join(", ")} bundled`);
