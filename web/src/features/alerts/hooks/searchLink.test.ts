import { describe, expect, it } from "vitest";

import { parseHash } from "../../../lib/router";
import { eventRefs, eventsQuery, eventsSearchPath, eventsWindow, queryTerm } from "./searchLink";
import { makeAlert } from "./testing";

const ref = (id: string, utctimestamp: string) => ({ id, index: "events-20261127", utctimestamp, summary: "x" });

describe("events in search", () => {
  it("selects one event by id, several with OR", () => {
    expect(eventsQuery(["01a2"])).toBe("id:01a2");
    expect(eventsQuery(["01a2", "01b3", "01c4"])).toBe("id:(01a2 OR 01b3 OR 01c4)");
    expect(eventsQuery([])).toBeNull();
  });

  it("quotes ids the query language would read as syntax", () => {
    expect(queryTerm("abc-123_x.y")).toBe("abc-123_x.y");
    expect(queryTerm("-abc")).toBe('"-abc"');
    expect(queryTerm("OR")).toBe('"OR"');
    expect(queryTerm('a b"c\\d')).toBe('"a b\\"c\\\\d"');
    expect(queryTerm("a:b")).toBe('"a:b"');
  });

  it("reads the alert's event references once each, skipping what has no id", () => {
    const alert = makeAlert("a", {
      events: [ref("e1", "2026-11-27T10:00:00Z"), ref("e1", "2026-11-27T10:00:00Z"), { index: "x" }, "e2", 42],
    });
    expect(eventRefs(alert).map((r) => r.id)).toEqual(["e1", "e2"]);
  });

  it("spans the events' times and the alert's, with a minute either side", () => {
    const alert = makeAlert("a", {
      utctimestamp: "2026-11-27T10:05:00.000000+00:00",
      last_seen: "2026-11-27T10:30:00.000000+00:00",
      events: [ref("e1", "2026-11-27T09:58:00.000000+00:00"), ref("e2", "2026-11-27T10:01:00.000000+00:00")],
    });
    expect(eventsWindow(alert)).toEqual({ start: "2026-11-27T09:57:00.000Z", end: "2026-11-27T10:31:00.000Z" });
  });

  it("looks back a day when an event reference carries no time", () => {
    const alert = makeAlert("a", { utctimestamp: "2026-11-27T10:00:00Z", last_seen: null, events: ["e1"] });
    expect(eventsWindow(alert).start).toBe("2026-11-26T09:59:00.000Z");
  });

  it("builds the search link the search screen reads back", () => {
    const alert = makeAlert("a", {
      utctimestamp: "2026-11-27T10:05:00.000000+00:00",
      events: [ref("e1", "2026-11-27T10:00:00.000000+00:00"), ref("e 2", "2026-11-27T10:01:00.000000+00:00")],
    });
    const path = eventsSearchPath(alert);
    expect(path).not.toBeNull();
    const { path: route, params } = parseHash(`#${path}`);
    expect(route).toBe("/search");
    expect(params.get("q")).toBe('id:(e1 OR "e 2")');
    expect(params.get("start")).toBe("2026-11-27T09:59:00.000Z");
    expect(params.get("end")).toBe("2026-11-27T10:06:00.000Z");
  });

  it("has no link for an alert without sample events", () => {
    expect(eventsSearchPath(makeAlert("a", { events: [] }))).toBeNull();
  });
});
