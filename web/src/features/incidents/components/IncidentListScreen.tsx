import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { href, navigate, useLocation } from "../../../lib/router";
import { createIncident, PHASES, SEVERITIES } from "../api/incidents";
import { useIncidentList } from "../hooks/useIncidentList";
import { PhaseBadge, SeverityBadge } from "./Badges";

export function IncidentListScreen() {
  const { params } = useLocation();
  const phase = params.get("phase") ?? "";
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const { page, loading, error, retry } = useIncidentList({ phase: phase ? [phase] : undefined, q: q || undefined, size: 100 });
  const ids = { phase: useId(), q: useId() };

  function go(next: { phase?: string; q?: string }) {
    const query = new URLSearchParams();
    const p = next.phase ?? phase;
    const t = next.q ?? q;
    if (p) query.set("phase", p);
    if (t) query.set("q", t);
    const suffix = query.toString();
    navigate(`/incidents${suffix ? `?${suffix}` : ""}`, { replace: true });
  }

  return (
    <main aria-labelledby="incidents-title">
      <div className="page-head">
        <h1 id="incidents-title">Incidents</h1>
        <NewIncidentForm />
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: text.trim() });
        }}
      >
        <label htmlFor={ids.phase}>Phase</label>
        <select id={ids.phase} value={phase} onChange={(event) => go({ phase: event.target.value })}>
          <option value="">All phases</option>
          {PHASES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor={ids.q}>Text</label>
        <input id={ids.q} type="search" value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit">Filter</button>
      </form>
      {error ? (
        <div className="error" role="alert">
          Could not load incidents: {error}{" "}
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : !page ? (
        <p role="status">Loading incidents…</p>
      ) : page.incidents.length === 0 ? (
        <p className="empty">{phase || q ? "No incident matches these filters." : "No incidents yet."}</p>
      ) : (
        <table className="grid" aria-busy={loading}>
          <caption className="visually-hidden">
            {page.total} incident{page.total === 1 ? "" : "s"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Ref</th>
              <th scope="col">Summary</th>
              <th scope="col">Severity</th>
              <th scope="col">Phase</th>
              <th scope="col">Owner</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {page.incidents.map((incident) => (
              <tr key={incident.id}>
                <td>{incident.ref}</td>
                <td>
                  <a href={href(`/incidents/${encodeURIComponent(incident.id)}`)}>{incident.summary}</a>
                </td>
                <td>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td>
                  <PhaseBadge phase={incident.phase} />
                </td>
                <td>{incident.owner ?? "—"}</td>
                <td>
                  <time dateTime={incident.updated}>{formatTime(incident.updated)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page && page.total > page.incidents.length && (
        <p className="hint">
          Showing {page.incidents.length} of {page.total}; narrow the filters to see the others.
        </p>
      )}
    </main>
  );
}

function NewIncidentForm() {
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState("");
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>("MEDIUM");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { summary: useId(), severity: useId() };
  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        New incident
      </button>
    );
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const incident = await createIncident({ summary: summary.trim(), severity });
      navigate(`/incidents/${encodeURIComponent(incident.id)}`);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New incident">
      <label htmlFor={ids.summary}>Summary</label>
      <input id={ids.summary} value={summary} onChange={(e) => setSummary(e.target.value)} required autoFocus />
      <label htmlFor={ids.severity}>Severity</label>
      <select
        id={ids.severity}
        value={severity}
        onChange={(e) => setSeverity(e.target.value as (typeof SEVERITIES)[number])}
      >
        {SEVERITIES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy || !summary.trim()}>
        Create
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
