import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";
import { AlarmName, FilterName } from "./defaults";

/** Identifiers of resources to chart; a widget is built only for those given. */
export interface DashboardTargets {
  /** ALB `arnSuffix` (app/<name>/<id>): requests, 5XX, error rate, p95 latency. */
  readonly albArnSuffix?: pulumi.Input<string>;
  /** Target group `arnSuffix`; with `albArnSuffix`, healthy/unhealthy hosts. */
  readonly targetGroupArnSuffix?: pulumi.Input<string>;
  /** WAF web ACL name: blocked and allowed requests. */
  readonly webAclName?: pulumi.Input<string>;
  /** RDS instance identifier: CPU, free storage, connections. */
  readonly dbInstanceIdentifier?: pulumi.Input<string>;
  /** ElastiCache node id (CacheClusterId, e.g. `<group>-001`): evictions, CPU, memory. */
  readonly cacheClusterId?: pulumi.Input<string>;
  /** ECS cluster name; with `ecsServiceName`, service CPU and memory. */
  readonly ecsClusterName?: pulumi.Input<string>;
  readonly ecsServiceName?: pulumi.Input<string>;
}

/** Where an application logs one kind of security event: a JSON field of its log events and the values that count. */
export interface EventMatch {
  /** Dotted path of the field below the event root, e.g. `type` or `event.kind`. @default the filter's (see defaults.ts: `event_type`, or `status` for HTTP codes) */
  readonly field?: string;
  /** Values that count as one event; strings match exactly (case-sensitive), numbers as numbers. @default the filter's */
  readonly values?: readonly (string | number)[];
}

/** What an application wants from one security alarm. */
export interface AlarmSettings {
  /** Events per period that raise the alarm (compared as in defaults.ts: "more than" or "at least"). @default the requirement figure */
  readonly threshold?: number;
  /** Seconds per period: whole minutes, 60 to 86400. @default the requirement figure */
  readonly periodSeconds?: number;
}

/** Arguments for {@link Monitoring}. */
export interface MonitoringArgs {
  /** Environment; tags, names, and prod requires at least one alert address. @checked at construction */
  readonly environment: Environment;
  /** Application name; part of the topic, metric namespace and dashboard names. @checked at construction */
  readonly appName: string;
  /** Addresses subscribed to the alert topic (each must confirm); prod needs at least one. @default [] @checked at construction */
  readonly alertEmails?: readonly string[];
  /** Keep the subscription endpoints secret in state (set when the addresses were stored with --secret). @default false @checked at construction */
  readonly alertEmailsSecret?: boolean;
  /** An existing CMK for the topic; its policy must let the publishing services use it. @default a new CMK with rotation @checked at construction, or when it resolves if it is an Output */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Service principals allowed to publish, each in its own topic policy statement with the condition that service sends
   * (alarms and rules of this account; AWS Backup unconditioned, as it documents), and allowed to use the topic's key.
   * ElastiCache cannot publish to an encrypted topic: route its events through EventBridge (SecureCache does).
   * @default cloudwatch, backup and events (see defaults.ts)
   * @checked at construction
   */
  readonly publishers?: readonly string[];
  /** Name of the security-class log group the app writes security events to; its filters are created when given. @default none @checked at construction, or when it resolves if it is an Output */
  readonly securityLogGroupName?: pulumi.Input<string>;
  /** Name of the application (access) log group with a JSON `status` field; its filters are created when given. @default none @checked at construction, or when it resolves if it is an Output */
  readonly appLogGroupName?: pulumi.Input<string>;
  /**
   * The field and values the application logs, per filter; an unknown filter name is refused.
   * @default the app contract in defaults.ts (`event_type` = `auth_failure`, …; `status` = 401/403, 429)
   * @checked at construction
   */
  readonly filters?: Readonly<Partial<Record<FilterName, EventMatch>>>;
  /**
   * Threshold and period per alarm, e.g. `{ "rate-limited": { threshold: 100 } }` (ITS: 100 rate-limit events per hour);
   * an unknown alarm name is refused. @default the requirement figures in defaults.ts
   * @checked at construction
   */
  readonly alarms?: Readonly<Partial<Record<AlarmName, AlarmSettings>>>;
  /** Resources to chart on the dashboard. @default security metrics only @checked at construction */
  readonly dashboard?: DashboardTargets;
}
