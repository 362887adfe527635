import { describe, expect, it } from "vitest";

import { alignedWindow, bucketStarts, coveredSeconds, rangeById, RANGES, stepMs } from "./range";

describe("ranges", () => {
  it("falls back to the last 24 hours for a missing or unknown range", () => {
    expect(rangeById(null).id).toBe("24h");
    expect(rangeById("bogus").id).toBe("24h");
    expect(rangeById("7d").ms).toBe(7 * 86_400_000);
  });

  it("keeps every range's event buckets under 200 and alert buckets under the API's cap", () => {
    for (const range of RANGES) {
      expect(range.ms / stepMs(range.eventStep)).toBeLessThanOrEqual(200);
      expect(range.ms / stepMs(range.alertStep) + 1).toBeLessThanOrEqual(200);
    }
  });

  it("reads interval text as the API does", () => {
    expect(stepMs("15m")).toBe(900_000);
    expect(stepMs("1h")).toBe(3_600_000);
    expect(stepMs("1d")).toBe(86_400_000);
    expect(stepMs("2w")).toBe(14 * 86_400_000);
    expect(() => stepMs("0m")).toThrow();
    expect(() => stepMs("1y")).toThrow();
  });
});

describe("windows and buckets", () => {
  const minute = 60_000;
  const now = Date.UTC(2026, 10, 27, 10, 30, 20); // 10:30:20

  it("moves the start back to a bucket boundary and ends now", () => {
    const window = alignedWindow(60 * minute, 5 * minute, now);
    expect(new Date(window.start).toISOString()).toBe("2026-11-27T09:30:00.000Z");
    expect(window.end).toBe(now);
  });

  it("lists every bucket start up to now, the running bucket included", () => {
    const window = alignedWindow(15 * minute, 5 * minute, now);
    expect(bucketStarts(window).map((ms) => new Date(ms).toISOString().slice(11, 16))).toEqual([
      "10:15",
      "10:20",
      "10:25",
      "10:30",
    ]);
  });

  it("counts only the seconds of a bucket inside the window", () => {
    const window = alignedWindow(15 * minute, 5 * minute, now);
    expect(coveredSeconds(Date.UTC(2026, 10, 27, 10, 15), window)).toBe(300);
    expect(coveredSeconds(Date.UTC(2026, 10, 27, 10, 30), window)).toBe(20);
    // a bucket the API started before the window (unaligned start) only counts its overlap
    expect(coveredSeconds(Date.UTC(2026, 10, 27, 10, 15), { ...window, start: Date.UTC(2026, 10, 27, 10, 17) })).toBe(180);
    expect(coveredSeconds(Date.UTC(2026, 10, 27, 11, 0), window)).toBe(0);
  });
});
