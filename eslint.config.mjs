// ESLint flat config (`npm run lint` runs it with `prettier --check .`; `npm test` runs lint after the type-check).
// @eslint/js and typescript-eslint recommended everywhere; on TypeScript, typescript-eslint's type-checked rules and
// @pulumi/eslint-plugin's (an Output in a plain template literal renders as a warning text, not its value: use
// pulumi.interpolate). Both need type information, read from tsconfig.json through the project service.
import js from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // examples/app/keyring.js is the bundle of functions/generated/keyring.ts (a test keeps them byte for byte equal).
  { ignores: ["node_modules/", "dist/", "out/", "policy/bin/", "bench/awsguard/node_modules/", "examples/app/keyring.js"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // Untyped values are the subject here (resource properties in policies and mocks, wire formats, arguments from
      // JavaScript callers that validation checks at run time); `any` marks them, tsc's strict mode checks the rest.
      "@typescript-eslint/no-explicit-any": "off",
      // A leading underscore names what is deliberately unused (a destructured-away field, a positional parameter).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // `/` is escaped in regular expression literals throughout, character classes included, for one reading of ARN patterns.
      "no-useless-escape": ["error", { allowRegexCharacters: ["/"] }],
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    // The tools, the jest and mocha configs and the example app are CommonJS scripts run by node as they are.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      // The no-unsafe-* family flags every use of an `any` value, which the codebase uses deliberately (above).
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // A caught value is rethrown as it came (the program's own error reaches the caller unchanged).
      "@typescript-eslint/only-throw-error": ["error", { allowThrowingUnknown: true }],
    },
  },
  {
    files: ["policy/**/*.ts"],
    rules: {
      // Policies read resource properties of unknown shape and compare their text form on purpose.
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
    },
  },
  {
    files: ["test/**/*.ts"],
    rules: {
      // Test doubles implement async SDK interfaces (`async send`) without awaiting anything.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    files: ["test/functions/rotation.test.ts"],
    // The bundled function's source runs as Lambda runs it: compiled from its text with a require limited to built-ins.
    rules: { "@typescript-eslint/no-implied-eval": "off", "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["bench/**/*.ts", "tools/replacements/against.ts"],
    // Benchmarks and the replacement check load programs by path at run time (require), and keep async signatures
    // for steps that are synchronous today.
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/require-await": "off" },
  },
);
