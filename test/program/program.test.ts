import { describe, expect, it } from "@jest/globals";
import { ConfigError } from "../../infra/config";
import { captureError } from "../support/capture";
import { captureStack } from "../support/program";
import { loadProjectStack } from "../../tools/project";
import { REPO_ROOT } from "../support/program";

describe("the program", () => {
  it("builds the prod network over three AZs with a NAT gateway in each", async () => {
    const cap = await captureStack("prod");
    expect(cap.ofType("aws:ec2/subnet:Subnet")).toHaveLength(9);
    expect(cap.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(cap.one("aws:cloudwatch/logGroup:LogGroup", "flow-logs").inputs.retentionInDays).toBe(365);
    expect(cap.outputs.vpcId).toBe(cap.one("aws:ec2/vpc:Vpc").id);
  });

  it("builds staging over two AZs with one NAT gateway", async () => {
    const cap = await captureStack("staging");
    expect(cap.ofType("aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(cap.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  });

  it("stops on bad config before any resource registers", async () => {
    const ps = loadProjectStack(REPO_ROOT, "prod");
    const { error, registered } = await captureError(() => require("../../infra"), {
      project: ps.project,
      stack: "prod",
      config: { ...ps.config, "hardened-aws:adminCidrs": '["0.0.0.0/0"]' },
    });
    expect(error).toBeInstanceOf(ConfigError);
    expect(registered).toBe(0);
  });
});
