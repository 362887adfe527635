// The audit log's filters live in the URL (#/admin/audit?actor=alice&action=auth.login&offset=100), so a
// filtered view can be linked to and the back button walks through pages.
import type { AuditQuery, AuditRecord } from "../api/admin";

export const PAGE_SIZES = [50, 100, 200, 500] as const;
export const DEFAULT_PAGE_SIZE = 100;
const MAX_OFFSET = 1_000_000; // the server's bound

export interface AuditFilters {
  actor: string;
  action: string;
  target: string;
  /** ISO-8601 times; "" for no bound. */
  start: string;
  end: string;
  size: number;
  offset: number;
}

export const EMPTY_FILTERS: AuditFilters = {
  actor: "",
  action: "",
  target: "",
  start: "",
  end: "",
  size: DEFAULT_PAGE_SIZE,
  offset: 0,
};

/** Actions the server records, offered as suggestions (the filter matches exactly, so a typo finds nothing). */
export const KNOWN_ACTIONS = [
  "auth.login",
  "auth.refresh",
  "auth.logout",
  "user.create",
  "user.update",
  "user.password",
  "apikey.create",
  "apikey.revoke",
  "watchlist.create",
  "watchlist.update",
  "watchlist.delete",
  "watchlist.purge",
  "blocklist.create",
  "blocklist.update",
  "blocklist.delete",
  "blocklist.purge",
] as const;

function whole(text: string | null, fallback: number, min: number, max: number): number {
  if (text === null || !/^\d+$/.test(text)) return fallback;
  return Math.min(max, Math.max(min, Number(text)));
}

function isoOrEmpty(text: string | null): string {
  if (!text) return "";
  return Number.isNaN(Date.parse(text)) ? "" : text;
}

/** The filters a URL's query names; whatever is missing or malformed falls back to no filter. */
export function filtersFromParams(params: URLSearchParams): AuditFilters {
  return {
    actor: params.get("actor")?.trim() ?? "",
    action: params.get("action")?.trim() ?? "",
    target: params.get("target")?.trim() ?? "",
    start: isoOrEmpty(params.get("start")),
    end: isoOrEmpty(params.get("end")),
    size: whole(params.get("size"), DEFAULT_PAGE_SIZE, 1, 1000),
    offset: whole(params.get("offset"), 0, 0, MAX_OFFSET),
  };
}

/** The URL query of some filters, leaving out defaults so plain views keep plain URLs. */
export function paramsFromFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "target", "start", "end"] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.size !== DEFAULT_PAGE_SIZE) params.set("size", String(filters.size));
  if (filters.offset > 0) params.set("offset", String(filters.offset));
  return params;
}

/** The API query of some filters. */
export function auditQuery(filters: AuditFilters): AuditQuery {
  const query: AuditQuery = { size: filters.size, offset: filters.offset };
  if (filters.actor) query.actor = filters.actor;
  if (filters.action) query.action = filters.action;
  if (filters.target) query.target = filters.target;
  if (filters.start) query.start = filters.start;
  if (filters.end) query.end = filters.end;
  return query;
}

export interface PageInfo {
  /** 1-based number of the first record shown; 0 when none. */
  from: number;
  to: number;
  previous: number | null;
  next: number | null;
}

/** Where a page sits in the whole: what it shows and the offsets of its neighbours (null: none). */
export function pageInfo(offset: number, size: number, shown: number, total: number): PageInfo {
  const from = shown === 0 ? 0 : offset + 1;
  const to = offset + shown;
  const previous = offset > 0 ? Math.max(0, offset - size) : null;
  const next = to < total && offset + size <= MAX_OFFSET ? offset + size : null;
  return { from, to, previous, next };
}

/**
 * Each user's newest successful sign-in, from audit records (newest first, as the API answers). The user
 * record has no such field; the audit log is where sign-ins are kept.
 */
export function lastSignIns(records: readonly AuditRecord[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const record of records) {
    if (record.action !== "auth.login" || record.outcome !== "ok" || !record.actor) continue;
    const seen = latest.get(record.actor);
    if (seen === undefined || Date.parse(record.created) > Date.parse(seen)) latest.set(record.actor, record.created);
  }
  return latest;
}

/** An audit record's details on one line, for the table ("role=analyst, sessions_closed=2"). */
export function describeDetails(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(", ");
}
