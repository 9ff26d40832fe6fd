/**
 * The replacement check: compares the resources of a program at two points (two captures, or a capture and an
 * earlier `--json` report) and lists every stateful resource the change would destroy: deleted, renamed without an
 * alias (a new URN is a delete and a create to the engine), or with a replace-forcing input changed (table.json).
 * Resources are matched by URN, following the aliases the new side declares, as the engine does.
 */
import { Capture, redact } from "../../testing";
import { KEPT_CLASSES } from "../../components/logs/defaults";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TABLE: ReplacementTable = require("./table.json");

export interface ReplacementTable {
  readonly pulumiAws: string;
  readonly types: Readonly<Record<string, { readonly forcesReplacement: Readonly<Record<string, { readonly declared: string; readonly sources: readonly string[] }>> }>>;
}

/** One resource as the check compares it: what the `--json` report holds (inputs with secrets redacted). */
export interface ResourceRecord {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Provider reference (`urn::id`), "" for the default provider. */
  readonly provider?: string;
  readonly inputs: Record<string, any>;
  readonly options?: { readonly aliases?: readonly string[]; readonly retainOnDelete?: boolean; readonly protect?: boolean };
  readonly id?: string;
  readonly outputs?: Record<string, any>;
}

export type FindingKind = "deleted" | "renamed-without-alias" | "replaced";

export interface ReplacementFinding {
  readonly kind: FindingKind;
  readonly type: string;
  /** URN before the change. */
  readonly urn: string;
  /** URN after the change (renamed: the new resource; replaced: the same resource). */
  readonly newUrn?: string;
  readonly property?: string;
  readonly oldValue?: unknown;
  readonly newValue?: unknown;
  /** Where the property is marked replace-forcing (table.json sources). */
  readonly sources?: readonly string[];
  /** How to make the change without losing the data. */
  readonly safeWay: string;
  readonly message: string;
}

/** A capture's resources as records, the same shape the `--json` report holds. */
export function recordsOf(cap: Capture): ResourceRecord[] {
  return cap.resources.map((r) => ({ urn: r.urn, type: r.type, name: r.name, provider: r.provider, inputs: redact(r.wireInputs), options: r.options, id: r.id, outputs: redact(r.wireOutputs) }));
}

/** A resource whose deletion loses data: a type of the table; a log group only when it holds evidence (a kept class) or is retained. */
export function isStateful(r: ResourceRecord, table: ReplacementTable = TABLE): boolean {
  if (!(r.type in table.types)) return false;
  if (r.type !== "aws:cloudwatch/logGroup:LogGroup") return true;
  return (KEPT_CLASSES as readonly string[]).includes(r.inputs?.tags?.["log-class"]) || !!r.options?.retainOnDelete;
}

/** Inputs that are a resource's physical name: equal on both sides, an unmatched pair is one resource renamed. */
const IDENTITY = /^(identifier|clusterIdentifier|replicationGroupId|clusterId|name|bucket)$/;
const LOGICAL = (urn: string) => urn.split("::").pop()!;
/** A child's role in its component: its name after the component's prefix (`db-instance` → `instance`). */
const ROLE = (urn: string) => LOGICAL(urn).split("-").slice(1).join("-");
const short = (v: unknown) => {
  const s = v === undefined ? "(unset)" : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
};

/** How to change a replace-forcing property without losing the data, by property. */
function safeWayFor(type: string, property: string): string {
  if (/kmsKey(Id|Arn)$/.test(property))
    return "a documented migration: the key of stored data cannot change in place. Snapshot, copy the snapshot with the new key, restore it as a new resource beside the old one (blue/green), switch clients, then retire the old one; or keep the old key.";
  if (/subnetGroupName$|availabilityZones?$/.test(property))
    return "blue/green: create the new resource in the new subnet group from a snapshot (or a replica), switch clients, retire the old one; or keep the old subnet group (add subnets to it in place).";
  if (/^(identifier|identifierPrefix|clusterIdentifier|clusterIdentifierPrefix|replicationGroupId|clusterId|name|namePrefix|bucket|bucketPrefix)$/.test(property))
    return "keep the old physical name (keep the component name, appName and environment it is derived from, or pass the old name where the component takes one); a new name is a new resource. To really move, copy the data to the new one first (snapshot restore, replication, S3 batch copy, secret value copy).";
  if (type.startsWith("aws:kms/")) return "create a new key beside the old one and re-encrypt under it; keep the old key enabled until nothing uses it.";
  return "a documented migration: restore a snapshot into a new resource with the new setting (blue/green), or keep the current value.";
}

/**
 * Compares `before` and `after`: every stateful resource of `before` must still exist in `after` under its URN or an
 * alias, with every replace-forcing input equal (after mapping ids and ARNs of alias-matched resources to the old ones).
 */
export function findReplacements(before: readonly ResourceRecord[], after: readonly ResourceRecord[], table: ReplacementTable = TABLE): ReplacementFinding[] {
  const oldByUrn = new Map(before.map((r) => [r.urn, r]));
  const newByUrn = new Map(after.map((r) => [r.urn, r]));
  const matchOf = new Map<string, ResourceRecord>();
  for (const r of after) {
    const old = [r.urn, ...(r.options?.aliases ?? [])].map((u) => oldByUrn.get(u)).find((o) => o !== undefined);
    if (old && !matchOf.has(old.urn)) matchOf.set(old.urn, r);
  }
  // An aliased resource keeps its ARN (and a key its key id): an input equal to the new mock ARN of another aliased
  // resource means the old one. Names are left alone: a resource's physical name changing is what the check reports.
  const renames = new Map<string, { owner: string; to: string }>();
  for (const [oldUrn, r] of matchOf) {
    const o = oldByUrn.get(oldUrn)!;
    if (o.urn === r.urn) continue;
    for (const k of ["arn", "keyId"]) {
      const [a, b] = [r.outputs?.[k], o.outputs?.[k]];
      if (typeof a === "string" && typeof b === "string" && a !== b && (k === "keyId" || a.startsWith("arn:"))) renames.set(a, { owner: r.urn, to: b });
    }
  }
  const unalias = (v: any, self: string): any => {
    if (typeof v === "string") return renames.has(v) && renames.get(v)!.owner !== self ? renames.get(v)!.to : v;
    if (Array.isArray(v)) return v.map((x) => unalias(x, self));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unalias(x, self)]));
    return v;
  };
  const regionOf = (records: ReadonlyMap<string, ResourceRecord>, r: ResourceRecord) => (r.provider ? records.get(r.provider.split("::").slice(0, -1).join("::"))?.inputs?.region : undefined);

  const findings: ReplacementFinding[] = [];
  const matchedNew = new Set([...matchOf.values()].map((r) => r.urn));
  for (const o of before.filter((x) => isStateful(x, table))) {
    const n = matchOf.get(o.urn);
    if (!n) {
      const identity = (r: ResourceRecord) =>
        JSON.stringify(
          Object.keys(table.types[r.type]?.forcesReplacement ?? {})
            .filter((p) => IDENTITY.test(p))
            .map((p) => r.inputs?.[p]),
        );
      const candidates = after.filter((r) => r.type === o.type && !matchedNew.has(r.urn) && !oldByUrn.has(r.urn));
      const renamed = candidates.find((r) => identity(r) === identity(o) && identity(o) !== "[]") ?? candidates.find((r) => ROLE(r.urn) === ROLE(o.urn));
      if (renamed) {
        const oldName = LOGICAL(o.urn);
        findings.push({
          kind: "renamed-without-alias",
          type: o.type,
          urn: o.urn,
          newUrn: renamed.urn,
          safeWay: `an alias: give the resource (or the component it belongs to) aliases: [{ name: "${oldName}" }] (or [{ parent }] / the old URN), so the engine keeps ${oldName} instead of deleting it and creating ${LOGICAL(renamed.urn)}.`,
          message: `${o.type} ${oldName} is renamed without an alias (new URN ${renamed.urn}): the engine deletes it and creates a new, empty one.`,
        });
      } else {
        findings.push({
          kind: "deleted",
          type: o.type,
          urn: o.urn,
          safeWay:
            "keep the resource in the program; to stop managing it without destroying it, set retainOnDelete: true and deploy before removing it (or pulumi state delete), and say so in the change.",
          message: o.options?.retainOnDelete
            ? `${o.type} ${LOGICAL(o.urn)} is no longer in the program: retainOnDelete leaves it in AWS, but unmanaged and no longer used by the stack.`
            : `${o.type} ${LOGICAL(o.urn)} is no longer in the program: the engine deletes it and what it holds.`,
        });
      }
      continue;
    }
    const forcing = table.types[o.type]?.forcesReplacement ?? {};
    for (const [property, entry] of Object.entries(forcing)) {
      const oldValue = o.inputs?.[property];
      const newValue = unalias(n.inputs?.[property], n.urn);
      if (JSON.stringify(oldValue) === JSON.stringify(newValue)) continue;
      const safeWay = safeWayFor(o.type, property);
      findings.push({
        kind: "replaced",
        type: o.type,
        urn: o.urn,
        newUrn: n.urn,
        property,
        oldValue,
        newValue,
        sources: entry.sources,
        safeWay,
        message: `${o.type} ${LOGICAL(o.urn)} is replaced: ${property} changes from ${short(oldValue)} to ${short(newValue)}, and the provider can only re-create the resource for that (${entry.sources[0]}).`,
      });
    }
    const [ro, rn] = [regionOf(oldByUrn, o), regionOf(newByUrn, n)];
    if (ro !== rn) {
      findings.push({
        kind: "replaced",
        type: o.type,
        urn: o.urn,
        newUrn: n.urn,
        property: "provider region",
        oldValue: ro,
        newValue: rn,
        sources: ["a resource belongs to one region: its provider's region change re-creates it there"],
        safeWay: "a documented migration: create the resource in the new region beside the old one (copy snapshots or recovery points there), switch, then retire the old one.",
        message: `${o.type} ${LOGICAL(o.urn)} is replaced: its provider's region changes from ${short(ro)} to ${short(rn)}.`,
      });
    }
  }
  return findings;
}

export function formatFindings(findings: readonly ReplacementFinding[], against: string): string {
  const out = [`Replacement check against ${against}: ${findings.length} stateful resource change(s) that destroy data`];
  for (const f of findings) out.push(`    [mandatory] ${f.message}\n        safe way: ${f.safeWay}`);
  return out.join("\n");
}
