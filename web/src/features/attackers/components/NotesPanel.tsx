import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { formatTime } from "../../../lib/format";
import type { AttackerNote } from "../api/attackers";

/** The profile's notes, oldest first (they are never changed), and a box to add one. */
export function NotesPanel({
  notes,
  readOnly,
  onAdd,
}: {
  notes: AttackerNote[];
  readOnly: boolean;
  onAdd: (text: string) => Promise<void>;
}) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { title: useId(), text: useId() };
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
    <section className="panel" aria-labelledby={ids.title}>
      <h2 id={ids.title}>Notes</h2>
      {notes.length === 0 ? (
        <p className="empty">No notes yet.</p>
      ) : (
        <ol className="notes">
          {notes.map((note, index) => (
            <li key={`${note.at}-${index}`}>
              <div className="meta">
                <strong>{note.author}</strong> · <time dateTime={note.at}>{formatTime(note.at)}</time>
              </div>
              <div className="pre">{note.text}</div>
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <form onSubmit={submit} className="note-form">
          <label htmlFor={ids.text}>Add a note</label>
          <textarea id={ids.text} rows={3} maxLength={5000} value={text} onChange={(event) => setText(event.target.value)} />
          <div className="actions">
            <button type="submit" disabled={busy || !text.trim()}>
              {busy ? "Adding…" : "Add note"}
            </button>
          </div>
          {error && (
            <p className="error" role="alert">
              Could not add the note: {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
