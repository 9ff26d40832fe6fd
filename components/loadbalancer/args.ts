import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../shared/naming";
import { AllowedSslPolicy } from "./defaults";

/** One target group behind the HTTPS listener, keyed by a stable name in {@link SecureLoadBalancerArgs.targets}. */
export interface LoadBalancerTarget {
  /** Container port the target group sends traffic to (tasks register by IP). */
  readonly port: number;
  /** Path of the HTTP health check, e.g. `/health` (CTR-4). */
  readonly healthCheckPath: string;
  /**
   * Host names this target serves (the rule's `host-header` condition); each must be one of the allowed
   * hosts (domainName + extraHostNames). At most 3 (ALB: three values per condition, five per rule).
   * @default every allowed host
   */
  readonly hosts?: readonly string[];
  /**
   * Path patterns this target serves (the rule's `path-pattern` condition, `*` and `?` wildcards), e.g.
   * `["/api/*"]`. At most 3, and hosts + paths at most 5. Rules with paths should take a lower priority than
   * a catch-all target on the same host. @default no path condition (every path of the hosts)
   */
  readonly paths?: readonly string[];
  /** HTTP codes a healthy target answers with. @default "200-399" */
  readonly healthCheckMatcher?: string;
  /** Listener rule priority (1–50000). @default 100 × (position of the name in sorted order + 1) */
  readonly priority?: number;
}

/**
 * A second HTTPS listener, on its own port, that requires client certificates (mutual TLS `verify`) for
 * devices such as cameras (EDGE-8); browsers keep using 443 without client certificates. The trust store
 * comes from `caBundlePem` (uploaded to a private bucket) or an existing `trustStoreArn`: exactly one.
 */
export interface ClientCertListenerArgs {
  /** Listener port; not 80 or 443. @default 8443 */
  readonly port?: number;
  /** Keys of `targets` this listener forwards to, with the same host and path conditions. */
  readonly targets: readonly string[];
  /** PEM bundle of the CA certificates that sign client certificates (the camera CA). @default none */
  readonly caBundlePem?: pulumi.Input<string>;
  /** An existing `aws.lb.TrustStore` ARN instead of `caBundlePem`. @default none */
  readonly trustStoreArn?: pulumi.Input<string>;
  /** Only `verify` is accepted: the ALB refuses clients without a certificate the trust store validates. @default "verify" */
  readonly mode?: "verify";
  /** Tags the listener `purpose=<value>`; the pack requires mTLS verify on `camera-ingest`. @default "camera-ingest" */
  readonly purpose?: string;
  /** CIDRs admitted on `port`: the devices' networks. Required; the world (`/0`) is refused, as on every port but 80/443. */
  readonly ingressCidrs: readonly string[];
}

/** One TLS listener of the network load balancer and the target group behind it, keyed by a stable name. */
export interface NlbListenerArgs {
  /** Port clients connect to with TLS, e.g. 322 for RTSPS. */
  readonly port: number;
  /** Port the targets listen on (plain TCP behind TLS termination), e.g. 8554. */
  readonly targetPort: number;
}

/**
 * An internet-facing Network Load Balancer with TLS listeners for non-HTTP streams (e.g. RTSP over TLS):
 * TLS 1.2+ policy, the ALB's certificate, access logs to the same bucket (prefix `nlb`), cross-zone load
 * balancing on, deletion protection as the ALB, and its own security group.
 */
export interface NetworkLoadBalancerArgs {
  /** TLS listeners keyed by a stable name, e.g. `{ rtsps: { port: 322, targetPort: 8554 } }`. */
  readonly listeners: Readonly<Record<string, NlbListenerArgs>>;
  /** CIDRs admitted on the listener ports: the clients' networks. Required; the world (`/0`) is refused, as on every port but 80/443. */
  readonly ingressCidrs: readonly string[];
  /** TLS policy of the listeners; one of ALLOWED_SSL_POLICIES. @default "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" */
  readonly sslPolicy?: AllowedSslPolicy;
}

/** Arguments for {@link SecureLoadBalancer}. */
export interface SecureLoadBalancerArgs {
  /** Environment; tags and prod defaults (deletion protection). @checked at construction */
  readonly environment: Environment;
  /** Application name; first segment of the access-log bucket name `<appName>-<env>-alb-logs-<account>`. @checked at construction */
  readonly appName: string;
  /** VPC of the load balancer and its target groups. @checked at construction, or when it resolves if it is an Output */
  readonly vpcId: pulumi.Input<string>;
  /** CIDR of that VPC; the load balancer's only egress (to targets on their ports). @checked at construction */
  readonly vpcCidr: string;
  /** Public subnets (two or more AZs). @checked at construction, or when it resolves if it is an Output */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** CIDRs admitted on 443 and 80 (80 only redirects). `0.0.0.0/0` for a public site. @checked at construction */
  readonly ingressCidrs: readonly string[];
  /** Primary host name: certificate subject and first allowed host. @checked at construction */
  readonly domainName: string;
  /** Further allowed hosts (certificate SANs). @default [] @checked at construction */
  readonly extraHostNames?: readonly string[];
  /**
   * Route 53 zone for the ACM DNS-validation records. In prod, this or `certificateArn` is required: without
   * either, certificate validation would wait for records nobody creates. @default none (records are created elsewhere)
   * @checked at construction
   */
  readonly hostedZoneId?: string;
  /** An existing (imported or issued) ACM certificate instead of a new DNS-validated one. @default a new certificate @checked at construction, or when it resolves if it is an Output */
  readonly certificateArn?: pulumi.Input<string>;
  /** TLS policy of the HTTPS listener (TLS-1); one of ALLOWED_SSL_POLICIES. @default "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" @checked at construction */
  readonly sslPolicy?: AllowedSslPolicy;
  /** Adds `; preload` to HSTS (commits every subdomain to HTTPS; needs hstspreload.org submission). @default false @checked at construction */
  readonly hstsPreload?: boolean;
  /**
   * A static Content-Security-Policy the ALB inserts. Leave unset when the app sends nonce-based CSP: the
   * ALB would overwrite the per-response nonce (EDGE-4). @default unset
   * @checked at construction
   */
  readonly contentSecurityPolicy?: string;
  /** Target groups keyed by a stable name, e.g. `{ app: { port: 8000, healthCheckPath: "/health" } }`. @checked at construction */
  readonly targets: Readonly<Record<string, LoadBalancerTarget>>;
  /** Deletion protection on the load balancer (ELB.6). @default true in prod, false in staging @checked at construction */
  readonly enableDeletionProtection?: boolean;
  /** Connection idle timeout, seconds (raise it for large uploads). @default 60 @checked at construction */
  readonly idleTimeoutSeconds?: number;
  /** Days access logs are kept before they expire. @default 365 @checked at construction */
  readonly accessLogRetentionDays?: number;
  /** A second HTTPS listener requiring client certificates (mTLS verify) on its own port. @default none @checked at construction */
  readonly clientCertListener?: ClientCertListenerArgs;
  /** A network load balancer with TLS listeners for non-HTTP streams. @default none @checked at construction */
  readonly networkLoadBalancer?: NetworkLoadBalancerArgs;
  /** SNS topic for the 5xx, unhealthy-host, latency and error-rate alarms. @default no alarms @checked at construction, or when it resolves if it is an Output */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** p95 TargetResponseTime alarm threshold, seconds (MON-5: no seed value). @default 1.5 @checked at construction */
  readonly latencyP95Seconds?: number;
}
