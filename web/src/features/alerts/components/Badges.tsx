// Severity and status carry their name as text; colour only reinforces it.
import { severityLevel } from "../../../lib/severity";
import type { AlertStatus } from "../api/alerts";
import { STATUS_LABELS } from "../hooks/labels";

export function SeverityBadge({ severity }: { severity: string | null | undefined }) {
  if (!severity) return <span className="hint">none</span>;
  const level = severityLevel(severity);
  return <span className={`badge${level ? ` severity-${level}` : ""}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge alert-status alert-status-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}
