/**
 * Schedules and windows, parsed: AWS cron/rate expressions (AWS Backup, EventBridge) and the weekly maintenance
 * and daily snapshot windows of RDS and ElastiCache.
 */
import { Rule } from "./shape";

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** One cron field: `*`, values, ranges and steps within [lo, hi]; `names` map to 1-based numbers. */
function cronField(text: string, lo: number, hi: number, names: readonly string[] = [], extra?: RegExp): boolean {
  if (text === "*") return true;
  if (extra?.test(text)) return true;
  const value = (s: string): number | undefined => {
    const i = names.indexOf(s.toUpperCase());
    if (i >= 0) return i + 1;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  return text.split(",").every((part) => {
    const [range, step] = part.split("/");
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) >= 1)) return false;
    if (range === "*") return step !== undefined;
    const [a, b] = range.split("-");
    const x = value(a);
    const y = b === undefined ? x : value(b);
    return x !== undefined && y !== undefined && x >= lo && y <= hi && x <= hi && y >= lo;
  });
}

/** Why an AWS `cron(m h dom mon dow year)` or `rate(n unit)` expression is invalid, or undefined when it is valid. */
export function scheduleProblem(expr: string): string | undefined {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (rate) return Number(rate[1]) >= 1 && (Number(rate[1]) === 1) === !rate[2].endsWith("s") ? undefined : "a rate needs a positive value and a matching unit (1 day, 2 days)";
  const cron = /^cron\((.*)\)$/.exec(expr);
  if (!cron) return "is not a cron(...) or rate(...) expression";
  const f = cron[1].trim().split(/\s+/);
  if (f.length !== 6) return `has ${f.length} fields; AWS cron takes six (minutes hours day-of-month month day-of-week year)`;
  const [min, hour, dom, mon, dow, year] = f;
  if ((dom === "?") === (dow === "?")) return "exactly one of day-of-month and day-of-week must be ?";
  if (!cronField(min, 0, 59)) return `minutes "${min}" is not 0-59`;
  if (!cronField(hour, 0, 23)) return `hours "${hour}" is not 0-23`;
  if (dom !== "?" && !cronField(dom, 1, 31, [], /^(L|LW|\d{1,2}W)$/)) return `day-of-month "${dom}" is not 1-31`;
  if (!cronField(mon, 1, 12, MONTHS)) return `month "${mon}" is not 1-12 or JAN-DEC`;
  if (dow !== "?" && !cronField(dow, 1, 7, WEEKDAYS, /^([1-7]|[A-Za-z]{3})(L|#[1-5])$/)) return `day-of-week "${dow}" is not 1-7 or SUN-SAT`;
  if (!cronField(year, 1970, 2199)) return `year "${year}" is not 1970-2199`;
  return undefined;
}

/** An AWS cron or rate expression. */
export const awsSchedule =
  (code = "SCHEDULE"): Rule<string> =>
  (v) => {
    const problem = scheduleProblem(v);
    return problem ? { code, problem: `"${v}" ${problem}`, fix: 'use an AWS cron expression in UTC such as "cron(0 3 * * ? *)".' } : undefined;
  };

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Minutes since Sunday 00:00 of `ddd:hh:mm`, or since midnight of `hh:mm`; undefined when malformed. */
function minuteOf(text: string, weekly: boolean): number | undefined {
  const m = weekly ? /^([a-z]{3}):(\d{2}):(\d{2})$/.exec(text) : /^()(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const day = weekly ? DAYS.indexOf(m[1]) : 0;
  const [h, min] = [Number(m[2]), Number(m[3])];
  if (day < 0 || h > 23 || min > 59) return undefined;
  return day * 1440 + h * 60 + min;
}

/** A window as [start, end) minutes, with its length; weekly windows wrap around the week, daily ones around midnight. */
export interface ParsedWindow {
  readonly start: number;
  readonly minutes: number;
  readonly period: number;
}

export function parseWindow(text: string, weekly: boolean): ParsedWindow | undefined {
  const [a, b, ...rest] = text.split("-");
  if (b === undefined || rest.length) return undefined;
  const start = minuteOf(a, weekly);
  const end = minuteOf(b, weekly);
  if (start === undefined || end === undefined) return undefined;
  const period = weekly ? 7 * 1440 : 1440;
  return { start, minutes: (end - start + period) % period, period };
}

/** A weekly maintenance window `ddd:hh:mm-ddd:hh:mm` (UTC) of at least `minMinutes` and at most 24 hours. */
export const maintenanceWindow =
  (code = "MAINTENANCE_WINDOW", minMinutes = 60): Rule<string> =>
  (v) => {
    const w = parseWindow(v, true);
    if (!w) return { code, problem: `"${v}" is not ddd:hh:mm-ddd:hh:mm (UTC, days sun..sat, 00:00-23:59)`, fix: 'e.g. "sun:03:00-sun:04:00".' };
    return w.minutes < minMinutes || w.minutes > 1440
      ? { code, problem: `"${v}" lasts ${w.minutes} minutes; AWS takes ${minMinutes} minutes to 24 hours`, fix: 'e.g. "sun:03:00-sun:04:00".' }
      : undefined;
  };

/** A daily window `hh:mm-hh:mm` (UTC) of at least `minMinutes`. */
export const dailyWindow =
  (code = "SNAPSHOT_WINDOW", minMinutes = 60): Rule<string> =>
  (v) => {
    const w = parseWindow(v, false);
    if (!w) return { code, problem: `"${v}" is not hh:mm-hh:mm (UTC, 00:00-23:59)`, fix: 'e.g. "01:00-02:00".' };
    return w.minutes < minMinutes ? { code, problem: `"${v}" lasts ${w.minutes} minutes; AWS needs at least ${minMinutes}`, fix: 'e.g. "01:00-02:00".' } : undefined;
  };

/** True when a daily window overlaps a weekly window on any day. */
export function windowsOverlap(daily: ParsedWindow, weekly: ParsedWindow): boolean {
  const week = 7 * 1440;
  const inside = (t: number, w: { start: number; minutes: number }, period: number) => (t - w.start + period) % period < w.minutes;
  for (let day = 0; day < 7; day++) {
    const s = day * 1440 + daily.start;
    if (inside(s % week, weekly, week) || inside(weekly.start, { start: s % week, minutes: daily.minutes }, week)) return true;
  }
  return false;
}
