// Hits over time: the date_histogram aggregation to ask for (docs/api.md, "Aggregations"), sized so the
// range gets a readable number of bars, and its buckets as a chart series.

export const HISTOGRAM_AGG = "over_time";

/** Bucket widths, narrowest first, each a fixed_interval the API accepts (``<n>ms|s|m|h|d``). */
const INTERVALS: readonly [label: string, ms: number][] = [
  ["1s", 1_000],
  ["5s", 5_000],
  ["10s", 10_000],
  ["30s", 30_000],
  ["1m", 60_000],
  ["5m", 300_000],
  ["10m", 600_000],
  ["30m", 1_800_000],
  ["1h", 3_600_000],
  ["3h", 10_800_000],
  ["6h", 21_600_000],
  ["12h", 43_200_000],
  ["1d", 86_400_000],
  ["7d", 604_800_000],
  ["30d", 2_592_000_000],
];

export interface Interval {
  /** As the API takes it: "5m". */
  label: string;
  ms: number;
}

/** The narrowest interval giving at most ``maxBuckets`` bars over ``spanMs`` (the widest for huge spans). */
export function pickInterval(spanMs: number, maxBuckets = 120): Interval {
  const span = Math.max(0, spanMs);
  for (const [label, ms] of INTERVALS) {
    if (span / ms <= maxBuckets) return { label, ms };
  }
  const [label, ms] = INTERVALS[INTERVALS.length - 1] as [string, number];
  return { label, ms };
}

/** The ``aggs`` of a histogram request; buckets start on local wall-clock time in ``timeZone``. */
export function histogramAggs(interval: Interval, timeZone = "UTC"): Record<string, unknown> {
  return {
    [HISTOGRAM_AGG]: {
      date_histogram: { field: "utctimestamp", fixed_interval: interval.label, time_zone: timeZone, min_doc_count: 0 },
    },
  };
}

/** The aggs that find the first and last event, to size the histogram of an open-ended range. */
export const BOUNDS_AGGS = {
  first: { min: { field: "utctimestamp" } },
  last: { max: { field: "utctimestamp" } },
};

export interface Bucket {
  key: number;
  doc_count: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The buckets of aggregation ``name`` in a search answer's ``aggregations``; [] for anything else. */
export function bucketsOf(aggregations: unknown, name: string = HISTOGRAM_AGG): Bucket[] {
  if (!isRecord(aggregations)) return [];
  const agg = aggregations[name];
  if (!isRecord(agg) || !Array.isArray(agg.buckets)) return [];
  const out: Bucket[] = [];
  for (const bucket of agg.buckets as unknown[]) {
    if (isRecord(bucket) && typeof bucket.key === "number" && typeof bucket.doc_count === "number") {
      out.push({ key: bucket.key, doc_count: bucket.doc_count });
    }
  }
  return out.sort((a, b) => a.key - b.key);
}

/** The value of a metric aggregation (``{"value": n}``), or null. */
export function metricOf(aggregations: unknown, name: string): number | null {
  if (!isRecord(aggregations)) return null;
  const agg = aggregations[name];
  return isRecord(agg) && typeof agg.value === "number" ? agg.value : null;
}

/**
 * ``[bucket start, count]`` pairs for a time axis, zero-filled out to ``from`` and ``to``: the API fills gaps
 * only between the first and last non-empty bucket, but a quiet stretch at either end of the range is part
 * of the answer (nothing happened then) and should read as zero, not as missing. The API's own buckets are
 * kept as they are (in a zone with daylight saving a day bucket may last 23 or 25 hours).
 */
export function toSeries(
  buckets: readonly Bucket[],
  interval: Interval,
  from?: number | null,
  to?: number | null,
  maxFill = 2000,
): [number, number][] {
  const sorted = [...buckets].sort((a, b) => a.key - b.key);
  const series: [number, number][] = sorted.map((bucket) => [bucket.key, bucket.doc_count]);
  const hasFrom = from !== null && from !== undefined;
  const hasTo = to !== null && to !== undefined;
  const step = interval.ms;
  if (step <= 0) return series;
  if (series.length === 0) {
    if (!hasFrom || !hasTo || to < from) return [];
    const start = Math.floor(from / step) * step;
    for (let key = start; key <= to && series.length < maxFill; key += step) series.push([key, 0]);
    return series;
  }
  const before: [number, number][] = [];
  if (hasFrom) {
    for (let key = (series[0] as [number, number])[0] - step; key + step > from && before.length < maxFill; key -= step) {
      before.push([key, 0]);
    }
  }
  const after: [number, number][] = [];
  if (hasTo) {
    for (let key = (series[series.length - 1] as [number, number])[0] + step; key <= to && after.length < maxFill; key += step) {
      after.push([key, 0]);
    }
  }
  return [...before.reverse(), ...series, ...after];
}

/** The busiest bucket, for the chart's text description; null when nothing happened. */
export function peakOf(series: readonly [number, number][]): [number, number] | null {
  let peak: [number, number] | null = null;
  for (const point of series) if (point[1] > 0 && (!peak || point[1] > peak[1])) peak = point;
  return peak;
}
