import { useId } from "react";

import { DataState } from "../../../components/DataState";
import { describeError } from "../../../api";
import { formatTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Case } from "../api/cases";
import { useLinkedAlerts } from "../hooks/useReference";
import { SeverityBadge } from "./Badges";

/** The alerts the case links to (links of kind "alert"), each with its summary and state, linking to it. */
export function LinkedAlertsPanel({ doc }: { doc: Case }) {
  const id = useId();
  const ids = (doc.links ?? []).filter((link) => link.kind === "alert").map((link) => link.target);
  const alerts = useLinkedAlerts(ids);
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>Linked alerts</h2>
      {ids.length === 0 ? (
        <p className="empty">No alerts linked. Escalating an alert links it here; so does adding a link of kind alert.</p>
      ) : (
        <DataState what="the linked alerts" loading={alerts.loading} error={alerts.error} data={alerts.data} onRetry={alerts.reload}>
          {(rows) => (
            <ul className="linked-alerts">
              {rows.map(({ id: alertId, alert, error }) => (
                <li key={alertId} data-testid="linked-alert">
                  <a href={href(`/alerts/${encodeURIComponent(alertId)}`)}>{alert ? alert.summary : alertId}</a>{" "}
                  {alert ? (
                    <span className="meta">
                      {alert.severity && <SeverityBadge severity={alert.severity} />} <span className="badge">{alert.status}</span>{" "}
                      <time dateTime={alert.utctimestamp}>{formatTime(alert.utctimestamp)}</time>
                    </span>
                  ) : (
                    <span className="hint">({describeError(error)})</span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </DataState>
      )}
    </section>
  );
}
