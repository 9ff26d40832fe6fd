import { describe, expect, it } from "@jest/globals";
import { captureStack } from "../support/program";

const rateOf = (acl: any, name: string) => acl.inputs.rules.find((r: any) => r.name === name).statement.rateBasedStatement;

describe("the program's edge", () => {
  it("puts a deletion-protected HTTPS-only ALB in the public subnets of prod, behind a blocking web ACL", async () => {
    const cap = await captureStack("prod");
    const lb = cap.one("aws:lb/loadBalancer:LoadBalancer");
    const publicSubnets = cap.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("net-public-")).map((s) => s.id);
    expect(lb.inputs.subnets).toEqual(publicSubnets);
    expect(lb.inputs.enableDeletionProtection).toBe(true);
    expect(cap.one("aws:lb/targetGroup:TargetGroup").inputs).toMatchObject({ port: 8000, healthCheck: { path: "/health" } });
    expect(cap.one("aws:lb/listenerRule:ListenerRule").inputs.conditions).toEqual([{ hostHeader: { values: ["app.example.com"] } }]);
    const acl = cap.one("aws:wafv2/webAcl:WebAcl");
    expect(acl.inputs.name).toBe("app-prod");
    expect(acl.inputs.rules.find((r: any) => r.name === "general-per-ip").action.block).toBeDefined();
    expect(rateOf(acl, "general-per-ip")).toMatchObject({ limit: 667, evaluationWindowSec: 600 });
    expect(rateOf(acl, "auth-per-ip")).toMatchObject({ limit: 10, evaluationWindowSec: 600 });
    expect(cap.one("aws:wafv2/webAclAssociation:WebAclAssociation").inputs.resourceArn).toBe(lb.outputs.arn);
    expect(cap.outputs.dnsName).toBe(lb.outputs.dnsName);
    expect(cap.outputs.targetGroupArns).toEqual({ app: cap.one("aws:lb/targetGroup:TargetGroup").outputs.arn });
    expect(cap.outputs.webAclArn).toBe(acl.outputs.arn);
  });

  it("counts in staging, serves the staging host and takes rate figures from config", async () => {
    const cap = await captureStack("staging", { config: { "hardened-aws:rateLimitApiPer15Min": "300" } });
    const acl = cap.one("aws:wafv2/webAcl:WebAcl");
    expect(acl.inputs.rules.find((r: any) => r.name === "AWSManagedRulesSQLiRuleSet").overrideAction).toEqual({ count: {} });
    expect(rateOf(acl, "api-per-ip")).toMatchObject({ limit: 200, evaluationWindowSec: 600 });
    expect(cap.one("aws:acm/certificate:Certificate").inputs.domainName).toBe("staging.app.example.com");
    expect(cap.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(false);
  });
});
