import * as pulumi from "@pulumi/pulumi";

/** One problem with an argument: a stable code, the argument path, what is wrong and how to fix it. */
export interface ArgProblem {
  readonly code: string;
  readonly arg: string;
  readonly problem: string;
  readonly fix: string;
}

/** Formats problems one per line: `arg: problem [CODE]. Fix: fix`. */
export function formatProblems(problems: readonly ArgProblem[]): string {
  return problems.map((p) => `  - ${p.arg}: ${p.problem} [${p.code}]. Fix: ${p.fix}`).join("\n");
}

/**
 * Thrown by a component's validation before any child registers. `codes` lets tests and callers match
 * the rule without parsing the message.
 */
export class ArgumentError extends pulumi.RunError {
  readonly codes: readonly string[];
  readonly problems: readonly ArgProblem[];
  constructor(component: string, name: string, problems: readonly ArgProblem[]) {
    super(`${component} "${name}" has invalid arguments:\n${formatProblems(problems)}`);
    this.name = "ArgumentError";
    this.problems = problems;
    this.codes = problems.map((p) => p.code);
  }
}

/** Collects problems and throws them together, so a caller sees every bad argument at once. */
export class Problems {
  private readonly list: ArgProblem[] = [];
  add(code: string, arg: string, problem: string, fix: string): void {
    this.list.push({ code, arg, problem, fix });
  }
  /** Adds the problem when `bad` is true. */
  check(bad: boolean, code: string, arg: string, problem: string, fix: string): void {
    if (bad) this.add(code, arg, problem, fix);
  }
  get items(): readonly ArgProblem[] {
    return this.list;
  }
  throwIfAny(component: string, name: string): void {
    if (this.list.length > 0) throw new ArgumentError(component, name, this.list);
  }
}
