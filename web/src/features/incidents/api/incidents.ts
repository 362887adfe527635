// The incident routes this feature uses, typed from the OpenAPI spec. If the backend's routes change,
// this is the one file to follow them in.
import { api, ApiError } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type Incident = ResponseOf<"/api/v1/incidents/{case_id}", "get">;
export type IncidentPage = ResponseOf<"/api/v1/incidents", "get">;
export type IncidentChanges = Omit<BodyOf<"/api/v1/incidents/{case_id}", "patch">, "version">;
export type NewIncident = BodyOf<"/api/v1/incidents", "post">;
export type NewIndicator = BodyOf<"/api/v1/incidents/{case_id}/indicators", "post">;
export type Note = ResponseOf<"/api/v1/incidents/{case_id}/notes", "get">["notes"][number];
export type TimelineEntry = ResponseOf<"/api/v1/incidents/{case_id}/timeline", "get">["timeline"][number];

export const PHASES = [
  "Identification",
  "Containment",
  "Eradication",
  "Recovery",
  "Lessons Learned",
  "Closed",
] as const satisfies readonly Incident["phase"][];

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const satisfies readonly Incident["severity"][];

export type IncidentFilter = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/incidents">>[1]>["query"]>;

export function listIncidents(filter: IncidentFilter, signal?: AbortSignal): Promise<IncidentPage> {
  return api.get("/api/v1/incidents", { query: filter, signal });
}

export function getIncident(id: string, signal?: AbortSignal): Promise<Incident> {
  return api.get("/api/v1/incidents/{case_id}", { path: { case_id: id }, signal });
}

export function createIncident(fields: NewIncident): Promise<Incident> {
  return api.post("/api/v1/incidents", { body: fields });
}

/** Change fields of the incident as read at ``version``; a stale version rejects with a 409 ApiError. */
export function patchIncident(id: string, version: number, changes: IncidentChanges): Promise<Incident> {
  return api.patch("/api/v1/incidents/{case_id}", { path: { case_id: id }, body: { ...changes, version } });
}

export async function listNotes(id: string, signal?: AbortSignal): Promise<Note[]> {
  const page = await api.get("/api/v1/incidents/{case_id}/notes", {
    path: { case_id: id },
    query: { size: 500 },
    signal,
  });
  return page.notes;
}

export function addNote(id: string, text: string): Promise<unknown> {
  return api.post("/api/v1/incidents/{case_id}/notes", { path: { case_id: id }, body: { text } });
}

export function addIndicator(id: string, indicator: NewIndicator): Promise<unknown> {
  return api.post("/api/v1/incidents/{case_id}/indicators", { path: { case_id: id }, body: indicator });
}

export async function getTimeline(id: string, signal?: AbortSignal): Promise<TimelineEntry[]> {
  const page = await api.get("/api/v1/incidents/{case_id}/timeline", {
    path: { case_id: id },
    query: { size: 500 },
    signal,
  });
  return page.timeline;
}

/** The incident as it is now, when ``error`` is the API's 409 for a stale version; else null. */
export function conflictOf(error: unknown): { currentVersion: number | null; current: Incident | null } | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.error.type !== "version_conflict") return null;
  const current = error.error.current;
  const version = error.error.current_version;
  return {
    currentVersion: typeof version === "number" ? version : null,
    current: current && typeof current === "object" ? (current as Incident) : null,
  };
}
