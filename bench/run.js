#!/usr/bin/env node
/**
 * Entry point for `npm run bench`: installs @pulumi/awsguard, the pack compared against, into its own pack directory
 * (bench/awsguard: package.json, package-lock.json, node_modules; outside the product's dependencies) when missing, then runs the benchmark (bench/main.ts) through swc, as tools/run.js does.
 * `node bench/run.js --only throughput,start` runs some sections; `node bench/run.js worker …` is one measurement.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const dir = __dirname;
const awsguard = path.join(dir, "awsguard");
if (!fs.existsSync(path.join(awsguard, "node_modules", "@pulumi", "awsguard", "package.json"))) {
  console.error("bench: installing @pulumi/awsguard (bench/awsguard/package-lock.json) into bench/awsguard/node_modules");
  // No install scripts: @pulumi/aws 4 (awsguard's) would try to download a provider plugin it never uses here.
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: awsguard, stdio: "inherit" });
}
require("ts-node").register({ transpileOnly: true, swc: true, project: path.join(dir, "..", "tsconfig.json") });
const [command, ...args] = process.argv.slice(2);
if (command === "worker") {
  process.argv = [process.argv[0], path.join(dir, "worker.ts"), ...args];
  process.env.BENCH_WORKER = "1";
  require("./worker.ts");
} else {
  require("./main.ts")
    .main(process.argv.slice(2))
    .then(
      (code) => process.exit(code),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
}
