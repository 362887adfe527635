// Field-name completion in the query bar: which word the caret is in, whether a field name belongs there,
// which catalog fields fit best, and the text after accepting one.

/** The word under the caret that a field name would replace. */
export interface FieldToken {
  /** Offsets of the name in the text: [start, end). */
  start: number;
  end: number;
  /** What is typed of it before the caret. */
  prefix: string;
  /** "field": a ``name:`` goes here; "exists": the value of ``_exists_:``, a bare field name. */
  kind: "field" | "exists";
}

const EXISTS = "_exists_:";

/** Characters that never belong to a word; ``:`` ends a field name. */
function isBreak(char: string): boolean {
  return /\s/.test(char) || '()"[]{}'.includes(char);
}

/**
 * Whether the caret is somewhere a field name cannot go: inside a phrase, a regex, a range, or the value
 * group of a field (``hostname:(web1 OR we|``).
 */
function inValueContext(text: string, caret: number): boolean {
  let quote = false;
  let regex = false;
  let range = 0;
  const groups: boolean[] = []; // per open "(": whether it is a field's value group
  let word = "";
  for (let i = 0; i < caret; i += 1) {
    const char = text[i] as string;
    if (char === "\\") {
      i += 1;
      word += "x";
      continue;
    }
    if (quote) {
      if (char === '"') quote = false;
      continue;
    }
    if (regex) {
      if (char === "/") regex = false;
      continue;
    }
    if (char === '"') quote = true;
    else if (char === "/" && (word === "" || word.endsWith(":"))) regex = true;
    else if (char === "[" || char === "{") range += 1;
    else if ((char === "]" || char === "}") && range > 0) range -= 1;
    else if (char === "(") groups.push(word.endsWith(":"));
    else if (char === ")") groups.pop();
    word = /\s|[()]/.test(char) ? "" : word + char;
  }
  return quote || regex || range > 0 || groups.some(Boolean);
}

/**
 * The field token around ``caret`` in ``text``, or null where no field name belongs (inside a value,
 * a phrase, a range, after ``field:``). Leading ``+``, ``-`` and ``!`` are operators, not part of the name.
 */
export function tokenAt(text: string, caret: number): FieldToken | null {
  const at = Math.max(0, Math.min(caret, text.length));
  if (inValueContext(text, at)) return null;
  let wordStart = at;
  while (wordStart > 0 && !isBreak(text[wordStart - 1] as string)) wordStart -= 1;
  let start = wordStart;
  while (start < at && "+-!".includes(text[start] as string)) start += 1;
  const before = text.slice(start, at);
  let kind: FieldToken["kind"] = "field";
  if (before.startsWith(EXISTS)) {
    kind = "exists";
    start += EXISTS.length;
  } else if (before.includes(":")) {
    return null; // typing a value
  }
  let end = at;
  while (end < text.length && !isBreak(text[end] as string) && (kind === "exists" || text[end] !== ":")) end += 1;
  return { start, end, prefix: text.slice(start, at), kind };
}

export interface Candidate {
  name: string;
  type: string;
}

/**
 * Catalog fields that fit ``prefix``, best first: names starting with it, then names with a dotted part
 * starting with it (``source`` finds ``details.sourceipaddress``), then names holding it; within each,
 * shallower, then shorter, then alphabetical. Objects are left out: a query names their leaves.
 */
export function rankFields<T extends Candidate>(fields: readonly T[], prefix: string, limit = 12): T[] {
  const wanted = prefix.toLowerCase();
  const scored: { field: T; score: number; depth: number }[] = [];
  for (const field of fields) {
    if (field.type === "object") continue;
    const name = field.name.toLowerCase();
    let score: number;
    if (name.startsWith(wanted)) score = 0;
    else if (name.split(".").some((part) => part.startsWith(wanted))) score = 1;
    else if (name.includes(wanted)) score = 2;
    else continue;
    scored.push({ field, score, depth: name.split(".").length });
  }
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      a.depth - b.depth ||
      a.field.name.length - b.field.name.length ||
      (a.field.name < b.field.name ? -1 : a.field.name > b.field.name ? 1 : 0),
  );
  return scored.slice(0, limit).map((entry) => entry.field);
}

/** ``text`` with ``name`` in place of ``token`` (and a ``:`` after a field), and where the caret goes. */
export function acceptField(text: string, token: FieldToken, name: string): { text: string; caret: number } {
  const rest = text.slice(token.end);
  const colon = token.kind === "field" && !rest.startsWith(":") ? ":" : "";
  const inserted = name + colon;
  const caret = token.start + inserted.length + (token.kind === "field" && rest.startsWith(":") ? 1 : 0);
  return { text: text.slice(0, token.start) + inserted + rest, caret };
}
