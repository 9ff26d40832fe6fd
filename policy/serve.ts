/**
 * Serves the pack as @pulumi/policy's `PolicyPack` does (same gRPC server, same handlers, same answers), with one
 * change to `Analyze`: the policies are indexed by the type tokens they declare (`ResourceSpec.types`), once per
 * type, so a resource is shown only to the policies that apply to it. The stock handler asks every resource
 * policy about every resource; with about 120 policies that loop, and not the checks, was most of an Analyze call.
 *
 * The answer is the one the stock handler gives: the applicable policies run through @pulumi/policy's own Analyze
 * handler (enforcement levels from `Configure`, unknown values reported as advisory, `notApplicable` thrown by a
 * check), and every other policy is reported not applicable with the reason the stock handler gives, unless
 * configured `disabled` (which the stock handler skips silently too). Policies that declare no types (none here,
 * but the pack accepts any `ResourceValidationPolicy`) are shown every resource.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { PolicyPack, PolicyPackArgs, ResourceValidationPolicy } from "@pulumi/policy";

type Handler = (call: { request: any }, callback: (err: unknown, response?: any) => void) => unknown;
type Handlers = Record<string, Handler>;

/** @pulumi/policy's own modules, resolved from its location so they are the instances its server uses. */
const fromPolicy = createRequire(require.resolve("@pulumi/policy"));
const grpc = fromPolicy("@grpc/grpc-js");
const server = fromPolicy("./server");
const protoutil = fromPolicy("./protoutil");
const analyzerproto = fromPolicy("@pulumi/pulumi/proto/analyzer_pb");

/** The type tokens a policy declares, or undefined when it may apply to any type. */
function declaredTypes(p: ResourceValidationPolicy): readonly string[] | undefined {
  return (p as { spec?: { types?: readonly string[] } }).spec?.types;
}

interface TypePlan {
  /** The Analyze handler of the policies that apply to this type (the stock handler, given only those). */
  readonly analyze: Handler;
  /** Every other resource policy with a validateResource, and the reason the stock handler would give. */
  readonly declined: readonly { readonly name: string; readonly reason: string }[];
  /** The declined entries (less the disabled) encoded as AnalyzeResponse fields, for the configuration `generation`. */
  wire?: { readonly generation: number; readonly bytes: Uint8Array };
}

function withTypeIndex(handlers: Handlers, name: string, version: string, level: string, policies: readonly any[]): Handlers {
  const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => typeof p.validateResource === "function" || Array.isArray(p.validateResource));
  const others = policies.filter((p) => !resourcePolicies.includes(p));
  /** Enforcement level per policy from the last Configure call, as the stock handler reads it. */
  let configured: Record<string, string | undefined> = {};
  let generation = 0;
  const plans = new Map<string, TypePlan>();

  const planFor = (type: string): TypePlan => {
    let plan = plans.get(type);
    if (!plan) {
      const applies = (p: ResourceValidationPolicy) => declaredTypes(p)?.includes(type) ?? true;
      const declined = resourcePolicies.filter((p) => !applies(p)).map((p) => ({ name: p.name, reason: reasonFor(p) }));
      plan = { analyze: server.makeAnalyzeRpcFun(name, version, level, [...others, ...resourcePolicies.filter(applies)]), declined };
      plans.set(type, plan);
    }
    return plan;
  };
  const own = new Map(resourcePolicies.map((p) => [p.name, p.enforcementLevel]));
  const enforcement = (policyName: string) => configured[policyName] || own.get(policyName) || level;

  return {
    ...handlers,
    configure: (call, callback) => {
      const next: Record<string, string | undefined> = {};
      for (const [k, v] of call.request.getPolicyconfigMap().entries()) next[k] = protoutil.convertEnforcementLevel(v.getEnforcementlevel());
      return handlers.configure(call, (err, response) => {
        if (!err) {
          configured = next;
          generation++;
        }
        callback(err, response);
      });
    },
    analyze: (call, callback) => {
      const plan = planFor(call.request.getType());
      return plan.analyze(call, (err, response) => {
        if (response) appendWire(response, declinedWire(plan));
        callback(err, response);
      });
    },
  };

  /**
   * The not-applicable entries of a type, encoded once per configuration: the same for every resource of the type,
   * and encoding them for each call was most of the response's cost.
   */
  function declinedWire(plan: TypePlan): Uint8Array {
    if (plan.wire?.generation !== generation) {
      const entries = new analyzerproto.AnalyzeResponse();
      for (const d of plan.declined) {
        if (enforcement(d.name) === "disabled") continue;
        const na = new analyzerproto.PolicyNotApplicable();
        na.setPolicyName(d.name);
        na.setReason(d.reason);
        entries.addNotApplicable(na);
      }
      plan.wire = { generation, bytes: entries.serializeBinary() };
    }
    return plan.wire.bytes;
  }
}

/**
 * Adds encoded repeated fields to a response as it is serialised: protobuf reads two encodings of a message one
 * after the other as one message with both messages' repeated entries (the wire format's merge rule).
 */
function appendWire(response: { serializeBinary(): Uint8Array }, bytes: Uint8Array): void {
  if (!bytes.length) return;
  const own = response.serializeBinary.bind(response);
  response.serializeBinary = () => {
    const head = own();
    const all = new Uint8Array(head.length + bytes.length);
    all.set(head);
    all.set(bytes, head.length);
    return all;
  };
}

/** What the stock handler says of a policy declining a type: its one type token, or the reason the policy throws. */
function reasonFor(p: ResourceValidationPolicy): string {
  const types = declaredTypes(p) ?? [];
  return types.length === 1 ? `Policy only applies to resources of type '${types[0]}'` : `applies to ${types.join(", ")}`;
}

/** Starts the pack's analyzer server (see the module comment); one per process, as `PolicyPack`. */
export function servePolicyPack(name: string, args: PolicyPackArgs): PolicyPack {
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, handlers: Handlers) {
    return addService.call(this, service, withTypeIndex(handlers, name, packVersion(), args.enforcementLevel || "advisory", args.policies));
  };
  try {
    return new PolicyPack(name, args);
  } finally {
    grpc.Server.prototype.addService = addService;
  }
}

/** The pack's version as `PolicyPack` reads it: package.json of the directory the pack runs in. */
function packVersion(): string {
  return JSON.parse(readFileSync(`${process.cwd()}/package.json`, "utf8")).version;
}
