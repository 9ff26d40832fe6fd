/** The deployment plan of the prod stack: create order, waits of the slow resources, longest path. */
import { describe, expect, it } from "@jest/globals";
import { CREATE_TIMES, FAST_MINUTES, formatPlan, orderingFindings, planDeployment, waitsOn } from "../../tools/plan";
import { captureStack } from "../support/program";

describe("planDeployment on the prod stack", () => {
  it("creates the RDS instance after its parameter group, subnet group and security group, and waits ~15 minutes for it", async () => {
    const cap = await captureStack("prod");
    const plan = planDeployment(cap);
    const step = (type: string, suffix?: string) => plan.steps.get(cap.one(type, suffix).urn)!;
    const db = step("aws:rds/instance:Instance");
    for (const before of [step("aws:rds/parameterGroup:ParameterGroup"), step("aws:rds/subnetGroup:SubnetGroup"), step("aws:ec2/securityGroup:SecurityGroup", "db-sg")]) {
      expect(db.waitsFor).toContain(before.urn);
      expect(db.level).toBeGreaterThan(before.level);
      expect(db.start).toBeGreaterThanOrEqual(before.finish);
    }
    expect(db.minutes).toBe(CREATE_TIMES["aws:rds/instance:Instance"].typicalMinutes);
    expect(db.slow?.timeoutMinutes).toBe(40);
    const subnets = cap.ofType("aws:ec2/subnet:Subnet").filter((s) => s.name.startsWith("net-data-"));
    expect(subnets.every((s) => waitsOn(plan, db.urn, s.urn))).toBe(true);
  });

  it("creates the ECS service after its target group, cluster, task definition and image, and the listener after the load balancer and the certificate's validation", async () => {
    const cap = await captureStack("prod");
    const plan = planDeployment(cap);
    const urn = (type: string, suffix?: string) => cap.one(type, suffix).urn;
    const svc = urn("aws:ecs/service:Service");
    for (const before of [urn("aws:lb/targetGroup:TargetGroup"), urn("aws:ecs/cluster:Cluster"), urn("aws:ecs/taskDefinition:TaskDefinition", "app-task"), urn("docker:index/image:Image")])
      expect(waitsOn(plan, svc, before)).toBe(true);
    const https = urn("aws:lb/listener:Listener", "edge-https");
    expect(waitsOn(plan, https, urn("aws:lb/loadBalancer:LoadBalancer"))).toBe(true);
    expect(waitsOn(plan, https, urn("aws:acm/certificateValidation:CertificateValidation"))).toBe(true);
    expect(waitsOn(plan, urn("aws:lb/listenerRule:ListenerRule"), https)).toBe(true);
    expect(waitsOn(plan, urn("aws:wafv2/webAclAssociation:WebAclAssociation"), urn("aws:wafv2/webAcl:WebAcl"))).toBe(true);
    expect(waitsOn(plan, urn("aws:ec2/natGateway:NatGateway", "az1"), urn("aws:ec2/eip:Eip", "az1"))).toBe(true);
  });

  it("creates the ECS service after the listener rule forwarding to its target group, and says so when a program forgets it", async () => {
    const cap = await captureStack("prod");
    const plan = planDeployment(cap);
    const svc = cap.one("aws:ecs/service:Service");
    const rule = cap.one("aws:lb/listenerRule:ListenerRule");
    expect(waitsOn(plan, svc.urn, rule.urn)).toBe(true);
    expect(waitsOn(plan, svc.urn, cap.one("aws:lb/listener:Listener", "edge-https").urn)).toBe(true);
    expect(orderingFindings(cap, plan)).toEqual([]);
    // Of the load balancer's children it waits for its target group and the rule that attaches it only (the
    // program passes lb.targetAttachments.app): not the load balancer's alarms, log bucket or other targets.
    const lbChildren = new Set(cap.resources.filter((r) => r.parent === cap.one("hardened:loadbalancer:SecureLoadBalancer").urn).map((r) => r.urn));
    expect(svc.dependencies.filter((d) => lbChildren.has(d)).sort()).toEqual([cap.one("aws:lb/targetGroup:TargetGroup").urn, rule.urn].sort());
    // Without the dependency (the service as it once was), the finding names the rule and the reason.
    const lbUrns = new Set(cap.resources.filter((r) => r.type.startsWith("aws:lb/") || r.type.startsWith("hardened:loadbalancer")).map((r) => r.urn));
    const early = {
      resources: cap.resources.map((r) => (r.urn === svc.urn ? { ...r, dependencies: r.dependencies.filter((d) => !lbUrns.has(d) || d === cap.one("aws:lb/targetGroup:TargetGroup").urn) } : r)),
    };
    expect(orderingFindings(early, planDeployment(early))).toEqual([
      {
        resource: svc.urn,
        mustWaitFor: [rule.urn],
        message:
          "aws:ecs/service:Service app-service can be created before anything forwards to its target group edge-app (edge-app): ECS refuses a target group with no load balancer; make the service depend on the listener or rule that forwards to it",
        source: "https://github.com/aws/aws-cdk/issues/1160",
      },
    ]);
  });

  it("puts every custom resource in one level after everything it waits for, and the longest path ends last", async () => {
    const cap = await captureStack("prod");
    const plan = planDeployment(cap);
    expect(plan.steps.size).toBe(cap.resources.filter((r) => r.custom).length);
    expect(plan.levels.flat().length).toBe(plan.steps.size);
    for (const s of plan.steps.values()) for (const w of s.waitsFor) expect(plan.steps.get(w)!.level).toBeLessThan(s.level);
    const path = plan.longestPath;
    expect(path[0].start).toBe(0);
    expect(path[path.length - 1].finish).toBe(plan.totalMinutes);
    for (let i = 1; i < path.length; i++) {
      expect(path[i].waitsFor).toContain(path[i - 1].urn);
      expect(path[i].start).toBe(path[i - 1].finish);
    }
    expect(Math.max(...[...plan.steps.values()].map((s) => s.finish))).toBe(plan.totalMinutes);
    // The longest chain runs through one of the two ~15 minute waits: the database or the cache.
    expect(path.some((s) => s.type === "aws:rds/instance:Instance" || s.type === "aws:elasticache/replicationGroup:ReplicationGroup")).toBe(true);
    expect(plan.totalMinutes).toBeGreaterThan(15);
  });

  it("prints the levels, each slow resource with its wait, the longest path and the cited create times", async () => {
    const cap = await captureStack("prod");
    const text = formatPlan(planDeployment(cap));
    expect(text).toMatch(/^Create order: \d+ resources in \d+ levels; typical duration \d+\.\d min$/m);
    expect(text).toContain("  aws:acm/certificateValidation:CertificateValidation edge-cert-validation  ~10.0 min: waits until ACM sees the DNS validation record");
    expect(text).toContain("  aws:elasticache/replicationGroup:ReplicationGroup cache-group  ~15.0 min:");
    expect(text).toContain("  aws:rds/instance:Instance: ~15 min, timeout 40 min; https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/rds/instance.go");
    expect(text).toMatch(/^Longest path \(\d+\.\d min\):$/m);
  });

  it("levels a hand-written graph: components stand for their resources, a custom parent comes first, fast types take FAST_MINUTES", () => {
    const r = (urn: string, over: Partial<{ custom: boolean; parent: string; dependencies: string[]; propertyDependencies: Record<string, string[]>; type: string }> = {}) => ({
      urn,
      name: urn,
      type: over.type ?? "aws:s3/bucket:Bucket",
      custom: over.custom ?? true,
      parent: over.parent ?? "",
      dependencies: over.dependencies ?? [],
      propertyDependencies: over.propertyDependencies ?? {},
    });
    const plan = planDeployment({
      resources: [
        r("comp", { custom: false }),
        r("a", { parent: "comp" }),
        r("b", { parent: "comp", type: "aws:rds/instance:Instance" }),
        r("c", { propertyDependencies: { x: ["comp"] } }),
        r("d", { parent: "c" }),
      ],
    });
    expect(plan.levels.map((l) => l.map((s) => s.urn))).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(plan.steps.get("c")!.waitsFor).toEqual(["a", "b"]);
    expect(plan.steps.get("c")!.start).toBe(15);
    expect(plan.totalMinutes).toBe(15 + 2 * FAST_MINUTES);
    expect(plan.longestPath.map((s) => s.urn)).toEqual(["b", "c", "d"]);
    expect(() => planDeployment({ resources: [r("x", { dependencies: ["y"] }), r("y", { dependencies: ["x"] })] })).toThrow("dependency cycle");
  });
});
