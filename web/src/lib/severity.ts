// Which shared badge style (styles.css .severity-<level>) carries a severity, whatever scale it is on.

export type SeverityLevel = "low" | "medium" | "high" | "critical";

/** The badge level of an alert severity, a syslog one (a rule's) or an incident's; null for an unknown one. */
export function severityLevel(severity: string | null | undefined): SeverityLevel | null {
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

