import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import type { Note } from "../api/incidents";
import { formatTime } from "./IncidentListScreen";

export function NotesPanel({ notes, onAdd }: { notes: Note[]; onAdd: (text: string) => Promise<void> }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onAdd(text.trim());
      setText("");
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby={`${id}-title`} className="panel">
      <h2 id={`${id}-title`}>Notes</h2>
      {notes.length === 0 ? (
        <p className="empty">No notes yet.</p>
      ) : (
        <ol className="notes">
          {notes.map((note) => (
            <li key={note.id}>
              <div className="meta">
                <strong>{note.author ?? "system"}</strong> · <time dateTime={note.time}>{formatTime(note.time)}</time>
              </div>
              <div className="pre">{note.text}</div>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit}>
        <label htmlFor={id}>Add a note</label>
        <textarea id={id} rows={3} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" disabled={busy || !text.trim()}>
          Add note
        </button>
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
      </form>
    </section>
  );
}
