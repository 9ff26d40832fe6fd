/**
 * Jest runs the component and program tests; type-checking is `npm run typecheck` (tsc), not the runner.
 * `hardened-aws` and `hardened-aws/testing` resolve to their TypeScript sources, as tsconfig.json `paths` maps them.
 */
const { compilerOptions } = require("./tsconfig.json");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  moduleNameMapper: Object.fromEntries(Object.entries(compilerOptions.paths).map(([name, [file]]) => [`^${name}$`, `<rootDir>/${file}`])),
  testTimeout: 60000,
};
