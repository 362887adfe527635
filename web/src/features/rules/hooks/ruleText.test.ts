import { describe, expect, it } from "vitest";

import { ApiError } from "../../../api";
import {
  copyText,
  detectFormat,
  initialEditText,
  jsonBreakOffset,
  jsonSyntaxProblem,
  lineAt,
  lineSpan,
  locateJsonPath,
  NEW_RULE_TEMPLATE,
  orderedRule,
  prepareCreate,
  prepareEdit,
  problemsFromError,
} from "./ruleText";

const JSON_RULE = `{
  "id": "t1",
  "name": "T",
  "type": "sequence",
  "steps": [
    {"query": "a:b"},
    {
      "name": "second",
      "query": "(("
    }
  ],
  "dedup": {"window": "5"}
}`;

const invalid = (problems: { field: string; line: number | null; message: string }[]) =>
  new ApiError(422, { type: "rule_invalid", reason: "…", problems, field: problems[0]?.field, line: problems[0]?.line });

describe("the rule editor's text", () => {
  it("tells JSON from YAML", () => {
    expect(detectFormat(JSON_RULE)).toBe("json");
    expect(detectFormat('  {"id": ')).toBe("json");
    expect(detectFormat("{id: x, name: y}")).toBe("yaml");
    expect(detectFormat(NEW_RULE_TEMPLATE)).toBe("yaml");
  });

  it("sends YAML as text and JSON as the rule", () => {
    expect(prepareCreate("id: x\n")).toEqual({ ok: true, format: "yaml", body: { yaml: "id: x\n" } });
    expect(prepareCreate('{"id": "x"}')).toEqual({ ok: true, format: "json", body: { id: "x" } });
  });

  it("refuses what the API would not read, at a line", () => {
    const broken = '{\n  "id": "x",\n  "name": oops\n}';
    const prepared = prepareCreate(broken);
    expect(prepared.ok).toBe(false);
    if (!prepared.ok) {
      expect(prepared.problems[0]?.field).toBe("json");
      expect(prepared.problems[0]?.line).toBe(3);
    }
    expect(prepareCreate("   ")).toMatchObject({ ok: false, problems: [{ message: "the rule is empty" }] });
    expect(prepareCreate('{"a": 1} ')).toMatchObject({ ok: true });
  });

  it("reads JSON.parse's positions, in either engine's wording", () => {
    const text = '{\n"a": 1,\n}';
    expect(jsonSyntaxProblem(text, new SyntaxError("Unexpected token } in JSON at position 10")).line).toBe(3);
    expect(jsonSyntaxProblem(text, new SyntaxError("Expected property name (line 3 column 1)")).line).toBe(3);
    // V8 in Node 20 says neither: the line comes from walking the text
    expect(jsonSyntaxProblem(text, new SyntaxError("no idea")).line).toBe(3);
    expect(jsonSyntaxProblem('{"a": 1}', new SyntaxError("no idea")).line).toBeNull();
  });

  it("edits by replacing the whole rule: YAML as text, JSON keys with removed ones set to null", () => {
    const current = { rule: { id: "x", name: "X", type: "match", query: "a:b", tags: ["t"] } };
    expect(prepareEdit("id: x\n", current)).toEqual({ ok: true, format: "yaml", body: { yaml: "id: x\n" } });
    expect(prepareEdit('{"id": "x", "name": "Y", "type": "match", "query": "c:d"}', current)).toEqual({
      ok: true,
      format: "json",
      body: { id: "x", name: "Y", type: "match", query: "c:d", tags: null },
    });
  });

  it("starts editing from the YAML sent, else from the rule's shape; a copy gets a new id", () => {
    expect(initialEditText({ yaml: "id: x # mine\n", rule: { id: "x" } })).toBe("id: x # mine\n");
    expect(initialEditText({ yaml: null, rule: { id: "x", threshold: 3 } })).toBe("id: x\nthreshold: 3\n");
    expect(copyText({ id: "mozdef.a", name: "A", rule: { id: "mozdef.a", name: "A", type: "match" } })).toBe(
      "id: mozdef.a-copy\nname: A (copy)\ntype: match\n",
    );
  });

  it("writes a rule's keys in the order a rule file reads", () => {
    const dumped = { threshold: 10, dedup: { window: "1h" }, custom: 1, query: "q", type: "threshold", name: "N", id: "x" };
    expect(Object.keys(orderedRule(dumped))).toEqual(["id", "name", "type", "query", "threshold", "dedup", "custom"]);
    expect(initialEditText({ yaml: null, rule: dumped }).split("\n")[0]).toBe("id: x");
  });

  it("finds lines and line spans", () => {
    expect(lineAt("a\nb\nc", 0)).toBe(1);
    expect(lineAt("a\nb\nc", 2)).toBe(2);
    expect(lineSpan("a\nbc\nd", 2)).toEqual([2, 4]);
    expect(lineSpan("a\nbc\nd", 3)).toEqual([5, 6]);
    expect(lineSpan("a\nbc\nd", 4)).toBeNull();
    expect(lineSpan("a", 0)).toBeNull();
  });
});

describe("locating a field in JSON", () => {
  it("finds keys, array elements and nested keys", () => {
    expect(locateJsonPath(JSON_RULE, ["type"])).toBe(4);
    expect(locateJsonPath(JSON_RULE, ["steps"])).toBe(5);
    expect(locateJsonPath(JSON_RULE, ["steps", "0", "query"])).toBe(6);
    expect(locateJsonPath(JSON_RULE, ["steps", "1"])).toBe(7);
    expect(locateJsonPath(JSON_RULE, ["steps", "1", "query"])).toBe(9);
    expect(locateJsonPath(JSON_RULE, ["dedup", "window"])).toBe(12);
  });

  it("falls back to the deepest part there is, and the rule's first line for a missing key", () => {
    expect(locateJsonPath(JSON_RULE, ["steps", "1", "by"])).toBe(7);
    expect(locateJsonPath(JSON_RULE, ["threshold"])).toBe(1);
  });

  it("is not fooled by keys inside strings or escaped quotes", () => {
    const text = '{\n  "summary": "\\"type\\": no",\n  "type": "match"\n}';
    expect(locateJsonPath(text, ["type"])).toBe(3);
  });

  it("says where text stops being JSON", () => {
    expect(jsonBreakOffset('{"a": [1, 2.5e3, true, null, "x"]}')).toBeNull();
    expect(jsonBreakOffset('{"a": tru}')).toBe(6);
    expect(jsonBreakOffset('{"a": 1} x')).toBe(9);
    expect(jsonBreakOffset('{"a": "x\ny"}')).toBe(8); // a raw line break inside a string
    expect(jsonBreakOffset('{"a": 01}')).toBe(7);
  });

  it("gives up on text that is not JSON", () => {
    expect(locateJsonPath("id: x", ["id"])).toBeNull();
    expect(locateJsonPath('{"a": ', ["a"])).toBeNull();
  });
});

describe("the API's refusals, by line", () => {
  it("keeps the API's lines for YAML", () => {
    const error = invalid([
      { field: "window", line: 6, message: "5 is not a duration" },
      { field: "bogus", line: 7, message: "Extra inputs are not permitted" },
    ]);
    expect(problemsFromError(error, "…", "yaml")).toEqual([
      { field: "window", line: 6, message: "5 is not a duration" },
      { field: "bogus", line: 7, message: "Extra inputs are not permitted" },
    ]);
  });

  it("lists the problems in the order of the text", () => {
    const error = invalid([
      { field: "window", line: 6, message: "w" },
      { field: "rule", line: null, message: "r" },
      { field: "threshold", line: 5, message: "t" },
    ]);
    expect(problemsFromError(error, "…", "yaml")?.map((p) => p.field)).toEqual(["threshold", "window", "rule"]);
  });

  it("finds the lines in the analyst's JSON, the API's being those of a one-line body", () => {
    const error = invalid([
      { field: "steps.1.query", line: 1, message: "query '((' does not parse" },
      { field: "dedup.window", line: 1, message: "not a duration" },
    ]);
    expect(problemsFromError(error, JSON_RULE, "json")?.map((p) => p.line)).toEqual([9, 12]);
  });

  it("reads a syntax error and an id in use", () => {
    const syntax = new ApiError(400, { type: "rule_syntax_error", reason: "line 3: not valid YAML", field: "yaml", line: 3 });
    expect(problemsFromError(syntax, "…", "yaml")).toEqual([{ field: "yaml", line: 3, message: "line 3: not valid YAML" }]);
    const taken = new ApiError(409, { type: "version_conflict", reason: "rule 't1' exists already", current_version: 1 });
    expect(problemsFromError(taken, JSON_RULE, "json")).toEqual([
      { field: "id", line: 2, message: "rule 't1' exists already" },
    ]);
  });

  it("leaves other failures to the caller", () => {
    expect(problemsFromError(new ApiError(403, { type: "forbidden", reason: "admin only" }), "", "yaml")).toBeNull();
    expect(problemsFromError(new Error("boom"), "", "yaml")).toBeNull();
  });
});
