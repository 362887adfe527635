// The triage prompts: close (why?), assign (to me or a name), escalate (new incident or an existing one),
// and the 409 prompt (someone changed the alert first: here it is now; try again?).
import { useId, useState } from "react";
import type { FormEvent } from "react";

import { ChangesTable } from "../../../components/ConflictPrompt";
import { FormActions } from "../../../components/FormActions";
import type { Alert } from "../api/alerts";
import { describeRequest, stillNeeded, triageChanges } from "../hooks/triage";
import type { TriageRequest } from "../hooks/triage";
import type { TriageConflict } from "../hooks/useAlertActions";
import { Dialog } from "./Dialog";

interface PromptProps {
  alert: Alert;
  busy: boolean;
  error: string | null;
  onSubmit: (request: TriageRequest) => void;
  onCancel: () => void;
}

function Failure({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      Could not do it: {error}
    </p>
  ) : null;
}

export function CloseDialog({ alert, busy, error, onSubmit, onCancel }: PromptProps) {
  const [reason, setReason] = useState("");
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim()) onSubmit({ kind: "close", reason: reason.trim() });
  }
  return (
    <Dialog title="Close alert" onCancel={onCancel}>
      <p className="meta">{alert.summary}</p>
      <form onSubmit={submit} className="alert-dialog-form">
        <label htmlFor={id}>Why close it?</label>
        <textarea
          id={id}
          rows={3}
          required
          maxLength={5000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          autoFocus
        />
        <Failure error={error} />
        <FormActions submit="Close alert" disabled={busy || !reason.trim()} onCancel={onCancel} />
      </form>
    </Dialog>
  );
}

export function AssignDialog({ alert, busy, error, onSubmit, onCancel, me }: PromptProps & { me: string | null }) {
  const [name, setName] = useState(alert.assignee ?? "");
  const id = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) onSubmit({ kind: "assign", assignee: name.trim() });
  }
  return (
    <Dialog title="Assign alert" onCancel={onCancel}>
      <p className="meta">
        {alert.summary}. Now: {alert.assignee ? `assigned to ${alert.assignee}` : "unassigned"}.
      </p>
      {me && (
        <p>
          <button
            type="button"
            className="primary"
            disabled={busy || alert.assignee === me}
            onClick={() => onSubmit({ kind: "assign", assignee: me })}
          >
            Assign to me ({me})
          </button>
        </p>
      )}
      <form onSubmit={submit} className="alert-dialog-form">
        <label htmlFor={id}>Assignee name</label>
        <input
          id={id}
          value={name}
          maxLength={200}
          autoComplete="off"
          onChange={(event) => setName(event.target.value)}
        />
        <Failure error={error} />
        <FormActions submit="Assign" primary={false} disabled={busy || !name.trim()} onCancel={onCancel}>
          {alert.assignee && (
            <button type="button" disabled={busy} onClick={() => onSubmit({ kind: "assign", assignee: null })}>
              Unassign
            </button>
          )}
        </FormActions>
      </form>
    </Dialog>
  );
}

const ESCALATE_MODES = [
  { value: "new", label: "A new incident" },
  { value: "existing", label: "An existing incident" },
] as const;

export function EscalateDialog({ alert, busy, error, onSubmit, onCancel }: PromptProps) {
  const [mode, setMode] = useState<(typeof ESCALATE_MODES)[number]["value"]>("new");
  const [summary, setSummary] = useState(alert.summary);
  const [incident, setIncident] = useState("");
  const ids = { summary: useId(), incident: useId(), mode: useId() };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === "new") {
      const text = summary.trim();
      onSubmit({ kind: "escalate", incident: null, summary: text && text !== alert.summary ? text : null });
    } else if (incident.trim()) {
      onSubmit({ kind: "escalate", incident: incident.trim(), summary: null });
    }
  }
  return (
    <Dialog title="Escalate to an incident" onCancel={onCancel}>
      <p className="meta">{alert.summary}</p>
      <form onSubmit={submit} className="alert-dialog-form">
        <fieldset className="alert-choice">
          <legend>Escalate to</legend>
          {ESCALATE_MODES.map((choice) => (
            <label key={choice.value}>
              <input
                type="radio"
                name={ids.mode}
                value={choice.value}
                checked={mode === choice.value}
                onChange={() => setMode(choice.value)}
              />{" "}
              {choice.label}
            </label>
          ))}
        </fieldset>
        {mode === "new" ? (
          <>
            <label htmlFor={ids.summary}>Incident summary</label>
            <input
              id={ids.summary}
              value={summary}
              maxLength={1000}
              required
              onChange={(event) => setSummary(event.target.value)}
            />
            <p className="hint">
              The incident takes the alert&apos;s severity, tags and category, and links back to the alert.
            </p>
          </>
        ) : (
          <>
            <label htmlFor={ids.incident}>Incident number</label>
            <input
              id={ids.incident}
              value={incident}
              placeholder="42 or INC-42"
              autoComplete="off"
              required
              onChange={(event) => setIncident(event.target.value)}
              autoFocus
            />
            <p className="hint">The incident gets a link to this alert.</p>
          </>
        )}
        <Failure error={error} />
        <FormActions
          submit={mode === "new" ? "Create incident" : "Link to incident"}
          disabled={busy || (mode === "existing" && !incident.trim())}
          onCancel={onCancel}
        />
      </form>
    </Dialog>
  );
}

export function ConflictDialog({
  conflict,
  busy,
  onRetry,
  onCancel,
}: {
  conflict: TriageConflict;
  busy: boolean;
  onRetry: () => void;
  onCancel: () => void;
}) {
  const changes = triageChanges(conflict.seen, conflict.current);
  const needed = stillNeeded(conflict.request, conflict.current);
  const what = describeRequest(conflict.request);
  return (
    <Dialog title="This alert changed before your action" onCancel={onCancel} role="alertdialog">
      <p>
        You asked to {what}, but someone changed the alert since you loaded it (now version{" "}
        {conflict.current.version}). Nothing of yours was done. This is the alert now:
      </p>
      {changes.length > 0 ? (
        <ChangesTable
          columns={["When you loaded it", "Now"]}
          rows={changes.map((change) => ({ field: change.field, values: [change.before, change.after] }))}
        />
      ) : (
        <p className="hint">Its triage fields are unchanged (the alerter updated it).</p>
      )}
      {!needed && <p className="warning">It already is as you asked: there is nothing left to do.</p>}
      <div className="actions">
        {needed && (
          <button type="button" className="primary" disabled={busy} onClick={onRetry}>
            Try again: {what}
          </button>
        )}
        <button type="button" onClick={onCancel} autoFocus={!needed}>
          {needed ? "Cancel" : "OK"}
        </button>
      </div>
    </Dialog>
  );
}
