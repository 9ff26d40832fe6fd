import { describe, expect, it } from "@jest/globals";
import { LogClasses, LogClassesArgs } from "../../components/logs";
import { ArgumentError } from "../../components/shared/errors";
import { capture, captureError } from "../support/capture";

const region = { config: { "aws:region": "eu-west-1" } };
const build =
  (args: Partial<LogClassesArgs> = {}) =>
  () => {
    const logs = new LogClasses("logs", { environment: "prod", appName: "shop", ...args });
    logs.standardGroups();
    logs.standardGroups(); // idempotent: the groups exist once
    return logs;
  };

describe("LogClasses", () => {
  it("creates the standard security (90 d), security-critical (365 d) and audit (2557 d) groups, encrypted and class-tagged", async () => {
    const cap = await capture(build(), region);
    const key = cap.one("aws:kms/key:Key");
    const groups = Object.fromEntries(cap.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => [g.name, g.inputs]));
    expect(groups).toEqual({
      "logs-security": {
        name: "/shop/prod/security",
        retentionInDays: 90,
        kmsKeyId: key.outputs.arn,
        tags: { environment: "prod", "managed-by": "hardened-aws", component: "logs", "log-class": "security" },
      },
      "logs-security-critical": {
        name: "/shop/prod/security-critical",
        retentionInDays: 365,
        kmsKeyId: key.outputs.arn,
        tags: { environment: "prod", "managed-by": "hardened-aws", component: "logs", "log-class": "security-critical" },
      },
      "logs-audit": {
        name: "/shop/prod/audit",
        retentionInDays: 2557,
        kmsKeyId: key.outputs.arn,
        tags: { environment: "prod", "managed-by": "hardened-aws", component: "logs", "log-class": "audit" },
      },
    });
  });

  it("protects and keeps the security, security-critical and audit groups in prod only", async () => {
    const prod = await capture(build(), region);
    for (const g of ["logs-audit", "logs-security", "logs-security-critical"]) expect(prod.one("aws:cloudwatch/logGroup:LogGroup", g).options).toMatchObject({ protect: true, retainOnDelete: true });
    const staging = await capture(build({ environment: "staging" }), region);
    expect(staging.one("aws:cloudwatch/logGroup:LogGroup", "logs-audit").options).toMatchObject({ protect: false, retainOnDelete: false });
  });

  it("takes retention per class from args (the stack's *LogRetentionDays keys)", async () => {
    const cap = await capture(build({ retentionDays: { security: 365, audit: 3653 } }), region);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "logs-security").inputs.retentionInDays).toBe(365);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "logs-audit").inputs.retentionInDays).toBe(3653);
  });

  it("uses a given key and creates none", async () => {
    const cap = await capture(build({ kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/given" }), region);
    expect(cap.ofType("aws:kms/key:Key")).toHaveLength(0);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "logs-audit").inputs.kmsKeyId).toBe("arn:aws:kms:eu-west-1:123456789012:key/given");
  });

  it.each([
    [{ retentionDays: { audit: 2000 } }, ["LOG_RETENTION_VALUE", "LOG_PROD_RETENTION_FLOOR"]],
    [{ retentionDays: { audit: 1827 } }, ["LOG_PROD_RETENTION_FLOOR"]],
    [{ retentionDays: { security: 30 } }, ["LOG_PROD_RETENTION_FLOOR"]],
    [{ retentionDays: { "security-critical": 180 } }, ["LOG_PROD_RETENTION_FLOOR"]],
  ])("rejects %j in prod with %s before any child registers", async (args, codes) => {
    const { error, registered } = await captureError(build(args));
    expect(error).toBeInstanceOf(ArgumentError);
    expect((error as ArgumentError).codes).toEqual(codes);
    expect(registered).toBe(0);
  });

  it("lets staging keep security logs 30 days", async () => {
    const cap = await capture(build({ environment: "staging", retentionDays: { security: 30 } }), region);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "logs-security").inputs.retentionInDays).toBe(30);
  });
});
