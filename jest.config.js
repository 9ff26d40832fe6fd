/**
 * Jest runs the component, program, integration, example and package tests; type-checking is `npm run typecheck`
 * (tsc), not the runner. `hardened-aws` and `hardened-aws/testing` resolve to their TypeScript sources, as
 * tsconfig.json `paths` maps them.
 *
 * Five projects, by what a test starts (`npm run test:<project>` runs one, `npm run test:jest` all of them):
 * - unit: components, program and the functions' handlers (with fakes) under the mocks; no server, no pack process
 * - pack: tests that start the policy pack (or another process) and talk to it
 * - integration: the rotation and bootstrap code against real PostgreSQL and Redis servers
 * - examples: the five seed applications' stacks, previewed with the pack
 * - package: the packed tarball installed into a fresh directory
 * Test files run in parallel on every core: the pack and server suites mostly wait on their processes.
 */
const { compilerOptions } = require("./tsconfig.json");

const base = {
  testEnvironment: "<rootDir>/test/support/environment.ts",
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  moduleNameMapper: {
    ...Object.fromEntries(Object.entries(compilerOptions.paths).map(([name, [file]]) => [`^${name}$`, `<rootDir>/${file}`])),
    // Loaded when first used (test/support/deferred): @pulumi/pulumi loads them at import for closure serialisation.
    "^typescript$": "<rootDir>/test/support/deferred/typescript.js",
    "^@npmcli/arborist$": "<rootDir>/test/support/deferred/arborist.js",
  },
};

/** Component and program tests that start a pack or another process (patterns on the file's path). */
const PROCESS_TESTS = [
  "/test/components/[a-z-]+-pack\\.test\\.ts$",
  "/test/components/service-image\\.test\\.ts$",
  "/test/program/(as-preview|hand-written|preview|project|replacement|replacement-config)\\.test\\.ts$",
];

const project = (displayName, select) => ({ ...base, displayName, ...select });

module.exports = {
  testTimeout: 60000,
  maxWorkers: "100%",
  projects: [
    project("unit", { testMatch: ["<rootDir>/test/{components,program,functions}/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/", ...PROCESS_TESTS] }),
    project("pack", { testRegex: PROCESS_TESTS }),
    project("integration", { testMatch: ["<rootDir>/test/integration/**/*.test.ts"] }),
    project("examples", { testMatch: ["<rootDir>/test/examples/**/*.test.ts"] }),
    project("package", { testMatch: ["<rootDir>/test/package/**/*.test.ts"] }),
  ],
};
