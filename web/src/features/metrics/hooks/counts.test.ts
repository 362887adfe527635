import { describe, expect, it } from "vitest";

import type { AlertStats, IncidentStats } from "../api/metrics";
import { alertChart, describeAlertChart, orderSeverities } from "./alertSeries";
import { describePhases, phaseCounts, verisRows } from "./incidentCounts";

describe("alerts by severity", () => {
  const stats: AlertStats = {
    start: "2026-11-27T08:00:00Z",
    end: "2026-11-27T10:00:00Z",
    interval: "1h",
    total: 6,
    by_severity: { WARNING: 3, CRITICAL: 2, ODD: 1 },
    by_category: { bruteforce: 6 },
    buckets: [
      { start: "2026-11-27T08:00:00+00:00", total: 2, by_severity: { WARNING: 2 } },
      { start: "2026-11-27T09:00:00+00:00", total: 4, by_severity: { CRITICAL: 2, WARNING: 1, ODD: 1 } },
    ],
  };

  it("orders severities most severe first, unknown ones last", () => {
    expect(orderSeverities(["INFO", "odd", "CRITICAL", "WARNING", "EMERGENCY"])).toEqual(["EMERGENCY", "CRITICAL", "WARNING", "INFO", "odd"]);
  });

  it("makes one series per severity with a zero where a bucket has none", () => {
    const chart = alertChart(stats);
    expect(chart.times).toEqual([Date.parse("2026-11-27T08:00:00Z"), Date.parse("2026-11-27T09:00:00Z")]);
    expect(chart.series).toEqual([
      { name: "CRITICAL", counts: [0, 2], total: 2 },
      { name: "WARNING", counts: [2, 1], total: 3 },
      { name: "ODD", counts: [0, 1], total: 1 },
    ]);
    expect(describeAlertChart(chart, "the last 2 hours")).toBe("6 alerts in the last 2 hours: 2 CRITICAL, 3 WARNING, 1 ODD.");
  });
});

describe("incidents", () => {
  const stats = {
    total: 3,
    by_phase: { Closed: 1, Identification: 1, Triage: 1 },
    by_veris_category: { action: 2, actor: 1 },
  } as unknown as IncidentStats;

  it("lists phases in life-cycle order, zeros kept, unknown ones last", () => {
    expect(phaseCounts(stats.by_phase).map((item) => `${item.name}:${item.count}`)).toEqual([
      "Identification:1",
      "Containment:0",
      "Eradication:0",
      "Recovery:0",
      "Lessons Learned:0",
      "Closed:1",
      "Triage:1",
    ]);
    expect(describePhases(stats, "the last 7 days")).toBe("3 incidents opened in the last 7 days; by phase: 1 Identification, 1 Closed, 1 Triage.");
  });

  it("puts the all-time VERIS counts beside the range's", () => {
    const rows = verisRows({ tags: {}, groups: {}, categories: { action: 5, asset: 1 } }, stats);
    expect(rows).toEqual([
      { category: "action", all: 5, inRange: 2 },
      { category: "asset", all: 1, inRange: 0 },
      { category: "actor", all: 0, inRange: 1 },
    ]);
    expect(verisRows({ tags: {}, groups: {}, categories: { action: 5 } }, undefined)).toEqual([{ category: "action", all: 5, inRange: null }]);
  });
});
