// The rule editor's logic: the text an analyst writes (YAML or JSON, docs/rules.md "One rule file") turned
// into what POST and PATCH /api/v1/rules take, and the API's refusals turned into problems that name a line of
// that text. YAML goes as {"yaml": text}, so the API's lines are the editor's. JSON goes as the rule itself,
// but the client sends it on one line, so the API's lines for JSON are all 1: the line is found here instead,
// by walking the analyst's text to the field the API named.
import { ApiError } from "../../../api";
import type { Rule, RuleBody } from "../api/rules";
import { toYaml } from "./yaml";

export type RuleFormat = "yaml" | "json";

export interface Problem {
  /** The rule key the problem is about, dotted ("dedup.window", "steps.1.query"), or "yaml"/"rule". */
  field: string;
  line: number | null;
  message: string;
}

export type Prepared<T> = { ok: true; format: RuleFormat; body: T } | { ok: false; format: RuleFormat; problems: Problem[] };

export const NEW_RULE_TEMPLATE = `# One rule, in the shape of docs/rules.md (YAML, or JSON starting with "{").
id: my-team.ssh-root-login
name: SSH login as root
description: Someone logged in as root over SSH.
type: match
severity: WARNING
category: authentication
tags: [ssh]
summary: "root login on {hostname} from {details.sourceipaddress}"
query: 'tags:sshd AND details.action:accepted AND details.username:root'
dedup:
  key: [hostname]
  window: 1h
`;

/** JSON when the text is an object literal; YAML otherwise (a YAML flow mapping that is not JSON reads as YAML). */
export function detectFormat(text: string): RuleFormat {
  const body = text.trimStart();
  if (!body.startsWith("{")) return "yaml";
  try {
    JSON.parse(body);
    return "json";
  } catch {
    // "{" then something JSON cannot read: an analyst writing JSON wants to hear where it breaks
    return /^\{\s*("|\}|$)/.test(body) ? "json" : "yaml";
  }
}

/** The 1-based line holding ``offset``. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

/** Start and end offsets of ``line`` (1-based) in ``text``, to select it in the editor; null past the end. */
export function lineSpan(text: string, line: number): [number, number] | null {
  if (!Number.isInteger(line) || line < 1) return null;
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf("\n", start);
    if (next === -1) return null;
    start = next + 1;
  }
  const end = text.indexOf("\n", start);
  return [start, end === -1 ? text.length : end];
}

/** The problem of text JSON.parse refused, at the line where it breaks: engines do not all say where. */
export function jsonSyntaxProblem(text: string, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column \d+/.exec(message);
  const position = /position (\d+)/.exec(message);
  const found = jsonBreakOffset(text);
  const line = lineColumn
    ? Number(lineColumn[1])
    : position
      ? lineAt(text, Number(position[1]))
      : found !== null
        ? lineAt(text, found)
        : null;
  return { field: "json", line, message: `not valid JSON: ${message}` };
}

function parseJsonRule(text: string): Prepared<Record<string, unknown>> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, format: "json", problems: [jsonSyntaxProblem(text, error)] };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, format: "json", problems: [{ field: "rule", line: 1, message: "a rule is a JSON object of keys" }] };
  }
  return { ok: true, format: "json", body: data as Record<string, unknown> };
}

/** The body of ``POST /api/v1/rules`` for ``text``, or the problems found before asking the API. */
export function prepareCreate(text: string): Prepared<RuleBody> {
  const format = detectFormat(text);
  if (!text.trim()) return { ok: false, format, problems: [{ field: "rule", line: null, message: "the rule is empty" }] };
  if (format === "yaml") return { ok: true, format, body: { yaml: text } };
  return parseJsonRule(text);
}

/** The changes of ``PATCH /api/v1/rules/{id}`` (without the version) replacing the whole of ``current``
 * with ``text``: YAML replaces it as text; JSON replaces keys, and a key no longer there is sent as null,
 * which the API reads as "remove it". */
export function prepareEdit(text: string, current: Pick<Rule, "rule">): Prepared<RuleBody> {
  const prepared = prepareCreate(text);
  if (!prepared.ok || prepared.format === "yaml") return prepared;
  const changes: RuleBody = { ...prepared.body };
  for (const name of Object.keys(current.rule)) if (!(name in changes)) changes[name] = null;
  return { ...prepared, body: changes };
}

/** The order a rule file reads best in (docs/rules.md's): what it is, what it says, what it matches, then
 * the rest; keys not listed keep their place after these. */
const KEY_ORDER = [
  "id", "name", "description", "type", "enabled", "severity", "category", "tags", "summary",
  "query", "steps", "by", "ordered", "group_by", "distinct", "fields", "threshold", "window", "schedule",
  "groups", "learn", "history", "user_field", "ip_field", "max_kph", "min_km", "dedup", "sample", "actions",
];

/** ``rule`` with its keys in :data:`KEY_ORDER`. */
export function orderedRule(rule: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string) => {
    const at = KEY_ORDER.indexOf(key);
    return at === -1 ? KEY_ORDER.length : at;
  };
  const keys = Object.keys(rule).sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(keys.map((key) => [key, rule[key]]));
}

/** What the editor shows first when editing ``rule``: the YAML it was sent as, else its rule-file shape. */
export function initialEditText(rule: Pick<Rule, "yaml" | "rule">): string {
  return rule.yaml ?? toYaml(orderedRule(rule.rule));
}

/** The rule as a starting point for a new one: the same keys, a new id. */
export function copyText(rule: Pick<Rule, "id" | "name" | "rule">): string {
  return toYaml(orderedRule({ ...rule.rule, id: `${rule.id}-copy`, name: `${rule.name} (copy)` }));
}

function isProblem(value: unknown): value is { field?: unknown; line?: unknown; message?: unknown } {
  return value !== null && typeof value === "object";
}

/**
 * The problems in the API's refusal of ``text`` (422 ``rule_invalid``, 400 ``rule_syntax_error``, 409 for an
 * id in use), each at a line of ``text``; null when ``error`` is not about the rule (the caller says it).
 */
export function problemsFromError(error: unknown, text: string, format: RuleFormat): Problem[] | null {
  if (!(error instanceof ApiError)) return null;
  const body = error.error;
  const locate = (field: string, line: number | null): number | null => {
    if (format === "yaml") return line;
    return locateJsonPath(text, field.split(".").filter(Boolean)) ?? null;
  };
  const byLine = (problems: Problem[]) =>
    problems.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  if (error.status === 409) {
    return [{ field: "id", line: locate("id", null), message: body.reason }];
  }
  if (body.type !== "rule_invalid" && body.type !== "rule_syntax_error") return null;
  const listed = Array.isArray(body.problems) ? body.problems.filter(isProblem) : [];
  if (listed.length === 0) {
    const field = typeof body.field === "string" ? body.field : "rule";
    const line = typeof body.line === "number" ? body.line : null;
    return [{ field, line: locate(field, line), message: body.reason }];
  }
  return byLine(
    listed.map((problem) => {
      const field = typeof problem.field === "string" ? problem.field : "rule";
      const line = typeof problem.line === "number" ? problem.line : null;
      const message = typeof problem.message === "string" ? problem.message : body.reason;
      return { field, line: locate(field, line), message };
    }),
  );
}

/** Where a JSON text breaks, found by :func:`walkJson`: the offset of the first thing that is not JSON. */
class JsonBreak extends Error {
  constructor(readonly offset: number) {
    super(`not JSON at ${offset}`);
  }
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/;

/** Walk the JSON ``text``, calling ``visit`` with each value's path and the offset of its key (or, in an
 * array, of the element); throws :class:`JsonBreak` where the text stops being JSON. */
function walkJson(text: string, visit: (path: readonly string[], at: number) => void): void {
  let i = 0;
  const fail = (): never => {
    throw new JsonBreak(i);
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  };
  const string = (): string => {
    if (text[i] !== '"') fail();
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    if (text[i] !== '"') fail();
    i += 1;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail();
    }
  };
  const value = (path: readonly string[], at: number): void => {
    visit(path, at);
    space();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i += 1;
      space();
      if (text[i] === close) {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        space();
        if (c === "{") {
          const keyAt = i;
          const name = string();
          space();
          if (text[i] !== ":") fail();
          i += 1;
          value([...path, name], keyAt);
        } else {
          value([...path, String(index)], i);
        }
        space();
        if (text[i] === ",") i += 1;
        else if (text[i] === close) {
          i += 1;
          return;
        } else fail();
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = LITERAL.exec(text.slice(i, i + 64));
    if (!literal) fail();
    i += (literal as RegExpExecArray)[0].length;
  };
  space();
  value([], i);
  space();
  if (i < text.length) fail();
}

/** The offset where ``text`` stops being JSON, or null when it is JSON. */
export function jsonBreakOffset(text: string): number | null {
  try {
    walkJson(text, () => undefined);
    return null;
  } catch (error) {
    if (error instanceof JsonBreak) return error.offset;
    throw error;
  }
}

/**
 * The 1-based line of the member at ``path`` ("steps", "1", "query") in the JSON ``text``: the line of its
 * key (or, in an array, of the element); when the path goes further than the text (a required key that is
 * missing), the line of the deepest part that is there. Null when the text is not JSON.
 */
export function locateJsonPath(text: string, path: readonly string[]): number | null {
  let best: { depth: number; at: number } | null = null;
  try {
    walkJson(text, (current, at) => {
      if (current.length > path.length || !current.every((part, k) => part === path[k])) return;
      if (!best || current.length > best.depth) best = { depth: current.length, at };
    });
  } catch (error) {
    if (error instanceof JsonBreak) return null;
    throw error;
  }
  const found = best as { depth: number; at: number } | null;
  return found ? lineAt(text, found.at) : null;
}
