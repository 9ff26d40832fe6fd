/** The AWS mocks the tests use: the package's own testing library (hardened-aws/testing), re-exported. */
export { awsMocks, MOCK_ACCOUNT, MOCK_REGION } from "hardened-aws/testing";
export type { MockOptions } from "hardened-aws/testing";
