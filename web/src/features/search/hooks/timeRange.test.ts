import { describe, expect, it } from "vitest";

import { brushRange, isValidTime, presetOf, resolveRange, resolveTime, toIso, zoomOut } from "./timeRange";

const NOW = Date.parse("2026-11-27T10:34:56.789Z"); // a Friday

describe("resolving a time as the API reads it", () => {
  it("reads now and date math", () => {
    expect(resolveTime("now", NOW)).toBe(NOW);
    expect(resolveTime("now-15m", NOW)).toBe(NOW - 15 * 60_000);
    expect(resolveTime("now-24h", NOW)).toBe(NOW - 24 * 3_600_000);
    expect(resolveTime("now-7d", NOW)).toBe(NOW - 7 * 86_400_000);
    expect(resolveTime("now-1d+2h", NOW)).toBe(NOW - 22 * 3_600_000);
    expect(resolveTime("now+30s", NOW)).toBe(NOW + 30_000);
    expect(resolveTime("now-2w", NOW)).toBe(NOW - 14 * 86_400_000);
  });

  it("rounds down in UTC", () => {
    expect(resolveTime("now/d", NOW)).toBe(Date.parse("2026-11-27T00:00:00Z"));
    expect(resolveTime("now/h", NOW)).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("now/m", NOW)).toBe(Date.parse("2026-11-27T10:34:00Z"));
    expect(resolveTime("now/s", NOW)).toBe(Date.parse("2026-11-27T10:34:56Z"));
    expect(resolveTime("now/w", NOW)).toBe(Date.parse("2026-11-23T00:00:00Z"));
    expect(resolveTime("now-1d/d", NOW)).toBe(Date.parse("2026-11-26T00:00:00Z"));
  });

  it("refuses date math the API refuses", () => {
    for (const bad of ["now-", "now-5", "now-5y", "now*2", "now/q", "now-1d/"]) expect(resolveTime(bad, NOW)).toBeNull();
  });

  it("reads ISO-8601, naive times as UTC like the server", () => {
    expect(resolveTime("2026-11-27T10:00:00Z")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27T10:00:00")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27T10:00")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27 10:00:00")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27T11:00:00+01:00")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27T11:00:00+0100")).toBe(Date.parse("2026-11-27T10:00:00Z"));
    expect(resolveTime("2026-11-27T10:00:00.123456Z")).toBe(Date.parse("2026-11-27T10:00:00.123Z"));
    expect(resolveTime("2026-11-27")).toBe(Date.parse("2026-11-27T00:00:00Z"));
  });

  it("reads epoch milliseconds of ten digits or more", () => {
    expect(resolveTime("1795775696789")).toBe(1795775696789);
  });

  it("refuses anything else", () => {
    for (const bad of ["yesterday", "27/11/2026", "2026-13-45T99:00", "12345", "2026-11-27T10"]) {
      expect(resolveTime(bad, NOW)).toBeNull();
    }
    expect(resolveTime("", NOW)).toBeNull();
  });

  it("validates what the picker applies; empty is an open bound", () => {
    expect(isValidTime("")).toBe(true);
    expect(isValidTime("now-1h")).toBe(true);
    expect(isValidTime("soon")).toBe(false);
  });
});

describe("ranges", () => {
  it("knows the presets, which all end now", () => {
    expect(presetOf("now-24h", "now")?.label).toBe("Last 24 hours");
    expect(presetOf("now-15m", "now")?.label).toBe("Last 15 minutes");
    expect(presetOf("now-30d", "now")?.label).toBe("Last 30 days");
    expect(presetOf("now-24h", "now-1h")).toBeNull();
    expect(presetOf("now-2h", "now")).toBeNull();
  });

  it("resolves an open end as now and an open start as unknown", () => {
    expect(resolveRange("now-1h", "", NOW)).toEqual([NOW - 3_600_000, NOW]);
    expect(resolveRange("", "now", NOW)).toEqual([null, NOW]);
  });

  it("turns a brush into absolute bounds to the second, in order", () => {
    const from = Date.parse("2026-11-27T10:00:00.400Z");
    const to = Date.parse("2026-11-27T09:00:00.600Z");
    expect(brushRange(from, to)).toEqual({ start: "2026-11-27T09:00:00Z", end: "2026-11-27T10:00:01Z" });
  });

  it("makes a brush at least a second wide", () => {
    const at = Date.parse("2026-11-27T10:00:00Z");
    expect(brushRange(at, at)).toEqual({ start: "2026-11-27T10:00:00Z", end: "2026-11-27T10:00:01Z" });
  });

  it("zooms out around the middle without passing now", () => {
    const from = Date.parse("2026-11-27T08:00:00Z");
    const to = Date.parse("2026-11-27T09:00:00Z");
    expect(zoomOut(from, to, NOW)).toEqual({ start: "2026-11-27T07:30:00Z", end: "2026-11-27T09:30:00Z" });
    expect(zoomOut(NOW - 3_600_000, NOW, NOW)).toEqual({
      start: toIso(NOW - 2 * 3_600_000),
      end: toIso(NOW),
    });
  });
});
