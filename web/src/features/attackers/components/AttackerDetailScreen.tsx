import "../attackers.css";

import { useId } from "react";

import { session } from "../../../api";
import { ErrorState, Loading } from "../../../components/DataState";
import { NotesPanel } from "../../../components/NotesPanel";
import { formatCount, formatTime, relativeTime } from "../../../lib/format";
import { href } from "../../../lib/router";
import type { Attacker } from "../api/attackers";
import { formatScore } from "../hooks/layout";
import { alertsHref, attackerHref, searchHref } from "../hooks/profile";
import { useAddressAlerts } from "../hooks/useAddressAlerts";
import { useAttacker } from "../hooks/useAttacker";
import { CountsTable } from "./CountsTable";
import { MergePanel } from "./MergePanel";
import { PhaseBadge } from "./PhaseBadge";
import { ProfileEditor } from "./ProfileEditor";

/** One attacker profile: what is known, the analysts' name, tags, phase and notes, merging, and pivots. */
export function AttackerDetailScreen({ id }: { id: string }) {
  const view = useAttacker(id);
  const readOnly = session.get()?.user.role === "viewer";
  const back = (
    <p>
      <a href={href("/attackers")}>← Attackers</a>
    </p>
  );

  if (view.load === "missing") {
    return (
      <main aria-labelledby="attacker-title">
        {back}
        <h1 id="attacker-title">Attacker not found</h1>
        <p>
          MozDef has no profile for <code className="mono">{id}</code>: no published alert named it as its source.
        </p>
        <p>
          <a href={searchHref([id], null)}>Search events from {id}</a>
        </p>
      </main>
    );
  }
  if (!view.doc) {
    return (
      <main aria-labelledby="attacker-title">
        {back}
        <h1 id="attacker-title">Attacker {id}</h1>
        {view.load === "failed" ? (
          <ErrorState error={new Error(view.loadError ?? "unknown error")} what="the profile" onRetry={view.reload} />
        ) : (
          <Loading what="the profile" />
        )}
      </main>
    );
  }
  const doc = view.doc;
  const mergedFrom = doc.id !== id && (doc.aliases ?? []).includes(id) ? id : null;

  return (
    <main aria-labelledby="attacker-title" className="attacker">
      {back}
      <h1 id="attacker-title">
        Attacker <span className="mono">{doc.id}</span>
        {doc.name && <span className="attacker-name"> “{doc.name}”</span>}
      </h1>
      {mergedFrom && (
        <p className="hint" role="status">
          {mergedFrom} was merged into this profile; it is shown here.
        </p>
      )}
      {view.loadError && (
        <ErrorState error={new Error(view.loadError)} what="the latest profile" onRetry={view.reload} />
      )}
      <Summary doc={doc} />
      <div className="columns">
        <div>
          <ProfileEditor
            doc={doc}
            edit={view.edit}
            readOnly={readOnly}
            onChange={view.change}
            onSave={() => void view.save()}
            onReset={view.reset}
            onKeepTheirs={view.keepTheirs}
            onReapply={() => void view.reapply()}
          />
          <AddressesPanel doc={doc} />
          <NotesPanel
            notes={(doc.notes ?? []).map((note, index) => ({ ...note, key: `${note.at}-${index}` }))}
            readOnly={readOnly}
            onAdd={view.addNote}
            formClassName="note-form"
            maxLength={5000}
            busyText="Adding…"
            errorPrefix="Could not add the note: "
          />
          {!readOnly && <MergePanel self={doc.id} onMerge={view.merge} />}
        </div>
        <div>
          <AlertsPanel doc={doc} />
          <section className="panel" aria-label="Counts">
            <h2>What its alerts were</h2>
            <div className="counts-grid">
              <CountsTable
                title="Categories"
                keyLabel="Category"
                counts={doc.categories}
                link={(key) => (
                  <>
                    <a href={alertsHref({ category: key })} aria-label={`Alerts of category ${key}`}>
                      alerts
                    </a>{" "}
                    ·{" "}
                    <a href={href(`/attackers?category=${encodeURIComponent(key)}`)} aria-label={`Attackers with ${key} alerts`}>
                      attackers
                    </a>
                  </>
                )}
              />
              <CountsTable
                title="Rules"
                keyLabel="Rule"
                counts={doc.rules}
                link={(key) => (
                  <a href={href(`/rules/${encodeURIComponent(key)}`)} aria-label={`Rule ${key}`}>
                    rule
                  </a>
                )}
              />
              <CountsTable title="Severities" keyLabel="Severity" counts={doc.severities} />
              <CountsTable title="Countries" keyLabel="Country" counts={doc.countries} />
              <CountsTable
                title="Targets (top 25)"
                keyLabel="Target"
                counts={doc.targets}
                link={(key) => (
                  <a href={`#/search?${new URLSearchParams({ q: `"${key.replace(/["\\]/g, "\\$&")}"`, start: "now-7d", end: "now" })}`} aria-label={`Search events for ${key}`}>
                    search
                  </a>
                )}
              />
            </div>
          </section>
        </div>
      </div>
    </main>
  );
}

function Summary({ doc }: { doc: Attacker }) {
  const derived = doc.phase_override ? false : undefined;
  return (
    <div className="cards attacker-cards">
      <div className="card">
        <div className="value">{formatScore(doc.score)}</div>
        <div className="label">Score (halves every 7 days)</div>
      </div>
      <div className="card">
        <div className="value">{formatCount(doc.alert_count)}</div>
        <div className="label">Alerts ({formatCount(doc.event_count)} events)</div>
      </div>
      <div className="card">
        <div className="value">
          <PhaseBadge phase={doc.phase} derived={derived} />
        </div>
        <div className="label">
          Phase {doc.phase_override ? `(set by an analyst; derived: ${doc.phase_derived ?? "none"})` : "(derived from alerts)"}
        </div>
      </div>
      <div className="card">
        <div className="value small">
          {doc.first_seen ? <time dateTime={doc.first_seen}>{formatTime(doc.first_seen)}</time> : "—"}
        </div>
        <div className="label">First seen</div>
      </div>
      <div className="card">
        <div className="value small">
          {doc.last_seen ? (
            <time dateTime={doc.last_seen} title={formatTime(doc.last_seen)}>
              {relativeTime(doc.last_seen)}
            </time>
          ) : (
            "—"
          )}
        </div>
        <div className="label">Last seen</div>
      </div>
      <div className="card">
        <div className="value small">
          {(doc.tags ?? []).length ? (
            (doc.tags ?? []).map((tag) => (
              <span key={tag} className="badge tag">
                {tag}
              </span>
            ))
          ) : (
            <span className="hint">none</span>
          )}
        </div>
        <div className="label">Tags</div>
      </div>
    </div>
  );
}

function AddressesPanel({ doc }: { doc: Attacker }) {
  const titleId = useId();
  const aliases = new Set(doc.aliases ?? []);
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Addresses</h2>
      <ul className="addresses">
        {doc.addresses.map((address) => (
          <li key={address}>
            <span className="mono">{address}</span>
            {aliases.has(address) && <span className="badge">merged</span>}{" "}
            <a href={searchHref([address], doc.first_seen)} aria-label={`Search events from ${address}`}>
              Search events
            </a>{" "}
            ·{" "}
            <a href={alertsHref({ q: address })} aria-label={`Alerts mentioning ${address}`}>
              Alerts
            </a>
            {aliases.has(address) && (
              <>
                {" "}
                ·{" "}
                <a href={attackerHref(address)} aria-label={`Profile of ${address} as merged`}>
                  Profile
                </a>
              </>
            )}
          </li>
        ))}
      </ul>
      {doc.addresses.length > 1 && (
        <p>
          <a href={searchHref(doc.addresses, doc.first_seen)}>Search events from all {doc.addresses.length} addresses</a>
        </p>
      )}
    </section>
  );
}

function AlertsPanel({ doc }: { doc: Attacker }) {
  const titleId = useId();
  const { data, error, loading, reload } = useAddressAlerts(doc.addresses);
  const failed = error !== null && error !== undefined;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Its alerts</h2>
      <p className="hint">
        Recent alerts whose summary names {doc.addresses.length > 1 ? "one of its addresses" : "its address"}; the
        profile counts {formatCount(doc.alert_count)} in all.
      </p>
      {failed && <ErrorState error={error} what="its alerts" onRetry={reload} />}
      {!data ? (
        !failed && loading && <Loading what="its alerts" />
      ) : data.alerts.length === 0 ? (
        <p className="empty">No alert summary names it.</p>
      ) : (
        <table className="grid" aria-label="Alerts of this attacker">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Summary</th>
              <th scope="col">Severity</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.alerts.map((alert) => (
              <tr key={alert.id}>
                <td>
                  <time dateTime={alert.utctimestamp} title={formatTime(alert.utctimestamp)}>
                    {relativeTime(alert.utctimestamp)}
                  </time>
                </td>
                <td>
                  <a href={href(`/alerts/${encodeURIComponent(alert.id)}`)}>{alert.summary}</a>
                </td>
                <td>
                  {alert.severity ? (
                    <span className={`badge severity-${severityClass(alert.severity)}`}>{alert.severity}</span>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{alert.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {doc.addresses.slice(0, 3).map((address, index) => (
          <span key={address}>
            {index > 0 && " · "}
            <a href={alertsHref({ q: address })}>All alerts mentioning {address}</a>
          </span>
        ))}
      </p>
    </section>
  );
}

/** The shared stylesheet's severity classes: low, medium, high, critical. */
function severityClass(severity: string): string {
  switch (severity.toUpperCase()) {
    case "CRITICAL":
    case "ALERT":
    case "EMERGENCY":
      return "critical";
    case "ERROR":
      return "high";
    case "WARNING":
      return "medium";
    default:
      return "low";
  }
}
