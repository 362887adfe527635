// A small YAML writer for JSON data: how a rule's definition is shown and what the editor starts from when
// the API has no YAML text of the rule (built-in and file rules, API rules sent as JSON). Only the block
// style, and a string is written plain only when no YAML reader could take it for anything else; otherwise
// it is a JSON string, which is also a valid YAML double-quoted scalar.

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
/** A plain scalar: no indicator first, no ": " or " #" inside, no surrounding space. */
const PLAIN = /^[A-Za-z_./\\$(][^\n\t]*$/;
/** Rule durations read as strings by every YAML version. */
const DURATION = /^\d+[smhdw]$/;
const KEY = /^[A-Za-z_][A-Za-z0-9_.@-]*$/;
/** What YAML 1.1 readers may take for a number: ".5", ".inf", "+1"… */
const NUMBERISH = /^[-+]?(\.?\d|\.(inf|nan)$)/i;

/** Control characters and the Unicode line breaks YAML reads as line breaks: never plain, never in a block. */
const SPECIAL = /[\u0000-\u0008\u000b-\u001f\u007f\u0085\u2028\u2029]/;

function plainString(text: string): boolean {
  if (DURATION.test(text)) return true;
  if (SPECIAL.test(text) || text.includes("\t")) return false;
  if (!PLAIN.test(text) || RESERVED.test(text) || NUMBERISH.test(text)) return false;
  if (text !== text.trim() || text.endsWith(":")) return false;
  return !text.includes(": ") && !text.includes(" #");
}

function key(name: string): string {
  return KEY.test(name) && !RESERVED.test(name) ? name : quoted(name);
}

/** A multi-line string as a literal block (``|``/``|-``) when that keeps it exactly; else null. */
function block(text: string, pad: string): string | null {
  if (!text.includes("\n") || text.endsWith("\n\n") || SPECIAL.test(text)) return null;
  // the first line sets the block's indentation, and trailing blanks are easy to lose: keep those quoted
  if (/^\n*[ \t]/.test(text) || /[ \t](\n|$)/.test(text)) return null;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const indicator = text.endsWith("\n") ? "|" : "|-";
  const lines = body.split("\n").map((line) => (line ? `${pad}${line}` : ""));
  return `${indicator}\n${lines.join("\n")}`;
}

function scalar(value: unknown, pad: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return quoted(String(value));
    // "1e+21" is a string to YAML 1.1 readers, which want a dot in a float: "1.0e+21"
    const number = String(value);
    return /^[^.]*e/.test(number) ? number.replace("e", ".0e") : number;
  }
  const text = String(value);
  if (plainString(text)) return text;
  return block(text, pad) ?? quoted(text);
}

/** A JSON string is a YAML double-quoted scalar, but for the line breaks JSON leaves raw. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/\u0085/g, "\\N").replace(/\u2028/g, "\\L").replace(/\u2029/g, "\\P");
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && typeof value === "object" && Object.keys(value).length > 0;
}

function empty(value: unknown): string | null {
  if (Array.isArray(value) && value.length === 0) return "[]";
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) {
    return "{}";
  }
  return null;
}

function lines(value: unknown, indent: number): string[] {
  const pad = " ".repeat(indent);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isCollection(item)) return [`${pad}- ${empty(item) ?? scalar(item, `${pad}  `)}`];
      const inner = lines(item, indent + 2);
      // the item's first line goes on the dash: "- id: x", the rest stays under it
      const [first = "", ...rest] = inner;
      return [`${pad}- ${first.slice(indent + 2)}`, ...rest];
    });
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([name, item]) => {
      if (isCollection(item)) return [`${pad}${key(name)}:`, ...lines(item, indent + 2)];
      return [`${pad}${key(name)}: ${empty(item) ?? scalar(item, `${pad}  `)}`];
    });
  }
  return [`${pad}${scalar(value, pad)}`];
}

/** ``value`` (JSON data) as a YAML document, ending with a newline. */
export function toYaml(value: unknown): string {
  const only = empty(value);
  return `${only ?? lines(value, 0).join("\n")}\n`;
}
