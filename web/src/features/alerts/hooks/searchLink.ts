// "Events in search": the event search (docs/search.md) selecting an alert's sample events. An alert keeps
// references to the first events that matched (``events: [{id, index, utctimestamp, summary}]``, see
// docs/rules.md, "The alert"); ``id`` is a keyword field, so ``id:(a OR b)`` finds exactly those events, and
// the time window around them keeps the search from scanning every daily index.
import type { Alert } from "../api/alerts";

export interface EventRef {
  id: string;
  index: string | null;
  utctimestamp: string | null;
  summary: string | null;
}

/** Margin around the events' times, for clocks and rounding. */
const MARGIN_MS = 60_000;
/** How far back to look when a reference carries no time (a rule's window is rarely longer). */
const UNKNOWN_LOOKBACK_MS = 24 * 60 * 60_000;
const RESERVED = new Set(["AND", "OR", "NOT", "TO"]);

function text(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The alert's event references, whatever shape the alerter gave them (a plain id string is accepted). */
export function eventRefs(alert: Pick<Alert, "events">): EventRef[] {
  const seen = new Set<string>();
  const refs: EventRef[] = [];
  for (const item of alert.events ?? []) {
    const ref: EventRef | null =
      typeof item === "string" && item
        ? { id: item, index: null, utctimestamp: null, summary: null }
        : item && typeof item === "object" && text((item as Record<string, unknown>).id)
          ? {
              id: text((item as Record<string, unknown>).id) as string,
              index: text((item as Record<string, unknown>).index),
              utctimestamp: text((item as Record<string, unknown>).utctimestamp),
              summary: text((item as Record<string, unknown>).summary),
            }
          : null;
    if (ref && !seen.has(ref.id)) {
      seen.add(ref.id);
      refs.push(ref);
    }
  }
  return refs;
}

/** ``value`` as one term of the query language: bare when it is a plain word, else quoted and escaped. */
export function queryTerm(value: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.@-]*$/.test(value) && !RESERVED.has(value)) return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** ``id:a`` or ``id:(a OR b …)`` for ``ids``; null for none. */
export function eventsQuery(ids: readonly string[]): string | null {
  if (ids.length === 0) return null;
  const terms = ids.map(queryTerm);
  return terms.length === 1 ? `id:${terms[0]}` : `id:(${terms.join(" OR ")})`;
}

/** The time window holding the alert's sample events (ISO-8601, UTC), with a margin either side. */
export function eventsWindow(alert: Pick<Alert, "events" | "utctimestamp" | "last_seen">): { start: string; end: string } {
  const refs = eventRefs(alert);
  const times = [alert.utctimestamp, alert.last_seen, ...refs.map((ref) => ref.utctimestamp)]
    .map((value) => (value ? Date.parse(value) : Number.NaN))
    .filter((value) => !Number.isNaN(value));
  const now = Date.now();
  let start = times.length ? Math.min(...times) : now - UNKNOWN_LOOKBACK_MS;
  const end = times.length ? Math.max(...times) : now;
  // events come before the alert they raise: without their own times, look back a rule window's worth
  if (refs.some((ref) => !ref.utctimestamp)) start = Math.min(start, end - UNKNOWN_LOOKBACK_MS);
  return { start: new Date(start - MARGIN_MS).toISOString(), end: new Date(end + MARGIN_MS).toISOString() };
}

/** The in-app path of the event search selecting the alert's sample events; null when it has none. */
export function eventsSearchPath(alert: Pick<Alert, "events" | "utctimestamp" | "last_seen">): string | null {
  const query = eventsQuery(eventRefs(alert).map((ref) => ref.id));
  if (!query) return null;
  const { start, end } = eventsWindow(alert);
  const params = new URLSearchParams({ q: query, start, end });
  return `/search?${params.toString()}`;
}
