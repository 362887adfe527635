import { describe, expect, it } from "vitest";

import { acceptField, rankFields, tokenAt } from "./autocomplete";

/** ``text`` with "|" marking the caret. */
function at(marked: string) {
  const caret = marked.indexOf("|");
  return tokenAt(marked.replace("|", ""), caret);
}

describe("the field token under the caret", () => {
  it("is the word being typed", () => {
    expect(at("host|")).toEqual({ start: 0, end: 4, prefix: "host", kind: "field" });
    expect(at("a AND det|")).toEqual({ start: 6, end: 9, prefix: "det", kind: "field" });
  });

  it("reaches to the end of the name when the caret is inside it", () => {
    expect(at("ho|stname")).toEqual({ start: 0, end: 8, prefix: "ho", kind: "field" });
    expect(at("ho|st:web1")).toEqual({ start: 0, end: 4, prefix: "ho", kind: "field" });
  });

  it("is empty after a space or an opening parenthesis", () => {
    expect(at("a |")).toEqual({ start: 2, end: 2, prefix: "", kind: "field" });
    expect(at("(|")).toEqual({ start: 1, end: 1, prefix: "", kind: "field" });
  });

  it("leaves out the operators in front of a name", () => {
    expect(at("-sev|")).toEqual({ start: 1, end: 4, prefix: "sev", kind: "field" });
    expect(at("a +cat|")).toEqual({ start: 3, end: 6, prefix: "cat", kind: "field" });
    expect(at("!det|")).toEqual({ start: 1, end: 4, prefix: "det", kind: "field" });
  });

  it("is the value of _exists_, a field name too", () => {
    expect(at("_exists_:details.us|")).toEqual({ start: 9, end: 19, prefix: "details.us", kind: "exists" });
  });

  it("is no field where a value goes", () => {
    expect(at("hostname:we|")).toBeNull();
    expect(at('summary:"fail|')).toBeNull();
    expect(at('"fail pass|')).toBeNull();
    expect(at("details.bytes:[10 T|")).toBeNull();
    expect(at("hostname:(web1 OR we|")).toBeNull();
    expect(at("details.user:/adm|")).toBeNull();
  });

  it("is a field again after a phrase, range or group closes", () => {
    expect(at('summary:"a b" AND ho|')?.prefix).toBe("ho");
    expect(at("x:[1 TO 2] AND ho|")?.prefix).toBe("ho");
    expect(at("hostname:(a OR b) AND ca|")?.prefix).toBe("ca");
    expect(at("(a OR ho|")?.prefix).toBe("ho");
  });

  it("is not fooled by an escaped quote", () => {
    expect(at('a\\"b ho|')?.prefix).toBe("ho");
  });
});

const FIELDS = [
  { name: "hostname", type: "keyword" },
  { name: "details.hostname", type: "keyword" },
  { name: "details.sourceipaddress", type: "keyword" },
  { name: "details.destinationipaddress", type: "keyword" },
  { name: "details.sourceport", type: "number" },
  { name: "details", type: "object" },
  { name: "summary", type: "text" },
  { name: "severity", type: "keyword" },
  { name: "details.httpsource.x", type: "keyword" },
];
const names = (prefix: string, limit?: number) => rankFields(FIELDS, prefix, limit).map((field) => field.name);

describe("ranking catalog fields", () => {
  it("puts names starting with the prefix first, shallow before deep", () => {
    expect(names("host")).toEqual(["hostname", "details.hostname"]);
  });

  it("then names with a dotted part starting with it, then names holding it", () => {
    expect(names("source")).toEqual(["details.sourceport", "details.sourceipaddress", "details.httpsource.x"]);
    expect(names("ipaddr")).toEqual(["details.sourceipaddress", "details.destinationipaddress"]);
  });

  it("ignores case and leaves objects out", () => {
    expect(names("DETAILS.S")).toEqual(["details.sourceport", "details.sourceipaddress"]);
    expect(names("details")).not.toContain("details");
  });

  it("offers everything for an empty prefix, up to the limit", () => {
    expect(names("", 3)).toEqual(["summary", "hostname", "severity"]);
  });

  it("offers nothing that does not match", () => {
    expect(names("zzz")).toEqual([]);
  });
});

describe("accepting a field", () => {
  it("replaces the typed part and adds a colon, caret after it", () => {
    const text = "a AND det";
    const token = tokenAt(text, text.length)!;
    expect(acceptField(text, token, "details.sourceipaddress")).toEqual({
      text: "a AND details.sourceipaddress:",
      caret: 30,
    });
  });

  it("replaces the whole name under the caret and keeps an existing colon", () => {
    const text = "ho:web1";
    const token = tokenAt(text, 1)!;
    expect(acceptField(text, token, "hostname")).toEqual({ text: "hostname:web1", caret: 9 });
  });

  it("keeps the operator in front and what follows", () => {
    const text = "-sev AND x:1";
    const token = tokenAt(text, 4)!;
    expect(acceptField(text, token, "severity")).toEqual({ text: "-severity: AND x:1", caret: 10 });
  });

  it("adds no colon after _exists_:", () => {
    const text = "_exists_:details.us";
    const token = tokenAt(text, text.length)!;
    expect(acceptField(text, token, "details.username")).toEqual({ text: "_exists_:details.username", caret: 25 });
  });
});
