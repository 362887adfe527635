import { describe, expect, it } from "vitest";

import { bucketsOf, histogramAggs, metricOf, peakOf, pickInterval, toSeries } from "./histogram";

const MIN = 60_000;
const HOUR = 3_600_000;

describe("choosing the bucket width", () => {
  it("gives a readable number of bars for each preset", () => {
    expect(pickInterval(15 * MIN).label).toBe("10s");
    expect(pickInterval(HOUR).label).toBe("30s");
    expect(pickInterval(4 * HOUR).label).toBe("5m");
    expect(pickInterval(24 * HOUR).label).toBe("30m");
    expect(pickInterval(7 * 24 * HOUR).label).toBe("3h");
    expect(pickInterval(30 * 24 * HOUR).label).toBe("6h"); // 120 bars exactly
  });

  it("never exceeds the bar budget, except past the widest interval", () => {
    for (const span of [1000, 59 * MIN, 13 * HOUR, 400 * 24 * HOUR]) {
      const { ms } = pickInterval(span);
      expect(span / ms).toBeLessThanOrEqual(120);
    }
    expect(pickInterval(100 * 365 * 24 * HOUR).label).toBe("30d");
    expect(pickInterval(0).label).toBe("1s");
  });
});

describe("the aggregation asked for", () => {
  it("is a date_histogram on utctimestamp with the interval and zone", () => {
    expect(histogramAggs({ label: "5m", ms: 5 * MIN }, "Europe/Paris")).toEqual({
      over_time: {
        date_histogram: { field: "utctimestamp", fixed_interval: "5m", time_zone: "Europe/Paris", min_doc_count: 0 },
      },
    });
  });
});

describe("reading the answer", () => {
  it("takes the buckets, in key order, skipping malformed ones", () => {
    const aggregations = {
      over_time: {
        buckets: [
          { key: 2000, key_as_string: "x", doc_count: 4 },
          { key: 1000, key_as_string: "x", doc_count: 1 },
          { key: "3000", doc_count: 2 },
          null,
        ],
      },
    };
    expect(bucketsOf(aggregations)).toEqual([
      { key: 1000, doc_count: 1 },
      { key: 2000, doc_count: 4 },
    ]);
  });

  it("gives no buckets for a missing or odd aggregation", () => {
    expect(bucketsOf(undefined)).toEqual([]);
    expect(bucketsOf(null)).toEqual([]);
    expect(bucketsOf({})).toEqual([]);
    expect(bucketsOf({ over_time: { buckets: "no" } })).toEqual([]);
  });

  it("reads metric values", () => {
    expect(metricOf({ first: { value: 123 } }, "first")).toBe(123);
    expect(metricOf({ first: { value: null } }, "first")).toBeNull();
    expect(metricOf({}, "first")).toBeNull();
  });
});

describe("buckets to a series", () => {
  const minute = { label: "1m", ms: MIN };

  it("pairs each bucket start with its count", () => {
    const buckets = [
      { key: 10 * MIN, doc_count: 3 },
      { key: 11 * MIN, doc_count: 0 },
      { key: 12 * MIN, doc_count: 5 },
    ];
    expect(toSeries(buckets, minute)).toEqual([
      [10 * MIN, 3],
      [11 * MIN, 0],
      [12 * MIN, 5],
    ]);
  });

  it("fills quiet stretches at either end of the range with zeros", () => {
    const buckets = [{ key: 10 * MIN, doc_count: 3 }];
    expect(toSeries(buckets, minute, 7 * MIN + 30_000, 12 * MIN)).toEqual([
      [7 * MIN, 0],
      [8 * MIN, 0],
      [9 * MIN, 0],
      [10 * MIN, 3],
      [11 * MIN, 0],
      [12 * MIN, 0],
    ]);
  });

  it("keeps the API's buckets as they are, off the grid too (a daylight-saving day)", () => {
    const buckets = [
      { key: 0, doc_count: 1 },
      { key: 23 * HOUR, doc_count: 2 },
    ];
    expect(toSeries(buckets, { label: "1d", ms: 24 * HOUR })).toEqual([
      [0, 1],
      [23 * HOUR, 2],
    ]);
  });

  it("draws an empty range as zeros and nothing without a range", () => {
    expect(toSeries([], minute, 0, 2 * MIN)).toEqual([
      [0, 0],
      [MIN, 0],
      [2 * MIN, 0],
    ]);
    expect(toSeries([], minute)).toEqual([]);
    expect(toSeries([], minute, 5 * MIN, 0)).toEqual([]);
  });

  it("bounds the filling", () => {
    expect(toSeries([], minute, 0, 10_000 * MIN, 50)).toHaveLength(50);
  });

  it("finds the peak", () => {
    expect(peakOf([[0, 1], [1, 7], [2, 7], [3, 0]])).toEqual([1, 7]);
    expect(peakOf([[0, 0]])).toBeNull();
  });
});
