// How severities and statuses read and which shared badge style carries them.
import type { AlertStatus } from "../api/alerts";

/** The shared badge level (styles.css .severity-<level>) of an alert severity, syslog or incident scale. */
export function severityLevel(severity: string | null | undefined): "low" | "medium" | "high" | "critical" | null {
  switch ((severity ?? "").toUpperCase()) {
    case "DEBUG":
    case "INFO":
    case "NOTICE":
    case "LOW":
      return "low";
    case "WARNING":
    case "MEDIUM":
      return "medium";
    case "ERROR":
    case "HIGH":
      return "high";
    case "CRITICAL":
    case "ALERT":
    case "EMERGENCY":
      return "critical";
    default:
      return null;
  }
}

export const STATUS_LABELS: Record<AlertStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  escalated: "Escalated",
  closed: "Closed",
};
