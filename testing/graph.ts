/**
 * The resource graph of a capture as Graphviz DOT: each component a cluster (nested as the components nest),
 * each custom resource a node labelled with its name and type, each dependency an edge from the resource to
 * what it waits for. Providers are left out. The output is sorted, so the same program gives the same text.
 */
import type { Capture, CapturedResource } from "./capture";

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
/** `aws:rds/instance:Instance` → `rds/Instance`. */
const shortType = (type: string) => {
  const [pkg, mod, name] = type.split(":");
  return `${pkg === "aws" ? "" : `${pkg}:`}${(mod ?? "").split("/")[0]}/${name ?? ""}`;
};

export function toDot(cap: Capture, title: string): string {
  const byUrn = new Map(cap.resources.map((r) => [r.urn, r]));
  const shown = cap.resources.filter((r) => !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:Stack");
  const nodes = shown.filter((r) => r.custom).sort((a, b) => a.urn.localeCompare(b.urn));
  const ids = new Map(nodes.map((r, i) => [r.urn, `r${i}`]));
  const children = new Map<string, CapturedResource[]>();
  for (const r of shown) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  for (const list of children.values()) list.sort((a, b) => a.urn.localeCompare(b.urn));

  const out = [`digraph ${quote(title)} {`, "  rankdir=LR;", '  node [shape=box, fontsize=10, fontname="Helvetica"];', '  edge [color="#888888", arrowsize=0.6];'];
  let clusters = 0;
  const emit = (r: CapturedResource, indent: string) => {
    if (r.custom) {
      out.push(`${indent}${ids.get(r.urn)} [label=${quote(`${r.name}\n${shortType(r.type)}`)}];`);
      return;
    }
    out.push(`${indent}subgraph cluster_${clusters++} {`, `${indent}  label=${quote(`${r.name} (${r.type.split(":").pop()})`)};`, `${indent}  style=rounded; color="#4a6fa5";`);
    for (const c of children.get(r.urn) ?? []) emit(c, `${indent}  `);
    out.push(`${indent}}`);
  };
  const roots = shown.filter((r) => !byUrn.has(r.parent) || byUrn.get(r.parent)!.type === "pulumi:pulumi:Stack").sort((a, b) => a.urn.localeCompare(b.urn));
  for (const r of roots) emit(r, "  ");
  const edges = new Set<string>();
  for (const r of nodes) {
    const deps = new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()]);
    for (const d of [...deps].sort()) if (ids.has(d) && d !== r.urn) edges.add(`  ${ids.get(r.urn)} -> ${ids.get(d)};`);
  }
  out.push(...[...edges].sort(), "}");
  return `${out.join("\n")}\n`;
}
