import { describe, expect, it } from "vitest";

import {
  changeFilters,
  DEFAULT_FILTERS,
  filtersPath,
  filtersToParams,
  listQuery,
  matchesFilters,
  PAGE_SIZE,
  parseFilters,
  statsQuery,
} from "./filters";
import type { AlertFilters } from "./filters";
import { makeAlert } from "./testing";

const parse = (query: string) => parseFilters(new URLSearchParams(query));
const NOW = Date.parse("2026-11-27T12:00:00Z");

describe("alert filters in the URL", () => {
  it("an empty query is the default list", () => {
    expect(parse("")).toEqual(DEFAULT_FILTERS);
    expect(filtersPath(DEFAULT_FILTERS)).toBe("/alerts");
  });

  it("reads every filter, severities upper-cased as alerts store them", () => {
    expect(parse("severity=high&q=ssh&status=open,acknowledged&category=bruteforce&range=7d&page=3")).toEqual({
      severity: ["HIGH"],
      status: ["open", "acknowledged"],
      category: "bruteforce",
      range: "7d",
      q: "ssh",
      page: 3,
    });
  });

  it("takes repeated and comma-separated values alike, once each", () => {
    expect(parse("severity=error&severity=ERROR,critical").severity).toEqual(["ERROR", "CRITICAL"]);
  });

  it("drops what it does not know instead of failing", () => {
    const filters = parse("status=open,bogus&range=2y&page=-4");
    expect(filters.status).toEqual(["open"]);
    expect(filters.range).toBe("24h");
    expect(filters.page).toBe(1);
  });

  it("round-trips: the URL written for some filters reads back as them", () => {
    const filters: AlertFilters = {
      severity: ["CRITICAL", "ERROR"],
      status: ["escalated"],
      category: "web & api",
      range: "15m",
      q: "failed password",
      page: 2,
    };
    const path = filtersPath(filters);
    expect(path.startsWith("/alerts?")).toBe(true);
    expect(parse(path.slice("/alerts?".length))).toEqual(filters);
  });

  it("leaves defaults out of the URL", () => {
    expect(filtersToParams({ ...DEFAULT_FILTERS, q: "x" }).toString()).toBe("q=x");
  });

  it("a new filter goes back to the first page, paging keeps the filters", () => {
    const onPage3 = { ...DEFAULT_FILTERS, q: "x", page: 3 };
    expect(changeFilters(onPage3, { status: ["open"] }).page).toBe(1);
    expect(changeFilters(onPage3, { page: 4 })).toEqual({ ...onPage3, page: 4 });
  });
});

describe("alert filters as API queries", () => {
  it("asks the list for the page, the range and only the filters set", () => {
    expect(listQuery({ ...DEFAULT_FILTERS, severity: ["HIGH"], page: 2 })).toEqual({
      start: "now-24h",
      size: PAGE_SIZE,
      offset: PAGE_SIZE,
      severity: ["HIGH"],
    });
  });

  it("asks the stats for the same range with a bucket width that fits it", () => {
    expect(statsQuery({ ...DEFAULT_FILTERS, range: "7d" })).toEqual({ start: "now-7d", end: "now", interval: "6h" });
    expect(statsQuery(DEFAULT_FILTERS).interval).toBe("1h");
  });
});

describe("filters applied to live alerts", () => {
  const recent = makeAlert("a", { utctimestamp: "2026-11-27T11:50:00.000000+00:00" });

  it("keeps what the server would list", () => {
    expect(matchesFilters(recent, DEFAULT_FILTERS, NOW)).toBe(true);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, severity: ["warning"].map((s) => s.toUpperCase()) }, NOW)).toBe(
      true,
    );
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, q: "SSH-BRUTE" }, NOW)).toBe(true);
  });

  it("rejects a live alert outside any filter", () => {
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, severity: ["CRITICAL"] }, NOW)).toBe(false);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, status: ["closed"] }, NOW)).toBe(false);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, category: "Bruteforce" }, NOW)).toBe(false);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, q: "phishing" }, NOW)).toBe(false);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, range: "1h" }, NOW)).toBe(true);
    expect(matchesFilters(recent, { ...DEFAULT_FILTERS, range: "15m" }, NOW)).toBe(true);
    const older = makeAlert("b", { utctimestamp: "2026-11-27T11:40:00.000000+00:00" });
    expect(matchesFilters(older, { ...DEFAULT_FILTERS, range: "15m" }, NOW)).toBe(false);
  });
});
