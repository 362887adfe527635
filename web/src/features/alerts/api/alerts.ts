// The alert routes this feature uses, typed from the OpenAPI spec (docs/alerts.md). If the backend's
// routes change, this is the one file to follow them in.
import { api, ApiError } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type Alert = ResponseOf<"/api/v1/alerts/{alert_id}", "get">;
export type AlertPage = ResponseOf<"/api/v1/alerts", "get">;
export type AlertStats = ResponseOf<"/api/v1/alerts/stats", "get">;
export type AlertActions = ResponseOf<"/api/v1/alerts/{alert_id}/actions", "get">;
export type Escalation = ResponseOf<"/api/v1/alerts/{alert_id}/escalate", "post">;
export type AlertStatus = Alert["status"];
export type AlertListQuery = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/alerts">>[1]>["query"]>;
export type AlertStatsQuery = NonNullable<
  NonNullable<Parameters<typeof api.get<"/api/v1/alerts/stats">>[1]>["query"]
>;

type EscalateBody = NonNullable<BodyOf<"/api/v1/alerts/{alert_id}/escalate", "post">>;

export const STATUSES = ["open", "acknowledged", "escalated", "closed"] as const satisfies readonly AlertStatus[];

/** The severities rules raise alerts at (docs/rules.md), least to most severe. */
export const SEVERITIES = ["DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"] as const;

export function listAlerts(query: AlertListQuery, signal?: AbortSignal): Promise<AlertPage> {
  return api.get("/api/v1/alerts", { query, signal });
}

export function getAlert(id: string, signal?: AbortSignal): Promise<Alert> {
  return api.get("/api/v1/alerts/{alert_id}", { path: { alert_id: id }, signal });
}

export function getAlertStats(query: AlertStatsQuery, signal?: AbortSignal): Promise<AlertStats> {
  return api.get("/api/v1/alerts/stats", { query, signal });
}

export function getAlertActions(id: string, signal?: AbortSignal): Promise<AlertActions> {
  return api.get("/api/v1/alerts/{alert_id}/actions", { path: { alert_id: id }, signal });
}

// Every action sends the version the analyst saw: if someone changed the alert since, the API answers 409
// with the alert as it now is instead of acting on something the analyst did not see.

export function acknowledgeAlert(id: string, version: number): Promise<Alert> {
  return api.post("/api/v1/alerts/{alert_id}/acknowledge", { path: { alert_id: id }, body: { version } });
}

export function unacknowledgeAlert(id: string, version: number): Promise<Alert> {
  return api.post("/api/v1/alerts/{alert_id}/unacknowledge", { path: { alert_id: id }, body: { version } });
}

export function assignAlert(id: string, version: number, assignee: string | null): Promise<Alert> {
  return api.post("/api/v1/alerts/{alert_id}/assign", { path: { alert_id: id }, body: { version, assignee } });
}

export function closeAlert(id: string, version: number, reason: string): Promise<Alert> {
  return api.post("/api/v1/alerts/{alert_id}/close", { path: { alert_id: id }, body: { version, reason } });
}

export function escalateAlert(
  id: string,
  version: number,
  target: { incidentId?: string; summary?: string },
): Promise<Escalation> {
  const body: EscalateBody = { version };
  if (target.incidentId) body.incident_id = target.incidentId;
  if (target.summary) body.summary = target.summary;
  return api.post("/api/v1/alerts/{alert_id}/escalate", { path: { alert_id: id }, body });
}

/**
 * The id of the incident an analyst names by number ("42"), ref ("INC-42") or id; null when none.
 * Analysts know incidents by their number, the escalate route takes the id: the list's ``q`` finds a ref.
 */
export async function findIncidentId(text: string, signal?: AbortSignal): Promise<string | null> {
  const wanted = text.trim();
  const number = /^(?:inc-?)?#?(\d+)$/i.exec(wanted)?.[1];
  if (number !== undefined) {
    const page = await api.get("/api/v1/incidents", { query: { q: `INC-${number}`, size: 10 }, signal });
    const found = page.incidents.find((incident) => String(incident.number) === String(Number(number)));
    return found ? found.id : null;
  }
  try {
    const incident = await api.get("/api/v1/incidents/{case_id}", { path: { case_id: wanted }, signal });
    return incident.id;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The alert as it is now, when ``error`` is the API's 409 for a stale version; else null. */
export function conflictOf(error: unknown): Alert | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.error.type !== "version_conflict") return null;
  const current = error.error.current;
  return current && typeof current === "object" && "id" in current && "version" in current ? (current as Alert) : null;
}
