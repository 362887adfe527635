import { describe, expect, it } from "vitest";

import { auditPageOf } from "../api/admin";
import type { AuditRecord } from "../api/admin";
import {
  auditQuery,
  DEFAULT_PAGE_SIZE,
  describeDetails,
  EMPTY_FILTERS,
  filtersFromParams,
  lastSignIns,
  pageInfo,
  paramsFromFilters,
} from "./audit";

const record = (fields: Partial<AuditRecord>): AuditRecord => ({
  id: "r",
  created: "2026-11-27T10:00:00.000000+00:00",
  action: "auth.login",
  actor: "alice",
  role: null,
  source: "203.0.113.9",
  target: null,
  outcome: "ok",
  details: null,
  ...fields,
});

describe("audit filters in the URL", () => {
  it("round-trips through the query, leaving defaults out", () => {
    const filters = { ...EMPTY_FILTERS, actor: "alice", action: "auth.login", start: "2026-11-27T00:00:00.000Z", offset: 200 };
    const params = paramsFromFilters(filters);
    expect(params.toString()).toBe("actor=alice&action=auth.login&start=2026-11-27T00%3A00%3A00.000Z&offset=200");
    expect(filtersFromParams(params)).toEqual(filters);
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe("");
  });

  it("ignores malformed numbers and times", () => {
    const filters = filtersFromParams(new URLSearchParams("size=lots&offset=-5&start=yesterday&end="));
    expect(filters.size).toBe(DEFAULT_PAGE_SIZE);
    expect(filters.offset).toBe(0);
    expect(filters.start).toBe("");
    expect(filtersFromParams(new URLSearchParams("size=5000")).size).toBe(1000);
  });

  it("asks the API only for the filters set", () => {
    expect(auditQuery({ ...EMPTY_FILTERS, target: "alice" })).toEqual({ size: 100, offset: 0, target: "alice" });
  });
});

describe("audit paging", () => {
  it("knows its neighbours", () => {
    expect(pageInfo(0, 100, 100, 250)).toEqual({ from: 1, to: 100, previous: null, next: 100 });
    expect(pageInfo(200, 100, 50, 250)).toEqual({ from: 201, to: 250, previous: 100, next: null });
    expect(pageInfo(50, 100, 100, 400)).toEqual({ from: 51, to: 150, previous: 0, next: 150 });
    expect(pageInfo(0, 100, 0, 0)).toEqual({ from: 0, to: 0, previous: null, next: null });
  });
});

describe("last sign-ins", () => {
  it("takes each user's newest successful sign-in", () => {
    const records = [
      record({ actor: "alice", created: "2026-11-27T12:00:00.000000+00:00", outcome: "failure" }),
      record({ actor: "alice", created: "2026-11-27T11:00:00.000000+00:00" }),
      record({ actor: "bob", created: "2026-11-27T10:30:00.000000+00:00", action: "auth.refresh" }),
      record({ actor: "alice", created: "2026-11-26T09:00:00.000000+00:00" }),
      record({ actor: "bob", created: "2026-11-25T09:00:00.000000+00:00" }),
    ];
    expect(Object.fromEntries(lastSignIns(records))).toEqual({
      alice: "2026-11-27T11:00:00.000000+00:00",
      bob: "2026-11-25T09:00:00.000000+00:00",
    });
  });
});

describe("audit answers", () => {
  it("are read defensively", () => {
    const page = auditPageOf({
      total: 7,
      records: [{ id: "a1", created: "2026-11-27T10:00:00Z", action: "user.create", actor: "admin", target: "bob", details: { role: "analyst" } }, "junk", null],
    });
    expect(page.total).toBe(7);
    expect(page.records).toHaveLength(1);
    expect(page.records[0]).toMatchObject({ id: "a1", outcome: "ok", source: null, details: { role: "analyst" } });
    expect(auditPageOf(undefined)).toEqual({ total: 0, records: [] });
  });

  it("details read on one line", () => {
    expect(describeDetails({ role: "analyst", sessions_closed: 2, disabled: false })).toBe(
      "role=analyst, sessions_closed=2, disabled=false",
    );
    expect(describeDetails(null)).toBe("");
  });
});
