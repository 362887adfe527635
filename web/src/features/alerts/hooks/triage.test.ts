import { describe, expect, it } from "vitest";

import { severityLevel } from "../../../lib/severity";
import type { AlertStats } from "../api/alerts";
import { severitySeries, severitySummary } from "./chart";
import { makeAlert } from "./testing";
import { describeRequest, stillNeeded, triageChanges } from "./triage";

describe("the 409 prompt", () => {
  it("says which triage fields another analyst changed", () => {
    const seen = makeAlert("a", { version: 1 });
    const now = makeAlert("a", {
      version: 3,
      status: "acknowledged",
      acknowledged: { by: "bob", at: "2026-11-27T10:00:00Z" },
      assignee: "bob",
    });
    expect(triageChanges(seen, now)).toEqual([
      { field: "Status", before: "open", after: "acknowledged" },
      { field: "Acknowledged", before: "no", after: "by bob" },
      { field: "Assignee", before: "none", after: "bob" },
    ]);
  });

  it("does not offer to repeat what is already done", () => {
    const acked = makeAlert("a", { acknowledged: { by: "bob", at: "x" }, status: "acknowledged" });
    expect(stillNeeded({ kind: "acknowledge" }, acked)).toBe(false);
    expect(stillNeeded({ kind: "unacknowledge" }, acked)).toBe(true);
    expect(stillNeeded({ kind: "assign", assignee: "alice" }, makeAlert("a", { assignee: "alice" }))).toBe(false);
    expect(stillNeeded({ kind: "escalate", incident: null, summary: null }, makeAlert("a", { incident_id: "i1" }))).toBe(
      false,
    );
    expect(stillNeeded({ kind: "close", reason: "fp" }, makeAlert("a"))).toBe(true);
  });

  it("words each request", () => {
    expect(describeRequest({ kind: "assign", assignee: null })).toBe("unassign it");
    expect(describeRequest({ kind: "escalate", incident: "INC-4", summary: null })).toBe("link it to incident INC-4");
  });
});

describe("severities", () => {
  it("map to the shared badge levels, unknown ones to none", () => {
    expect(severityLevel("warning")).toBe("medium");
    expect(severityLevel("EMERGENCY")).toBe("critical");
    expect(severityLevel("whatever")).toBeNull();
  });

  it("stack in the chart most severe first, with zeros where a bucket has none", () => {
    const stats: AlertStats = {
      start: "s",
      end: "e",
      interval: "1h",
      total: 4,
      by_severity: { WARNING: 3, CRITICAL: 1 },
      by_category: {},
      buckets: [
        { start: "b1", total: 3, by_severity: { WARNING: 3 } },
        { start: "b2", total: 1, by_severity: { CRITICAL: 1 } },
      ],
    };
    expect(severitySeries(stats)).toEqual([
      { severity: "CRITICAL", counts: [0, 1] },
      { severity: "WARNING", counts: [3, 0] },
    ]);
    expect(severitySummary(stats)).toBe("4 alerts: 1 CRITICAL, 3 WARNING");
  });
});
