/**
 * The arguments of every exported component, read from the sources with the TypeScript parser (no type-check, so
 * it is fast): the exported component classes of components/index.ts, each constructor's args interface, and each
 * property with its optionality, doc comment and kind of value. A module shared by the argument and doc tests.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const COMPONENTS_DIR = path.join(__dirname, "..", "..", "components");

export interface ComponentArg {
  readonly component: string;
  readonly iface: string;
  readonly file: string;
  readonly name: string;
  readonly optional: boolean;
  /** The declared type, as written. */
  readonly type: string;
  /** The kind of value once `pulumi.Input` is removed and aliases expanded. */
  readonly kind: "string" | "number" | "boolean" | "array" | "object";
  /** Typed `pulumi.Input<…>` (may arrive as an Output). */
  readonly input: boolean;
  /** A list whose elements are `pulumi.Input<…>`. */
  readonly inputElements: boolean;
  /** The JSDoc text (comment and tags), "" when there is none. */
  readonly doc: string;
}

function sources(): ts.SourceFile[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) files.push(p);
    }
  };
  walk(COMPONENTS_DIR);
  return files.map((f) => ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, true));
}

const INPUT = /^pulumi\.Input<(.*)>$/s;

function classify(type: string, aliases: ReadonlyMap<string, string>): { kind: ComponentArg["kind"]; input: boolean; inputElements: boolean } {
  let t = type.trim();
  let input = false;
  for (let m = INPUT.exec(t); m; m = INPUT.exec(t)) {
    input = true;
    t = m[1].trim();
  }
  for (let i = 0; i < 3 && aliases.has(t); i++) t = aliases.get(t)!;
  const inputElements = /^(readonly )?\(?pulumi\.Input<[^>]*>\)?\[\]$/.test(t) || /^pulumi\.Input<string>\[\]$/.test(t);
  if (/\[\]$/.test(t)) return { kind: "array", input, inputElements };
  if (t === "boolean") return { kind: "boolean", input, inputElements };
  if (t === "number" || /^\d+( \| \d+)*$/.test(t)) return { kind: "number", input, inputElements };
  if (t === "string" || /^"[^"]*"( \| "[^"]*")*$/.test(t) || /^keyof typeof|\)\[number\]$/.test(t)) return { kind: "string", input, inputElements };
  return { kind: "object", input, inputElements };
}

/** Every exported component and the properties of its constructor's args interface. */
export function componentArgs(): Record<string, ComponentArg[]> {
  const files = sources();
  const index = files.find((f) => f.fileName === path.join(COMPONENTS_DIR, "index.ts"))!;
  const exported = new Set<string>();
  index.forEachChild((n) => {
    if (ts.isExportDeclaration(n) && !n.isTypeOnly && n.exportClause && ts.isNamedExports(n.exportClause)) n.exportClause.elements.forEach((e) => exported.add(e.name.text));
  });
  const aliases = new Map<string, string>();
  const interfaces = new Map<string, { decl: ts.InterfaceDeclaration; file: ts.SourceFile }>();
  const argsOf = new Map<string, string>();
  for (const f of files) {
    const visit = (n: ts.Node) => {
      if (ts.isTypeAliasDeclaration(n)) aliases.set(n.name.text, n.type.getText(f));
      if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, { decl: n, file: f });
      if (ts.isClassDeclaration(n) && n.name && exported.has(n.name.text) && /ComponentResource/.test(n.heritageClauses?.map((h) => h.getText(f)).join(" ") ?? "")) {
        const ctor = n.members.find(ts.isConstructorDeclaration);
        const param = ctor?.parameters[1];
        if (param?.type) argsOf.set(n.name.text, param.type.getText(f));
      }
      ts.forEachChild(n, visit);
    };
    visit(f);
  }
  const out: Record<string, ComponentArg[]> = {};
  for (const [component, iface] of argsOf) {
    const found = interfaces.get(iface);
    if (!found) throw new Error(`${component}: args type ${iface} is not an interface`);
    out[component] = found.decl.members.filter(ts.isPropertySignature).map((m) => {
      const type = m.type!.getText(found.file);
      const doc = ts
        .getJSDocCommentsAndTags(m)
        .map((d) => d.getText(found.file))
        .join("\n");
      return { component, iface, file: path.relative(COMPONENTS_DIR, found.file.fileName), name: m.name.getText(found.file), optional: !!m.questionToken, type, doc, ...classify(type, aliases) };
    });
  }
  return out;
}
