// The triage actions as data, and what a 409 tells the analyst: pure, so the wording is tested alone.
import type { Alert } from "../api/alerts";

export type TriageRequest =
  | { kind: "acknowledge" }
  | { kind: "unacknowledge" }
  | { kind: "assign"; assignee: string | null }
  | { kind: "close"; reason: string }
  | { kind: "escalate"; incident: string | null; summary: string | null };

/** The request in words, as the analyst would say it ("assign it to alice"). */
export function describeRequest(request: TriageRequest): string {
  switch (request.kind) {
    case "acknowledge":
      return "acknowledge it";
    case "unacknowledge":
      return "withdraw the acknowledgement";
    case "assign":
      return request.assignee ? `assign it to ${request.assignee}` : "unassign it";
    case "close":
      return "close it";
    case "escalate":
      return request.incident ? `link it to incident ${request.incident}` : "escalate it to a new incident";
  }
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

function said(value: string | null | undefined): string {
  return value ? value : "none";
}

/** The analyst-owned fields (docs/alerts.md, "Who owns which field") that differ, in words. */
export function triageChanges(before: Alert, after: Alert): FieldChange[] {
  const fields: [string, string, string][] = [
    ["Status", before.status, after.status],
    [
      "Acknowledged",
      before.acknowledged ? `by ${before.acknowledged.by}` : "no",
      after.acknowledged ? `by ${after.acknowledged.by}` : "no",
    ],
    ["Assignee", said(before.assignee), said(after.assignee)],
    ["Incident", said(before.incident_id), said(after.incident_id)],
    [
      "Closed",
      before.closed ? `by ${before.closed.by}: ${before.closed.reason}` : "no",
      after.closed ? `by ${after.closed.by}: ${after.closed.reason}` : "no",
    ],
  ];
  return fields.filter(([, a, b]) => a !== b).map(([field, a, b]) => ({ field, before: a, after: b }));
}

/** Whether the request still makes sense on the alert as it now is (no point acknowledging it twice). */
export function stillNeeded(request: TriageRequest, alert: Alert): boolean {
  switch (request.kind) {
    case "acknowledge":
      return !alert.acknowledged;
    case "unacknowledge":
      return Boolean(alert.acknowledged);
    case "assign":
      return (alert.assignee ?? null) !== request.assignee;
    case "close":
      return alert.status !== "closed";
    case "escalate":
      return !alert.incident_id;
  }
}
