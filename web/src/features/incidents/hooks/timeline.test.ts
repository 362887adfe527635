import { describe, expect, it } from "vitest";

import type { TimelineEntry } from "../api/cases";
import { changeLine, changeWords, entrySummary, formatValue, mergeTimeline } from "./timeline";

const entry = (fields: Partial<TimelineEntry>): TimelineEntry =>
  ({ id: "e1", case_id: "c1", time: "2026-01-01T00:00:00Z", actor: "alice", action: "updated", changes: [], ...fields }) as TimelineEntry;

describe("timeline changes", () => {
  it("reads a plain field", () => {
    expect(changeLine({ field: "summary", before: "old", after: "new" })).toEqual({
      field: "summary",
      kind: "changed",
      before: "old",
      after: "new",
    });
  });

  it("names dates, the assignee and item fields", () => {
    expect(changeLine({ field: "dates.closed", before: null, after: "2026-01-02T00:00:00Z" }).field).toBe("closed date");
    expect(changeLine({ field: "owner", before: null, after: "bob" })).toMatchObject({ field: "assignee", before: "—" });
    expect(changeLine({ field: "theories.abc.status", before: "proposed", after: "confirmed" }).field).toBe("theory status");
  });

  it("says when an item was added or removed, by its text", () => {
    expect(changeLine({ field: "indicators.x", before: null, after: { id: "x", type: "ip", value: "192.0.2.1" } })).toEqual({
      field: "indicator",
      kind: "added",
      before: "—",
      after: "ip 192.0.2.1",
    });
    expect(changeLine({ field: "theories.y", before: { id: "y", text: "Insider", status: "refuted" }, after: null })).toMatchObject({
      kind: "removed",
      before: "Insider (refuted)",
    });
  });

  it("formats times with the formatter given", () => {
    const line = changeLine({ field: "dates.closed", before: null, after: "2026-01-02T03:04:05.123456+00:00" }, () => "TIME");
    expect(line.after).toBe("TIME");
    expect(formatValue("2026 was a year", () => "TIME")).toBe("2026 was a year");
  });

  it("formats lists and cuts long text", () => {
    expect(formatValue(["a", "b"])).toBe("a, b");
    expect(formatValue([])).toBe("—");
    expect(formatValue("x".repeat(500))).toHaveLength(200);
  });
});

describe("timeline entries", () => {
  it("says what happened", () => {
    expect(entrySummary(entry({ action: "created" }), "incident")).toBe("opened the incident");
    expect(entrySummary(entry({ action: "item.added", list: "indicators" }), "incident")).toBe("added an indicator");
    expect(entrySummary(entry({ action: "item.removed", list: "evidence" }), "incident")).toBe("removed evidence");
    expect(
      entrySummary(entry({ details: { phase: { from: "Recovery", to: "Containment", direction: "backward" } } }), "incident"),
    ).toBe("moved it from Recovery to Containment (back)");
  });

  it("merges live entries newest first without repeats", () => {
    const a = entry({ id: "a", time: "2026-01-01T00:00:00Z" });
    const b = entry({ id: "b", time: "2026-01-02T00:00:00Z" });
    expect(mergeTimeline([a], [b, a]).map((e) => e.id)).toEqual(["b", "a"]);
  });
});

describe("live changes in words", () => {
  it("names what happened and skips timeline echoes", () => {
    expect(changeWords("updated", null)).toBe("changed");
    expect(changeWords("appended", "indicators")).toBe("added an indicator to");
    expect(changeWords("appended", "notes")).toBe("added a note to");
    expect(changeWords("appended", "timeline")).toBeNull();
  });
});
