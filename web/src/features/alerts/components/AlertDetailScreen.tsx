// One alert: every field, its sample events, the response actions and their attempts, the triage actions,
// kept live.
import type { ReactNode } from "react";

import { session } from "../../../api";
import { DataState, ErrorState, Loading } from "../../../components/DataState";
import { formatCount, formatTime, relativeTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Alert, AlertActions } from "../api/alerts";
import { eventRefs, eventsQuery, eventsSearchPath, eventsWindow } from "../hooks/searchLink";
import { useAlert } from "../hooks/useAlert";
import { AlertActionsBar } from "./AlertActionsBar";
import { SeverityBadge, StatusBadge } from "./Badges";
import "../alerts.css";

/** The fields shown first, in this order, with their words; any other field follows under its own name. */
const KNOWN: [key: string, label: string][] = [
  ["summary", "Summary"],
  ["status", "Status"],
  ["severity", "Severity"],
  ["category", "Category"],
  ["tags", "Tags"],
  ["utctimestamp", "Raised"],
  ["last_seen", "Last seen"],
  ["event_count", "Events matched"],
  ["rule_id", "Rule"],
  ["rule_name", "Rule name"],
  ["rule_type", "Rule type"],
  ["acknowledged", "Acknowledged"],
  ["assignee", "Assignee"],
  ["incident_id", "Incident"],
  ["closed", "Closed"],
  ["group", "Group"],
  ["dedup_key", "Dedup key"],
  ["id", "Id"],
  ["version", "Version"],
  ["created", "Stored"],
  ["updated", "Updated"],
];
/** Shown in their own panels. */
const ELSEWHERE = new Set(["events"]);
const TIMES = new Set(["utctimestamp", "last_seen", "created", "updated"]);

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso}>
      {formatTime(iso)} <span className="meta">({relativeTime(iso)})</span>
    </time>
  );
}

function none(): ReactNode {
  return <span className="hint">none</span>;
}

/** Any JSON value, readably. */
function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return <>{none()}</>;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return <>{String(value)}</>;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.length ? <>{value.join(", ")}</> : <>{none()}</>;
  }
  if (typeof value === "object" && Object.keys(value).length === 0) return <>{none()}</>;
  return <pre className="mono alert-json">{JSON.stringify(value, null, 2)}</pre>;
}

function fieldValue(alert: Alert, key: string): ReactNode {
  const value = alert[key];
  if (value === null || value === undefined || value === "") return none();
  switch (key) {
    case "status":
      return <StatusBadge status={alert.status} />;
    case "severity":
      return <SeverityBadge severity={alert.severity} />;
    case "rule_id":
      return <a href={href(`/rules/${encodeURIComponent(String(value))}`)}>{String(value)}</a>;
    case "incident_id":
      return <a href={href(`/incidents/${encodeURIComponent(String(value))}`)}>{String(value)}</a>;
    case "event_count":
      return formatCount(Number(value));
    case "acknowledged":
      return alert.acknowledged ? (
        <>
          by {alert.acknowledged.by}, <Time iso={alert.acknowledged.at} />
        </>
      ) : (
        none()
      );
    case "closed":
      return alert.closed ? (
        <>
          by {alert.closed.by}, <Time iso={alert.closed.at} />: <q>{alert.closed.reason}</q>
        </>
      ) : (
        none()
      );
    case "id":
    case "dedup_key":
      return <span className="mono">{String(value)}</span>;
    default:
      if (TIMES.has(key) && typeof value === "string") return <Time iso={value} />;
      return <Value value={value} />;
  }
}

function FieldsPanel({ alert }: { alert: Alert }) {
  const known = new Set(KNOWN.map(([key]) => key));
  const others = Object.keys(alert)
    .filter((key) => !known.has(key) && !ELSEWHERE.has(key))
    .sort();
  return (
    <section className="panel" aria-labelledby="alert-fields-title">
      <h2 id="alert-fields-title">Fields</h2>
      <dl className="fields" data-testid="alert-fields">
        {KNOWN.map(([key, label]) => (
          <div key={key} className="alert-field">
            <dt>{label}</dt>
            <dd>{fieldValue(alert, key)}</dd>
          </div>
        ))}
        {others.map((key) => (
          <div key={key} className="alert-field">
            <dt className="mono">{key}</dt>
            <dd>
              <Value value={alert[key]} />
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function EventsPanel({ alert }: { alert: Alert }) {
  const refs = eventRefs(alert);
  const all = eventsSearchPath(alert);
  const span = eventsWindow(alert);
  const one = (id: string) =>
    `/search?${new URLSearchParams({ q: eventsQuery([id]) ?? "", start: span.start, end: span.end }).toString()}`;
  return (
    <section className="panel" aria-labelledby="alert-events-title">
      <h2 id="alert-events-title">Sample events</h2>
      <p className="meta">
        {formatCount(refs.length)} kept of {formatCount(alert.event_count ?? refs.length)} that matched.{" "}
        {all && <a href={href(all)}>Events in search</a>}
      </p>
      {refs.length === 0 ? (
        <p className="empty">The alert keeps no sample events.</p>
      ) : (
        <div className="alerts-table-wrap">
          <table className="grid">
            <caption className="visually-hidden">The alert&apos;s sample events</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Summary</th>
                <th scope="col">Event id</th>
                <th scope="col">Index</th>
              </tr>
            </thead>
            <tbody>
              {refs.map((ref) => (
                <tr key={ref.id}>
                  <td>{ref.utctimestamp ? <time dateTime={ref.utctimestamp}>{formatTime(ref.utctimestamp)}</time> : "—"}</td>
                  <td>{ref.summary ?? <span className="hint">no summary</span>}</td>
                  <td>
                    <a className="mono" href={href(one(ref.id))} aria-label={`Event ${ref.id} in search`}>
                      {ref.id}
                    </a>
                  </td>
                  <td className="mono">{ref.index ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function stateText(state: string): string {
  return state === "ok" ? "Done" : state === "failed" ? "Failed (gave up)" : state === "pending" ? "Pending" : state;
}

function ResponseActions({ data }: { data: AlertActions }) {
  return (
    <>
      <div className="alerts-table-wrap">
        <table className="grid">
          <caption className="visually-hidden">Response actions and their state</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Action</th>
              <th scope="col">State</th>
              <th scope="col">Attempts</th>
              <th scope="col">Next attempt</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {data.actions.map((action) => (
              <tr key={action.index}>
                <td>{action.index + 1}</td>
                <td className="mono">{action.action}</td>
                <td>
                  <span className={`badge alert-action-${action.state}`}>{stateText(action.state)}</span>
                </td>
                <td>{formatCount(action.attempts)}</td>
                <td>{action.next_at ? <time dateTime={action.next_at}>{relativeTime(action.next_at)}</time> : "—"}</td>
                <td className="pre">{action.last_error ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Attempts</h3>
      {data.attempts.length === 0 ? (
        <p className="empty">No attempt yet.</p>
      ) : (
        <div className="alerts-table-wrap">
          <table className="grid">
            <caption className="visually-hidden">Every attempt, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Action</th>
                <th scope="col">Attempt</th>
                <th scope="col">Result</th>
                <th scope="col">Answer</th>
                <th scope="col">Duration</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {data.attempts.map((attempt) => (
                <tr key={`${attempt.index}-${attempt.attempt}-${attempt.at}`}>
                  <td>
                    <time dateTime={attempt.at}>{formatTime(attempt.at)}</time>
                  </td>
                  <td className="mono">
                    {attempt.index + 1}. {attempt.action}
                  </td>
                  <td>{attempt.attempt}</td>
                  <td>
                    <span className={`badge ${attempt.ok ? "alert-action-ok" : "alert-action-failed"}`}>
                      {attempt.ok ? "OK" : "Failed"}
                    </span>
                  </td>
                  <td>{attempt.status ?? "—"}</td>
                  <td>{attempt.duration_ms === null || attempt.duration_ms === undefined ? "—" : `${Math.round(attempt.duration_ms)} ms`}</td>
                  <td className="pre">{attempt.error ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function AlertDetailScreen({ id }: { id: string }) {
  const me = session.get()?.user.name ?? null;
  const view = useAlert(id, me);
  const { alert } = view;

  if (view.missing) {
    return (
      <main>
        <h1>Alert not found</h1>
        <p>
          There is no alert <code>{id}</code>. <a href={href("/alerts")}>Back to alerts</a>
        </p>
      </main>
    );
  }
  if (!alert) {
    return (
      <main>
        <h1>Alert</h1>
        {view.error ? <ErrorState error={view.error} what="the alert" onRetry={view.reload} /> : <Loading what="the alert" />}
      </main>
    );
  }

  return (
    <main aria-labelledby="alert-title" className="alert-detail">
      <p>
        <a href={href("/alerts")}>← Alerts</a>
      </p>
      <h1 id="alert-title">{alert.summary}</h1>
      <p className="alert-detail-meta">
        <SeverityBadge severity={alert.severity} /> <StatusBadge status={alert.status} />{" "}
        <span className="meta">
          raised {relativeTime(alert.utctimestamp)}
          {alert.category ? ` · ${alert.category}` : ""}
          {alert.assignee ? ` · assigned to ${alert.assignee}` : ""}
        </span>
      </p>
      <p className="hint" role="status" aria-live="polite" data-testid="alert-last-change">
        {view.lastChange
          ? `${view.lastChange.actor ?? "The alerter"} changed this alert at ${formatTime(view.lastChange.time)}.`
          : ""}
      </p>
      {view.error !== null && view.error !== undefined && (
        <ErrorState error={view.error} what="the latest alert" onRetry={view.reload} />
      )}
      <AlertActionsBar alert={alert} onAlert={view.acted} describedBy="alert-title" />
      <div className="columns">
        <FieldsPanel alert={alert} />
        <EventsPanel alert={alert} />
      </div>
      <section className="panel" aria-labelledby="alert-response-title">
        <div className="alerts-list-head">
          <h2 id="alert-response-title">Response actions</h2>
          <button type="button" onClick={view.actions.reload} disabled={view.actions.loading}>
            Refresh actions
          </button>
        </div>
        <DataState
          what="the response actions"
          loading={view.actions.loading}
          error={view.actions.error}
          data={view.actions.data}
          isEmpty={(data) => data.actions.length === 0 && data.attempts.length === 0}
          empty="No response action ran for this alert (its rule has none, or it was a dedup update)."
          onRetry={view.actions.reload}
        >
          {(data) => <ResponseActions data={data} />}
        </DataState>
      </section>
    </main>
  );
}
