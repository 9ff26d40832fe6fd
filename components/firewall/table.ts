/** The requirement's rate tiers and the WAF rules they become, as the README table shows them. */
import { DEFAULT_API_KEY_PER_HOUR, DEFAULT_API_KEY_PER_MINUTE, DEFAULT_GENERAL_RATE, DEFAULT_PATH_RATES } from "./defaults";
import { wafRateOrThrow } from "./rates";

export interface RequirementTier {
  readonly control: string;
  readonly rule: string;
  /** The figure as the requirement states it. */
  readonly figure: string;
  readonly requests: number;
  readonly perSeconds: number;
  readonly scope: string;
}

export const REQUIREMENT_TIERS: readonly RequirementTier[] = [
  { control: "WAF-3", rule: "general-per-ip", figure: "1000 req / 15 min", ...DEFAULT_GENERAL_RATE, scope: "every path, per IP" },
  { control: "WAF-4", rule: "api-per-ip", figure: "100 req / 15 min", ...DEFAULT_PATH_RATES.api, scope: "`/api/`, per IP" },
  { control: "WAF-5", rule: "auth-per-ip", figure: "5 req / 15 min", ...DEFAULT_PATH_RATES.auth, scope: "auth paths, per IP" },
  { control: "WAF-6", rule: "search-per-ip", figure: "30 req / 1 min", ...DEFAULT_PATH_RATES.search, scope: "search paths, per IP" },
  { control: "WAF-6", rule: "upload-per-ip", figure: "10 req / 1 h", ...DEFAULT_PATH_RATES.upload, scope: "upload paths, per IP" },
  { control: "WAF-7", rule: "api-key-per-minute", figure: "60 req / min", requests: DEFAULT_API_KEY_PER_MINUTE, perSeconds: 60, scope: "per API-key header value" },
  { control: "WAF-7", rule: "api-key-per-hour", figure: "1000 req / h", requests: DEFAULT_API_KEY_PER_HOUR, perSeconds: 3600, scope: "per API-key header value" },
];

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ""));

/** The markdown table in the README (a test checks the README holds exactly this). */
export function rateTableMarkdown(): string {
  const rows = REQUIREMENT_TIERS.map((t) => {
    const m = wafRateOrThrow(t.requests, t.perSeconds);
    const per = t.figure.split(" / ")[1];
    const loose =
      m.effectiveRequests === m.requests
        ? "exact"
        : m.looseness < 1.01
          ? `≈ exact (${fmt(m.effectiveRequests)} / ${per})`
          : `${fmt(m.looseness)}× looser (${fmt(m.effectiveRequests)} / ${per}${m.raisedToMinimum ? "; WAF's minimum limit is 10" : ""})`;
    return `| ${t.control} | \`${t.rule}\` | ${t.figure} | ${t.scope} | ${m.limit} | ${m.evaluationWindowSec} s | ${loose} |`;
  });
  return ["| control | WAF rule | requirement | scope | limit | window | looseness |", "| --- | --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}
