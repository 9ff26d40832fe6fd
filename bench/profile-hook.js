/**
 * Preloaded into a pack process (NODE_OPTIONS=--require) by the benchmark: starts a CPU profile on SIGUSR2 (after
 * the pack has started and been configured) and writes it to $BENCH_CPU_PROFILE on SIGTERM (PackSession.close).
 */
const inspector = require("inspector");
const fs = require("fs");

const session = new inspector.Session();
session.connect();
process.on("SIGUSR2", () => session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 100 }, () => session.post("Profiler.start"))));
process.on("SIGTERM", () => {
  session.post("Profiler.stop", (err, res) => {
    if (!err) fs.writeFileSync(process.env.BENCH_CPU_PROFILE, JSON.stringify(res.profile));
    process.exit(0);
  });
});
