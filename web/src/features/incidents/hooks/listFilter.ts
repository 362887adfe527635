// The list screen's filters, kept in the URL (so a filtered list can be bookmarked and shared, and links
// from other screens land on it) and turned into the listing's query. Pure: tested alone.
import { PHASES, SEVERITIES } from "../api/cases";
import type { CaseQuery } from "../api/cases";

export const PAGE_SIZE = 25;

/** "open": every phase but Closed, the default view of work in progress. */
export const OPEN = "open";
export const OPEN_PHASES: string[] = PHASES.filter((phase) => phase !== "Closed");

export const OPENED_PRESETS = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "365d", label: "Last year" },
] as const;

export const SORTS = [
  { value: "number:desc", label: "Newest first" },
  { value: "number:asc", label: "Oldest first" },
  { value: "updated:desc", label: "Recently updated" },
  { value: "opened:desc", label: "Recently opened" },
  { value: "summary:asc", label: "Summary (A–Z)" },
  { value: "owner:asc", label: "Assignee (A–Z)" },
  { value: "phase:asc", label: "Phase" },
] as const;
export const DEFAULT_SORT = "number:desc";

export interface ListFilter {
  /** Phases, or ["open"]; empty for any. */
  phase: string[];
  severity: string[];
  owner: string;
  creator: string;
  q: string;
  tag: string;
  veris: string;
  /** A preset of OPENED_PRESETS, "custom" (``from``/``to``) or "" for any time. */
  opened: string;
  /** YYYY-MM-DD, inclusive, with opened "custom". */
  from: string;
  to: string;
  sort: string;
  /** 1-based. */
  page: number;
}

export const EMPTY_FILTER: ListFilter = {
  phase: [],
  severity: [],
  owner: "",
  creator: "",
  q: "",
  tag: "",
  veris: "",
  opened: "",
  from: "",
  to: "",
  sort: DEFAULT_SORT,
  page: 1,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function list(value: string | null, allowed: readonly string[]): string[] {
  if (!value) return [];
  const wanted = value.split(",").map((part) => part.trim());
  const byLower = new Map(allowed.map((item) => [item.toLowerCase(), item]));
  const found: string[] = [];
  for (const part of wanted) {
    const canonical = byLower.get(part.toLowerCase());
    if (canonical && !found.includes(canonical)) found.push(canonical);
  }
  return found;
}

/** The filter a URL's query holds; what does not parse is left at its default. */
export function filterFromParams(params: URLSearchParams): ListFilter {
  const phase = list(params.get("phase"), [OPEN, ...PHASES]);
  const opened = params.get("opened") ?? "";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const sort = params.get("sort") ?? "";
  const page = Number.parseInt(params.get("page") ?? "", 10);
  return {
    // "open" stands alone: with phases besides it, the phases say it
    phase: phase.includes(OPEN) && phase.length > 1 ? phase.filter((p) => p !== OPEN) : phase,
    severity: list(params.get("severity"), SEVERITIES),
    owner: (params.get("owner") ?? "").trim(),
    creator: (params.get("creator") ?? "").trim(),
    q: (params.get("q") ?? "").trim(),
    tag: (params.get("tag") ?? "").trim(),
    veris: (params.get("veris") ?? "").trim(),
    opened: OPENED_PRESETS.some((p) => p.value === opened) || opened === "custom" ? opened : "",
    from: DAY.test(from) ? from : "",
    to: DAY.test(to) ? to : "",
    sort: SORTS.some((s) => s.value === sort) ? sort : DEFAULT_SORT,
    page: Number.isFinite(page) && page > 1 ? page : 1,
  };
}

/** The URL query of ``filter``: only what differs from the defaults, in a stable order ("" for none). */
export function paramsOf(filter: ListFilter): string {
  const query = new URLSearchParams();
  if (filter.phase.length) query.set("phase", filter.phase.join(","));
  if (filter.severity.length) query.set("severity", filter.severity.join(","));
  for (const key of ["owner", "creator", "q", "tag", "veris"] as const) if (filter[key]) query.set(key, filter[key]);
  if (filter.opened) query.set("opened", filter.opened);
  if (filter.opened === "custom") {
    if (filter.from) query.set("from", filter.from);
    if (filter.to) query.set("to", filter.to);
  }
  if (filter.sort !== DEFAULT_SORT) query.set("sort", filter.sort);
  if (filter.page > 1) query.set("page", String(filter.page));
  return query.toString();
}

/** The day after a YYYY-MM-DD day: "to" is inclusive on screen, ``opened_before`` exclusive in the API. */
export function nextDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + 1));
  return date.toISOString().slice(0, 10);
}

/** The listing's query for ``filter``, one page of ``size``. */
export function queryOf(filter: ListFilter, size: number = PAGE_SIZE): CaseQuery {
  const query: CaseQuery = { size, offset: (filter.page - 1) * size, sort: filter.sort };
  const phases = filter.phase.includes(OPEN) ? OPEN_PHASES : filter.phase;
  if (phases.length) query.phase = [...phases];
  if (filter.severity.length) query.severity = [...filter.severity];
  if (filter.owner) query.owner = filter.owner;
  if (filter.creator) query.creator = filter.creator;
  if (filter.q) query.q = filter.q;
  if (filter.tag) query.tag = filter.tag;
  if (filter.veris) query.veris = filter.veris;
  if (filter.opened === "custom") {
    if (filter.from) query.opened_after = filter.from;
    if (filter.to) query.opened_before = nextDay(filter.to);
  } else if (filter.opened) {
    query.opened_after = `now-${filter.opened}`;
  }
  return query;
}

/** Whether anything narrows the list (the empty state then says so rather than "none yet"). */
export function isFiltered(filter: ListFilter): boolean {
  return paramsOf({ ...filter, sort: DEFAULT_SORT, page: 1 }) !== "";
}

/** "26–50 of 120" for page ``page`` of ``total``. */
export function pageRange(page: number, size: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return `0 of ${total}`;
  const first = (page - 1) * size + 1;
  return `${first}–${first + shown - 1} of ${total}`;
}

export function pageCount(total: number, size: number = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}
