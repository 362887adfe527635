// The screen's time range (kept in the URL, `#/metrics?range=24h`) and the windows and bucket sizes each
// panel asks the API for. Pure, so the arithmetic is tested without a browser.

export interface RangeSpec {
  id: string;
  label: string;
  /** "the last 24 hours", for sentences. */
  phrase: string;
  ms: number;
  /** Event-rate buckets: fine enough to see bursts, coarse enough to stay under ~170 points. */
  eventStep: string;
  /** Alert buckets: the alerts route costs one store count per bucket, so these stay near 25-30. */
  alertStep: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGES: readonly RangeSpec[] = [
  { id: "1h", label: "Last hour", phrase: "the last hour", ms: HOUR, eventStep: "1m", alertStep: "5m" },
  { id: "6h", label: "Last 6 hours", phrase: "the last 6 hours", ms: 6 * HOUR, eventStep: "5m", alertStep: "15m" },
  { id: "24h", label: "Last 24 hours", phrase: "the last 24 hours", ms: DAY, eventStep: "15m", alertStep: "1h" },
  { id: "7d", label: "Last 7 days", phrase: "the last 7 days", ms: 7 * DAY, eventStep: "1h", alertStep: "6h" },
  { id: "30d", label: "Last 30 days", phrase: "the last 30 days", ms: 30 * DAY, eventStep: "6h", alertStep: "1d" },
];

export const DEFAULT_RANGE = "24h";

/** The range named by ``id`` (the URL's ``range``), the default one for anything else. */
export function rangeById(id: string | null | undefined): RangeSpec {
  return RANGES.find((range) => range.id === id) ?? (RANGES.find((range) => range.id === DEFAULT_RANGE) as RangeSpec);
}

const UNITS: Record<string, number> = { s: 1000, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** "15m" -> 900000; throws on anything the API's interval syntax would refuse. */
export function stepMs(step: string): number {
  const found = /^([1-9][0-9]*)([smhdw])$/.exec(step.trim());
  const unit = found ? UNITS[found[2] as string] : undefined;
  if (!found || unit === undefined) throw new Error(`not an interval: ${step}`);
  return Number(found[1]) * unit;
}

export interface TimeWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms: now. */
  end: number;
  step: number;
}

/**
 * [start, now] with start moved back to a bucket boundary: the API's histograms start buckets at multiples
 * of the interval since the epoch, so aligning the window keeps the first bucket whole instead of a sliver
 * whose rate would be noise. The window is thus up to one bucket longer than the range.
 */
export function alignedWindow(rangeMs: number, step: number, now: number): TimeWindow {
  return { start: Math.floor((now - rangeMs) / step) * step, end: now, step };
}

/** Every bucket start in ``window``, in order (the API leaves out leading and trailing empty buckets). */
export function bucketStarts(window: TimeWindow): number[] {
  const starts: number[] = [];
  for (let at = Math.floor(window.start / window.step) * window.step; at < window.end; at += window.step) {
    starts.push(at);
  }
  return starts;
}

/** Seconds of the bucket starting at ``key`` that lie inside ``window`` (the last bucket runs to now). */
export function coveredSeconds(key: number, window: TimeWindow): number {
  const from = Math.max(key, window.start);
  const to = Math.min(key + window.step, window.end);
  return Math.max(0, (to - from) / 1000);
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

const withTime = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

/** A bucket start as people read it: "27 Nov, 14:15", or "Thu 27 Nov" for whole-day buckets. */
export function formatBucket(ms: number, step: number): string {
  return step >= DAY ? dateOnly.format(ms) : withTime.format(ms);
}
