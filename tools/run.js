#!/usr/bin/env node
/** Entry point for `npm run preview`: loads TypeScript (tools, program, components) through swc, no type-check. */
require("ts-node").register({ transpileOnly: true, swc: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
const [command, ...args] = process.argv.slice(2);
if (command !== "preview") {
  console.error(`usage: node tools/run.js preview --stack <stack> [options]`);
  process.exit(2);
}
require("./preview")
  .main(args)
  .then((code) => process.exit(code));
