/**
 * A component's AWS context (account, region, partition from invokes) is read once per aws provider and stack run:
 * components under the same provider share it, a component under another provider reads its own.
 */
import { describe, expect, it } from "@jest/globals";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, knownArn } from "../../components/shared/naming";
import { capture } from "../support/capture";

class Probe extends pulumi.ComponentResource {
  readonly logGroupArn: pulumi.Output<string>;
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:context:Probe", name, {}, opts);
    this.logGroupArn = knownArn.logGroup(awsContext(this), `/${name}`);
    new aws.cloudwatch.LogGroup(`${name}-group`, { name: `/${name}`, tags: { arn: this.logGroupArn } }, { parent: this });
  }
}

/** Counts the mocks' getCallerIdentity invokes (answered as the built-in mocks answer it). */
function counted() {
  const calls = { identity: 0 };
  const invokes = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => {
      calls.identity++;
      return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/test", userId: "AIDTEST", id: "123456789012" };
    },
  };
  return { calls, invokes };
}

describe("awsContext", () => {
  it("is read once for the components under the default provider, and again in the next stack run", async () => {
    const { calls, invokes } = counted();
    const program = () => {
      new Probe("a");
      new Probe("b");
      new Probe("c", { parent: new Probe("d") });
    };
    const cap = await capture(program, { config: { "aws:region": "eu-west-1" }, invokes });
    expect(calls.identity).toBe(1);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "c-group").inputs.tags.arn).toBe("arn:aws:logs:eu-west-1:123456789012:log-group:/c");
    await capture(program, { config: { "aws:region": "eu-west-1" }, invokes });
    expect(calls.identity).toBe(2);
  });

  it("is read again under another aws provider, whose region its ARNs name", async () => {
    const { calls, invokes } = counted();
    const cap = await capture(
      () => {
        const dr = new aws.Provider("dr", { region: "eu-central-1" });
        new Probe("home");
        new Probe("away", { providers: [dr] });
        new Probe("away-child", { parent: new Probe("away-parent", { provider: dr }) });
      },
      { config: { "aws:region": "eu-west-1" }, invokes },
    );
    expect(calls.identity).toBe(2);
    const arn = (name: string) => cap.one("aws:cloudwatch/logGroup:LogGroup", `${name}-group`).inputs.tags.arn;
    expect(arn("home")).toBe("arn:aws:logs:eu-west-1:123456789012:log-group:/home");
    expect(arn("away")).toBe("arn:aws:logs:eu-central-1:123456789012:log-group:/away");
    expect(arn("away-child")).toBe("arn:aws:logs:eu-central-1:123456789012:log-group:/away-child");
  });
});
