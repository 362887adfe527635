import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../../../api";
import { formatTime } from "../../../lib/format";
import type { Note } from "../api/cases";

/** The case's notes, oldest first, and a form to add one (notes need no version: they never conflict). */
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
            <li key={note.id} data-testid="note">
              <div className="meta">
                <strong>{note.author ?? "system"}</strong> · <time dateTime={note.time}>{formatTime(note.time)}</time>
              </div>
              <div className="pre">{note.text}</div>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="stack-form">
        <label htmlFor={id}>Add a note</label>
        <textarea
          id={id}
          rows={3}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && text.trim()) void submit(event);
          }}
          aria-describedby={`${id}-hint`}
        />
        <span id={`${id}-hint`} className="hint">
          Ctrl+Enter adds it. Markdown is kept as plain text.
        </span>
        <div className="actions">
          <button type="submit" disabled={busy || !text.trim()}>
            Add note
          </button>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
