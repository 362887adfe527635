import { useId, useState } from "react";
import type { FormEvent } from "react";

/** Who handles the case: type a name, take it, or unassign; each saves at once. */
export function AssigneeControl({
  owner,
  me,
  known,
  disabled,
  onAssign,
}: {
  owner: string | null;
  me: string | null;
  /** Names to suggest (analysts seen here). */
  known: string[];
  disabled: boolean;
  onAssign: (owner: string | null) => void;
}) {
  const id = useId();
  const [text, setText] = useState(owner ?? "");
  const [lastOwner, setLastOwner] = useState(owner);
  // follow the case when someone else assigns it, unless the analyst is typing a new name
  if (owner !== lastOwner) {
    setLastOwner(owner);
    if (text === (lastOwner ?? "")) setText(owner ?? "");
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const name = text.trim();
    if (name === (owner ?? "")) return;
    onAssign(name || null);
  }
  return (
    <form className="assignee inline-form" onSubmit={submit}>
      <label htmlFor={id}>Assignee</label>
      <input
        id={id}
        list={`${id}-known`}
        value={text}
        placeholder="unassigned"
        onChange={(event) => setText(event.target.value)}
        size={14}
      />
      <datalist id={`${id}-known`}>
        {known.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button type="submit" disabled={disabled || text.trim() === (owner ?? "")}>
        Assign
      </button>
      {me && owner !== me && (
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            setText(me);
            onAssign(me);
          }}
        >
          Assign to me
        </button>
      )}
      {owner && (
        <button
          type="button"
          disabled={disabled}
          onClick={() => {
            setText("");
            onAssign(null);
          }}
        >
          Unassign
        </button>
      )}
    </form>
  );
}
