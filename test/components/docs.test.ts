/**
 * Every argument of every exported component documents itself: a doc comment that says what it is and when it is
 * checked (`@checked at construction`, `… or when it resolves if it is an Output`, or `by the pack`), and, when it is
 * optional, what the component does without it (`@default`). Read from the sources with the TypeScript parser.
 */
import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { COMPONENTS_DIR, componentArgs } from "./component-args";

interface Doc {
  readonly text: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The JSDoc of each property of each interface in a file, keyed `Interface.property`, as TypeScript parses it. */
function docsOf(file: string): Map<string, Doc> {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Doc>();
  const visit = (n: ts.Node) => {
    if (ts.isInterfaceDeclaration(n))
      for (const m of n.members.filter(ts.isPropertySignature)) {
        const docs = ts.getJSDocCommentsAndTags(m).filter(ts.isJSDoc);
        const text = docs
          .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
          .join(" ")
          .trim();
        const tags = Object.fromEntries(ts.getJSDocTags(m).map((t) => [t.tagName.text, (ts.getTextOfJSDocComment(t.comment) ?? "").trim()]));
        out.set(`${n.name.text}.${m.name.getText(sf)}`, { text, tags });
      }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

const ARGS = Object.values(componentArgs()).flat();
const docs = new Map<string, Map<string, Doc>>();
const docOf = (file: string, key: string) => {
  if (!docs.has(file)) docs.set(file, docsOf(path.join(COMPONENTS_DIR, file)));
  return docs.get(file)!.get(key);
};
const WHEN = /^(at construction|when it resolves|by the pack)/;

describe("argument documentation", () => {
  it("reads every argument of every component", () => expect(ARGS.length).toBeGreaterThanOrEqual(200));

  it.each(ARGS.map((a) => [`${a.component}.${a.name}`, a] as const))("%s says what it is and when it is checked", (_label, a) => {
    const d = docOf(a.file, `${a.iface}.${a.name}`)!;
    expect([a.name, d.text.length >= 10]).toEqual([a.name, true]);
    expect([a.name, d.tags.checked ?? "(no @checked tag)"]).toEqual([a.name, expect.stringMatching(WHEN)]);
    // An Input can arrive as an Output: its doc must say it is checked when it resolves.
    if (a.input || a.inputElements) expect([a.name, d.tags.checked]).toEqual([a.name, expect.stringMatching(/when it resolves|by the pack/)]);
  });

  it.each(ARGS.filter((a) => a.optional).map((a) => [`${a.component}.${a.name}`, a] as const))("optional %s states its @default", (_label, a) => {
    const d = docOf(a.file, `${a.iface}.${a.name}`)!;
    expect([a.name, (d.tags.default ?? "").length > 0]).toEqual([a.name, true]);
  });
});
