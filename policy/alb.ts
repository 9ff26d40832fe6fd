/**
 * Load balancer controls: HTTPS only with a modern TLS policy, security headers and a host allowlist on
 * HTTPS listeners, header hygiene, access logs, deletion protection, health checks, and a WAF in front of
 * every internet-facing ALB (EDGE-*, TLS-1, WAF-1, LOG-5, CTR-4).
 */
import { ENVIRONMENT_CONFIG, isProd } from "./environment";
import { asArray, isUnknown, known, peek, present, raw, referencesResource, resourcePolicy, stackPolicy, undecided, setProps } from "./lib";

export const LB_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"] as const;
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"] as const;
export const TARGET_GROUP_TYPES = ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"] as const;
export const WAF_ASSOCIATION = "aws:wafv2/webAclAssociation:WebAclAssociation";

/** TLS-1: TLS 1.2+ policies with forward secrecy. */
export const ALLOWED_SSL_POLICY = /^ELBSecurityPolicy-(TLS13-1-2-|TLS13-1-3-|FS-1-2-Res-)/;
export const MIN_HSTS_MAX_AGE = 31536000;

/** Listener protocol in upper case; ALB listeners without one are HTTP. */
function protocolOf(props: any): string {
  const p = known(props, "protocol", "the listener protocol is computed");
  return p === undefined || p === null ? "HTTP" : String(p).toUpperCase();
}

/** The default actions; only the list itself must be known (an unknown target group ARN inside is fine). */
function defaultActions(props: any): any[] {
  const actions = peek(props, "defaultActions");
  if (isUnknown(actions)) undecided("defaultActions", "the default actions are computed");
  return asArray(actions);
}

function defaultActionTypes(props: any): string[] {
  return defaultActions(props).map((a: any, i: number) => {
    const t = peek(a, "type");
    if (isUnknown(t)) undecided(`defaultActions[${i}].type`, "the action type is computed");
    return String(t);
  });
}

function isApplication(props: any): boolean {
  const t = peek(props, "loadBalancerType");
  return t === undefined || t === null || t === "application";
}

function isNetwork(props: any): boolean {
  return known(props, "loadBalancerType", "the load balancer type is computed") === "network";
}

function isInternetFacing(props: any): boolean {
  return known(props, "internal", "internal is computed") !== true;
}

export const httpRedirectsToHttps = resourcePolicy({
  name: "elb-listener-http-redirects-to-https",
  description: "HTTP listeners only redirect to HTTPS; they never forward or answer with content.",
  types: LISTENER_TYPES,
  severity: "high",
  category: "security",
  controls: ["EDGE-1"],
  fsbp: ["ELB.1", "ELB.18"],
  checkov: ["CKV_AWS_2", "CKV2_AWS_20"],
  notes: { "ELB.18": "HTTP listeners may exist only as pure redirects to HTTPS, the exception ELB.1 asks for" },
  remediation: 'set the port-80 listener\'s only default action to { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } } (SecureLoadBalancer does this).',
  validate: (r, report) => {
    if (protocolOf(r.props) !== "HTTP") return;
    const actions = defaultActions(r.props);
    if (actions.length === 0) return report("HTTP listener has no default action, so nothing sends clients to HTTPS.");
    actions.forEach((a: any, i: number) => {
      const type = peek(a, "type");
      if (isUnknown(type)) undecided(`defaultActions[${i}].type`, "the action type is computed");
      const to = peek(a, "redirect.protocol");
      if (type !== "redirect") report(`HTTP listener's default action is ${type}, not a redirect to HTTPS: requests, credentials and cookies cross the network in clear text.`);
      else if (isUnknown(to)) undecided(`defaultActions[${i}].redirect.protocol`, "the redirect protocol is computed");
      else if (String(to).toUpperCase() !== "HTTPS") report(`HTTP listener redirects to ${to ?? "the same protocol"}, not HTTPS: clients never leave clear text.`);
    });
  },
});

export const listenerTlsPolicy = resourcePolicy({
  name: "elb-listener-tls-policy",
  description: "HTTPS (ALB) and TLS (NLB) listeners use a TLS 1.2+ forward-secret policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-* or -FS-1-2-Res-*).",
  types: LISTENER_TYPES,
  severity: "high",
  category: "security",
  controls: ["TLS-1"],
  fsbp: ["ELB.17"],
  checkov: ["CKV_AWS_103", "CKV2_AWS_74"],
  remediation: 'set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" (or a TLS13-1-3 policy).',
  validate: (r, report) => {
    const protocol = protocolOf(r.props);
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    const policy = known(r.props, "sslPolicy", "the TLS policy is computed");
    if (policy === undefined || policy === null || policy === "") report(`${protocol} listener has no sslPolicy, so AWS applies ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1.`);
    else if (!ALLOWED_SSL_POLICY.test(String(policy))) report(`${protocol} listener uses ${policy}, which admits protocols or ciphers below TLS 1.2 with forward secrecy.`);
  },
});

export const httpsNoDefaultForward = resourcePolicy({
  name: "elb-listener-https-host-allowlist",
  description: "HTTPS listeners do not forward by default; rules forward only for allowed Host headers and the default answers fixed (404).",
  types: LISTENER_TYPES,
  severity: "medium",
  category: "security",
  controls: ["EDGE-5"],
  remediation: 'make the default action { type: "fixed-response", fixedResponse: { statusCode: "404", contentType: "text/plain" } } and forward from ListenerRules with host-header conditions.',
  validate: (r, report) => {
    if (protocolOf(r.props) !== "HTTPS") return;
    if (defaultActionTypes(r.props).includes("forward"))
      report("HTTPS listener forwards every request by default, whatever its Host header, which opens Host-header attacks (cache poisoning, password-reset links to foreign hosts).");
  },
});

export const httpsSecurityHeaders = resourcePolicy({
  name: "elb-listener-security-headers",
  description: "HTTPS listeners insert HSTS (max-age ≥ 31536000), X-Frame-Options DENY or SAMEORIGIN and X-Content-Type-Options nosniff.",
  types: LISTENER_TYPES,
  severity: "medium",
  category: "security",
  controls: ["EDGE-2", "EDGE-3"],
  remediation:
    'set routingHttpResponseStrictTransportSecurityHeaderValue "max-age=31536000; includeSubDomains", routingHttpResponseXFrameOptionsHeaderValue "DENY", routingHttpResponseXContentTypeOptionsHeaderValue "nosniff".',
  validate: (r, report) => {
    if (protocolOf(r.props) !== "HTTPS") return;
    const hsts = known(r.props, "routingHttpResponseStrictTransportSecurityHeaderValue", "the header value is computed");
    const age = /max-age=(\d+)/i.exec(String(hsts ?? ""));
    if (!hsts) report("HTTPS listener sends no Strict-Transport-Security header, so browsers keep trying plain HTTP first and can be downgraded.");
    else if (!age || Number(age[1]) < MIN_HSTS_MAX_AGE) report(`HTTPS listener's HSTS "${hsts}" has a max-age below ${MIN_HSTS_MAX_AGE} seconds (one year).`);
    const xfo = known(r.props, "routingHttpResponseXFrameOptionsHeaderValue", "the header value is computed");
    if (!["DENY", "SAMEORIGIN"].includes(String(xfo ?? "").toUpperCase()))
      report(`HTTPS listener sets X-Frame-Options to ${xfo ? `"${xfo}"` : "nothing"}, so other sites can frame the app (clickjacking).`);
    const xcto = known(r.props, "routingHttpResponseXContentTypeOptionsHeaderValue", "the header value is computed");
    if (String(xcto ?? "").toLowerCase() !== "nosniff") report("HTTPS listener does not set X-Content-Type-Options: nosniff, so browsers may run uploads or JSON as script.");
  },
});

export const cameraIngestMtls = resourcePolicy({
  name: "elb-listener-camera-ingest-mtls",
  description: "Listeners tagged purpose=camera-ingest verify client certificates (mutualAuthentication mode verify).",
  types: LISTENER_TYPES,
  severity: "high",
  category: "security",
  controls: ["EDGE-8"],
  remediation: 'set mutualAuthentication { mode: "verify", trustStoreArn } from an aws.lb.TrustStore holding the camera CA (SecureLoadBalancer clientCertListener).',
  validate: (r, report) => {
    if (peek(r.props, "tags.purpose") !== "camera-ingest") return;
    const mode = known(r.props, "mutualAuthentication.mode", "the mTLS mode is computed");
    if (mode !== "verify") report(`Camera-ingest listener has mutual TLS ${mode ? `mode "${mode}"` : "off"}, so any client can post streams as a camera.`);
  },
});

export const albDropsInvalidHeaders = resourcePolicy({
  name: "elb-alb-drop-invalid-headers",
  description: "Application load balancers drop invalid HTTP header fields.",
  types: LB_TYPES,
  severity: "medium",
  category: "security",
  controls: ["EDGE-5"],
  fsbp: ["ELB.4"],
  checkov: ["CKV_AWS_131"],
  remediation: "set dropInvalidHeaderFields: true.",
  remediate: setProps({ dropInvalidHeaderFields: true }),
  validate: (r, report) => {
    if (!isApplication(r.props)) return;
    if (known(r.props, "dropInvalidHeaderFields") !== true) report("Load balancer passes invalid header fields to targets, which enables request smuggling and header injection.");
  },
});

export const albDesyncMitigation = resourcePolicy({
  name: "elb-alb-desync-mitigation",
  description: "Application load balancers use defensive or strictest desync mitigation.",
  types: LB_TYPES,
  severity: "medium",
  category: "security",
  controls: ["EDGE-5"],
  fsbp: ["ELB.12"],
  checkov: ["CKV_AWS_328"],
  remediation: 'set desyncMitigationMode to "strictest" (or "defensive").',
  remediate: setProps({ desyncMitigationMode: "strictest" }),
  validate: (r, report) => {
    if (!isApplication(r.props)) return;
    const mode = known(r.props, "desyncMitigationMode");
    if (mode === "monitor") report('Load balancer desync mitigation is "monitor", so ambiguous requests (HTTP desync / request smuggling) reach the targets.');
  },
});

export const albAccessLogs = resourcePolicy({
  name: "elb-alb-access-logs",
  description: "Internet-facing application load balancers write access logs to S3.",
  types: LB_TYPES,
  severity: "medium",
  category: "security",
  controls: ["LOG-5"],
  fsbp: ["ELB.5"],
  checkov: ["CKV_AWS_91"],
  notes: { CKV_AWS_91: "internet-facing application load balancers" },
  remediation: "set accessLogs { bucket, enabled: true } to an SSE-S3 bucket that admits ELB log delivery (SecureLoadBalancer creates one).",
  validate: (r, report) => {
    if (!isApplication(r.props) || !isInternetFacing(r.props)) return;
    const enabled = known(r.props, "accessLogs.enabled");
    const bucket = peek(r.props, "accessLogs.bucket");
    if (enabled === false || bucket === undefined || bucket === null || bucket === "")
      report("Internet-facing load balancer keeps no access logs, so attacks and abuse leave no record of client, path and status.");
  },
});

export const albDeletionProtection = resourcePolicy({
  name: "elb-alb-deletion-protection",
  description: "In prod, application load balancers have deletion protection on.",
  types: LB_TYPES,
  severity: "medium",
  category: "resilience",
  controls: ["ENV-4"],
  fsbp: ["ELB.6"],
  checkov: ["CKV_AWS_150"],
  notes: { CKV_AWS_150: "in prod; staging is exempt" },
  remediation: "set enableDeletionProtection: true (the deletionProtection stack config does this in prod).",
  remediate: setProps({ enableDeletionProtection: true }),
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isApplication(r.props) || !isProd(r.props, r.args.getConfig())) return;
    if (known(r.props, "enableDeletionProtection") !== true)
      report("Production load balancer has no deletion protection, so one mistaken update or destroy takes the site offline and changes its DNS name.");
  },
});

export const nlbAccessLogs = resourcePolicy({
  name: "elb-nlb-access-logs",
  description: "Internet-facing network load balancers write access logs to S3 (logged for TLS listeners).",
  types: LB_TYPES,
  severity: "medium",
  category: "security",
  controls: ["LOG-5", "EDGE-8"],
  checkov: ["CKV_AWS_91"],
  notes: { CKV_AWS_91: "internet-facing network load balancers" },
  remediation:
    'set accessLogs { bucket, prefix, enabled: true } to a bucket whose policy admits delivery.logs.amazonaws.com (SecureLoadBalancer networkLoadBalancer uses the ALB\'s log bucket, prefix "nlb").',
  validate: (r, report) => {
    if (!isNetwork(r.props) || !isInternetFacing(r.props)) return;
    const enabled = known(r.props, "accessLogs.enabled");
    const bucket = peek(r.props, "accessLogs.bucket");
    if (enabled !== true || bucket === undefined || bucket === null || bucket === "")
      report("Internet-facing network load balancer keeps no access logs, so TLS clients, handshake failures and stream abuse leave no record.");
  },
});

export const nlbDeletionProtection = resourcePolicy({
  name: "elb-nlb-deletion-protection",
  description: "In prod, network load balancers have deletion protection on.",
  types: LB_TYPES,
  severity: "medium",
  category: "resilience",
  controls: ["ENV-4"],
  fsbp: ["ELB.6"],
  checkov: ["CKV_AWS_150"],
  notes: { CKV_AWS_150: "in prod; staging is exempt" },
  remediation: "set enableDeletionProtection: true (SecureLoadBalancer does this in prod).",
  configSchema: ENVIRONMENT_CONFIG,
  validate: (r, report) => {
    if (!isNetwork(r.props) || !isProd(r.props, r.args.getConfig())) return;
    if (known(r.props, "enableDeletionProtection") !== true)
      report("Production network load balancer has no deletion protection, so one mistaken update or destroy cuts every device stream and changes its DNS name.");
  },
});

export const nlbCrossZone = resourcePolicy({
  name: "elb-nlb-cross-zone",
  description: "Network load balancers balance across Availability Zones (enableCrossZoneLoadBalancing true).",
  types: LB_TYPES,
  severity: "low",
  category: "resilience",
  controls: ["EDGE-8"],
  checkov: ["CKV_AWS_152"],
  remediation: "set enableCrossZoneLoadBalancing: true (SecureLoadBalancer does this).",
  validate: (r, report) => {
    if (!isNetwork(r.props)) return;
    if (known(r.props, "enableCrossZoneLoadBalancing", "cross-zone load balancing is computed") !== true)
      report("Network load balancer keeps each zone's connections on that zone's targets (cross-zone off), so a zone with few healthy targets overloads them while others idle.");
  },
});

export const targetGroupHealthCheck = resourcePolicy({
  name: "elb-target-group-health-check-path",
  description: "HTTP(S) target groups have an enabled health check with an explicit path.",
  types: TARGET_GROUP_TYPES,
  severity: "low",
  category: "resilience",
  controls: ["CTR-4"],
  checkov: ["CKV_AWS_261"],
  remediation: 'set healthCheck { enabled: true, path: "/health" } (the app\'s health endpoint).',
  validate: (r, report) => {
    const targetType = peek(r.props, "targetType");
    const protocol = String(peek(r.props, "protocol") ?? "HTTP").toUpperCase();
    if (targetType === "lambda" || !["HTTP", "HTTPS"].includes(protocol)) return;
    if (peek(r.props, "healthCheck.enabled") === false) return report("Target group's health check is disabled, so failed tasks keep receiving traffic.");
    const path = known(r.props, "healthCheck.path", "the health check path is computed");
    if (path === undefined || path === null || path === "") report('Target group has no explicit health check path, so the check hits "/" and passes while the app is broken.');
  },
});

export const albHasWaf = stackPolicy({
  name: "elb-alb-waf-associated",
  description: "Every internet-facing application load balancer has a WAFv2 web ACL association.",
  severity: "high",
  category: "security",
  controls: ["WAF-1"],
  checkov: ["CKV2_AWS_28"],
  remediation: "associate a REGIONAL web ACL with the load balancer (aws.wafv2.WebAclAssociation with resourceArn = the ALB ARN; the WebFirewall component does this).",
  validate: (resources, report) => {
    const associations = resources.filter((r) => r.type === WAF_ASSOCIATION);
    for (const lb of resources.filter((r) => (LB_TYPES as readonly string[]).includes(r.type))) {
      const props = raw(lb.props);
      if (!isApplication(props) || peek(props, "internal") === true) continue;
      if (!associations.some((a) => referencesResource(a, "resourceArn", lb, ["arn"]))) {
        report(`Internet-facing load balancer ${lb.name} has no web ACL, so SQL injection, known exploits and request floods reach the app unfiltered.`, lb.urn);
      }
    }
  },
});

const ACM_TYPES = ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation"];

export const listenerAcmCertificate = stackPolicy({
  name: "elb-listener-acm-certificate",
  description: "HTTPS and TLS listeners use an ACM certificate (DNS-validated, renewed automatically): a known ACM ARN, or one taken from an ACM resource of this stack.",
  severity: "low",
  category: "resilience",
  controls: ["TLS-2"],
  enforcementLevel: "advisory",
  remediation: "issue the certificate with aws.acm.Certificate (validationMethod DNS) and pass its ARN; SecureLoadBalancer does this from domainName.",
  validate: (resources, report) => {
    for (const l of resources.filter((r) => (LISTENER_TYPES as readonly string[]).includes(r.type))) {
      const props = raw(l.props);
      const protocol = String(peek(props, "protocol") ?? "").toUpperCase();
      if (protocol !== "HTTPS" && protocol !== "TLS") continue;
      // Decidable in preview: an unknown ARN is judged by the resource it comes from.
      if ((l.propertyDependencies?.certificateArn ?? []).some((d) => ACM_TYPES.includes(d.type))) continue;
      const arn = peek(props, "certificateArn");
      if (isUnknown(arn) || !/^arn:aws[a-z-]*:acm:/.test(String(arn ?? ""))) {
        report(
          `${protocol} listener ${l.name} uses ${isUnknown(arn) ? "a certificate from a non-ACM resource" : arn ? `certificate ${arn}` : "no certificate"}, which nothing renews before it expires.`,
          l.urn,
        );
      }
    }
  },
});

/** Every Classic Load Balancer resource type. */
export const CLASSIC_ELB_TYPES = [
  "appCookieStickinessPolicy:AppCookieStickinessPolicy",
  "attachment:Attachment",
  "listenerPolicy:ListenerPolicy",
  "loadBalancer:LoadBalancer",
  "loadBalancerBackendServerPolicy:LoadBalancerBackendServerPolicy",
  "loadBalancerCookieStickinessPolicy:LoadBalancerCookieStickinessPolicy",
  "loadBalancerPolicy:LoadBalancerPolicy",
  "sslNegotiationPolicy:SslNegotiationPolicy",
].map((t) => `aws:elb/${t}`);
const CLASSIC_CONTROLS = ["ELB.2", "ELB.3", "ELB.7", "ELB.8", "ELB.9", "ELB.10", "ELB.14"];

export const classicNotUsed = resourcePolicy({
  name: "elb-classic-load-balancer-not-used",
  description: "No Classic Load Balancer (aws.elb) resource is created; load balancers are ALBs or NLBs.",
  types: CLASSIC_ELB_TYPES,
  severity: "high",
  category: "security",
  controls: ["EDGE-1", "TLS-1"],
  fsbp: CLASSIC_CONTROLS,
  notes: Object.fromEntries(CLASSIC_CONTROLS.map((id) => [id, "stricter: no Classic Load Balancer may exist"])),
  remediation: "use an application load balancer (aws.lb.LoadBalancer; SecureLoadBalancer builds one with HTTPS, TLS 1.3 policy, header hardening, access logs and a web ACL).",
  validate: (r, report) => {
    report(`${r.type.split(":")[1]} belongs to a Classic Load Balancer, which cannot use TLS 1.3 policies, a WAFv2 web ACL, header hardening or host-based rules.`);
  },
});

export const multiAz = resourcePolicy({
  name: "elb-load-balancer-multi-az",
  description: "Application and network load balancers span at least two subnets (Availability Zones).",
  types: LB_TYPES,
  severity: "medium",
  category: "resilience",
  controls: ["EDGE-1"],
  fsbp: ["ELB.13"],
  remediation: "list a public (or internal) subnet in each of at least two Availability Zones in subnets or subnetMappings.",
  validate: (r, report) => {
    // The count decides, so unknown subnet ids inside a known list do not matter.
    const prop = present(r.props, "subnetMappings") ? "subnetMappings" : "subnets";
    const subnets = peek(r.props, prop);
    if (isUnknown(subnets)) undecided(prop, "the subnet list comes from resources not yet created");
    const count = asArray(subnets).length;
    if (count < 2) report(`Load balancer has ${count} subnet(s): one Availability Zone outage takes the whole entry point down.`);
  },
});

export const policies = [
  classicNotUsed,
  multiAz,
  httpRedirectsToHttps,
  listenerTlsPolicy,
  httpsNoDefaultForward,
  httpsSecurityHeaders,
  cameraIngestMtls,
  listenerAcmCertificate,
  albDropsInvalidHeaders,
  albDesyncMitigation,
  albAccessLogs,
  albDeletionProtection,
  nlbAccessLogs,
  nlbDeletionProtection,
  nlbCrossZone,
  targetGroupHealthCheck,
  albHasWaf,
];
