import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../shared/cidr";
import { awsContext, baseTags } from "../shared/naming";
import { SecureLoadBalancerArgs } from "./args";
import { privateBucket } from "./bucket";
import { SecureBucket } from "../bucket";
import {
  ACCESS_LOG_PREFIX,
  ALARMS,
  DEREGISTRATION_DELAY_SECONDS,
  DESYNC_MITIGATION_MODE,
  ELB_LOG_DELIVERY_PRINCIPAL,
  HEALTH_CHECK,
  hstsValue,
  NLB_ACCESS_LOG_PREFIX,
  NLB_HEALTH_CHECK,
  NLB_LOG_DELIVERY_PRINCIPAL,
  NONCURRENT_VERSION_RETENTION_DAYS,
  UNKNOWN_HOST_RESPONSE,
  X_CONTENT_TYPE_OPTIONS,
  X_FRAME_OPTIONS,
  XFF_HEADER_PROCESSING_MODE,
} from "./defaults";
import { checked, checkedCaBundle, validate, withDefaults } from "./validate";

export * from "./args";
export { ALLOWED_SSL_POLICIES, DEFAULT_SSL_POLICY } from "./defaults";

/**
 * An internet-facing Application Load Balancer that serves HTTPS only (EDGE-1): port 80 answers with a
 * 301 to HTTPS, the HTTPS listener uses a TLS 1.2+ policy (TLS-1), inserts HSTS, X-Frame-Options and
 * X-Content-Type-Options (EDGE-2/3), forwards only for allowed Host headers and answers 404 otherwise
 * (EDGE-5). Invalid headers are dropped, desync mitigation is strictest, and access logs go to a private,
 * TLS-only bucket (LOG-5). Its security group admits 443/80 from `ingressCidrs` and reaches only the VPC
 * on the target ports (NET-2).
 */
export class SecureLoadBalancer extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the CloudWatch `LoadBalancer` dimension. */
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly httpsListenerArn: pulumi.Output<string>;
  /** Target group ARNs keyed like `targets`. */
  readonly targetGroupArns: Readonly<Record<string, pulumi.Output<string>>>;
  /**
   * The listener rules that attach each target group to the load balancer (the HTTPS listener's, and the
   * client-certificate listener's when the target is behind it), keyed like `targets`: a HardenedService's
   * `loadBalancerDependencies`, so its ECS service is created after them and waits for nothing else here.
   */
  readonly targetAttachments: Readonly<Record<string, readonly pulumi.Resource[]>>;
  readonly logBucketName: pulumi.Output<string>;
  /** Host names the HTTPS listener forwards for (domainName + extraHostNames). */
  readonly allowedHosts: readonly string[];
  /** The client-certificate (mTLS) listener's ARN; undefined without `clientCertListener`. */
  readonly clientCertListenerArn?: pulumi.Output<string>;
  /** The trust store the client-certificate listener verifies against. */
  readonly trustStoreArn?: pulumi.Output<string>;
  /** The network load balancer's ARN, DNS name and security group; undefined without `networkLoadBalancer`. */
  readonly nlbArn?: pulumi.Output<string>;
  readonly nlbDnsName?: pulumi.Output<string>;
  readonly nlbSecurityGroupId?: pulumi.Output<string>;
  /** NLB target group ARNs keyed like `networkLoadBalancer.listeners`. */
  readonly nlbTargetGroupArns: Readonly<Record<string, pulumi.Output<string>>> = {};
  /** The TLS listener that attaches each NLB target group, keyed like `networkLoadBalancer.listeners` (as {@link targetAttachments}). */
  readonly nlbTargetAttachments: Readonly<Record<string, readonly pulumi.Resource[]>> = {};

  constructor(name: string, args: SecureLoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = validate(name, withDefaults(checked(name, args))); // before super: bad input registers nothing
    super("hardened:loadbalancer:SecureLoadBalancer", name, {}, opts);
    const tags = (extra: Record<string, string> = {}) => baseTags(a.environment, "loadbalancer", extra);
    const parent = { parent: this };
    const ctx = awsContext(this);
    this.allowedHosts = a.allowedHosts;

    // ---- security group (NET-2) ----
    const from = (cidrs: readonly string[], port: number, description: string) => {
      const v4 = cidrs.filter((c) => parseCidr(c)?.family === 4);
      const v6 = cidrs.filter((c) => parseCidr(c)?.family === 6);
      return { protocol: "tcp", fromPort: port, toPort: port, ...(v4.length ? { cidrBlocks: v4 } : {}), ...(v6.length ? { ipv6CidrBlocks: v6 } : {}), description };
    };
    const toVpc = (ports: number[]) =>
      [...new Set(ports)].sort((x, y) => x - y).map((port) => ({ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [a.vpcCidr], description: `Targets on ${port}` }));
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: a.vpcId,
        description: "Load balancer: HTTPS (and HTTP redirect) from the allowed CIDRs; targets in the VPC only",
        ingress: [
          from(a.ingressCidrs, 443, "HTTPS from clients"),
          from(a.ingressCidrs, 80, "HTTP, redirected to HTTPS"),
          ...(a.clientCert ? [from(a.clientCert.ingressCidrs, a.clientCert.port, "HTTPS with client certificates (devices)")] : []),
        ],
        egress: toVpc(Object.values(a.resolvedTargets).map((t) => t.port)),
        tags: tags({ Name: `${name}-alb` }),
      },
      parent,
    );
    this.securityGroupId = sg.id;

    // ---- access-log bucket (LOG-5, ELB.5) ----
    const elbAccount = aws.elb.getServiceAccountOutput({}, parent);
    const logs = privateBucket(
      `${name}-access-logs`,
      {
        environment: a.environment,
        bucket: pulumi.interpolate`${a.appName}-${a.environment}-alb-logs-${ctx.accountId}`,
        partition: ctx.partition,
        tags: tags({ purpose: "alb-access-logs" }),
        expireDays: a.accessLogRetentionDays,
        noncurrentDays: NONCURRENT_VERSION_RETENTION_DAYS,
        statements: (arn) =>
          pulumi.all([arn, elbAccount.arn, ctx.all]).apply(([bucketArn, elbArn, { accountId: account, partition, region }]): Record<string, unknown>[] => {
            const resource = `${bucketArn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account}/*`;
            // NLB access logs are vended logs: delivery.logs checks the bucket ACL, then writes under its prefix.
            const source = { StringEquals: { "aws:SourceAccount": account }, ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${account}:*` } };
            const nlb = a.nlb
              ? [
                  { Sid: "NlbLogDeliveryAclCheck", Effect: "Allow", Principal: { Service: NLB_LOG_DELIVERY_PRINCIPAL }, Action: "s3:GetBucketAcl", Resource: bucketArn, Condition: source },
                  {
                    Sid: "NlbLogDeliveryWrite",
                    Effect: "Allow",
                    Principal: { Service: NLB_LOG_DELIVERY_PRINCIPAL },
                    Action: "s3:PutObject",
                    Resource: `${bucketArn}/${NLB_ACCESS_LOG_PREFIX}/AWSLogs/${account}/*`,
                    Condition: { ...source, StringEquals: { ...source.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" } },
                  },
                ]
              : [];
            return [
              { Sid: "ElbLogDeliveryRegionalAccount", Effect: "Allow", Principal: { AWS: elbArn }, Action: "s3:PutObject", Resource: resource },
              { Sid: "ElbLogDeliveryService", Effect: "Allow", Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL }, Action: "s3:PutObject", Resource: resource },
              ...nlb,
            ];
          }),
      },
      this,
    );
    this.logBucketName = logs.bucket.bucket;

    // ---- load balancer (EDGE-5, ELB.4/5/6/12) ----
    const lb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: a.subnetIds,
        securityGroups: [sg.id],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: DESYNC_MITIGATION_MODE,
        xffHeaderProcessingMode: XFF_HEADER_PROCESSING_MODE,
        enableDeletionProtection: a.enableDeletionProtection,
        idleTimeout: a.idleTimeoutSeconds,
        accessLogs: { bucket: logs.bucket.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true },
        tags: tags({ Name: `${name}-alb` }),
      },
      { parent: this, dependsOn: logs.ready },
    );
    this.arn = lb.arn;
    this.arnSuffix = lb.arnSuffix;
    this.dnsName = lb.dnsName;
    this.zoneId = lb.zoneId;

    // ---- certificate (TLS-2) ----
    let certificateArn: pulumi.Input<string>;
    let createdCertificate: aws.acm.Certificate | undefined;
    if (a.certificateArn) {
      certificateArn = a.certificateArn;
    } else {
      const cert = new aws.acm.Certificate(
        `${name}-cert`,
        {
          domainName: a.domainName,
          subjectAlternativeNames: a.extraHostNames.length ? [...a.extraHostNames] : undefined,
          validationMethod: "DNS",
          tags: tags(),
        },
        { parent: this },
      );
      createdCertificate = cert;
      const records = a.hostedZoneId
        ? a.allowedHosts.map((host) => {
            const option = cert.domainValidationOptions.apply((o) => o.find((d) => d.domainName === host)!);
            return new aws.route53.Record(
              `${name}-cert-${host.replace(/\*/g, "wildcard").replace(/\./g, "-")}`,
              {
                zoneId: a.hostedZoneId!,
                name: option.apply((o) => o.resourceRecordName),
                type: option.apply((o) => o.resourceRecordType),
                records: [option.apply((o) => o.resourceRecordValue)],
                ttl: 300,
                allowOverwrite: true,
              },
              parent,
            );
          })
        : [];
      const validation = new aws.acm.CertificateValidation(
        `${name}-cert-validation`,
        {
          certificateArn: cert.arn,
          ...(records.length ? { validationRecordFqdns: records.map((r) => r.fqdn) } : {}),
        },
        parent,
      );
      certificateArn = validation.certificateArn;
    }

    // ---- listeners (EDGE-1/2/3/5, TLS-1) ----
    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: lb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        tags: tags(),
      },
      parent,
    );
    // Every HTTPS listener: TLS 1.2+ policy, security headers, no Server header, 404 for unknown hosts.
    const httpsListener = (role: string, port: number, extra: Partial<aws.lb.ListenerArgs>, extraTags: Record<string, string> = {}) =>
      new aws.lb.Listener(
        `${name}-${role}`,
        {
          loadBalancerArn: lb.arn,
          port,
          protocol: "HTTPS",
          sslPolicy: a.sslPolicy,
          certificateArn,
          defaultActions: [{ type: "fixed-response", fixedResponse: { ...UNKNOWN_HOST_RESPONSE } }],
          routingHttpResponseStrictTransportSecurityHeaderValue: hstsValue(a.hstsPreload),
          routingHttpResponseXFrameOptionsHeaderValue: X_FRAME_OPTIONS,
          routingHttpResponseXContentTypeOptionsHeaderValue: X_CONTENT_TYPE_OPTIONS,
          routingHttpResponseServerEnabled: false,
          ...(a.contentSecurityPolicy ? { routingHttpResponseContentSecurityPolicyHeaderValue: a.contentSecurityPolicy } : {}),
          ...extra,
          tags: tags(extraTags),
        },
        parent,
      );
    const https = httpsListener("https", 443, {});
    this.httpsListenerArn = https.arn;

    // ---- client-certificate listener on its own port, trust store from S3 (EDGE-8) ----
    let mtls: aws.lb.Listener | undefined;
    const c = a.clientCert;
    if (c) {
      let trustStoreArn: pulumi.Output<string>;
      if (c.caBundlePem !== undefined) {
        // The CA bundle lives in a SecureBucket (CMK, versioning, access logs, TLS-only policy) like any bucket.
        const store = new SecureBucket(`${name}-truststore`, { environment: a.environment, appName: a.appName, purpose: "alb-truststore" }, { parent: this });
        const bundle = new aws.s3.BucketObjectv2(
          `${name}-ca-bundle`,
          {
            bucket: store.bucketName,
            key: "ca-bundle.pem",
            content: checkedCaBundle(name, c.caBundlePem),
            contentType: "application/x-pem-file",
            tags: tags(),
          },
          { parent: this, dependsOn: [store] },
        );
        const trustStore = new aws.lb.TrustStore(
          `${name}-truststore`,
          {
            caCertificatesBundleS3Bucket: bundle.bucket,
            caCertificatesBundleS3Key: bundle.key,
            caCertificatesBundleS3ObjectVersion: bundle.versionId,
            tags: tags(),
          },
          parent,
        );
        trustStoreArn = trustStore.arn;
      } else {
        trustStoreArn = pulumi.output(c.trustStoreArn!);
      }
      this.trustStoreArn = trustStoreArn;
      mtls = httpsListener("mtls", c.port, { mutualAuthentication: { mode: "verify", trustStoreArn, ignoreClientCertificateExpiry: false } }, { purpose: c.purpose });
      this.clientCertListenerArn = mtls.arn;
    }

    // ---- targets: one group each, one rule per listener with host-header and path-pattern conditions (EDGE-5, CTR-4) ----
    const targetGroupArns: Record<string, pulumi.Output<string>> = {};
    const targetAttachments: Record<string, pulumi.Resource[]> = {};
    const targetGroups: Record<string, aws.lb.TargetGroup> = {};
    for (const [key, t] of Object.entries(a.resolvedTargets)) {
      const tg = new aws.lb.TargetGroup(
        `${name}-${key}`,
        {
          vpcId: a.vpcId,
          port: t.port,
          protocol: "HTTP",
          targetType: "ip",
          deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
          healthCheck: {
            enabled: true,
            path: t.healthCheckPath,
            protocol: "HTTP",
            port: "traffic-port",
            interval: HEALTH_CHECK.interval,
            timeout: HEALTH_CHECK.timeout,
            healthyThreshold: HEALTH_CHECK.healthyThreshold,
            unhealthyThreshold: HEALTH_CHECK.unhealthyThreshold,
            matcher: t.healthCheckMatcher,
          },
          tags: tags({ target: key }),
        },
        parent,
      );
      const rule = {
        priority: t.priority,
        conditions: [{ hostHeader: { values: [...t.hosts] } }, ...(t.paths.length ? [{ pathPattern: { values: [...t.paths] } }] : [])],
        actions: [{ type: "forward", targetGroupArn: tg.arn }],
        tags: tags({ target: key }),
      };
      targetAttachments[key] = [new aws.lb.ListenerRule(`${name}-${key}`, { listenerArn: https.arn, ...rule }, parent)];
      if (mtls && c!.targets.includes(key)) targetAttachments[key].push(new aws.lb.ListenerRule(`${name}-mtls-${key}`, { listenerArn: mtls.arn, ...rule }, parent));
      targetGroupArns[key] = tg.arn;
      targetGroups[key] = tg;
    }
    this.targetGroupArns = targetGroupArns;
    this.targetAttachments = targetAttachments;

    // ---- optional network load balancer: TLS listeners for non-HTTP streams ----
    if (a.nlb) {
      const n = a.nlb;
      const listeners = Object.entries(n.listeners).sort(([x], [y]) => x.localeCompare(y));
      const nlbSg = new aws.ec2.SecurityGroup(
        `${name}-nlb-sg`,
        {
          vpcId: a.vpcId,
          description: "Network load balancer: TLS listeners from the allowed CIDRs; targets in the VPC only",
          ingress: listeners.map(([key, l]) => from(n.ingressCidrs, l.port, `TLS ${key}`)),
          egress: toVpc(listeners.map(([, l]) => l.targetPort)),
          tags: tags({ Name: `${name}-nlb` }),
        },
        parent,
      );
      const nlb = new aws.lb.LoadBalancer(
        `${name}-nlb`,
        {
          loadBalancerType: "network",
          internal: false,
          subnets: a.subnetIds,
          securityGroups: [nlbSg.id],
          enableCrossZoneLoadBalancing: true,
          enableDeletionProtection: a.enableDeletionProtection,
          accessLogs: { bucket: logs.bucket.bucket, prefix: NLB_ACCESS_LOG_PREFIX, enabled: true },
          tags: tags({ Name: `${name}-nlb` }),
        },
        { parent: this, dependsOn: logs.ready },
      );
      const nlbTargetGroupArns: Record<string, pulumi.Output<string>> = {};
      const nlbTargetAttachments: Record<string, pulumi.Resource[]> = {};
      for (const [key, l] of listeners) {
        const tg = new aws.lb.TargetGroup(
          `${name}-nlb-${key}`,
          {
            vpcId: a.vpcId,
            port: l.targetPort,
            protocol: "TCP",
            targetType: "ip",
            deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
            healthCheck: { enabled: true, protocol: "TCP", port: "traffic-port", ...NLB_HEALTH_CHECK },
            tags: tags({ target: key }),
          },
          parent,
        );
        const listener = new aws.lb.Listener(
          `${name}-nlb-${key}`,
          {
            loadBalancerArn: nlb.arn,
            port: l.port,
            protocol: "TLS",
            sslPolicy: n.sslPolicy,
            certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
            tags: tags({ target: key }),
          },
          parent,
        );
        nlbTargetGroupArns[key] = tg.arn;
        nlbTargetAttachments[key] = [listener];
      }
      this.nlbArn = nlb.arn;
      this.nlbDnsName = nlb.dnsName;
      this.nlbSecurityGroupId = nlbSg.id;
      this.nlbTargetGroupArns = nlbTargetGroupArns;
      this.nlbTargetAttachments = nlbTargetAttachments;
    }

    // ---- alarms (MON-5) ----
    if (a.alarmTopicArn) {
      const dims = { LoadBalancer: lb.arnSuffix };
      const alarm = (role: string, spec: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions" | "tags">) =>
        new aws.cloudwatch.MetricAlarm(`${name}-${role}`, { ...spec, alarmActions: [a.alarmTopicArn!], okActions: [a.alarmTopicArn!], tags: tags() }, parent);
      const base = { namespace: "AWS/ApplicationELB", period: ALARMS.periodSeconds, evaluationPeriods: 1, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching" };
      alarm("elb-5xx", {
        ...base,
        alarmDescription: "Load balancer 5xx responses (no healthy target, timeouts)",
        metricName: "HTTPCode_ELB_5XX_Count",
        statistic: "Sum",
        threshold: ALARMS.elb5xxCount,
        dimensions: dims,
      });
      alarm("target-5xx", { ...base, alarmDescription: "Target 5xx responses", metricName: "HTTPCode_Target_5XX_Count", statistic: "Sum", threshold: ALARMS.target5xxCount, dimensions: dims });
      for (const [key, tg] of Object.entries(targetGroups)) {
        alarm(`${key}-unhealthy`, {
          ...base,
          period: 60,
          evaluationPeriods: 2,
          alarmDescription: `Unhealthy targets in ${key}`,
          metricName: "UnHealthyHostCount",
          statistic: "Maximum",
          threshold: ALARMS.unhealthyHosts,
          dimensions: { LoadBalancer: lb.arnSuffix, TargetGroup: tg.arnSuffix },
        });
      }
      alarm("latency-p95", {
        ...base,
        evaluationPeriods: 3,
        alarmDescription: `p95 TargetResponseTime above ${a.latencyP95Seconds} s`,
        metricName: "TargetResponseTime",
        extendedStatistic: "p95",
        threshold: a.latencyP95Seconds,
        dimensions: dims,
      });
      if (createdCertificate) {
        // TLS-2: ACM renews DNS-validated certificates; an expiry this close means renewal is failing.
        alarm("cert-expiry", {
          namespace: "AWS/CertificateManager",
          metricName: "DaysToExpiry",
          statistic: "Minimum",
          period: 86400,
          evaluationPeriods: 1,
          comparisonOperator: "LessThanThreshold",
          threshold: ALARMS.certificateDaysToExpiry,
          treatMissingData: "notBreaching",
          alarmDescription: `Certificate expires in under ${ALARMS.certificateDaysToExpiry} days (renewal failing)`,
          dimensions: { CertificateArn: createdCertificate.arn },
        });
      }
      const metric = (id: string, metricName: string) => ({ id, metric: { namespace: "AWS/ApplicationELB", metricName, period: ALARMS.periodSeconds, stat: "Sum", dimensions: dims } });
      new aws.cloudwatch.MetricAlarm(
        `${name}-error-rate`,
        {
          alarmDescription: "5xx share of requests above 5% (MON-5)",
          comparisonOperator: "GreaterThanThreshold",
          evaluationPeriods: 1,
          threshold: ALARMS.errorRate,
          treatMissingData: "notBreaching",
          metricQueries: [
            { id: "rate", expression: "(FILL(t5xx,0)+FILL(elb5xx,0))/requests", label: "5xx error rate", returnData: true },
            metric("t5xx", "HTTPCode_Target_5XX_Count"),
            metric("elb5xx", "HTTPCode_ELB_5XX_Count"),
            metric("requests", "RequestCount"),
          ],
          alarmActions: [a.alarmTopicArn],
          okActions: [a.alarmTopicArn],
          tags: tags(),
        },
        parent,
      );
    }

    this.registerOutputs({
      arn: this.arn,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      securityGroupId: this.securityGroupId,
      httpsListenerArn: this.httpsListenerArn,
      targetGroupArns: this.targetGroupArns,
      clientCertListenerArn: this.clientCertListenerArn,
      nlbDnsName: this.nlbDnsName,
      nlbTargetGroupArns: this.nlbTargetGroupArns,
      logBucketName: this.logBucketName,
    });
  }
}
