// The routes the metrics screen reads, typed from the OpenAPI spec. Every call is a read: this screen
// never changes anything, so each panel can load (and fail) on its own.
import { api } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type SearchRequest = BodyOf<"/api/v1/events/search", "post">;
export type SearchAnswer = ResponseOf<"/api/v1/events/search", "post">;
export type AlertStats = ResponseOf<"/api/v1/alerts/stats", "get">;
export type IncidentStats = ResponseOf<"/api/v1/stats/incidents", "get">;
export type Durations = IncidentStats["mttd"];
export type VerisStats = ResponseOf<"/api/v1/veris/stats", "get">;
export type Health = ResponseOf<"/api/v1/health", "get">;
export type HealthStatus = Health["status"];
export type StageLag = Health["lag"]["stages"][number];

/** A search whose answer we want for its aggregations (POST, so the aggs travel as JSON, not URL text). */
export function searchEvents(request: SearchRequest, signal?: AbortSignal): Promise<SearchAnswer> {
  return api.post("/api/v1/events/search", { body: request, signal });
}

/** Alert counts per severity in buckets of ``interval`` ("15m", "1h") over [start, end] (ISO-8601). */
export function getAlertStats(start: string, end: string, interval: string, signal?: AbortSignal): Promise<AlertStats> {
  return api.get("/api/v1/alerts/stats", { query: { start, end, interval }, signal });
}

/** MTTD/MTTA/MTTC/MTTR and counts over the incidents opened in [start, end). */
export function getIncidentStats(start: string, end: string, signal?: AbortSignal): Promise<IncidentStats> {
  return api.get("/api/v1/stats/incidents", { query: { start, end }, signal });
}

/** Incidents per VERIS tag, category and group, over every incident (the route takes no window). */
export function getVerisStats(signal?: AbortSignal): Promise<VerisStats> {
  return api.get("/api/v1/veris/stats", { signal });
}

/** The pipeline's health; the API caches it for a few seconds, so polling it is cheap. */
export function getHealth(signal?: AbortSignal): Promise<Health> {
  return api.get("/api/v1/health", { signal });
}
