// Hits over time for the histogram: a size-0 search with a date_histogram whose interval fits the range.
// An open-ended range asks first for the first and last event's time, to know how wide it is.
import { useEffect, useState } from "react";

import { searchEvents } from "../api/search";
import { BOUNDS_AGGS, bucketsOf, histogramAggs, metricOf, pickInterval, toSeries } from "./histogram";
import type { Interval } from "./histogram";
import { resolveRange } from "./timeRange";
import { apiQuery } from "./urlState";
import type { SearchState } from "./urlState";

export interface Histogram {
  series: [number, number][];
  interval: Interval | null;
  /** The range drawn, in epoch ms. */
  from: number | null;
  to: number | null;
  loading: boolean;
  error: unknown;
}

const EMPTY: Histogram = { series: [], interval: null, from: null, to: null, loading: true, error: null };

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function useHistogram(state: SearchState, run: number): Histogram {
  const [histogram, setHistogram] = useState<Histogram>(EMPTY);
  const { q, start, end, index } = state;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setHistogram((previous) => ({ ...previous, loading: true, error: null }));
    const base = { q: apiQuery(q), start: start || null, end: end || null, index, size: 0 };
    (async () => {
      let [from, to] = resolveRange(start, end);
      if (from === null || to === null) {
        const bounds = await searchEvents({ ...base, aggs: BOUNDS_AGGS }, signal);
        from ??= metricOf(bounds.aggregations, "first");
        to ??= metricOf(bounds.aggregations, "last");
      }
      if (from === null || to === null) {
        if (!signal.aborted) setHistogram({ ...EMPTY, loading: false });
        return;
      }
      const interval = pickInterval(to - from);
      const answer = await searchEvents({ ...base, aggs: histogramAggs(interval, browserZone()) }, signal);
      if (signal.aborted) return;
      const series = toSeries(bucketsOf(answer.aggregations), interval, from, to);
      setHistogram({ series, interval, from, to, loading: false, error: null });
    })().catch((error: unknown) => {
      if (!signal.aborted) setHistogram((previous) => ({ ...previous, loading: false, error }));
    });
    return () => controller.abort();
  }, [q, start, end, index, run]);

  return histogram;
}
