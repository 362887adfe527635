import { describe, expect, it } from "vitest";

import { BUCKET_TERMS, describeRateChart, eventRateRequest, formatRate, OTHER, rateChart, TOP_TERMS } from "./eventRates";
import type { TimeWindow } from "./range";

const minute = 60_000;
const t0 = Date.UTC(2026, 10, 27, 10, 0);
// three one-minute buckets, the last one 30 s old
const window: TimeWindow = { start: t0, end: t0 + 2 * minute + 30_000, step: minute };

function answer(buckets: { key: number; doc_count: number; values: [string, number][] }[], top: [string, number][]) {
  return {
    top_category: { buckets: top.map(([key, doc_count]) => ({ key, doc_count })), sum_other_doc_count: 0, missing: 0 },
    category_over_time: {
      buckets: buckets.map((bucket) => ({
        key: bucket.key,
        key_as_string: new Date(bucket.key).toISOString(),
        doc_count: bucket.doc_count,
        values: { buckets: bucket.values.map(([key, doc_count]) => ({ key, doc_count })) },
      })),
    },
  };
}

describe("eventRateRequest", () => {
  it("asks for no hits, top values and a histogram holding a terms sub-aggregation, per dimension", () => {
    const request = eventRateRequest(window, "1m");
    expect(request.size).toBe(0);
    expect(request.start).toBe("2026-11-27T10:00:00.000Z");
    expect(request.end).toBe("2026-11-27T10:02:30.000Z");
    const aggs = request.aggs as Record<string, Record<string, unknown>>;
    expect(aggs.top_source).toEqual({ terms: { field: "source", size: TOP_TERMS } });
    expect(aggs.category_over_time).toEqual({
      date_histogram: { field: "utctimestamp", fixed_interval: "1m" },
      aggs: { values: { terms: { field: "category", size: BUCKET_TERMS } } },
    });
    // the API takes at most 10 aggregations, sub-aggregations included
    const count = Object.values(aggs).reduce((sum, agg) => sum + 1 + Object.keys((agg.aggs as object) ?? {}).length, 0);
    expect(count).toBeLessThanOrEqual(10);
  });
});

describe("rateChart", () => {
  it("turns counts per bucket into events per second, filling the buckets the API left out", () => {
    const chart = rateChart(
      answer(
        [
          { key: t0, doc_count: 120, values: [["authentication", 60], ["syslog", 30], ["rare", 30]] },
          // t0 + 1 min: no events, the API may leave it out
          { key: t0 + 2 * minute, doc_count: 15, values: [["authentication", 15]] },
        ],
        [["authentication", 75], ["syslog", 30]],
      ),
      "category",
      window,
    );
    expect(chart.times).toEqual([t0, t0 + minute, t0 + 2 * minute]);
    expect(chart.seconds).toEqual([60, 60, 30]);
    expect(chart.series.map((item) => item.name)).toEqual(["authentication", "syslog", OTHER]);
    const [auth, syslog, other] = chart.series;
    expect(auth?.counts).toEqual([60, 0, 15]);
    expect(auth?.rates).toEqual([1, 0, 0.5]); // the last bucket: 15 events over its 30 s so far
    expect(syslog?.rates).toEqual([0.5, 0, 0]);
    expect(other?.counts).toEqual([30, 0, 0]); // what the top values leave of each bucket's total
    expect(chart.totals).toEqual([120, 0, 15]);
    expect(chart.totalRates).toEqual([2, 0, 0.5]);
    expect(chart.total).toBe(135);
  });

  it("has no other series when the top values account for everything, and survives a missing answer", () => {
    const chart = rateChart(
      answer([{ key: t0, doc_count: 5, values: [["a", 5]] }], [["a", 5]]),
      "category",
      window,
    );
    expect(chart.series.map((item) => item.name)).toEqual(["a"]);
    const empty = rateChart(undefined, "source", window);
    expect(empty.total).toBe(0);
    expect(empty.series).toEqual([]);
    expect(empty.times).toHaveLength(3);
  });

  it("never draws a negative other when multi-valued fields count an event twice", () => {
    const chart = rateChart(answer([{ key: t0, doc_count: 2, values: [["a", 2], ["b", 2]] }], [["a", 2], ["b", 2]]), "category", window);
    expect(chart.series.map((item) => item.name)).toEqual(["a", "b"]);
  });
});

describe("words", () => {
  it("formats rates at a useful precision", () => {
    expect(formatRate(0)).toBe("0");
    expect(formatRate(0.004213)).toBe("0.0042");
    expect(formatRate(0.35)).toBe("0.35");
    expect(formatRate(4.25)).toBe("4.3");
    expect(formatRate(1234.4)).toBe("1,234");
  });

  it("sums a chart up in a sentence", () => {
    const chart = rateChart(
      answer([{ key: t0, doc_count: 120, values: [["authentication", 90], ["syslog", 30]] }], [["authentication", 90], ["syslog", 30]]),
      "category",
      window,
    );
    const text = describeRateChart(chart, "the last hour", "category", (ms) => new Date(ms).toISOString());
    expect(text).toBe(
      "120 events in the last hour, 0.8 per second on average; busiest at 2026-11-27T10:00:00.000Z with 2 per second. " +
        "Largest by category: authentication 75%, syslog 25%.",
    );
    expect(describeRateChart(rateChart({}, "category", window), "the last hour", "category", String)).toBe("No events in the last hour.");
  });
});
