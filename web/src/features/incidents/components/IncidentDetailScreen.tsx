import { useId } from "react";

import { session } from "../../../api";
import { usePresence } from "../../../lib/live";
import { href } from "../../../lib/router";
import { PHASES, SEVERITIES } from "../api/incidents";
import { staleFields } from "../hooks/editor";
import type { EditField } from "../hooks/editor";
import { useIncident } from "../hooks/useIncident";
import { SeverityBadge } from "./Badges";
import { ConflictDialog } from "./ConflictDialog";
import { EditableText } from "./EditableText";
import { FieldsPanel } from "./FieldsPanel";
import { IndicatorsPanel } from "./IndicatorsPanel";
import { formatTime } from "./IncidentListScreen";
import { NotesPanel } from "./NotesPanel";
import { PresenceList } from "./PresenceList";
import { TimelinePanel } from "./TimelinePanel";

export function IncidentDetailScreen({ id }: { id: string }) {
  const view = useIncident(id);
  const { editor } = view;
  const editing = Object.keys(editor.drafts).length > 0 || editor.conflict !== null;
  const users = usePresence(`incident/${id}`, editing ? "editing" : "viewing");
  const ids = { phase: useId(), severity: useId() };
  const me = session.get()?.user.name ?? null;

  if (view.load === "loading" && !editor.doc) return <main role="status">Loading incident…</main>;
  if (view.load === "missing") {
    return (
      <main>
        <h1>Incident not found</h1>
        <p>
          It may have been deleted. <a href={href("/incidents")}>Back to incidents</a>
        </p>
      </main>
    );
  }
  if (!editor.doc) {
    return (
      <main>
        <h1>Could not load the incident</h1>
        <p className="error" role="alert">
          {view.loadError}
        </p>
      </main>
    );
  }
  const doc = editor.doc;
  const stale = new Set(staleFields(editor));
  const text = (field: EditField, label: string, multiline = false) => (
    <EditableText
      label={label}
      field={field}
      value={String(doc[field] ?? "")}
      draft={editor.drafts[field] ? (editor.drafts[field]?.value ?? "") : undefined}
      multiline={multiline}
      stale={stale.has(field)}
      saving={editor.saving}
      onEdit={(value) => view.edit(field, value)}
      onDiscard={() => view.discard(field)}
      onSave={() => void view.save()}
    />
  );
  const remote = view.lastRemote && view.lastRemote.actor !== me ? view.lastRemote : null;

  return (
    <main aria-labelledby="incident-title" className="incident">
      <p>
        <a href={href("/incidents")}>← Incidents</a>
      </p>
      <h1 id="incident-title">
        <span className="ref">{doc.ref}</span> {doc.summary} <SeverityBadge severity={doc.severity} />
      </h1>
      <PresenceList users={users} me={me} />
      {view.load === "deleted" && (
        <p className="warning" role="alert">
          This incident was deleted by another analyst.
        </p>
      )}
      {remote && (
        <p className="hint" role="status" aria-live="polite" data-testid="last-remote">
          {remote.actor} {remote.op} this incident at {formatTime(remote.time)}.
        </p>
      )}
      {editor.conflict && (
        <ConflictDialog
          conflict={editor.conflict}
          actor={remote?.actor ?? null}
          onReload={view.reload}
          onReapply={() => void view.reapply()}
        />
      )}
      {editor.error && (
        <div className="error" role="alert">
          Could not save: {editor.error}{" "}
          <button type="button" onClick={view.dismissError}>
            Dismiss
          </button>
        </div>
      )}
      <div className="controls">
        <label htmlFor={ids.phase}>Phase</label>
        <select
          id={ids.phase}
          value={doc.phase}
          disabled={editor.saving}
          onChange={(event) => void view.setNow("phase", event.target.value)}
        >
          {PHASES.map((phase) => (
            <option key={phase}>{phase}</option>
          ))}
        </select>
        <label htmlFor={ids.severity}>Severity</label>
        <select
          id={ids.severity}
          value={doc.severity}
          disabled={editor.saving}
          onChange={(event) => void view.setNow("severity", event.target.value)}
        >
          {SEVERITIES.map((severity) => (
            <option key={severity}>{severity}</option>
          ))}
        </select>
      </div>
      {text("summary", "Summary")}
      {text("description", "Description", true)}
      <div className="columns">
        <div>
          <NotesPanel notes={view.notes} onAdd={view.addNote} />
          <IndicatorsPanel indicators={doc.indicators} onAdd={view.addIndicator} />
        </div>
        <div>
          <FieldsPanel incident={doc} />
          <TimelinePanel timeline={view.timeline} />
        </div>
      </div>
    </main>
  );
}
