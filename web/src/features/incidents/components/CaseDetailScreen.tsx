import { useCallback, useEffect, useId, useMemo, useState } from "react";

import "../incidents.css";
import { session } from "../../../api";
import { Loading } from "../../../components/DataState";
import { NotesPanel } from "../../../components/NotesPanel";
import { formatTime } from "../../../lib/format";
import { usePresence } from "../../../lib/live";
import { href } from "../../../lib/router";
import { KINDS, PHASES, SEVERITIES } from "../api/cases";
import type { CaseKind, ListName, Phase } from "../api/cases";
import { fieldValue, staleFields } from "../hooks/editor";
import type { EditField, ListField, TextField } from "../hooks/editor";
import { referenceProblem } from "../hooks/itemForms";
import { dateSetByMove, moveDirection } from "../hooks/phases";
import { useCase } from "../hooks/useCase";
import { AssigneeControl } from "./AssigneeControl";
import { PhaseBadge, SeverityBadge } from "./Badges";
import { ChipsEditor } from "./ChipsEditor";
import { ConflictDialog } from "./ConflictDialog";
import { DatesPanel } from "./DatesPanel";
import { DetailsPanel } from "./DetailsPanel";
import { EditableText } from "./EditableText";
import { ItemsPanel } from "./ItemsPanel";
import { LIST_SPECS } from "./itemSpecs";
import { LinkedAlertsPanel } from "./LinkedAlertsPanel";
import { PresenceList } from "./PresenceList";
import { TimelinePanel } from "./TimelinePanel";
import { VerisPicker } from "./VerisPicker";

/** The panels of item lists, in the order an investigation goes: what happened, what was done, what was kept. */
const PANELS: ListName[] = ["theories", "indicators", "mitigations", "evidence", "links", "lessons"];

/** One case, every field of it, live: the page both kinds share. */
export function CaseDetailScreen({ kind, id }: { kind: CaseKind; id: string }) {
  const info = KINDS[kind];
  const view = useCase(kind, id);
  const { editor } = view;
  const [openItems, setOpenItems] = useState<Partial<Record<ListName, boolean>>>({});
  const onEditing = useMemo(() => {
    const callbacks = {} as Record<ListName, (editing: boolean) => void>;
    for (const list of PANELS) {
      callbacks[list] = (editing) => setOpenItems((current) => (current[list] === editing ? current : { ...current, [list]: editing }));
    }
    return callbacks;
  }, []);
  const editing =
    Object.keys(editor.drafts).length > 0 || editor.conflict !== null || Object.values(openItems).some(Boolean);
  const users = usePresence(`${kind}/${id}`, editing ? "editing" : "viewing");
  const me = session.get()?.user.name ?? null;
  const ids = { phase: useId(), phaseHint: useId(), severity: useId(), labels: useId() };
  const [status, setStatus] = useState<string | null>(null);
  const doc = editor.doc;

  useEffect(() => {
    if (doc) document.title = `${doc.ref} ${doc.summary} · MozDef`;
  }, [doc?.ref, doc?.summary]); // eslint-disable-line react-hooks/exhaustive-deps -- only these show

  const currentOf = useCallback(
    (field: EditField) => {
      const draft = editor.drafts[field];
      if (draft) return draft.value;
      return doc ? fieldValue(doc, field) : null;
    },
    [editor.drafts, doc],
  );

  if (view.load === "loading" && !doc) {
    return (
      <main>
        <Loading what={`the ${info.noun}`} />
      </main>
    );
  }
  if (view.load === "missing") {
    return (
      <main>
        <h1>{info.Noun} not found</h1>
        <p>
          It may have been deleted. <a href={href(info.route)}>Back to {info.title.toLowerCase()}</a>
        </p>
      </main>
    );
  }
  if (!doc) {
    return (
      <main>
        <h1>Could not load the {info.noun}</h1>
        <p className="error" role="alert">
          {view.loadError}
        </p>
        <button type="button" onClick={() => void view.fetch()}>
          Try again
        </button>
      </main>
    );
  }

  const stale = new Set(staleFields(editor));
  const busy = (field: EditField) => editor.saving.includes(field);
  const text = (field: TextField, label: string, multiline = false) => (
    <EditableText
      label={label}
      field={field}
      value={String(doc[field] ?? "")}
      draft={editor.drafts[field] ? String(editor.drafts[field]?.value ?? "") : undefined}
      multiline={multiline}
      stale={stale.has(field)}
      saving={busy(field)}
      onEdit={(value) => view.edit(field, value)}
      onDiscard={() => view.discard(field)}
      onSave={() => void view.save([field])}
    />
  );
  const list = (field: ListField): string[] => {
    const value = currentOf(field);
    return Array.isArray(value) ? value : [];
  };
  const remote = view.lastRemote && view.lastRemote.actor !== me ? view.lastRemote : null;
  const phase = String(currentOf("phase") ?? doc.phase) as Phase;

  async function movePhase(next: Phase) {
    if (!doc) return;
    const from = doc.phase;
    const sets = dateSetByMove(from, next, doc.dates);
    setStatus(null);
    if (await view.setNow("phase", next)) {
      const back = moveDirection(from, next) === "backward" ? " (a move back keeps every date)" : "";
      setStatus(`Moved to ${next}${sets ? `; the ${sets} date is now set` : ""}${back}.`);
    }
  }

  const known = [...new Set([me, doc.owner, doc.creator, ...users.map((user) => user.name)])].filter(
    (name): name is string => !!name,
  );

  return (
    <main aria-labelledby="case-title" className="case-detail">
      <p className="crumbs">
        <a href={href(info.route)}>← {info.title}</a>
      </p>
      <div className="case-head">
        <h1 id="case-title">
          <span className="ref">{doc.ref}</span> {doc.summary}
        </h1>
        <p className="case-badges">
          <SeverityBadge severity={doc.severity} /> <PhaseBadge phase={doc.phase} />{" "}
          <span className="meta">{doc.owner ? `Assigned to ${doc.owner}` : "Unassigned"}</span>
        </p>
      </div>
      <PresenceList users={users} me={me} noun={info.noun} />
      {view.load === "deleted" && (
        <p className="warning" role="alert">
          This {info.noun} was deleted by another analyst.
        </p>
      )}
      {remote && (
        <p className="hint" role="status" aria-live="polite" data-testid="last-remote">
          {remote.actor ?? "The system"} {remote.op} this {info.noun} at {formatTime(remote.time)}.
        </p>
      )}
      {editor.conflict && (
        <ConflictDialog
          conflict={editor.conflict}
          actor={remote?.actor ?? null}
          noun={info.noun}
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
      <div className="controls case-controls">
        <span className="control">
          <label htmlFor={ids.phase}>Phase</label>
          <select
            id={ids.phase}
            value={phase}
            disabled={busy("phase")}
            aria-describedby={ids.phaseHint}
            onChange={(event) => void movePhase(event.target.value as Phase)}
          >
            {PHASES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </span>
        <span className="control">
          <label htmlFor={ids.severity}>Severity</label>
          <select
            id={ids.severity}
            value={String(currentOf("severity") ?? doc.severity)}
            disabled={busy("severity")}
            onChange={(event) => void view.setNow("severity", event.target.value)}
          >
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </span>
        <AssigneeControl
          owner={doc.owner ?? null}
          me={me}
          known={known}
          disabled={busy("owner")}
          onAssign={(owner) => void view.setNow("owner", owner)}
        />
      </div>
      <p id={ids.phaseHint} className="hint phase-hint">
        Entering Containment, Eradication, Recovery or Closed sets the verified, contained, mitigated or closed date
        when it is not set yet.
      </p>
      {status && (
        <p className="hint" role="status" data-testid="phase-status">
          {status}
        </p>
      )}
      <div className="case-layout">
        <div className="case-main">
          {text("summary", "Summary")}
          {text("description", "Description", true)}
          <NotesPanel
            notes={view.notes.map((note) => ({
              key: note.id,
              author: note.author ?? "system",
              at: note.time,
              text: note.text,
            }))}
            onAdd={view.addNote}
            formClassName="stack-form"
            noteTestId="note"
            ctrlEnter
          />
          {PANELS.map((name) => (
            <ItemsPanel
              key={name}
              spec={LIST_SPECS[name]}
              doc={doc}
              noun={info.noun}
              // the bodies are built from LIST_SPECS[name]'s fields, which mirror the API's for ``name``
              onAdd={(body) => view.addItem(name, body as never)}
              onChange={(itemId, version, changes) => view.changeItem(name, itemId, version, changes as never)}
              onRemove={(itemId, version) => view.removeItem(name, itemId, version)}
              onFetch={view.fetch}
              onAccept={view.accept}
              onEditing={onEditing[name]}
            />
          ))}
        </div>
        <aside className="case-side" aria-label="Classification and history">
          <DetailsPanel doc={doc} noun={info.noun} />
          <DatesPanel
            doc={doc}
            editor={editor}
            onEdit={view.edit}
            onDiscard={view.discard}
            onSave={async (fields) => {
              await view.save(fields);
            }}
          />
          <section className="panel labels" aria-labelledby={ids.labels}>
            <h2 id={ids.labels}>Classification</h2>
            <VerisPicker
              tags={list("veris")}
              disabled={false}
              linkOf={(tag) => href(`${info.route}?veris=${encodeURIComponent(tag)}`)}
              onChange={(tags) => void view.setNow("veris", tags)}
            />
            <ChipsEditor
              title="Tags"
              noun="tag"
              values={list("tags")}
              disabled={false}
              placeholder="e.g. phishing"
              linkOf={(tag) => href(`${info.route}?tag=${encodeURIComponent(tag)}`)}
              validate={(value) => (value.length > 100 ? "A tag is at most 100 characters." : null)}
              onChange={(tags) => void view.setNow("tags", tags)}
            />
            <ChipsEditor
              title="References"
              noun="reference"
              values={list("references")}
              disabled={false}
              inputType="url"
              placeholder="https://…"
              asLink
              validate={referenceProblem}
              onChange={(references) => void view.setNow("references", references)}
            />
          </section>
          <LinkedAlertsPanel doc={doc} />
          <TimelinePanel timeline={view.timeline} noun={info.noun} />
        </aside>
      </div>
    </main>
  );
}
