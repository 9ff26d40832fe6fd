/**
 * `npm run graphs`: writes the prod stack's resource graph of every example (examples/<app>/prod-stack.dot, and
 * prod-stack.svg where Graphviz is installed), the picture each example's README shows. The examples test fails
 * when a committed .dot file is not what the program builds now.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { capture, loadProjectStack, toDot } from "../testing";

const EXAMPLES = path.resolve(__dirname, "..", "examples");

export async function main(_argv: string[] = []): Promise<number> {
  const apps = fs.readdirSync(EXAMPLES).filter((d) => fs.existsSync(path.join(EXAMPLES, d, "Pulumi.prod.yaml"))).sort();
  for (const app of apps) {
    const ps = loadProjectStack(path.join(EXAMPLES, app), "prod");
    const cap = await capture(() => require(ps.main), { project: ps.project, stack: ps.stack, config: ps.config, secretKeys: ps.secretKeys });
    const dot = path.join(EXAMPLES, app, "prod-stack.dot");
    fs.writeFileSync(dot, toDot(cap, `${ps.project}/prod`));
    const svg = spawnSync("dot", ["-Tsvg", dot, "-o", dot.replace(/\.dot$/, ".svg")], { encoding: "utf8" });
    console.log(`${app}: ${cap.resources.length} resources -> ${path.relative(process.cwd(), dot)}${svg.status === 0 ? " and .svg" : " (install Graphviz for the SVG)"}`);
  }
  return 0;
}
