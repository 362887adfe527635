// Response-time trends. GET /api/v1/stats/incidents answers one window, so a trend is that route asked
// for consecutive windows (calendar days or ISO weeks, local time, the last one running up to now) in
// parallel, and the medians or means it returns drawn in window order.
import { formatDuration } from "../../../lib/format";
import type { Durations, IncidentStats } from "../api/metrics";

export type Granularity = "daily" | "weekly";

export interface TrendSpec {
  id: Granularity;
  label: string;
  count: number;
}

export const TRENDS: readonly TrendSpec[] = [
  { id: "weekly", label: "Weekly, last 8 weeks", count: 8 },
  { id: "daily", label: "Daily, last 14 days", count: 14 },
];

export function trendById(id: string | null | undefined): TrendSpec {
  return TRENDS.find((trend) => trend.id === id) ?? (TRENDS[0] as TrendSpec);
}

export type Statistic = "median" | "mean";
export const STATISTICS: readonly { id: Statistic; label: string }[] = [
  { id: "median", label: "Median" },
  { id: "mean", label: "Mean" },
];

export function statisticById(id: string | null | undefined): Statistic {
  return id === "mean" ? "mean" : "median";
}

export interface TrendWindow {
  start: Date;
  /** Exclusive; ``now`` for the last window. */
  end: Date;
  /** The window is still running. */
  partial: boolean;
}

function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Local midnight ``days`` days after ``date``'s (calendar arithmetic, so DST days stay whole days). */
function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

/** The start of the local day, or of the ISO week (Monday), holding ``now``. */
export function periodStart(granularity: Granularity, now: Date): Date {
  const day = startOfDay(now);
  if (granularity === "daily") return day;
  const sinceMonday = (day.getDay() + 6) % 7;
  return addDays(day, -sinceMonday);
}

/** ``count`` consecutive windows, oldest first, the last one being the current day or week up to ``now``. */
export function trendWindows(granularity: Granularity, count: number, now: Date): TrendWindow[] {
  const step = granularity === "daily" ? 1 : 7;
  const current = periodStart(granularity, now);
  const windows: TrendWindow[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const start = addDays(current, -back * step);
    const last = back === 0;
    windows.push({ start, end: last ? now : addDays(start, step), partial: last });
  }
  return windows;
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
const weekLabel = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

/** "Mon 3 Nov", or "Week of 3 Nov"; "(so far)" on the running window. */
export function windowLabel(granularity: Granularity, window: TrendWindow): string {
  const text = granularity === "daily" ? dayLabel.format(window.start) : `Week of ${weekLabel.format(window.start)}`;
  return window.partial ? `${text} (so far)` : text;
}

export const MEASURES = [
  { id: "mttd", short: "MTTD", long: "Time to detect", needs: "both an opened and a reported date" },
  { id: "mtta", short: "MTTA", long: "Time to acknowledge", needs: "a linked alert that was acknowledged" },
  { id: "mttc", short: "MTTC", long: "Time to contain", needs: "both a reported and a contained date" },
  { id: "mttr", short: "MTTR", long: "Time to resolve", needs: "both a reported and a closed date" },
] as const satisfies readonly { id: keyof IncidentStats; short: string; long: string; needs: string }[];

export type Measure = (typeof MEASURES)[number]["id"];

export function pick(durations: Durations, statistic: Statistic): number | null {
  return statistic === "median" ? durations.median_s : durations.mean_s;
}

export interface TrendSeries {
  measure: Measure;
  name: string;
  /** Seconds per window; null where the window failed to load or no incident had both times. */
  values: (number | null)[];
  /** Incidents each value is computed over (0 for a failed window). */
  counts: number[];
}

/** One series per measure, from the answers of the windows in order (null for a window that failed). */
export function trendSeries(answers: readonly (IncidentStats | null)[], statistic: Statistic): TrendSeries[] {
  return MEASURES.map((measure) => ({
    measure: measure.id,
    name: measure.short,
    values: answers.map((answer) => (answer ? pick(answer[measure.id], statistic) : null)),
    counts: answers.map((answer) => (answer ? answer[measure.id].count : 0)),
  }));
}

/** True when no window has any figure: nothing to draw. */
export function trendIsEmpty(series: readonly TrendSeries[]): boolean {
  return series.every((item) => item.values.every((value) => value === null));
}

/** Each measure's first and last figure: "MTTR: 5 h in Week of 3 Nov, 2 h in Week of 24 Nov". */
export function describeTrend(labels: readonly string[], series: readonly TrendSeries[]): string {
  const parts: string[] = [];
  for (const item of series) {
    const present = item.values.map((value, at) => ({ value, at })).filter((point) => point.value !== null);
    const first = present[0];
    const last = present[present.length - 1];
    if (!first || !last) continue;
    parts.push(
      first === last
        ? `${item.name} ${formatDuration(first.value)} (${labels[first.at]})`
        : `${item.name} from ${formatDuration(first.value)} (${labels[first.at]}) to ${formatDuration(last.value)} (${labels[last.at]})`,
    );
  }
  return parts.length ? `${parts.join("; ")}.` : "No figures in these windows.";
}

export interface DurationUnit {
  name: string;
  seconds: number;
}

const DURATION_UNITS: readonly DurationUnit[] = [
  { name: "s", seconds: 1 },
  { name: "min", seconds: 60 },
  { name: "h", seconds: 3600 },
  { name: "d", seconds: 86_400 },
];

/**
 * The unit a duration axis reads best in for values up to ``max`` seconds: the largest in which the
 * biggest value is at least 2, so the axis ticks are round numbers of it (6, 12, 18 h rather than
 * 0.3 d, 0.6 d).
 */
export function durationUnit(max: number): DurationUnit {
  let chosen = DURATION_UNITS[0] as DurationUnit;
  for (const unit of DURATION_UNITS) if (max >= 2 * unit.seconds) chosen = unit;
  return chosen;
}
