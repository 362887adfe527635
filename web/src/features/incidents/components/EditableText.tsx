import { useId, useState } from "react";

import type { EditField } from "../hooks/editor";

/** A field shown as text, edited in place; the draft lives in the editor, so a 409 can show it. */
export function EditableText({
  label,
  field,
  value,
  draft,
  multiline,
  stale,
  saving,
  onEdit,
  onDiscard,
  onSave,
}: {
  label: string;
  field: EditField;
  value: string;
  draft: string | null | undefined;
  multiline?: boolean;
  stale: boolean;
  saving: boolean;
  onEdit: (value: string) => void;
  onDiscard: () => void;
  onSave: () => void;
}) {
  const id = useId();
  const [focusInput, setFocusInput] = useState(false);
  const editing = draft !== undefined;
  if (!editing) {
    return (
      <div className={`editable editable-${field}`}>
        <span className="label" id={`${id}-label`}>
          {label}
        </span>
        <div className={multiline ? "pre value" : "value"} aria-labelledby={`${id}-label`} data-testid={`field-${field}`}>
          {value || <span className="hint">(empty)</span>}
        </div>
        <button
          type="button"
          onClick={() => {
            setFocusInput(true);
            onEdit(value);
          }}
        >
          Edit {label.toLowerCase()}
        </button>
      </div>
    );
  }
  const common = {
    id,
    value: draft ?? "",
    autoFocus: focusInput,
    onChange: (event: { target: { value: string } }) => onEdit(event.target.value),
    onKeyDown: (event: React.KeyboardEvent) => {
      if (event.key === "Escape") onDiscard();
      if (event.key === "Enter" && (!multiline || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        onSave();
      }
    },
  };
  return (
    <div className={`editable editing editable-${field}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={6} {...common} /> : <input {...common} />}
      {stale && (
        <p className="warning" role="status">
          Someone else changed the {label.toLowerCase()} while you were editing; saving will ask what to keep.
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={onSave} disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={onDiscard} disabled={saving}>
          Cancel
        </button>
      </div>
    </div>
  );
}
