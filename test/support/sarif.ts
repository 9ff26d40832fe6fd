/** SARIF 2.1.0 schema validation for jest (`expect(log).toBeValidSarifLog()`), from @microsoft/jest-sarif. */
import "@microsoft/jest-sarif";

declare module "expect" {
  interface Matchers<R> {
    toBeValidSarifLog(): R;
  }
}
