/** The capture harness the tests use: the package's own testing library (hardened-aws/testing), re-exported. */
export { capture, captureError, Capture, UNKNOWN, SECRET_SIG, SIG_KEY, plain, analyzerWire } from "hardened-aws/testing";
export type { CapturedResource, CaptureOptions, CaptureRun, ResourceOptionsRecord } from "hardened-aws/testing";
