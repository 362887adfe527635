// Running one alert's triage actions: at the version the analyst saw, with the 409 path (the alert as it
// now is, shown, and the same request offered again on top of it) and escalation's hop to the incident.
import { useCallback, useRef, useState } from "react";

import { describeError } from "../../../api";
import { navigate } from "../../../lib/router";
import {
  acknowledgeAlert,
  assignAlert,
  closeAlert,
  conflictOf,
  escalateAlert,
  findIncidentId,
  unacknowledgeAlert,
} from "../api/alerts";
import type { Alert } from "../api/alerts";
import type { TriageRequest } from "./triage";

export interface TriageConflict {
  request: TriageRequest;
  /** The alert as the analyst saw it when they asked. */
  seen: Alert;
  /** The alert as it is now, from the 409. */
  current: Alert;
}

/** Done; refused for a stale version (``conflict`` holds the alert as it now is); or failed (``error``). */
export type Outcome = "done" | "conflict" | "failed";

export interface AlertActions {
  busy: TriageRequest["kind"] | null;
  error: string | null;
  conflict: TriageConflict | null;
  /** Do ``request`` on ``alert`` as shown. */
  run(alert: Alert, request: TriageRequest): Promise<Outcome>;
  /** After a 409: the same request on the current version. */
  retry(): Promise<Outcome>;
  dismiss(): void;
}

async function perform(alert: Alert, request: TriageRequest): Promise<Alert> {
  switch (request.kind) {
    case "acknowledge":
      return acknowledgeAlert(alert.id, alert.version);
    case "unacknowledge":
      return unacknowledgeAlert(alert.id, alert.version);
    case "assign":
      return assignAlert(alert.id, alert.version, request.assignee);
    case "close":
      return closeAlert(alert.id, alert.version, request.reason);
    case "escalate": {
      let incidentId: string | undefined;
      if (request.incident) {
        const found = await findIncidentId(request.incident);
        if (!found) throw new Error(`there is no incident ${request.incident}`);
        incidentId = found;
      }
      const answer = await escalateAlert(alert.id, alert.version, {
        incidentId,
        summary: request.summary ?? undefined,
      });
      // the incident is where the analyst continues
      navigate(`/incidents/${encodeURIComponent(String(answer.incident.id ?? answer.alert.incident_id ?? ""))}`);
      return answer.alert;
    }
  }
}

/** ``onAlert`` hears every alert an action answers (or a 409 reveals), to show it at once. */
export function useAlertActions(onAlert: (alert: Alert) => void): AlertActions {
  const [busy, setBusy] = useState<TriageRequest["kind"] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<TriageConflict | null>(null);
  const latest = useRef(onAlert);
  latest.current = onAlert;

  const run = useCallback(async (alert: Alert, request: TriageRequest): Promise<Outcome> => {
    // a conflict prompt stays up while its retry runs, replaced by the outcome
    setBusy(request.kind);
    setError(null);
    try {
      latest.current(await perform(alert, request));
      setConflict(null);
      return "done";
    } catch (failure) {
      const current = conflictOf(failure);
      if (current) {
        latest.current(current);
        setConflict({ request, seen: alert, current });
        return "conflict";
      }
      setConflict(null);
      setError(describeError(failure));
      return "failed";
    } finally {
      setBusy(null);
    }
  }, []);

  const retry = useCallback(async (): Promise<Outcome> => {
    if (!conflict) return "failed";
    return run(conflict.current, conflict.request);
  }, [conflict, run]);

  const dismiss = useCallback(() => {
    setConflict(null);
    setError(null);
  }, []);

  return { busy, error, conflict, run, retry, dismiss };
}
