import { describe, expect, it } from "vitest";

import { cellText, flattenEvent, severityClass, valuesAt } from "./eventFields";
import { pageSizes } from "./useSearchResults";

const EVENT = {
  utctimestamp: "2026-11-27T10:00:00+00:00",
  hostname: "web1",
  tags: ["ssh", "auth"],
  details: {
    sourceipaddress: "10.0.0.1",
    port: 22,
    success: false,
    note: null,
    "odd.key": "x",
    hops: [{ ip: "10.0.0.2" }, { ip: "10.0.0.3" }],
    empty: {},
  },
};

describe("an event's fields", () => {
  it("are its leaves under dotted paths, a list once per element", () => {
    expect(flattenEvent(EVENT)).toEqual([
      { field: "utctimestamp", value: "2026-11-27T10:00:00+00:00", kind: "string" },
      { field: "hostname", value: "web1", kind: "string" },
      { field: "tags", value: "ssh", kind: "string" },
      { field: "tags", value: "auth", kind: "string" },
      { field: "details.sourceipaddress", value: "10.0.0.1", kind: "string" },
      { field: "details.port", value: "22", kind: "number" },
      { field: "details.success", value: "false", kind: "boolean" },
      { field: "details.note", value: "null", kind: "null" },
      { field: "details.odd.key", value: "x", kind: "string" },
      { field: "details.hops.ip", value: "10.0.0.2", kind: "string" },
      { field: "details.hops.ip", value: "10.0.0.3", kind: "string" },
    ]);
  });

  it("finds the values at a path, through lists and dotted keys", () => {
    expect(valuesAt(EVENT, "hostname")).toEqual(["web1"]);
    expect(valuesAt(EVENT, "tags")).toEqual(["ssh", "auth"]);
    expect(valuesAt(EVENT, "details.port")).toEqual([22]);
    expect(valuesAt(EVENT, "details.hops.ip")).toEqual(["10.0.0.2", "10.0.0.3"]);
    expect(valuesAt(EVENT, "details.odd.key")).toEqual(["x"]);
    expect(valuesAt(EVENT, "details.missing")).toEqual([]);
    expect(valuesAt(EVENT, "hostname.x")).toEqual([]);
  });

  it("reads as one line in a cell", () => {
    expect(cellText(["ssh", "auth"])).toBe("ssh, auth");
    expect(cellText([22, false])).toBe("22, false");
    expect(cellText([{ a: 1 }])).toBe('{"a":1}');
    expect(cellText([null])).toBe("");
    expect(cellText([])).toBe("");
  });

  it("maps severities of events and alerts onto the shared badge classes", () => {
    expect(severityClass("CRITICAL")).toBe("critical");
    expect(severityClass("emergency")).toBe("critical");
    expect(severityClass("ERROR")).toBe("high");
    expect(severityClass("HIGH")).toBe("high");
    expect(severityClass("WARNING")).toBe("medium");
    expect(severityClass("INFO")).toBe("low");
    expect(severityClass("")).toBe("low");
  });
});

describe("paging up to 10,000 hits", () => {
  it("asks for a small first page, then big ones, to exactly the cap", () => {
    const sizes = pageSizes();
    expect(sizes[0]).toBe(500);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10_000);
    expect(pageSizes(1200, 500, 500)).toEqual([500, 500, 200]);
    expect(pageSizes(0)).toEqual([]);
  });
});
