import { describe, expect, it } from "vitest";

import { parseHash } from "../../../lib/router";
import type { SavedSearch } from "../api/search";
import { apiQuery, DEFAULT_COLUMNS, parseColumns, readSearchState, resultsKey, searchPath, stateOfSaved } from "./urlState";
import type { SearchState } from "./urlState";

const read = (hash: string) => readSearchState(parseHash(hash).params);

describe("the search in the URL", () => {
  it("defaults to everything in the last 24 hours, the default columns, events", () => {
    expect(read("#/search")).toEqual({
      q: "",
      start: "now-24h",
      end: "now",
      cols: [...DEFAULT_COLUMNS],
      index: "events",
    });
  });

  it("reads the links other screens make", () => {
    const state = read("#/search?q=details.sourceipaddress%3A10.0.0.1&start=now-7d&end=now");
    expect(state.q).toBe("details.sourceipaddress:10.0.0.1");
    expect(state.start).toBe("now-7d");
    expect(state.end).toBe("now");
  });

  it("keeps an empty bound open (all time) rather than defaulting it", () => {
    const state = read("#/search?q=&start=&end=");
    expect(state.start).toBe("");
    expect(state.end).toBe("");
  });

  it("reads columns, dropping blanks and repeats, and a known index only", () => {
    expect(read("#/search?cols=hostname,%20summary,,hostname").cols).toEqual(["hostname", "summary"]);
    expect(read("#/search?cols=,").cols).toEqual([...DEFAULT_COLUMNS]);
    expect(read("#/search?index=alerts").index).toBe("alerts");
    expect(read("#/search?index=deadletter").index).toBe("deadletter");
    expect(read("#/search?index=secrets").index).toBe("events");
  });

  it("caps the number of columns", () => {
    const many = Array.from({ length: 80 }, (_, i) => `details.f${i}`).join(",");
    expect(parseColumns(many)).toHaveLength(50);
  });

  it("writes q, start and end always, columns and index only when not the defaults", () => {
    const state: SearchState = { q: "a", start: "now-1h", end: "now", cols: [...DEFAULT_COLUMNS], index: "events" };
    expect(searchPath(state)).toBe("/search?q=a&start=now-1h&end=now");
    expect(searchPath({ ...state, cols: ["summary", "hostname"], index: "alerts" })).toBe(
      "/search?q=a&start=now-1h&end=now&cols=summary%2Chostname&index=alerts",
    );
  });

  it("round-trips any query text, signs, quotes, ampersands and all", () => {
    const state: SearchState = {
      q: '+hostname:"web 1" -x:a&&b || details.path:C\\:\\\\x #frag ?q=1',
      start: "2026-11-27T10:00:00Z",
      end: "",
      cols: ["utctimestamp", "details.a b"],
      index: "deadletter",
    };
    expect(read(`#${searchPath(state)}`)).toEqual(state);
  });

  it("sends an empty query as *", () => {
    expect(apiQuery("")).toBe("*");
    expect(apiQuery("   ")).toBe("*");
    expect(apiQuery("a")).toBe("a");
  });

  it("keys results by what they depend on", () => {
    const state = read("#/search?q=a");
    expect(resultsKey(state)).toBe(resultsKey(read("#/search?q=a&start=now-24h&end=now")));
    expect(resultsKey(state)).not.toBe(resultsKey(read("#/search?q=b")));
    expect(resultsKey(state)).not.toBe(resultsKey(read("#/search?q=a&cols=summary")));
  });
});

describe("opening a saved search", () => {
  const saved = (fields: Partial<SavedSearch>): SavedSearch =>
    ({ id: "s1", name: "n", version: 1, created: "", updated: "", ...fields }) as SavedSearch;

  it("takes its query, range, index and columns", () => {
    expect(
      stateOfSaved(saved({ q: "category:auth", start: "now-7d", end: "now", index: "alerts", columns: ["summary"] })),
    ).toEqual({ q: "category:auth", start: "now-7d", end: "now", cols: ["summary"], index: "alerts" });
  });

  it("reads * as the empty query, no start as all time, no end as now, no columns as the defaults", () => {
    expect(stateOfSaved(saved({ q: "*", start: null, end: null, columns: [] }))).toEqual({
      q: "",
      start: "",
      end: "now",
      cols: [...DEFAULT_COLUMNS],
      index: "events",
    });
  });
});
