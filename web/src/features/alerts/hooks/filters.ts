// The alert list's filters and their three forms: the URL query (so a reload or a shared link shows the same
// list), the API's list and stats queries, and a predicate for alerts that arrive live (which the server did
// not filter). Pure, so each form is tested against the others.
import { STATUSES } from "../api/alerts";
import type { Alert, AlertListQuery, AlertStatsQuery, AlertStatus } from "../api/alerts";

export interface TimeRange {
  key: string;
  label: string;
  ms: number;
  /** The stats bucket width: a dozen to thirty bars whatever the range. */
  interval: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const RANGES: readonly TimeRange[] = [
  { key: "15m", label: "Last 15 minutes", ms: 15 * MINUTE, interval: "1m" },
  { key: "1h", label: "Last hour", ms: HOUR, interval: "5m" },
  { key: "24h", label: "Last 24 hours", ms: DAY, interval: "1h" },
  { key: "7d", label: "Last 7 days", ms: 7 * DAY, interval: "6h" },
  { key: "30d", label: "Last 30 days", ms: 30 * DAY, interval: "1d" },
];

export const DEFAULT_RANGE = "24h";
export const PAGE_SIZE = 50;

export interface AlertFilters {
  /** Upper case, as alerts store them; any of them. */
  severity: string[];
  /** Any of them; none selected means every status. */
  status: AlertStatus[];
  /** Exactly this category, or "" for any. */
  category: string;
  /** A key of RANGES. */
  range: string;
  /** Text in summary, category or rule id, any case. */
  q: string;
  /** 1-based. */
  page: number;
}

export const DEFAULT_FILTERS: AlertFilters = {
  severity: [],
  status: [],
  category: "",
  range: DEFAULT_RANGE,
  q: "",
  page: 1,
};

export function rangeOf(key: string): TimeRange {
  return RANGES.find((range) => range.key === key) ?? (RANGES.find((range) => range.key === DEFAULT_RANGE) as TimeRange);
}

/** Values of a repeatable parameter, given repeated (``a=x&a=y``) or comma-separated (``a=x,y``). */
function many(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** The filters a URL query names; anything missing or unknown takes its default. */
export function parseFilters(params: URLSearchParams): AlertFilters {
  const statuses = new Set<string>(STATUSES);
  const range = params.get("range") ?? DEFAULT_RANGE;
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    severity: unique(many(params, "severity").map((value) => value.toUpperCase())),
    status: unique(many(params, "status").map((value) => value.toLowerCase())).filter((value): value is AlertStatus =>
      statuses.has(value),
    ),
    category: (params.get("category") ?? "").trim(),
    range: RANGES.some((known) => known.key === range) ? range : DEFAULT_RANGE,
    q: (params.get("q") ?? "").trim(),
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

/** The URL query of ``filters``: defaults left out, so the plain list is plain "/alerts". */
export function filtersToParams(filters: AlertFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.severity.length) params.set("severity", filters.severity.join(","));
  if (filters.status.length) params.set("status", filters.status.join(","));
  if (filters.category) params.set("category", filters.category);
  if (filters.range !== DEFAULT_RANGE) params.set("range", filters.range);
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** The in-app path of the list with ``filters``. */
export function filtersPath(filters: AlertFilters): string {
  const query = filtersToParams(filters).toString();
  return query ? `/alerts?${query}` : "/alerts";
}

/** ``filters`` with ``changes``; a change to anything but the page goes back to the first page. */
export function changeFilters(filters: AlertFilters, changes: Partial<AlertFilters>): AlertFilters {
  return { ...filters, page: 1, ...changes };
}

export function hasFilters(filters: AlertFilters): boolean {
  return Boolean(filters.q || filters.severity.length || filters.status.length || filters.category);
}

/** The page of ``GET /api/v1/alerts`` the filters show. */
export function listQuery(filters: AlertFilters): AlertListQuery {
  const query: AlertListQuery = {
    start: `now-${rangeOf(filters.range).key}`,
    size: PAGE_SIZE,
    offset: (filters.page - 1) * PAGE_SIZE,
  };
  if (filters.q) query.q = filters.q;
  if (filters.severity.length) query.severity = filters.severity;
  if (filters.status.length) query.status = filters.status;
  if (filters.category) query.category = filters.category;
  return query;
}

/** ``GET /api/v1/alerts/stats`` over the filters' time range. */
export function statsQuery(filters: AlertFilters): AlertStatsQuery {
  const range = rangeOf(filters.range);
  return { start: `now-${range.key}`, end: "now", interval: range.interval };
}

/** Whether ``alert`` belongs in the list ``filters`` select at ``now`` (the server's rules, docs/alerts.md). */
export function matchesFilters(alert: Alert, filters: AlertFilters, now: number): boolean {
  if (filters.severity.length && !filters.severity.includes((alert.severity ?? "").toUpperCase())) return false;
  if (filters.status.length && !filters.status.includes(alert.status)) return false;
  if (filters.category && alert.category !== filters.category) return false;
  if (filters.q) {
    const needle = filters.q.toLowerCase();
    const haystack = [alert.summary, alert.category, alert.rule_id];
    if (!haystack.some((field) => typeof field === "string" && field.toLowerCase().includes(needle))) return false;
  }
  const time = Date.parse(alert.utctimestamp);
  if (Number.isNaN(time) || time < now - rangeOf(filters.range).ms) return false;
  return true;
}
