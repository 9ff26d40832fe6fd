/**
 * Maps a rate figure as the requirements state it ("1000 requests per 15 minutes") to what a WAF
 * rate-based rule can express: a limit of at least 10 requests over an evaluation window of 60, 120, 300
 * or 600 seconds. Pure, so the README table and the tests are generated from the same function.
 */

/** AWS WAF: lowest rate limit allowed (it was 100 before 2023). */
export const WAF_MIN_RATE_LIMIT = 10;
/** AWS WAF: highest rate limit allowed. */
export const WAF_MAX_RATE_LIMIT = 2_000_000_000;
/** AWS WAF: evaluation windows a rate-based rule accepts, seconds. */
export const WAF_EVALUATION_WINDOWS = [60, 120, 300, 600] as const;
export type EvaluationWindow = (typeof WAF_EVALUATION_WINDOWS)[number];

/** A rate as the requirement states it: `requests` per `perSeconds`, optionally counted over a chosen WAF window. */
export interface RateFigure {
  readonly requests: number;
  readonly perSeconds: number;
  /**
   * WAF evaluation window (60, 120, 300 or 600 s); the limit is the figure scaled to it.
   * @default the longest window that fits in perSeconds (60 s for shorter periods)
   */
  readonly evaluationWindowSec?: number;
}

/** What the WAF rule uses for a figure, and how far it is from the figure. */
export interface RateMapping extends RateFigure {
  /** The rule's `limit`. */
  readonly limit: number;
  /** The rule's `evaluationWindowSec`. */
  readonly evaluationWindowSec: EvaluationWindow;
  /** Requests per `perSeconds` the rule actually admits: limit × perSeconds / window. */
  readonly effectiveRequests: number;
  /** effectiveRequests / requests, rounded to 2 decimals: 1 is exact, 3 means three times looser. */
  readonly looseness: number;
  /** True when the limit had to be raised to WAF's minimum of 10. */
  readonly raisedToMinimum: boolean;
}

export interface RateProblem {
  readonly code: string;
  readonly problem: string;
  readonly fix: string;
}

export type RateResult = { readonly ok: true; readonly value: RateMapping } | { readonly ok: false; readonly error: RateProblem };

/**
 * The window is `window` when given, else the longest allowed one that fits in the period (60 s for periods
 * under a minute), which keeps low limits closest to the figure; the limit is the figure scaled to that
 * window, rounded up, and never below 10. A figure or window WAF cannot express is returned as an error
 * with a stable code.
 */
export function wafRate(requests: number, perSeconds: number, window?: number): RateResult {
  if (!Number.isInteger(requests) || requests < 1) {
    return {
      ok: false,
      error: { code: "WAF_RATE_FIGURE", problem: `${requests} is not a positive whole number of requests`, fix: "state the limit as whole requests per period, e.g. 1000 per 900 seconds." },
    };
  }
  if (!Number.isInteger(perSeconds) || perSeconds < 1) {
    return { ok: false, error: { code: "WAF_RATE_PERIOD", problem: `${perSeconds} is not a positive whole number of seconds`, fix: "state the period in seconds, e.g. 900 for 15 minutes." } };
  }
  if (window !== undefined && !(WAF_EVALUATION_WINDOWS as readonly number[]).includes(window)) {
    return {
      ok: false,
      error: {
        code: "WAF_RATE_WINDOW",
        problem: `evaluation window ${window} s is not one WAF offers`,
        fix: `use one of ${WAF_EVALUATION_WINDOWS.join(", ")} seconds, or leave it unset to take the longest that fits the period.`,
      },
    };
  }
  const evaluationWindowSec = (window as EvaluationWindow | undefined) ?? [...WAF_EVALUATION_WINDOWS].reverse().find((w) => w <= perSeconds) ?? WAF_EVALUATION_WINDOWS[0];
  return scaledTo(requests, perSeconds, evaluationWindowSec);
}

function scaledTo(requests: number, perSeconds: number, window: EvaluationWindow): RateResult {
  // Scaled limit; the epsilon keeps exact products (e.g. 30 × 60 / 60) from rounding up.
  const scaled = Math.ceil((requests * window) / perSeconds - 1e-9);
  const limit = Math.max(WAF_MIN_RATE_LIMIT, scaled);
  if (limit > WAF_MAX_RATE_LIMIT) {
    return {
      ok: false,
      error: {
        code: "WAF_RATE_LIMIT_MAX",
        problem: `${requests} per ${perSeconds} s needs a limit of ${limit} per ${window} s, above WAF's maximum ${WAF_MAX_RATE_LIMIT}`,
        fix: "lower the figure or drop the tier.",
      },
    };
  }
  const effectiveRequests = (limit * perSeconds) / window;
  return {
    ok: true,
    value: {
      requests,
      perSeconds,
      limit,
      evaluationWindowSec: window,
      effectiveRequests: Math.round(effectiveRequests * 100) / 100,
      looseness: Math.round((effectiveRequests / requests) * 100) / 100,
      raisedToMinimum: scaled < WAF_MIN_RATE_LIMIT,
    },
  };
}

/** {@link wafRate} for inputs already validated; throws on a figure WAF cannot express. */
export function wafRateOrThrow(requests: number, perSeconds: number, window?: number): RateMapping {
  const r = wafRate(requests, perSeconds, window);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.problem}`);
  return r.value;
}
