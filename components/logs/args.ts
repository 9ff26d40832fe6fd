import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";

/**
 * The log classes every log group belongs to; each has its own retention. `security-critical` holds the
 * critical security alerts kept a year (LOG-2).
 */
export type LogClass = "application" | "security" | "security-critical" | "audit" | "network";

/** Arguments for {@link LogClasses}. */
export interface LogClassesArgs {
  /** Environment; part of every group name (`/<appName>/<env>/…`). @checked at construction */
  readonly environment: Environment;
  /** Application name; first segment of every group name. @checked at construction */
  readonly appName: string;
  /**
   * Retention per class in days. Must be CloudWatch Logs values.
   * @default application 30, security 90, security-critical 365, audit 2557 (7 years), network 90 — see defaults.ts
   * @checked at construction
   */
  readonly retentionDays?: Partial<Record<LogClass, number>>;
  /** An existing CMK ARN for log encryption. @default a new CMK whose policy admits CloudWatch Logs of this account and region only @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
}
