/**
 * `npm run graphs`: writes the prod stack's resource graph of every example (examples/<app>/prod-stack.dot, and
 * prod-stack.svg where Graphviz is installed), the picture each example's README shows. The examples test fails
 * when a committed .dot file is not what the program builds now.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Capture, capture, loadProjectStack, toDot } from "../testing";

const EXAMPLES = path.resolve(__dirname, "..", "examples");

/** Writes a capture's graph as DOT, and an SVG beside it when Graphviz's `dot` is installed; returns the files written. */
export function writeGraph(cap: Capture, title: string, file: string): string[] {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, toDot(cap, title));
  const svg = file.replace(/\.dot$/, "") + ".svg";
  return spawnSync("dot", ["-Tsvg", file, "-o", svg], { encoding: "utf8" }).status === 0 ? [file, svg] : [file];
}

export async function main(_argv: string[] = []): Promise<number> {
  const apps = fs
    .readdirSync(EXAMPLES)
    .filter((d) => fs.existsSync(path.join(EXAMPLES, d, "Pulumi.prod.yaml")))
    .sort();
  for (const app of apps) {
    const ps = loadProjectStack(path.join(EXAMPLES, app), "prod");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cap = await capture(() => require(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys });
    const files = writeGraph(cap, `${ps.project}/prod`, path.join(EXAMPLES, app, "prod-stack.dot"));
    console.log(`${app}: ${cap.resources.length} resources -> ${files.map((f) => path.relative(process.cwd(), f)).join(", ")}${files.length === 1 ? " (install Graphviz for the SVG)" : ""}`);
  }
  return 0;
}
