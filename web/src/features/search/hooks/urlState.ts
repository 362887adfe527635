// The search lives in the URL (#/search?q=..&start=..&end=..&cols=..&index=..), so a search can be shared,
// bookmarked, linked to from other screens, and walked back through with the browser's Back button.
import type { SavedSearch, SearchIndex } from "../api/search";

/** The indices a search can read, in the order the picker offers them. */
export const INDICES = ["events", "alerts", "deadletter"] as const satisfies readonly SearchIndex[];

export interface SearchState {
  /** The query as typed; "" means everything. */
  q: string;
  /** ISO-8601 or date math; "" is no bound. */
  start: string;
  end: string;
  cols: string[];
  index: SearchIndex;
}

export const DEFAULT_COLUMNS: readonly string[] = ["utctimestamp", "severity", "category", "hostname", "summary"];
export const DEFAULT_START = "now-24h";
export const DEFAULT_END = "now";
const MAX_COLUMNS = 50;

/** Column names from the ``cols`` parameter: trimmed, without blanks or repeats. */
export function parseColumns(text: string): string[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  return [...new Set(names)].slice(0, MAX_COLUMNS);
}

/**
 * The search a URL names. A bound that is absent takes its default (the last 24 hours, as links from
 * other screens expect); one present but empty (``start=``) is deliberately open: all time.
 */
export function readSearchState(params: URLSearchParams): SearchState {
  const cols = parseColumns(params.get("cols") ?? "");
  const index = params.get("index");
  return {
    q: params.get("q") ?? "",
    start: params.get("start") ?? DEFAULT_START,
    end: params.get("end") ?? DEFAULT_END,
    cols: cols.length ? cols : [...DEFAULT_COLUMNS],
    index: INDICES.find((name) => name === index) ?? "events",
  };
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** The route of ``state``: q, start and end always; the columns and index only when not the defaults. */
export function searchPath(state: SearchState): string {
  const params = new URLSearchParams();
  params.set("q", state.q);
  params.set("start", state.start);
  params.set("end", state.end);
  if (!sameColumns(state.cols, DEFAULT_COLUMNS)) params.set("cols", state.cols.join(","));
  if (state.index !== "events") params.set("index", state.index);
  return `/search?${params.toString()}`;
}

/** The query sent to the API: "" means everything, which the API spells "*". */
export function apiQuery(q: string): string {
  return q.trim() === "" ? "*" : q;
}

/** A stable key of what the results depend on, to know when to search again. */
export function resultsKey(state: SearchState): string {
  return JSON.stringify([apiQuery(state.q), state.start, state.end, state.index, state.cols]);
}

/** The search a saved search opens: an unset start is all time, an unset end is now. */
export function stateOfSaved(saved: SavedSearch): SearchState {
  const cols = (saved.columns ?? []).filter(Boolean);
  return {
    q: saved.q === undefined || saved.q.trim() === "*" ? "" : saved.q,
    start: saved.start === undefined ? DEFAULT_START : (saved.start ?? ""),
    end: saved.end ?? "now",
    cols: cols.length ? [...new Set(cols)] : [...DEFAULT_COLUMNS],
    index: INDICES.find((name) => name === saved.index) ?? "events",
  };
}
