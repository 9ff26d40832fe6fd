/** Mocha runs the policy tests (test/policy/*.spec.ts), transpiled by swc through ts-node. */
process.env.TS_NODE_TRANSPILE_ONLY = "true";
process.env.TS_NODE_SWC = "true";
module.exports = {
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: ["test/policy/**/*.spec.ts"],
  timeout: 60000,
};
