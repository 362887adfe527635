import { useId, useState } from "react";
import type { FormEvent } from "react";

import { FormActions } from "../../../components/FormActions";
import { navigate } from "../../../lib/router";
import { describeError } from "../../../api";
import { caseRoute, createCase, KINDS, PHASES, SEVERITIES } from "../api/cases";
import type { CaseKind, NewCase, Phase, Severity } from "../api/cases";
import { fromLocalInput } from "../hooks/phases";

/** Open a case: the summary is required; the rest has defaults the server fills in (docs/incidents.md). */
export function NewCaseForm({
  id,
  kind,
  me,
  onCancel,
}: {
  id: string;
  kind: CaseKind;
  me: string | null;
  onCancel: () => void;
}) {
  const info = KINDS[kind];
  const base = useId();
  const ids = {
    title: `${base}-title`,
    summary: `${base}-summary`,
    severity: `${base}-severity`,
    phase: `${base}-phase`,
    owner: `${base}-owner`,
    opened: `${base}-opened`,
    description: `${base}-description`,
  };
  const [summary, setSummary] = useState("");
  const [severity, setSeverity] = useState<Severity>("MEDIUM");
  const [phase, setPhase] = useState<Phase>("Identification");
  const [owner, setOwner] = useState("");
  const [opened, setOpened] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!summary.trim()) return;
    setBusy(true);
    setError(null);
    const fields: NewCase = { summary: summary.trim(), severity, phase, description };
    if (owner.trim()) fields.owner = owner.trim();
    const openedAt = fromLocalInput(opened);
    if (openedAt) fields.dates = { opened: openedAt };
    try {
      const created = await createCase(kind, fields);
      navigate(caseRoute(kind, created.id));
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <form
      id={id}
      className="panel new-case"
      onSubmit={submit}
      aria-labelledby={ids.title}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <h2 id={ids.title}>New {info.noun}</h2>
      <div className="form-grid">
        <label htmlFor={ids.summary}>
          Summary <span className="hint">(required)</span>
        </label>
        <input
          id={ids.summary}
          value={summary}
          maxLength={500}
          required
          autoFocus
          onChange={(e) => setSummary(e.target.value)}
        />
        <label htmlFor={ids.severity}>Severity</label>
        <select id={ids.severity} value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor={ids.phase}>Phase</label>
        <select id={ids.phase} value={phase} onChange={(e) => setPhase(e.target.value as Phase)}>
          {PHASES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <label htmlFor={ids.owner}>Assignee</label>
        <span className="inline-form">
          <input id={ids.owner} value={owner} placeholder="unassigned" onChange={(e) => setOwner(e.target.value)} />
          {me && owner !== me && (
            <button type="button" onClick={() => setOwner(me)}>
              Me
            </button>
          )}
        </span>
        <label htmlFor={ids.opened}>Activity began</label>
        <span>
          <input id={ids.opened} type="datetime-local" value={opened} onChange={(e) => setOpened(e.target.value)} />{" "}
          <span className="hint">optional; now if empty</span>
        </span>
        <label htmlFor={ids.description}>Description</label>
        <textarea id={ids.description} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <FormActions
        submit={busy ? "Creating…" : `Create ${info.noun}`}
        disabled={busy || !summary.trim()}
        onCancel={onCancel}
        error={error}
      />
    </form>
  );
}
