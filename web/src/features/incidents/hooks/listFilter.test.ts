import { describe, expect, it } from "vitest";

import {
  EMPTY_FILTER,
  filterFromParams,
  isFiltered,
  nextDay,
  OPEN_PHASES,
  pageRange,
  paramsOf,
  queryOf,
} from "./listFilter";

const parse = (query: string) => filterFromParams(new URLSearchParams(query));

describe("list filters in the URL", () => {
  it("an empty URL is the default filter", () => {
    expect(parse("")).toEqual(EMPTY_FILTER);
    expect(paramsOf(EMPTY_FILTER)).toBe("");
  });

  it("round-trips every filter", () => {
    const query =
      "phase=Containment%2CRecovery&severity=HIGH%2CCRITICAL&owner=alice&q=phish&tag=apt&veris=action.hacking" +
      "&opened=custom&from=2026-01-01&to=2026-01-31&sort=updated%3Adesc&page=3";
    const filter = parse(query);
    expect(filter).toMatchObject({
      phase: ["Containment", "Recovery"],
      severity: ["HIGH", "CRITICAL"],
      owner: "alice",
      q: "phish",
      opened: "custom",
      from: "2026-01-01",
      to: "2026-01-31",
      sort: "updated:desc",
      page: 3,
    });
    expect(parse(paramsOf(filter))).toEqual(filter);
  });

  it("drops what it does not know, and spells values as the API does", () => {
    const filter = parse("phase=containment,nonsense&severity=low&sort=drop:table&page=-2&opened=3y&from=yesterday");
    expect(filter.phase).toEqual(["Containment"]);
    expect(filter.severity).toEqual(["LOW"]);
    expect(filter.sort).toBe("number:desc");
    expect(filter.page).toBe(1);
    expect(filter.opened).toBe("");
    expect(filter.from).toBe("");
  });

  it("leaves custom dates out of the URL unless the time filter is custom", () => {
    expect(paramsOf({ ...EMPTY_FILTER, opened: "7d", from: "2026-01-01" })).toBe("opened=7d");
  });

  it("knows when anything narrows the list", () => {
    expect(isFiltered({ ...EMPTY_FILTER, page: 4, sort: "summary:asc" })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTER, owner: "bob" })).toBe(true);
  });
});

describe("the listing query", () => {
  it("pages and sorts", () => {
    expect(queryOf({ ...EMPTY_FILTER, page: 3 }, 25)).toEqual({ size: 25, offset: 50, sort: "number:desc" });
  });

  it("expands open to every phase but Closed", () => {
    expect(queryOf(parse("phase=open")).phase).toEqual(OPEN_PHASES);
    expect(OPEN_PHASES).not.toContain("Closed");
  });

  it("turns time presets into date math and makes the last day inclusive", () => {
    expect(queryOf(parse("opened=7d")).opened_after).toBe("now-7d");
    const custom = queryOf(parse("opened=custom&from=2026-01-01&to=2026-01-31"));
    expect(custom.opened_after).toBe("2026-01-01");
    expect(custom.opened_before).toBe("2026-02-01");
  });

  it("passes text, assignee and labels through", () => {
    expect(queryOf(parse("q=INC-4&owner=alice&veris=action"))).toMatchObject({ q: "INC-4", owner: "alice", veris: "action" });
  });
});

describe("paging words", () => {
  it("says which rows show", () => {
    expect(pageRange(2, 25, 25, 120)).toBe("26–50 of 120");
    expect(pageRange(1, 25, 0, 0)).toBe("0 of 0");
  });
  it("crosses month and year ends", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });
});
