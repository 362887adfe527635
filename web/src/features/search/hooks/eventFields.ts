// An event's JSON as the query sees it: dotted paths (``details.sourceipaddress``) and their values, a list
// counting once per element, since a query on a field matches any value of a list it holds.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One value of one field: what the detail shows a row and the pivots for. */
export interface FieldValue {
  field: string;
  /** The value as query text: strings as they are, numbers and booleans as JSON writes them. */
  value: string;
  kind: "string" | "number" | "boolean" | "null";
}

/** Every leaf value of ``source`` under its dotted path, in document order. */
export function flattenEvent(source: Record<string, unknown>): FieldValue[] {
  const out: FieldValue[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, path);
    } else if (value !== null && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    } else if (path) {
      out.push(leaf(path, value));
    }
  };
  walk(source, "");
  return out;
}

function leaf(field: string, value: unknown): FieldValue {
  if (value === null || value === undefined) return { field, value: "null", kind: "null" };
  if (typeof value === "number") return { field, value: String(value), kind: "number" };
  if (typeof value === "boolean") return { field, value: String(value), kind: "boolean" };
  return { field, value: String(value), kind: "string" };
}

/**
 * The values at dotted ``path`` in ``source``. Keys may themselves hold dots (``details["x.y"]``), so each
 * level tries every key the path starts with; lists contribute each element.
 */
export function valuesAt(source: unknown, path: string): unknown[] {
  if (Array.isArray(source)) return source.flatMap((item) => valuesAt(item, path));
  if (path === "") return source === undefined ? [] : [source];
  if (source === null || typeof source !== "object") return [];
  const out: unknown[] = [];
  for (const [key, inner] of Object.entries(source as Record<string, unknown>)) {
    if (path === key) out.push(...(Array.isArray(inner) ? inner : [inner]));
    else if (path.startsWith(`${key}.`)) out.push(...valuesAt(inner, path.slice(key.length + 1)));
  }
  return out;
}

/** A value as one line of a table cell: lists joined, objects as JSON, nothing as "". */
export function cellText(values: unknown[]): string {
  return values
    .filter((value) => value !== undefined && value !== null)
    .map((value) => (typeof value === "object" ? JSON.stringify(value) : String(value)))
    .join(", ");
}

/** The severity class of the shared stylesheet for an event's or alert's severity (text always shown too). */
export function severityClass(severity: string): "low" | "medium" | "high" | "critical" {
  const level = severity.trim().toUpperCase();
  if (["CRITICAL", "ALERT", "EMERGENCY", "EMERG", "FATAL"].includes(level)) return "critical";
  if (["HIGH", "ERROR", "ERR"].includes(level)) return "high";
  if (["MEDIUM", "WARNING", "WARN"].includes(level)) return "medium";
  return "low";
}
