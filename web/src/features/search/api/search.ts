// The routes the search screen uses, typed from the OpenAPI spec: search, one event, the field catalog,
// saved searches and the watch/block lists. If the backend's routes change, this is the file to follow them in.
import { api, ApiError } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type SearchBody = BodyOf<"/api/v1/events/search", "post">;
export type SearchResponse = ResponseOf<"/api/v1/events/search", "post">;
export type SearchHit = SearchResponse["hits"][number];
export type EventWithAlerts = ResponseOf<"/api/v1/events/{event_id}", "get">;
export type FieldInfo = ResponseOf<"/api/v1/fields", "get">["fields"][number];
export type SavedSearch = ResponseOf<"/api/v1/saved-searches", "post">;
export type NewSavedSearch = BodyOf<"/api/v1/saved-searches", "post">;
export type ListEntry = ResponseOf<"/api/v1/watchlist", "post">;
export type NewListEntry = BodyOf<"/api/v1/watchlist", "post">;
export type ListType = NewListEntry["type"];
export type SearchIndex = NonNullable<SearchBody["index"]>;

export const LIST_TYPES = ["ip", "cidr", "domain", "user", "hash"] as const satisfies readonly ListType[];

/** POST rather than GET: aggs travel as an object and the field list as an array, no JSON-in-a-URL. */
export function searchEvents(body: SearchBody, signal?: AbortSignal): Promise<SearchResponse> {
  return api.post("/api/v1/events/search", { body, signal });
}

export function getEvent(id: string, index: SearchIndex, signal?: AbortSignal): Promise<EventWithAlerts> {
  return api.get("/api/v1/events/{event_id}", { path: { event_id: id }, query: { index }, signal });
}

export async function getFields(index: SearchIndex, signal?: AbortSignal): Promise<FieldInfo[]> {
  const catalog = await api.get("/api/v1/fields", { query: { index }, signal });
  return catalog.fields;
}

export async function listSavedSearches(signal?: AbortSignal): Promise<SavedSearch[]> {
  const page = await api.get("/api/v1/saved-searches", { query: { limit: 200 }, signal });
  return page.saved_searches;
}

export function saveSearch(search: NewSavedSearch): Promise<SavedSearch> {
  return api.post("/api/v1/saved-searches", { body: search });
}

/** List a value; adding one already listed refreshes it (the answer's version is then above 1). */
export function addToList(list: "watchlist" | "blocklist", entry: NewListEntry): Promise<ListEntry> {
  return list === "watchlist"
    ? api.post("/api/v1/watchlist", { body: entry })
    : api.post("/api/v1/blocklist", { body: entry });
}

/**
 * What is wrong with the query when ``error`` is the API's 400 for it: a syntax error carries the 0-based
 * offset of the problem; a query that parses but cannot run (an unknown field, a bad range) has none.
 * Null for any other failure.
 */
export function queryProblemOf(error: unknown): { reason: string; position: number | null } | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  if (error.error.type === "query_syntax_error") {
    const position = error.error.position;
    return { reason: error.error.reason, position: typeof position === "number" ? position : 0 };
  }
  if (error.error.type === "query_error") return { reason: error.error.reason, position: null };
  return null;
}
