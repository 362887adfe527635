// The attackers screen's state lives in its URL (#/attackers?phase=delivery&min_score=5&view=3d), so a
// filtered view can be bookmarked, shared and reached with Back. Pure: parsed, written and turned into
// API queries here, tested alone.
import { isPhase } from "../api/attackers";
import type { Attacker, AttackerPage, AttackerQuery, Phase } from "../api/attackers";

export type SortKey = "score" | "last_seen";
export type ViewMode = "table" | "3d";

export interface AttackerFilters {
  /** Text in addresses, name, tags or notes (the API's ``q``). */
  q: string;
  /** One tag, matched exactly (any case). */
  tag: string;
  minScore: number | null;
  phase: Phase | "";
  category: string;
  country: string;
  /** Last seen at or after: ISO-8601 or date math such as ``now-7d``. */
  since: string;
  sort: SortKey;
  offset: number;
  size: number;
  view: ViewMode;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_FILTERS: AttackerFilters = {
  q: "",
  tag: "",
  minScore: null,
  phase: "",
  category: "",
  country: "",
  since: "",
  sort: "score",
  offset: 0,
  size: 50,
  view: "table",
};

/** The most the API answers in one call; a tag filter reads this many and narrows them here. */
export const API_MAX_SIZE = 1000;
/** How many attackers the 3-D view draws at most (the top ones by the chosen order). */
export const SCENE_SIZE = 500;

function nonNegativeInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) ? parsed : null;
}

/** The filters a URL's query names; anything malformed falls back to the default rather than failing. */
export function parseFilters(params: URLSearchParams): AttackerFilters {
  const text = (name: string, max = 200) => (params.get(name) ?? "").trim().slice(0, max);
  const score = Number(params.get("min_score"));
  const size = nonNegativeInt(params.get("size"));
  const phase = params.get("phase");
  return {
    q: text("q"),
    tag: text("tag"),
    minScore: params.has("min_score") && Number.isFinite(score) && score > 0 ? score : null,
    phase: isPhase(phase) ? phase : "",
    category: text("category"),
    country: text("country", 8).toUpperCase(),
    since: text("since", 64),
    sort: params.get("sort") === "last_seen" ? "last_seen" : "score",
    offset: nonNegativeInt(params.get("offset")) ?? 0,
    size: size !== null && (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_FILTERS.size,
    view: params.get("view") === "3d" ? "3d" : "table",
  };
}

/** The URL query of ``filters``: defaults left out, a fixed order, so equal filters give equal URLs. */
export function filtersToParams(filters: AttackerFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.minScore !== null) params.set("min_score", String(filters.minScore));
  if (filters.phase) params.set("phase", filters.phase);
  if (filters.category) params.set("category", filters.category);
  if (filters.country) params.set("country", filters.country);
  if (filters.since) params.set("since", filters.since);
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set("sort", filters.sort);
  if (filters.size !== DEFAULT_FILTERS.size) params.set("size", String(filters.size));
  if (filters.offset > 0) params.set("offset", String(filters.offset));
  if (filters.view !== DEFAULT_FILTERS.view) params.set("view", filters.view);
  return params;
}

/** The in-app path of ``filters`` (for navigate/href). */
export function filtersPath(filters: AttackerFilters): string {
  const query = filtersToParams(filters).toString();
  return `/attackers${query ? `?${query}` : ""}`;
}

/**
 * ``filters`` with ``change`` applied. Changing what is selected or how it is ordered goes back to the
 * first page (the old offset would point into a different list); paging and switching views do not.
 */
export function withChange(filters: AttackerFilters, change: Partial<AttackerFilters>): AttackerFilters {
  const next = { ...filters, ...change };
  const keepsPage = (Object.keys(change) as (keyof AttackerFilters)[]).every((key) => key === "offset" || key === "view");
  if (!keepsPage) next.offset = "offset" in change ? (change.offset ?? 0) : 0;
  return next;
}

/** True when anything narrows the list (so an empty answer says "nothing matches", not "no attackers"). */
export function isFiltered(filters: AttackerFilters): boolean {
  return Boolean(
    filters.q || filters.tag || filters.minScore !== null || filters.phase || filters.category || filters.country || filters.since,
  );
}

export interface ListRequest {
  query: AttackerQuery;
  /**
   * The API has no tag filter, so a tag is searched with ``q`` (which covers tags) and the answer is
   * narrowed here to profiles carrying that exact tag; then also text, and the page, are applied here.
   */
  refine: { tag: string; text: string; offset: number; size: number } | null;
}

function baseQuery(filters: AttackerFilters): AttackerQuery {
  const query: AttackerQuery = { sort: filters.sort };
  if (filters.minScore !== null) query.min_score = filters.minScore;
  if (filters.phase) query.phase = filters.phase;
  if (filters.category) query.category = filters.category;
  if (filters.country) query.country = filters.country;
  if (filters.since) query.since = filters.since;
  return query;
}

/** The API call for one page of the table (or, with ``size``, the first ``size`` for the 3-D view). */
export function listRequest(filters: AttackerFilters, scene = false): ListRequest {
  const size = scene ? SCENE_SIZE : filters.size;
  const offset = scene ? 0 : filters.offset;
  const query = baseQuery(filters);
  if (filters.tag) {
    return {
      query: { ...query, q: filters.tag, size: API_MAX_SIZE, offset: 0 },
      refine: { tag: filters.tag, text: filters.q, offset, size },
    };
  }
  if (filters.q) query.q = filters.q;
  return { query: { ...query, size, offset }, refine: null };
}

/** Whether ``attacker`` holds ``text`` (any case) where the API's ``q`` looks: addresses, name, tags, notes. */
export function matchesText(attacker: Attacker, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [
    attacker.id,
    ...attacker.addresses,
    attacker.name ?? "",
    ...(attacker.tags ?? []),
    ...(attacker.notes ?? []).map((note) => note.text),
  ];
  return haystack.some((value) => value.toLowerCase().includes(needle));
}

export function hasTag(attacker: Attacker, tag: string): boolean {
  const wanted = tag.trim().toLowerCase();
  return (attacker.tags ?? []).some((t) => t.toLowerCase() === wanted);
}

export interface ListAnswer {
  total: number;
  attackers: Attacker[];
  /** The tag search hit the API's page limit: there may be more matches than were narrowed here. */
  capped: boolean;
}

/** What the table shows for ``request``'s answer. */
export function applyRefine(request: ListRequest, page: AttackerPage): ListAnswer {
  const { refine } = request;
  if (!refine) return { total: page.total, attackers: page.attackers, capped: false };
  const kept = page.attackers.filter((a) => hasTag(a, refine.tag) && matchesText(a, refine.text));
  return {
    total: kept.length,
    attackers: kept.slice(refine.offset, refine.offset + refine.size),
    capped: page.total > page.attackers.length,
  };
}

export interface PageInfo {
  /** 1-based position of the first row shown, 0 when none. */
  from: number;
  to: number;
  prevOffset: number | null;
  nextOffset: number | null;
  page: number;
  pages: number;
}

/** Where a page of ``shown`` rows from ``offset`` sits in ``total``. */
export function pageInfo(total: number, offset: number, size: number, shown: number): PageInfo {
  const step = Math.max(1, size);
  return {
    from: shown === 0 ? 0 : offset + 1,
    to: offset + shown,
    prevOffset: offset > 0 ? Math.max(0, offset - step) : null,
    nextOffset: offset + shown < total && shown > 0 ? offset + step : null,
    page: Math.floor(offset / step) + 1,
    pages: Math.max(1, Math.ceil(total / step)),
  };
}

/** Every category the ``attackers`` have alerts in, by name: suggestions for the category filter. */
export function categoriesOf(attackers: Pick<Attacker, "categories">[]): string[] {
  const names = new Set<string>();
  for (const attacker of attackers) for (const name of Object.keys(attacker.categories ?? {})) names.add(name);
  return [...names].sort();
}
