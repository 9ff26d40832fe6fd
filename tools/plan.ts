/**
 * A deployment dry run on paper: from a captured resource graph, the order in which the engine creates the
 * resources of a new stack (topological levels), the inherent waits of the slow ones, and the longest path.
 *
 * The engine starts a resource as soon as everything it waits for exists: its dependencies (explicit
 * `dependsOn` and every input taken from another resource, a component standing for all the resources under
 * it) and, for a child of a custom resource, its parent. Components and the stack create nothing.
 */

/** What the plan needs of a resource: a captured resource (test/support/capture.ts) fits. */
export interface PlanResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  readonly parent: string;
  readonly dependencies: readonly string[];
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

/** A slow resource type: how long AWS typically takes to create one, and the provider's create timeout. */
export interface CreateTime {
  /** Typical minutes from the create request to the resource being usable (an estimate; see `source`). */
  readonly typicalMinutes: number;
  /** The provider's default create timeout in minutes (the longest it waits before failing). */
  readonly timeoutMinutes?: number;
  readonly what: string;
  readonly source: string;
}

const TF = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service";

/**
 * Typical create times of the slow types our stacks build. Typical minutes are estimates from the service
 * documentation and common experience; timeouts are the bridged provider's default create timeouts (its
 * source is cited). Every other type takes seconds ({@link FAST_MINUTES}).
 */
export const CREATE_TIMES: Readonly<Record<string, CreateTime>> = {
  "aws:acm/certificateValidation:CertificateValidation": {
    typicalMinutes: 10,
    timeoutMinutes: 75,
    what: "waits until ACM sees the DNS validation record and issues the certificate (ACM keeps trying for 72 hours)",
    source: `${TF}/acm/certificate_validation.go (Create: 75 min); https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html`,
  },
  "aws:rds/instance:Instance": {
    typicalMinutes: 15,
    timeoutMinutes: 40,
    what: "creates and backs up the instance (Multi-AZ: with its standby) before it is available",
    source: `${TF}/rds/instance.go (Create: 40 min); https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_CreateDBInstance.html`,
  },
  "aws:rds/cluster:Cluster": {
    typicalMinutes: 10,
    timeoutMinutes: 120,
    what: "creates the cluster volume and endpoints",
    source: `${TF}/rds/cluster.go (Create: 120 min)`,
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    typicalMinutes: 10,
    timeoutMinutes: 90,
    what: "creates an instance of the cluster",
    source: `${TF}/rds/cluster_instance.go (Create: 90 min)`,
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    typicalMinutes: 15,
    timeoutMinutes: 60,
    what: "creates the primary and replica nodes, encrypted in transit and at rest",
    source: `${TF}/elasticache/replication_group.go (Create: 60 min); https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.Create.html`,
  },
  "aws:ec2/natGateway:NatGateway": {
    typicalMinutes: 2,
    timeoutMinutes: 10,
    what: "waits for the NAT gateway to become available",
    source: `${TF}/ec2/vpc_nat_gateway.go (Create: 10 min); https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html`,
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    typicalMinutes: 3,
    timeoutMinutes: 10,
    what: "waits for the load balancer to leave provisioning",
    source: `${TF}/elbv2/load_balancer.go (Create: 10 min)`,
  },
  "aws:wafv2/webAcl:WebAcl": {
    typicalMinutes: 1,
    what: "propagates the web ACL before it can be associated",
    source: "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-creating.html",
  },
  "aws:wafv2/webAclAssociation:WebAclAssociation": {
    typicalMinutes: 1,
    timeoutMinutes: 5,
    what: "retries while the web ACL and the load balancer become associable",
    source: `${TF}/wafv2/web_acl_association.go (Create: 5 min)`,
  },
  "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": {
    typicalMinutes: 3,
    timeoutMinutes: 30,
    what: "creates the application's CloudFormation stack (change set, then execution)",
    source: `${TF}/serverlessrepo/cloudformation_stack.go (Create: 30 min)`,
  },
  "aws:cloudformation/stack:Stack": {
    typicalMinutes: 3,
    timeoutMinutes: 30,
    what: "creates the CloudFormation stack",
    source: `${TF}/cloudformation/stack.go (Create: 30 min)`,
  },
  "aws:ecs/service:Service": {
    typicalMinutes: 3,
    timeoutMinutes: 20,
    what: "starts the tasks and, with the load balancer, waits for them to pass health checks",
    source: `${TF}/ecs/service.go (Create: 20 min)`,
  },
  "docker:index/image:Image": {
    typicalMinutes: 3,
    what: "builds the image with the local Docker engine and pushes it to ECR",
    source: "https://www.pulumi.com/registry/packages/docker/api-docs/image/",
  },
  "aws:lambda/function:Function": {
    typicalMinutes: 0.5,
    what: "uploads the code and waits for the function to become Active",
    source: "https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html",
  },
};

/** Minutes assumed for every type without an entry in {@link CREATE_TIMES}. */
export const FAST_MINUTES = 0.1;

export interface PlanStep {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** 0 for resources that wait for nothing; otherwise 1 + the highest level of what it waits for. */
  readonly level: number;
  /** URNs of the resources it waits for (custom resources only). */
  readonly waitsFor: readonly string[];
  /** Minutes after the start at which it can start and is done, with typical create times. */
  readonly start: number;
  readonly minutes: number;
  readonly finish: number;
  /** The entry of {@link CREATE_TIMES} when the type is slow. */
  readonly slow?: CreateTime;
}

export interface DeploymentPlan {
  /** Steps per level, in the order the engine can start them. */
  readonly levels: readonly (readonly PlanStep[])[];
  readonly steps: ReadonlyMap<string, PlanStep>;
  /** The chain of steps that ends last: its finish is the whole deployment's typical duration. */
  readonly longestPath: readonly PlanStep[];
  readonly totalMinutes: number;
}

/** The create order of a captured graph. Throws on a dependency cycle (the engine would refuse it too). */
export function planDeployment(capture: { readonly resources: readonly PlanResource[] }): DeploymentPlan {
  const byUrn = new Map(capture.resources.map((r) => [r.urn, r]));
  const children = new Map<string, PlanResource[]>();
  for (const r of capture.resources) {
    if (!children.has(r.parent)) children.set(r.parent, []);
    children.get(r.parent)!.push(r);
  }
  /** A custom resource stands for itself; a component for every custom resource under it. */
  const expand = (urn: string, seen = new Set<string>()): string[] => {
    const r = byUrn.get(urn);
    if (!r || seen.has(urn)) return [];
    seen.add(urn);
    if (r.custom) return [urn];
    return (children.get(urn) ?? []).flatMap((c) => expand(c.urn, seen));
  };
  const nodes = capture.resources.filter((r) => r.custom);
  const waits = new Map<string, string[]>();
  for (const r of nodes) {
    const direct = new Set<string>([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    const parent = byUrn.get(r.parent);
    if (parent?.custom) direct.add(parent.urn);
    const all = new Set<string>();
    for (const d of direct) for (const u of expand(d)) if (u !== r.urn) all.add(u);
    waits.set(r.urn, [...all].sort());
  }

  const steps = new Map<string, PlanStep>();
  const visiting = new Set<string>();
  const best = new Map<string, string | undefined>();
  const visit = (urn: string): PlanStep => {
    const done = steps.get(urn);
    if (done) return done;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    const r = byUrn.get(urn)!;
    const before = waits.get(urn)!.map(visit);
    visiting.delete(urn);
    const latest = before.reduce<PlanStep | undefined>((a, b) => (!a || b.finish > a.finish ? b : a), undefined);
    const slow = CREATE_TIMES[r.type];
    const minutes = slow?.typicalMinutes ?? FAST_MINUTES;
    const start = latest?.finish ?? 0;
    const step: PlanStep = {
      urn,
      type: r.type,
      name: r.name,
      waitsFor: waits.get(urn)!,
      level: before.length ? Math.max(...before.map((b) => b.level)) + 1 : 0,
      start,
      minutes,
      finish: round(start + minutes),
      ...(slow ? { slow } : {}),
    };
    best.set(urn, latest?.urn);
    steps.set(urn, step);
    return step;
  };
  nodes.forEach((r) => visit(r.urn));

  const levels: PlanStep[][] = [];
  for (const r of nodes) {
    const s = steps.get(r.urn)!;
    (levels[s.level] ??= []).push(s);
  }
  const last = [...steps.values()].reduce<PlanStep | undefined>((a, b) => (!a || b.finish > a.finish ? b : a), undefined);
  const longestPath: PlanStep[] = [];
  for (let at: string | undefined = last?.urn; at; at = best.get(at)) longestPath.unshift(steps.get(at)!);
  return { levels, steps, longestPath, totalMinutes: last?.finish ?? 0 };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The plan as text: each level with its resources (slow ones with their wait), then the longest path. */
export function formatPlan(plan: DeploymentPlan): string {
  const mins = (n: number) => `${n.toFixed(1)} min`;
  const lines: string[] = [`Create order: ${plan.steps.size} resources in ${plan.levels.length} levels; typical duration ${mins(plan.totalMinutes)}`];
  plan.levels.forEach((level, i) => {
    lines.push(`level ${i} (${level.length})`);
    for (const s of level) lines.push(`  ${s.type} ${s.name}${s.slow ? `  ~${mins(s.minutes)}: ${s.slow.what}` : ""}`);
  });
  lines.push(`Longest path (${mins(plan.totalMinutes)}):`);
  for (const s of plan.longestPath) lines.push(`  ${mins(s.start).padStart(9)} -> ${mins(s.finish).padStart(9)}  ${s.type} ${s.name}`);
  const slow = [...new Set([...plan.steps.values()].filter((s) => s.slow).map((s) => s.type))];
  if (slow.length) {
    lines.push("Create times (typical, provider timeout, source):");
    for (const t of slow) {
      const c = CREATE_TIMES[t];
      lines.push(`  ${t}: ~${c.typicalMinutes} min${c.timeoutMinutes ? `, timeout ${c.timeoutMinutes} min` : ""}; ${c.source}`);
    }
  }
  return lines.join("\n");
}

/** Whether `a` waits, directly or through others, for `b`. */
export function waitsOn(plan: DeploymentPlan, a: string, b: string): boolean {
  const seen = new Set<string>();
  const stack = [...(plan.steps.get(a)?.waitsFor ?? [])];
  while (stack.length) {
    const u = stack.pop()!;
    if (u === b) return true;
    if (seen.has(u)) continue;
    seen.add(u);
    stack.push(...(plan.steps.get(u)?.waitsFor ?? []));
  }
  return false;
}

export interface OrderingFinding {
  readonly resource: string;
  readonly mustWaitFor: readonly string[];
  readonly message: string;
  readonly source: string;
}

/**
 * Orderings AWS requires that the graph does not guarantee. ECS CreateService refuses a target group that no
 * listener or listener rule forwards to yet ("The target group ... does not have an associated load
 * balancer"), so a service must wait for one that forwards to each of its target groups.
 */
export function orderingFindings(
  capture: { readonly resources: readonly (PlanResource & { readonly inputs?: Record<string, any> })[] },
  plan: DeploymentPlan = planDeployment(capture),
): OrderingFinding[] {
  const findings: OrderingFinding[] = [];
  const forwarders = capture.resources.filter(
    (r) => r.type === "aws:lb/listener:Listener" || r.type === "aws:lb/listenerRule:ListenerRule" || r.type === "aws:alb/listener:Listener" || r.type === "aws:alb/listenerRule:ListenerRule",
  );
  const forwardsTo = (r: PlanResource, tg: string) => [...(r.propertyDependencies.defaultActions ?? []), ...(r.propertyDependencies.actions ?? [])].includes(tg);
  for (const svc of capture.resources.filter((r) => r.type === "aws:ecs/service:Service")) {
    for (const tg of svc.propertyDependencies.loadBalancers ?? []) {
      const byType = capture.resources.find((r) => r.urn === tg);
      if (byType?.type !== "aws:lb/targetGroup:TargetGroup" && byType?.type !== "aws:alb/targetGroup:TargetGroup") continue;
      const candidates = forwarders.filter((f) => forwardsTo(f, tg));
      if (candidates.length === 0 || candidates.some((f) => waitsOn(plan, svc.urn, f.urn))) continue;
      findings.push({
        resource: svc.urn,
        mustWaitFor: candidates.map((f) => f.urn),
        message:
          `${svc.type} ${svc.name} can be created before anything forwards to its target group ${byType.name} (${candidates.map((f) => f.name).join(", ")}): ` +
          "ECS refuses a target group with no load balancer; make the service depend on the listener or rule that forwards to it",
        source: "https://github.com/aws/aws-cdk/issues/1160",
      });
    }
  }
  return findings;
}
