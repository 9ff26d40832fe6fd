/**
 * hardened-aws/testing: unit-test a Pulumi program with the Pulumi mock runtime, and run a policy pack over it
 * offline.
 *
 * - {@link capture} runs a program or a component under realistic AWS mocks and records every resource as the
 *   engine receives it (type, name, parent, inputs, dependencies, options); `preview: true` gives what
 *   `pulumi preview` of a new stack sees (computed values unknown).
 * - {@link runPack} runs a policy pack (by default this package's, `hardened-aws/policy`) over a capture as its
 *   own process over the analyzer protocol, and returns the violations and the checks that could not run.
 * - {@link runPreview} does both for a Pulumi project and stack, reading Pulumi.yaml and Pulumi.<stack>.yaml.
 */
export { capture, captureError, Capture, UNKNOWN, SECRET_SIG, SIG_KEY, plain, analyzerWire } from "./capture";
export type { CapturedResource, CaptureOptions, CaptureRun, ResourceOptionsRecord } from "./capture";
export { awsMocks, MOCK_ACCOUNT, MOCK_REGION } from "./mocks";
export type { MockOptions } from "./mocks";
export { runPack, runPreview, defaultPackDir, toAnalyzerInput, redact } from "./preview";
export type { Decision, PackConfig, PackOptions, PackResult, PreviewOptions, PreviewResult, Undecided } from "./preview";
export { PackConfigError, PackSession, resolvePackConfig } from "./analyzer";
export type { AnalyzeResult, AnalyzerResourceInput, Diagnostic, Level, PackInfo, PolicyConfigEntry, PolicyInfo, Remediation } from "./analyzer";
export { loadProjectStack, availableStacks, ProjectError, SECURE_PLACEHOLDER } from "./project";
export type { ProjectStack } from "./project";
export { toSarif } from "./sarif";
export type { SarifLocation, UndecidedCheck } from "./sarif";
export { toDot } from "./graph";
