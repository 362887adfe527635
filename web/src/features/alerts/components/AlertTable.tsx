// The alert rows: newest first, new ones marked (highlight and a "New" tag, not colour alone), rows that no
// longer match the filters marked until the next load.
import type { Ref } from "react";

import { formatCount, formatTime, relativeTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Alert } from "../api/alerts";
import { AlertActionsBar } from "./AlertActionsBar";
import { SeverityBadge, StatusBadge } from "./Badges";

export function summaryId(alert: Alert): string {
  // ids go into aria-describedby, a space-separated list: keep them to one safe word
  return `alert-summary-${alert.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

interface Props {
  rows: Alert[];
  fresh: string[];
  unmatched: string[];
  now: number;
  busy: boolean;
  caption: string;
  onAlert: (alert: Alert) => void;
  tableRef?: Ref<HTMLTableElement>;
}

export function AlertTable({ rows, fresh, unmatched, now, busy, caption, onAlert, tableRef }: Props) {
  const isFresh = new Set(fresh);
  const isUnmatched = new Set(unmatched);
  return (
    <div className="alerts-table-wrap">
      <table ref={tableRef} className="grid alerts-table" aria-busy={busy} data-testid="alerts-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Severity</th>
            <th scope="col">Summary</th>
            <th scope="col">Category</th>
            <th scope="col">Status</th>
            <th scope="col">Assignee</th>
            <th scope="col">Events</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((alert) => {
            const classes = [
              isFresh.has(alert.id) ? "alert-row-new" : "",
              isUnmatched.has(alert.id) ? "alert-row-unmatched" : "",
            ].filter(Boolean);
            return (
              <tr key={alert.id} className={classes.join(" ") || undefined} data-alert-id={alert.id}>
                <td>
                  <time dateTime={alert.utctimestamp} title={formatTime(alert.utctimestamp)}>
                    {relativeTime(alert.utctimestamp, now)}
                  </time>
                </td>
                <td>
                  <SeverityBadge severity={alert.severity} />
                </td>
                <td>
                  {isFresh.has(alert.id) && <span className="badge alert-new-tag">New</span>}{" "}
                  <a id={summaryId(alert)} href={href(`/alerts/${encodeURIComponent(alert.id)}`)}>
                    {alert.summary}
                  </a>
                  {alert.rule_id && <div className="meta mono">{alert.rule_id}</div>}
                  {isUnmatched.has(alert.id) && <div className="meta">No longer matches the filters.</div>}
                </td>
                <td>{alert.category ?? "—"}</td>
                <td>
                  <StatusBadge status={alert.status} />
                  {alert.acknowledged && alert.status !== "acknowledged" && (
                    <div className="meta">acknowledged by {alert.acknowledged.by}</div>
                  )}
                  {alert.status === "acknowledged" && alert.acknowledged && (
                    <div className="meta">by {alert.acknowledged.by}</div>
                  )}
                </td>
                <td>{alert.assignee ?? <span className="hint">—</span>}</td>
                <td className="alerts-count">{formatCount(alert.event_count ?? alert.events?.length ?? 0)}</td>
                <td>
                  <AlertActionsBar alert={alert} onAlert={onAlert} describedBy={summaryId(alert)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
