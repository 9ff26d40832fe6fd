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
   * Host names this target serves; each must be one of the allowed hosts (domainName + extraHostNames).
   * At most 5 (one ALB rule condition). @default every allowed host
   */
  readonly hosts?: readonly string[];
  /** HTTP codes a healthy target answers with. @default "200-399" */
  readonly healthCheckMatcher?: string;
  /** Listener rule priority (1–50000). @default 100 × (position of the name in sorted order + 1) */
  readonly priority?: number;
}

/** Client-certificate authentication on the HTTPS listener (EDGE-8). */
export interface MutualTlsArgs {
  /** PEM bundle of the CA certificates that sign client certificates (the camera CA). */
  readonly caBundlePem: pulumi.Input<string>;
  /** Only `verify` is accepted: the ALB rejects clients without a certificate the trust store validates. */
  readonly mode: "verify";
  /** Tags the listener `purpose=<value>`, e.g. `camera-ingest` (the pack then requires mTLS verify on it). @default none */
  readonly purpose?: string;
}

/** Arguments for {@link SecureLoadBalancer}. */
export interface SecureLoadBalancerArgs {
  /** Environment; tags and prod defaults (deletion protection). */
  readonly environment: Environment;
  /** Application name; first segment of the access-log bucket name `<appName>-<env>-alb-logs-<account>`. */
  readonly appName: string;
  /** VPC of the load balancer and its target groups. */
  readonly vpcId: pulumi.Input<string>;
  /** CIDR of that VPC; the load balancer's only egress (to targets on their ports). */
  readonly vpcCidr: string;
  /** Public subnets (two or more AZs). */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** CIDRs admitted on 443 and 80 (80 only redirects). `0.0.0.0/0` for a public site. */
  readonly ingressCidrs: readonly string[];
  /** Primary host name: certificate subject and first allowed host. */
  readonly domainName: string;
  /** Further allowed hosts (certificate SANs). @default [] */
  readonly extraHostNames?: readonly string[];
  /** Route 53 zone for the ACM DNS-validation records. @default none (records are created elsewhere) */
  readonly hostedZoneId?: string;
  /** An existing ACM certificate instead of a new DNS-validated one. @default a new certificate */
  readonly certificateArn?: pulumi.Input<string>;
  /** TLS policy of the HTTPS listener (TLS-1); one of ALLOWED_SSL_POLICIES. @default "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" */
  readonly sslPolicy?: AllowedSslPolicy;
  /** Adds `; preload` to HSTS (commits every subdomain to HTTPS; needs hstspreload.org submission). @default false */
  readonly hstsPreload?: boolean;
  /**
   * A static Content-Security-Policy the ALB inserts. Leave unset when the app sends nonce-based CSP: the
   * ALB would overwrite the per-response nonce (EDGE-4). @default unset
   */
  readonly contentSecurityPolicy?: string;
  /** Target groups keyed by a stable name, e.g. `{ app: { port: 8000, healthCheckPath: "/health" } }`. */
  readonly targets: Readonly<Record<string, LoadBalancerTarget>>;
  /** Deletion protection on the load balancer (ELB.6). @default true in prod, false in staging */
  readonly enableDeletionProtection?: boolean;
  /** Connection idle timeout, seconds (raise it for large uploads). @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** Days access logs are kept before they expire. @default 365 */
  readonly accessLogRetentionDays?: number;
  /** Client-certificate authentication (trust store + `mutualAuthentication` verify). @default off */
  readonly mutualTls?: MutualTlsArgs;
  /** SNS topic for the 5xx, unhealthy-host, latency and error-rate alarms. @default no alarms */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** p95 TargetResponseTime alarm threshold, seconds (MON-5: no seed value). @default 1.5 */
  readonly latencyP95Seconds?: number;
}
