import { describe, expect, it } from "vitest";

import type { DryRunResult } from "../api/rules";
import {
  eventsQuery,
  eventsRange,
  fieldClause,
  lookBackChoices,
  lookBackLabel,
  maxLookBack,
  MAX_ROWS,
  periodSearchPath,
  shapeDryRun,
} from "./dryRun";

const match = { type: "match", rule: { type: "match", query: "details.username:root" } };
const threshold = {
  type: "threshold",
  rule: { type: "threshold", query: "tags:sshd AND details.action:failed", window: "2m", group_by: ["details.sourceipaddress"] },
};

const alert = (fields: Record<string, unknown> = {}) => ({
  id: "a1",
  utctimestamp: "2026-11-27T10:02:00+00:00",
  last_seen: "2026-11-27T10:05:30.5+00:00",
  summary: "12 failed SSH logins from 203.0.113.7",
  severity: "WARNING",
  event_count: 12,
  events: [
    { id: "e1", utctimestamp: "2026-11-27T10:00:10+00:00" },
    { id: "e2", utctimestamp: "2026-11-27T10:01:00+00:00" },
  ],
  group: { "details.sourceipaddress": "203.0.113.7" },
  ...fields,
});

const result = (alerts: Record<string, unknown>[]): DryRunResult => ({
  rule_id: "r",
  hours: 24,
  total: alerts.length,
  alerts,
});

describe("dry-run look-back", () => {
  it("labels hours and days", () => {
    expect([1, 6, 24, 72, 168, 744].map(lookBackLabel)).toEqual([
      "1 hour",
      "6 hours",
      "24 hours",
      "3 days",
      "7 days",
      "31 days",
    ]);
  });

  it("stops at what the API evaluates: 1440 windows of a scheduled rule, nothing for stream-only types", () => {
    expect(maxLookBack(threshold)).toBe(48);
    expect(maxLookBack({ type: "absence", rule: { type: "absence", window: "1h" } })).toBe(744);
    expect(maxLookBack(match)).toBe(744);
    expect(maxLookBack({ type: "sequence", rule: { type: "sequence" } })).toBe(0);
    expect(maxLookBack({ type: "sigma", rule: { type: "sequence" } })).toBe(0);
    expect(maxLookBack({ type: "geovelocity", rule: { type: "geovelocity" } })).toBe(0);
  });

  it("offers the choices up to the limit, and the limit itself", () => {
    expect(lookBackChoices(744)).toEqual([1, 6, 24, 72, 168, 744]);
    expect(lookBackChoices(48)).toEqual([1, 6, 24, 48]);
    expect(lookBackChoices(24)).toEqual([1, 6, 24]);
    expect(lookBackChoices(0)).toEqual([]);
  });
});

describe("the search for a would-be alert's events", () => {
  it("quotes strings, keeps numbers and booleans, and names a missing value by absence", () => {
    expect(fieldClause("hostname", 'we"b\\1')).toBe('hostname:"we\\"b\\\\1"');
    expect(fieldClause("details.port", 22)).toBe("details.port:22");
    expect(fieldClause("details.success", false)).toBe("details.success:false");
    expect(fieldClause("details.user", null)).toBe("NOT _exists_:details.user");
    expect(fieldClause("details.obj", { a: 1 })).toBeNull();
  });

  it("narrows the rule's query to the alert's group", () => {
    expect(eventsQuery(alert(), threshold)).toBe(
      '(tags:sshd AND details.action:failed) AND details.sourceipaddress:"203.0.113.7"',
    );
  });

  it("falls back to the sample's ids when the query is not the whole story", () => {
    const python = { type: "python", rule: { type: "match", query: "*" } };
    expect(eventsQuery(alert(), python)).toBe('id:("e1" OR "e2")');
    expect(eventsQuery(alert({ group: { "details.obj": { a: 1 } } }), match)).toBe('id:("e1" OR "e2")');
    expect(eventsQuery(alert({ events: [] }), python)).toBeNull();
  });

  it("has nothing to show for an absence", () => {
    expect(eventsQuery(alert(), { type: "absence", rule: { type: "absence", query: "*", window: "1h" } })).toBeNull();
  });

  it("spans a scheduled rule's window before the raise, up to just after the last event", () => {
    expect(eventsRange(alert(), threshold)).toEqual({
      start: "2026-11-27T10:00:00.000Z",
      end: "2026-11-27T10:05:31.500Z",
    });
  });

  it("spans a match rule's first to last event", () => {
    const first = alert({ utctimestamp: "2026-11-27T10:00:10+00:00", last_seen: "2026-11-27T10:01:00+00:00" });
    expect(eventsRange(first, match)).toEqual({ start: "2026-11-27T10:00:10.000Z", end: "2026-11-27T10:01:01.000Z" });
  });

  it("links the whole period with the rule's query", () => {
    const now = Date.parse("2026-11-27T12:00:00Z");
    const path = periodSearchPath(match, 6, now);
    expect(path).not.toBeNull();
    const params = new URLSearchParams((path as string).split("?")[1]);
    expect(params.get("q")).toBe("details.username:root");
    expect(params.get("start")).toBe("2026-11-27T06:00:00.000Z");
    expect(params.get("end")).toBe("2026-11-27T12:00:00.000Z");
  });
});

describe("shaping a dry run", () => {
  it("makes one row per alert with its counts, group and search", () => {
    const view = shapeDryRun(result([alert(), alert({ id: "a2", event_count: 3, group: { "details.sourceipaddress": null } })]), threshold);
    expect(view.total).toBe(2);
    expect(view.events).toBe(15);
    expect(view.rows.map((row) => [row.id, row.count, row.sample, row.group])).toEqual([
      ["a1", 12, 2, [["details.sourceipaddress", "203.0.113.7"]]],
      ["a2", 3, 2, [["details.sourceipaddress", "(none)"]]],
    ]);
    const search = new URLSearchParams((view.rows[0]?.search ?? "").replace(/^\/search\?/, ""));
    expect(search.get("q")).toBe('(tags:sshd AND details.action:failed) AND details.sourceipaddress:"203.0.113.7"');
    expect(search.get("start")).toBe("2026-11-27T10:00:00.000Z");
    expect(view.rows[0]?.search?.startsWith("/search?q=")).toBe(true);
  });

  it("reads loose alerts without failing", () => {
    const view = shapeDryRun(result([{ utctimestamp: 5, event_count: "many", events: "no" }]), match);
    expect(view.rows[0]).toMatchObject({ id: "0", summary: "(no summary)", count: 0, sample: 0, search: null });
  });

  it("keeps the table short but says how many are left out", () => {
    const many = Array.from({ length: MAX_ROWS + 7 }, (_, i) => alert({ id: `a${i}` }));
    const view = shapeDryRun({ ...result(many), total: many.length }, threshold);
    expect(view.rows).toHaveLength(MAX_ROWS);
    expect(view.hidden).toBe(7);
    expect(view.events).toBe(12 * many.length);
  });
});
