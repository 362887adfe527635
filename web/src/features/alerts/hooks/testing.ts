// Alerts for the tests: a valid alert with the given fields.
import type { Alert } from "../api/alerts";

export function makeAlert(id: string, fields: Partial<Alert> = {}): Alert {
  return {
    id,
    version: 1,
    created: "2026-11-27T10:00:00.000000+00:00",
    updated: "2026-11-27T10:00:00.000000+00:00",
    utctimestamp: "2026-11-27T10:00:00.000000+00:00",
    summary: `alert ${id}`,
    status: "open",
    severity: "WARNING",
    category: "bruteforce",
    rule_id: "ssh-bruteforce",
    tags: [],
    events: [],
    ...fields,
  } as Alert;
}
