/**
 * The READMEs' TypeScript examples compile against the package: each ```ts block of README.md and of each example's
 * README is type-checked by tsc with this repository's compiler options (`hardened-aws` and `hardened-aws/testing`
 * mapped to the sources by `paths`, jest's globals for the test examples). A failure names the README line.
 *
 * The blocks are excerpts, so each is completed the way its prose reads:
 * - a block without imports gets the package's exports it names (and `pulumi`, `aws`);
 * - the values the prose has built before (`lb`, `db`, `logs`, `network`, ...) are declared with their types in
 *   CONTEXT below;
 * - a block that is one argument (`clientCertListener: { ... },`) is checked as that argument of the one exported
 *   `*Args` interface that declares it.
 */
import { describe, expect, it } from "@jest/globals";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "../support/program";

/** What the READMEs' prose defines around its excerpts, with the types the package gives them. */
const CONTEXT = `
type H = typeof import("hardened-aws");
declare const env: import("hardened-aws").Environment;
declare const environment: import("hardened-aws").Environment;
declare const appName: string;
declare const cfg: { readonly appName: string };
declare const network: import("hardened-aws").Network;
declare const logs: import("hardened-aws").LogClasses;
declare const lb: import("hardened-aws").SecureLoadBalancer;
declare const db: import("hardened-aws").SecureDatabase;
declare const cluster: import("hardened-aws").ServiceCluster;
declare const app: import("hardened-aws").HardenedService;
declare const common: import("hardened-aws").SecureLoadBalancerArgs;
declare const apiArgs: import("hardened-aws").HardenedServiceArgs;
declare const workerArgs: import("hardened-aws").HardenedServiceArgs;
declare const workerSg: import("@pulumi/aws").ec2.SecurityGroup;
declare const appRoleArn: import("@pulumi/pulumi").Output<string>;
declare const cameraCaPem: string;
`;

interface Block {
  readonly readme: string;
  /** 1-based line of the block's first code line. */
  readonly line: number;
  readonly code: string;
}

function readmes(): string[] {
  const examples = path.join(REPO_ROOT, "examples");
  const own = fs.readdirSync(examples).map((d) => path.join(examples, d, "README.md"));
  return [path.join(REPO_ROOT, "README.md"), ...own.filter((f) => fs.existsSync(f))];
}

function tsBlocks(file: string): Block[] {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${path.relative(REPO_ROOT, file)}:${i + 1}: a \`\`\`ts block is not closed`);
    blocks.push({ readme: path.relative(REPO_ROOT, file), line: i + 2, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** Names exported by the package, values and types, from components/index.ts. */
function packageExports(): { values: string[]; types: string[] } {
  const index = fs.readFileSync(path.join(REPO_ROOT, "components", "index.ts"), "utf8");
  const values: string[] = [];
  const types: string[] = [];
  for (const m of index.matchAll(/^export (type )?\{([^}]+)\}/gm))
    (m[1] ? types : values).push(
      ...m[2]
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    );
  return { values, types };
}

/** The exported `*Args` interfaces that declare a property of this name. */
function argsDeclaring(property: string, types: readonly string[]): string[] {
  const sources = fs
    .readdirSync(path.join(REPO_ROOT, "components"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => fs.readFileSync(path.join(REPO_ROOT, "components", f), "utf8"));
  return types.filter(
    (name) =>
      name.endsWith("Args") &&
      sources.some((src) => {
        const body = new RegExp(`^export interface ${name}\\b[^{]*\\{\\n([\\s\\S]*?)^\\}`, "m").exec(src)?.[1];
        return body !== undefined && new RegExp(`^\\s*(readonly\\s+)?${property}\\??:`, "m").test(body);
      }),
  );
}

/** The block as a module that tsc can check, and how many lines precede the block's own. */
function completed(block: Block, exports: { values: string[]; types: string[] }): { text: string; offset: number } {
  const code = block.code;
  const firstLine = code.split("\n").find((l) => l.trim() && !l.trim().startsWith("//")) ?? "";
  const fragmentKey = /^\s*([A-Za-z_$][\w$]*)\s*:/.exec(firstLine)?.[1];
  const header: string[] = [];
  if (!/^\s*import\s/m.test(code)) {
    const declared = (n: string) => new RegExp(`\\b(const|let|var|class|function)\\s+${n}\\b`).test(code);
    const used = [...exports.values, ...exports.types].filter((n) => new RegExp(`\\b${n}\\b`).test(code) && !declared(n));
    if (used.length) header.push(`import { ${used.join(", ")} } from "hardened-aws";`);
    header.push(`import * as pulumi from "@pulumi/pulumi";`, `import * as aws from "@pulumi/aws";`);
  }
  if (fragmentKey) {
    const owners = argsDeclaring(fragmentKey, exports.types);
    if (owners.length !== 1)
      throw new Error(
        `${block.readme}:${block.line}: the block is one argument (${fragmentKey}) but ${owners.length ? `${owners.join(", ")} all declare` : "no exported *Args interface declares"} it; show the call it belongs to.`,
      );
    header.push(`import type { ${owners[0]} } from "hardened-aws";`, `export const argument: Partial<${owners[0]}> = {`);
    return { text: `${header.join("\n")}\n${code}\n};\n`, offset: header.length };
  }
  header.push("export {};");
  return { text: `${header.join("\n")}\n${code}\n`, offset: header.length };
}

describe("README examples", () => {
  it("type-check against the package, each error named by its README line", () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(REPO_ROOT, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (!parsed) throw new Error("tsconfig.json could not be read");
    // Excerpts import or declare more than each one uses; jest's globals serve the README's test examples.
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, noUnusedLocals: false, types: ["node", "jest"] };
    const exports = packageExports();
    const blocks = readmes().flatMap(tsBlocks);
    expect(blocks.length).toBeGreaterThanOrEqual(10);

    const dir = path.join(REPO_ROOT, "test", "package", "readme-blocks");
    const files = new Map<string, { block: Block; offset: number; text: string }>();
    for (const block of blocks) {
      const { text, offset } = completed(block, exports);
      files.set(path.join(dir, `${block.readme.replace(/[/.]/g, "_")}_${block.line}.ts`), { block, offset, text });
    }
    const context = path.join(dir, "context.d.ts");
    const host = ts.createCompilerHost(options);
    const virtual = (f: string) => (f === context ? CONTEXT : files.get(f)?.text);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    host.getSourceFile = (f, lang, ...rest) => {
      const text = virtual(path.resolve(f));
      return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, ...rest);
    };
    host.fileExists = (f) => virtual(path.resolve(f)) !== undefined || fileExists(f);
    host.readFile = (f) => virtual(path.resolve(f)) ?? readFile(f);

    const program = ts.createProgram([context, ...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      const where = d.file && files.get(path.resolve(d.file.fileName));
      if (!where || d.start === undefined) return `${d.file ? path.relative(REPO_ROOT, d.file.fileName) : "(options)"}: ${message}`;
      const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start);
      const readmeLine = where.block.line + line - where.offset;
      return line < where.offset ? `${where.block.readme}:${where.block.line}: (in the completion of the block) ${message}` : `${where.block.readme}:${readmeLine}:${character + 1}: ${message}`;
    });
    expect(problems).toEqual([]);
  });
});
