// How statuses read (severities: lib/severity.ts).
import type { AlertStatus } from "../api/alerts";

export const STATUS_LABELS: Record<AlertStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  escalated: "Escalated",
  closed: "Closed",
};
