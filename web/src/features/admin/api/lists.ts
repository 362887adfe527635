// The watchlist and blocklist routes. Both lists have the same routes under their own name; the spec names
// each path literally, so every call picks its path by list rather than building it from a string.
import { api } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type ListName = "watchlist" | "blocklist";
export type Entry = ResponseOf<"/api/v1/watchlist/{entry_id}", "get">;
export type EntryType = Entry["type"];
export type EntryPage = ResponseOf<"/api/v1/watchlist", "get">;
export type NewEntry = BodyOf<"/api/v1/watchlist", "post">;
export type EntryFilter = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/watchlist">>[1]>["query"]>;

export const ENTRY_TYPES = ["ip", "cidr", "domain", "user", "hash"] as const satisfies readonly EntryType[];

export function listEntries(list: ListName, query: EntryFilter, signal?: AbortSignal): Promise<EntryPage> {
  return list === "watchlist"
    ? api.get("/api/v1/watchlist", { query, signal })
    : api.get("/api/v1/blocklist", { query, signal });
}

/** List a value; listing one already there refreshes its reason, source and expiry (the server answers 200). */
export function addEntry(list: ListName, entry: NewEntry): Promise<Entry> {
  return list === "watchlist"
    ? api.post("/api/v1/watchlist", { body: entry })
    : api.post("/api/v1/blocklist", { body: entry });
}

export async function removeEntry(list: ListName, id: string): Promise<void> {
  const path = { entry_id: id };
  if (list === "watchlist") await api.delete("/api/v1/watchlist/{entry_id}", { path });
  else await api.delete("/api/v1/blocklist/{entry_id}", { path });
}

export type FeedFormat = "txt" | "json";

/** Where a list's feed lives; what firewalls and proxies poll (with a viewer key). */
export function feedPath(list: ListName, format: FeedFormat): string {
  return `/api/v1/${list}.${format}`;
}

/** A feed's bytes, exactly as served, fetched with the session's token (which a plain link would not send). */
export async function fetchFeed(list: ListName, format: FeedFormat): Promise<Blob> {
  if (list === "watchlist") return api.blob(format === "txt" ? "/api/v1/watchlist.txt" : "/api/v1/watchlist.json");
  return api.blob(format === "txt" ? "/api/v1/blocklist.txt" : "/api/v1/blocklist.json");
}
