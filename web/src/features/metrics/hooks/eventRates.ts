// Events per second by category and by source: one search with no hits and four aggregations (the top
// values over the whole range, and a date histogram holding a terms sub-aggregation per bucket), turned
// into one rate series per top value plus "other". docs/api.md and mozdef_common/query/aggs.py give the
// request and answer shapes.
import type { SearchRequest } from "../api/metrics";
import { coveredSeconds, bucketStarts, iso } from "./range";
import type { TimeWindow } from "./range";

export type Dimension = "category" | "source";
export const DIMENSIONS: readonly Dimension[] = ["category", "source"];

/** Series drawn per dimension besides "other": with it, one per palette colour. */
export const TOP_TERMS = 7;
/**
 * Values counted per bucket. Wider than TOP_TERMS so a value that is in the range's top but not in one
 * bucket's top few is still counted there; anything beyond lands in "other", which stays exact because it
 * is the bucket's total minus the named values.
 */
export const BUCKET_TERMS = 50;
export const OTHER = "Other or none";

const topName = (dimension: Dimension) => `top_${dimension}`;
const timeName = (dimension: Dimension) => `${dimension}_over_time`;
const SUB = "values";

/** The search for ``window`` with buckets of ``step`` ("15m"); 6 aggregations of the API's 10 at most. */
export function eventRateRequest(window: TimeWindow, step: string): SearchRequest {
  const aggs: Record<string, unknown> = {};
  for (const dimension of DIMENSIONS) {
    aggs[topName(dimension)] = { terms: { field: dimension, size: TOP_TERMS } };
    aggs[timeName(dimension)] = {
      date_histogram: { field: "utctimestamp", fixed_interval: step },
      aggs: { [SUB]: { terms: { field: dimension, size: BUCKET_TERMS } } },
    };
  }
  return { q: "*", start: iso(window.start), end: iso(window.end), size: 0, aggs };
}

interface Bucket {
  key: string | number;
  doc_count: number;
  raw: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The ``buckets`` of an aggregation answer, the malformed ones left out. */
export function bucketsOf(answer: unknown): Bucket[] {
  if (!isRecord(answer) || !Array.isArray(answer.buckets)) return [];
  const found: Bucket[] = [];
  for (const item of answer.buckets as unknown[]) {
    if (!isRecord(item)) continue;
    const { key, doc_count: count } = item;
    if ((typeof key === "string" || typeof key === "number") && typeof count === "number") {
      found.push({ key, doc_count: count, raw: item });
    }
  }
  return found;
}

export interface RateSeries {
  name: string;
  /** Events per bucket. */
  counts: number[];
  /** Events per second per bucket (count over the bucket's seconds inside the window). */
  rates: number[];
  total: number;
}

export interface RateChart {
  /** Bucket starts, epoch ms, every bucket of the window (empty ones included). */
  times: number[];
  /** Seconds each bucket covers: the step, less for the last one, which runs up to now. */
  seconds: number[];
  /** The top values, biggest first, then OTHER when anything is left. */
  series: RateSeries[];
  /** All events per bucket. */
  totals: number[];
  totalRates: number[];
  total: number;
}

const rate = (count: number, seconds: number) => (seconds > 0 ? count / seconds : 0);

/** The rate series of ``dimension`` from the search answer's ``aggregations``. */
export function rateChart(aggregations: unknown, dimension: Dimension, window: TimeWindow): RateChart {
  const aggs = isRecord(aggregations) ? aggregations : {};
  const top = bucketsOf(aggs[topName(dimension)]).map((bucket) => String(bucket.key));
  const byTime = new Map<number, Bucket>();
  for (const bucket of bucketsOf(aggs[timeName(dimension)])) byTime.set(Number(bucket.key), bucket);

  const times = bucketStarts(window);
  // a bucket the API answered outside the expected grid (a clock or interval mismatch) is still shown
  for (const key of byTime.keys()) if (!times.includes(key) && key < window.end) times.push(key);
  times.sort((a, b) => a - b);
  const seconds = times.map((key) => coveredSeconds(key, window));

  const named = top.map(() => times.map(() => 0));
  const other = times.map(() => 0);
  const totals = times.map(() => 0);
  times.forEach((key, at) => {
    const bucket = byTime.get(key);
    if (!bucket) return;
    totals[at] = bucket.doc_count;
    let counted = 0;
    for (const value of bucketsOf(bucket.raw[SUB])) {
      const index = top.indexOf(String(value.key));
      if (index === -1) continue;
      (named[index] as number[])[at] = value.doc_count;
      counted += value.doc_count;
    }
    // multi-valued fields could make the named counts exceed the total; never draw a negative "other"
    other[at] = Math.max(0, bucket.doc_count - counted);
  });

  const series: RateSeries[] = top.map((name, index) => makeSeries(name, named[index] as number[], seconds));
  if (other.some((count) => count > 0)) series.push(makeSeries(OTHER, other, seconds));
  return {
    times,
    seconds,
    series,
    totals,
    totalRates: totals.map((count, at) => rate(count, seconds[at] ?? 0)),
    total: totals.reduce((sum, count) => sum + count, 0),
  };
}

function makeSeries(name: string, counts: number[], seconds: number[]): RateSeries {
  return {
    name,
    counts,
    rates: counts.map((count, at) => rate(count, seconds[at] ?? 0)),
    total: counts.reduce((sum, count) => sum + count, 0),
  };
}

const small = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 2 });
const large = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** An events-per-second figure at a useful precision: "0.0042", "0.35", "4.2", "1,234". */
export function formatRate(value: number): string {
  if (!Number.isFinite(value) || value === 0) return "0";
  return Math.abs(value) >= 10 ? large.format(value) : small.format(value);
}

/** The chart in one sentence, for screen readers and as a summary above the data table. */
export function describeRateChart(chart: RateChart, phrase: string, dimension: Dimension, when: (ms: number) => string): string {
  if (chart.total === 0) return `No events in ${phrase}.`;
  const seconds = chart.seconds.reduce((sum, value) => sum + value, 0);
  let peak = 0;
  chart.totalRates.forEach((value, at) => {
    if (value > (chart.totalRates[peak] ?? 0)) peak = at;
  });
  const shares = chart.series
    .slice(0, 3)
    .map((item) => `${item.name} ${Math.round((item.total / chart.total) * 100)}%`)
    .join(", ");
  const events = chart.total === 1 ? "1 event" : `${large.format(chart.total)} events`;
  return (
    `${events} in ${phrase}, ${formatRate(rate(chart.total, seconds))} per second on average; ` +
    `busiest at ${when(chart.times[peak] ?? 0)} with ${formatRate(chart.totalRates[peak] ?? 0)} per second. ` +
    `Largest by ${dimension}: ${shares}.`
  );
}
