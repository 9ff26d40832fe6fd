#!/usr/bin/env node
/** Entry point for `npm run preview`: loads TypeScript (tools, program, components) through swc, no type-check. */
require("ts-node").register({ transpileOnly: true, swc: true, project: require("path").join(__dirname, "..", "tsconfig.json") });
const [command, ...args] = process.argv.slice(2);
const commands = { preview: "./preview", graphs: "./graphs" };
if (!(command in commands)) {
  console.error(`usage: node tools/run.js preview --stack <stack> [options] | node tools/run.js graphs`);
  process.exit(2);
}
require(commands[command])
  .main(args)
  .then((code) => process.exit(code));
