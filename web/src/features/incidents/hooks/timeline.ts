// How the timeline reads: each entry's action in words and its field-level changes ("before" → "after")
// with readable field names (docs/incidents.md, "Notes and timeline"). Pure: tested alone.
import { LIST_NAMES } from "../api/cases";
import type { ListName, TimelineEntry } from "../api/cases";

export interface ChangeLine {
  /** "summary", "closed date", "theory status". */
  field: string;
  /** "changed", or for an item of a list "added" / "removed". */
  kind: "changed" | "added" | "removed";
  before: string;
  after: string;
}

const SINGULAR: Record<ListName, string> = {
  theories: "theory",
  mitigations: "mitigation",
  lessons: "lesson",
  indicators: "indicator",
  evidence: "evidence",
  links: "link",
};

export function singular(list: string): string {
  return (SINGULAR as Record<string, string>)[list] ?? list;
}

function isList(name: string): name is ListName {
  return (LIST_NAMES as readonly string[]).includes(name);
}

const MAX = 200;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** How a time reads in a change; the screen passes the app's formatter. */
export type TimeFormat = (iso: string) => string;
const asIs: TimeFormat = (iso) => iso;

/** A value of a change as one line of text: times formatted, items by their main text, lists joined, long text cut. */
export function formatValue(value: unknown, time: TimeFormat = asIs): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") {
    if (ISO_TIME.test(value)) return time(value);
    return value.length > MAX ? `${value.slice(0, MAX - 1)}…` : value;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => formatValue(v, time)).join(", ") : "—";
  if (typeof value === "object") return itemText(value as Record<string, unknown>);
  return String(value);
}

/** An item of a list in a few words: "ip 192.0.2.1", "Phishing mail (confirmed)". */
export function itemText(item: Record<string, unknown>): string {
  const str = (key: string) => (typeof item[key] === "string" ? (item[key] as string) : "");
  let text: string;
  if (str("value")) text = `${str("type")} ${str("value")}`.trim();
  else if (str("target")) text = `${str("kind")} ${str("target")}`.trim();
  else text = str("text") || str("description") || JSON.stringify(item);
  const status = str("status");
  return formatValue(status ? `${text} (${status})` : text);
}

/** One change of an entry as a line: which field, how, before and after. */
export function changeLine(change: Record<string, unknown>, time: TimeFormat = asIs): ChangeLine {
  const path = typeof change.field === "string" ? change.field : "?";
  const parts = path.split(".");
  const head = parts[0] ?? path;
  const before = change.before ?? null;
  const after = change.after ?? null;
  if (isList(head) && parts.length === 2) {
    // a whole item: added or removed
    const kind = before === null ? "added" : after === null ? "removed" : "changed";
    return { field: singular(head), kind, before: formatValue(before, time), after: formatValue(after, time) };
  }
  let field: string;
  if (isList(head) && parts.length >= 3) field = `${singular(head)} ${parts.slice(2).join(" ")}`;
  else if (head === "dates" && parts.length === 2) field = `${parts[1]} date`;
  else if (head === "owner") field = "assignee";
  else field = parts.join(" ");
  return { field, kind: "changed", before: formatValue(before, time), after: formatValue(after, time) };
}

export function changeLines(entry: TimelineEntry, time: TimeFormat = asIs): ChangeLine[] {
  return (entry.changes ?? []).map((change) => changeLine(change as Record<string, unknown>, time));
}

/**
 * A live change in words, after the actor: "changed", "added a theory to"; null for the timeline entry
 * every change is followed by (the change itself said it already).
 */
export function changeWords(op: string, sub: string | null): string | null {
  switch (op) {
    case "created":
      return "opened";
    case "updated":
      return "changed";
    case "deleted":
      return "deleted";
    case "appended":
      if (sub === "timeline") return null;
      if (sub === "notes") return "added a note to";
      return `added ${article(singular(sub ?? "item"))} to`;
    default:
      return op;
  }
}

/** The entry's action in words, after the actor: "created the incident", "added a theory", "moved it to Containment". */
export function entrySummary(entry: TimelineEntry, noun: string): string {
  const list = entry.list ? singular(entry.list) : "item";
  const details = (entry.details ?? {}) as Record<string, unknown>;
  const phase = details.phase as { from?: unknown; to?: unknown; direction?: unknown } | undefined;
  switch (entry.action) {
    case "created":
      return `opened the ${noun}`;
    case "deleted":
      return `deleted the ${noun}`;
    case "note.added":
      return "added a note";
    case "item.added":
      return `added ${article(list)}`;
    case "item.updated":
      return `changed ${article(list)}`;
    case "item.removed":
      return `removed ${article(list)}`;
    case "updated":
      if (phase && typeof phase.to === "string") {
        const back = phase.direction === "backward" ? " (back)" : "";
        return `moved it from ${String(phase.from)} to ${phase.to}${back}`;
      }
      return "changed it";
    default:
      return entry.action;
  }
}

function article(word: string): string {
  if (word === "evidence") return "evidence";
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** Entries newest first, each once (a live append may repeat one already fetched). */
export function mergeTimeline(current: TimelineEntry[], incoming: TimelineEntry[]): TimelineEntry[] {
  const byId = new Map<string, TimelineEntry>();
  for (const entry of [...current, ...incoming]) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
}
