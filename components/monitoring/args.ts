import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";
import { AlarmName } from "./defaults";

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

/** Arguments for {@link Monitoring}. */
export interface MonitoringArgs {
  readonly environment: Environment;
  /** Application name; part of the topic, metric namespace and dashboard names. */
  readonly appName: string;
  /** Addresses subscribed to the alert topic (each must confirm); prod needs at least one. @default [] */
  readonly alertEmails?: readonly string[];
  /** Keep the subscription endpoints secret in state (set when the addresses were stored with --secret). @default false */
  readonly alertEmailsSecret?: boolean;
  /** An existing CMK for the topic; its policy must let the publishing services use it. @default a new CMK with rotation */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Service principals allowed to publish, from this account only. @default cloudwatch, backup and events (see defaults.ts) */
  readonly publishers?: readonly string[];
  /** Name of the security-class log group the app writes security events to; its filters are created when given. @default none */
  readonly securityLogGroupName?: pulumi.Input<string>;
  /** Name of the application (access) log group with a JSON `status` field; its filters are created when given. @default none */
  readonly appLogGroupName?: pulumi.Input<string>;
  /** Threshold overrides per alarm. @default the requirement figures in defaults.ts */
  readonly thresholds?: Partial<Record<AlarmName, number>>;
  /** Resources to chart on the dashboard. @default security metrics only */
  readonly dashboard?: DashboardTargets;
}
