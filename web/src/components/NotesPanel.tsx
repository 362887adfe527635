// A record's notes, oldest first (they are never changed), and a box to add one: an attacker profile's and a
// case's notes work the same way; what differs (limits, wording) is the caller's to say.
import { useId, useState } from "react";
import type { FormEvent } from "react";

import { describeError } from "../api";
import { formatTime } from "../lib/format";
import { FormActions } from "./FormActions";

export interface NoteEntry {
  key: string;
  author: string;
  /** ISO-8601 */
  at: string;
  text: string;
}

export function NotesPanel({
  notes,
  onAdd,
  readOnly = false,
  formClassName,
  noteTestId,
  maxLength,
  busyText,
  errorPrefix = "",
  ctrlEnter = false,
}: {
  notes: readonly NoteEntry[];
  onAdd: (text: string) => Promise<void>;
  /** No box to add one. */
  readOnly?: boolean;
  formClassName: string;
  /** Each note's data-testid. */
  noteTestId?: string;
  /** The server's limit on a note's length. */
  maxLength?: number;
  /** The button's text while a note is being added (its usual text otherwise). */
  busyText?: string;
  /** Put before why adding failed ("Could not add the note: "). */
  errorPrefix?: string;
  /** Ctrl+Enter (or Cmd+Enter) adds the note, as a hint under the box says. */
  ctrlEnter?: boolean;
}) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const ids = { title: `${id}-title`, text: id, hint: `${id}-hint` };
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
          {notes.map((note) => (
            <li key={note.key} data-testid={noteTestId}>
              <div className="meta">
                <strong>{note.author}</strong> · <time dateTime={note.at}>{formatTime(note.at)}</time>
              </div>
              <div className="pre">{note.text}</div>
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <form onSubmit={submit} className={formClassName}>
          <label htmlFor={ids.text}>Add a note</label>
          <textarea
            id={ids.text}
            rows={3}
            maxLength={maxLength}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={
              ctrlEnter
                ? (event) => {
                    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && text.trim()) void submit(event);
                  }
                : undefined
            }
            aria-describedby={ctrlEnter ? ids.hint : undefined}
          />
          {ctrlEnter && (
            <span id={ids.hint} className="hint">
              Ctrl+Enter adds it. Markdown is kept as plain text.
            </span>
          )}
          <FormActions
            submit={busy && busyText ? busyText : "Add note"}
            primary={false}
            disabled={busy || !text.trim()}
            error={error && `${errorPrefix}${error}`}
          />
        </form>
      )}
    </section>
  );
}
