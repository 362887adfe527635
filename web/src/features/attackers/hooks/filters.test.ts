import { describe, expect, it } from "vitest";

import type { Attacker, AttackerPage } from "../api/attackers";
import {
  API_MAX_SIZE,
  applyRefine,
  categoriesOf,
  DEFAULT_FILTERS,
  filtersPath,
  filtersToParams,
  isFiltered,
  listRequest,
  matchesText,
  pageInfo,
  parseFilters,
  SCENE_SIZE,
  withChange,
} from "./filters";

function attacker(id: string, extra: Partial<Attacker> = {}): Attacker {
  return {
    id,
    version: 1,
    created: "2026-11-01T00:00:00Z",
    updated: "2026-11-01T00:00:00Z",
    address: id,
    addresses: [id],
    alert_count: 1,
    event_count: 1,
    categories: {},
    severities: {},
    countries: {},
    targets: {},
    rules: {},
    score: 1,
    ...extra,
  };
}

describe("parseFilters", () => {
  it("reads every filter from the URL", () => {
    const f = parseFilters(
      new URLSearchParams("q=scan&tag=apt&min_score=2.5&phase=delivery&category=bruteforce&country=de&since=now-7d&sort=last_seen&offset=100&size=25&view=3d"),
    );
    expect(f).toEqual({
      q: "scan",
      tag: "apt",
      minScore: 2.5,
      phase: "delivery",
      category: "bruteforce",
      country: "DE",
      since: "now-7d",
      sort: "last_seen",
      offset: 100,
      size: 25,
      view: "3d",
    });
  });

  it("falls back to defaults for anything malformed", () => {
    const f = parseFilters(new URLSearchParams("min_score=-1&phase=lunch&sort=name&offset=-5&size=7&view=vr"));
    expect(f).toEqual(DEFAULT_FILTERS);
    expect(parseFilters(new URLSearchParams("min_score=abc")).minScore).toBeNull();
    expect(parseFilters(new URLSearchParams("min_score=0")).minScore).toBeNull();
    expect(parseFilters(new URLSearchParams("offset=1e3")).offset).toBe(0);
  });

  it("accepts the multi-word phase as the URL encodes it", () => {
    expect(parseFilters(new URLSearchParams("phase=command+and+control")).phase).toBe("command and control");
  });
});

describe("filtersToParams", () => {
  it("leaves defaults out, so the plain list has a plain URL", () => {
    expect(filtersToParams(DEFAULT_FILTERS).toString()).toBe("");
    expect(filtersPath(DEFAULT_FILTERS)).toBe("/attackers");
  });

  it("round-trips through parseFilters", () => {
    const filters = { ...DEFAULT_FILTERS, q: "a b", tag: "x", minScore: 3, phase: "command and control" as const, sort: "last_seen" as const, offset: 50, view: "3d" as const };
    expect(parseFilters(filtersToParams(filters))).toEqual(filters);
    expect(filtersPath(filters)).toBe("/attackers?q=a+b&tag=x&min_score=3&phase=command+and+control&sort=last_seen&offset=50&view=3d");
  });
});

describe("withChange", () => {
  const paged = { ...DEFAULT_FILTERS, offset: 100 };
  it("goes back to the first page when the selection or order changes", () => {
    expect(withChange(paged, { phase: "delivery" }).offset).toBe(0);
    expect(withChange(paged, { sort: "last_seen" }).offset).toBe(0);
    expect(withChange(paged, { size: 25 }).offset).toBe(0);
  });
  it("keeps the page when paging or switching views", () => {
    expect(withChange(paged, { view: "3d" }).offset).toBe(100);
    expect(withChange(paged, { offset: 150 }).offset).toBe(150);
  });
  it("does not change the filters it was given", () => {
    withChange(paged, { q: "x" });
    expect(paged.q).toBe("");
  });
});

describe("isFiltered", () => {
  it("is false for the defaults and ignores sort, paging and view", () => {
    expect(isFiltered({ ...DEFAULT_FILTERS, sort: "last_seen", offset: 50, view: "3d" })).toBe(false);
    expect(isFiltered({ ...DEFAULT_FILTERS, minScore: 1 })).toBe(true);
    expect(isFiltered({ ...DEFAULT_FILTERS, tag: "apt" })).toBe(true);
  });
});

describe("listRequest", () => {
  it("passes the filters to the API, leaving empty ones out", () => {
    const request = listRequest({ ...DEFAULT_FILTERS, q: "10.0", minScore: 2, phase: "delivery", offset: 50 });
    expect(request).toEqual({
      query: { sort: "score", q: "10.0", min_score: 2, phase: "delivery", size: 50, offset: 50 },
      refine: null,
    });
  });

  it("asks for the top SCENE_SIZE from the start for the 3-D view", () => {
    const request = listRequest({ ...DEFAULT_FILTERS, offset: 50 }, true);
    expect(request.query).toMatchObject({ size: SCENE_SIZE, offset: 0 });
  });

  it("searches a tag with q and narrows here, text and page included", () => {
    const request = listRequest({ ...DEFAULT_FILTERS, tag: "apt", q: "10.0", offset: 1, size: 25 });
    expect(request.query).toMatchObject({ q: "apt", size: API_MAX_SIZE, offset: 0 });
    expect(request.refine).toEqual({ tag: "apt", text: "10.0", offset: 1, size: 25 });
    const page: AttackerPage = {
      total: 4,
      attackers: [
        attacker("10.0.0.1", { tags: ["APT"] }),
        attacker("10.0.0.2", { tags: ["apt-like"] }), // q matched it, the tag is not "apt"
        attacker("10.0.0.3", { tags: ["apt"] }),
        attacker("192.0.2.1", { tags: ["apt"] }), // tagged, but the text does not match
      ],
    };
    expect(applyRefine(request, page)).toEqual({ total: 2, attackers: [page.attackers[2]], capped: false });
  });

  it("says when a tag search hit the API's limit", () => {
    const request = listRequest({ ...DEFAULT_FILTERS, tag: "apt" });
    const answer = applyRefine(request, { total: 5000, attackers: [attacker("a", { tags: ["apt"] })] });
    expect(answer.capped).toBe(true);
  });

  it("answers an unrefined page as the API did", () => {
    const page = { total: 9, attackers: [attacker("a")] };
    expect(applyRefine(listRequest(DEFAULT_FILTERS), page)).toEqual({ total: 9, attackers: page.attackers, capped: false });
  });
});

describe("matchesText", () => {
  it("looks in addresses, name, tags and notes, in any case", () => {
    const a = attacker("203.0.113.7", {
      addresses: ["203.0.113.7", "2001:db8::1"],
      name: "Fancy Bear",
      tags: ["Botnet"],
      notes: [{ author: "x", at: "2026-11-01T00:00:00Z", text: "seen on the VPN" }],
    });
    expect(matchesText(a, "2001:DB8")).toBe(true);
    expect(matchesText(a, "fancy")).toBe(true);
    expect(matchesText(a, "botnet")).toBe(true);
    expect(matchesText(a, "vpn")).toBe(true);
    expect(matchesText(a, "nothing")).toBe(false);
    expect(matchesText(a, "  ")).toBe(true);
  });
});

describe("pageInfo", () => {
  it("describes the first, a middle and the last page", () => {
    expect(pageInfo(120, 0, 50, 50)).toEqual({ from: 1, to: 50, prevOffset: null, nextOffset: 50, page: 1, pages: 3 });
    expect(pageInfo(120, 50, 50, 50)).toMatchObject({ from: 51, to: 100, prevOffset: 0, nextOffset: 100, page: 2 });
    expect(pageInfo(120, 100, 50, 20)).toMatchObject({ from: 101, to: 120, prevOffset: 50, nextOffset: null, page: 3 });
  });
  it("handles nothing found, and an offset that is not a multiple of the size", () => {
    expect(pageInfo(0, 0, 50, 0)).toEqual({ from: 0, to: 0, prevOffset: null, nextOffset: null, page: 1, pages: 1 });
    expect(pageInfo(100, 10, 50, 50).prevOffset).toBe(0);
  });
});

describe("categoriesOf", () => {
  it("lists every category once, by name", () => {
    expect(categoriesOf([{ categories: { scan: 1, c2: 2 } }, { categories: { scan: 5, bruteforce: 1 } }, { categories: {} }])).toEqual([
      "bruteforce",
      "c2",
      "scan",
    ]);
  });
});
