import { describe, expect, it } from "vitest";

import type { IncidentStats } from "../api/metrics";
import { describeTrend, durationUnit, periodStart, statisticById, trendById, trendIsEmpty, trendSeries, trendWindows } from "./trends";

// Local time throughout: the windows are the analyst's days and weeks. Thursday 27 Nov 2026, 15:42.
const now = new Date(2026, 10, 27, 15, 42, 10);

describe("trendWindows", () => {
  it("gives 14 consecutive local days, oldest first, the last one today up to now", () => {
    const windows = trendWindows("daily", 14, now);
    expect(windows).toHaveLength(14);
    expect(windows[0]?.start).toEqual(new Date(2026, 10, 14));
    const last = windows[13];
    expect(last?.start).toEqual(new Date(2026, 10, 27));
    expect(last?.end).toEqual(now);
    expect(last?.partial).toBe(true);
    windows.forEach((window, at) => {
      expect(window.start.getHours()).toBe(0);
      expect(window.start.getMinutes()).toBe(0);
      if (at < 13) {
        expect(window.partial).toBe(false);
        // contiguous: no gap, no overlap, each a calendar day (23 or 25 hours across a DST change)
        expect(window.end).toEqual(windows[at + 1]?.start);
        expect(window.end.getDate()).not.toBe(window.start.getDate());
      }
    });
  });

  it("gives 8 ISO weeks starting on Mondays, the current one running", () => {
    const windows = trendWindows("weekly", 8, now);
    expect(windows).toHaveLength(8);
    expect(windows[7]?.start).toEqual(new Date(2026, 10, 23)); // Monday 23 Nov
    expect(windows[0]?.start).toEqual(new Date(2026, 9, 5)); // seven weeks earlier
    for (const window of windows) expect(window.start.getDay()).toBe(1);
    for (let at = 0; at < 7; at += 1) expect(windows[at]?.end).toEqual(windows[at + 1]?.start);
    expect(windows[7]?.end).toEqual(now);
  });

  it("starts a week on the Monday even on a Sunday and on the Monday itself", () => {
    expect(periodStart("weekly", new Date(2026, 10, 29, 23, 59))).toEqual(new Date(2026, 10, 23));
    expect(periodStart("weekly", new Date(2026, 10, 30, 0, 0, 1))).toEqual(new Date(2026, 10, 30));
    expect(periodStart("daily", now)).toEqual(new Date(2026, 10, 27));
  });

  it("crosses month and year ends", () => {
    const windows = trendWindows("daily", 3, new Date(2027, 0, 1, 9));
    expect(windows.map((window) => window.start)).toEqual([new Date(2026, 11, 30), new Date(2026, 11, 31), new Date(2027, 0, 1)]);
  });
});

function stats(median: number | null, mean: number | null, count: number): IncidentStats {
  const durations = { median_s: median, mean_s: mean, count };
  return {
    start: "",
    end: "",
    total: count,
    mttd: durations,
    mtta: { median_s: null, mean_s: null, count: 0 },
    mttc: durations,
    mttr: durations,
    by_phase: {},
    by_severity: {},
    by_veris_category: {},
    opened_per_day: {},
  };
}

describe("trendSeries", () => {
  const answers = [stats(60, 90, 2), null, stats(3600, 7200, 5)];

  it("takes the medians or the means, leaving gaps for failed windows and missing figures", () => {
    const medians = trendSeries(answers, "median");
    expect(medians.map((item) => item.name)).toEqual(["MTTD", "MTTA", "MTTC", "MTTR"]);
    expect(medians[0]?.values).toEqual([60, null, 3600]);
    expect(medians[0]?.counts).toEqual([2, 0, 5]);
    expect(medians[1]?.values).toEqual([null, null, null]);
    expect(trendSeries(answers, "mean")[3]?.values).toEqual([90, null, 7200]);
    expect(trendIsEmpty(medians)).toBe(false);
    expect(trendIsEmpty(trendSeries([null, stats(null, null, 0)], "median"))).toBe(true);
  });

  it("says how each figure moved", () => {
    const text = describeTrend(["w1", "w2", "w3"], trendSeries(answers, "median"));
    expect(text).toBe("MTTD from 1 min (w1) to 1 h (w3); MTTC from 1 min (w1) to 1 h (w3); MTTR from 1 min (w1) to 1 h (w3).");
  });

  it("reads its settings from the URL, with defaults", () => {
    expect(trendById("daily").count).toBe(14);
    expect(trendById(null).id).toBe("weekly");
    expect(statisticById("mean")).toBe("mean");
    expect(statisticById("mode")).toBe("median");
  });
});

describe("durationUnit", () => {
  it("picks the largest unit the biggest figure holds at least twice", () => {
    expect(durationUnit(0).name).toBe("s");
    expect(durationUnit(90).name).toBe("s");
    expect(durationUnit(120).name).toBe("min");
    expect(durationUnit(5 * 3600).name).toBe("h");
    expect(durationUnit(40 * 3600).name).toBe("h");
    expect(durationUnit(8 * 86_400)).toEqual({ name: "d", seconds: 86_400 });
  });
});
