// The results' columns: add any field of the catalog, remove, reorder, or go back to the defaults.
import { useId, useState } from "react";
import type { FormEvent } from "react";

import type { FieldInfo } from "../api/search";
import { DEFAULT_COLUMNS } from "../hooks/urlState";

export interface ColumnPickerProps {
  columns: string[];
  fields: readonly FieldInfo[];
  onChange: (columns: string[]) => void;
}

function moved(columns: string[], from: number, to: number): string[] {
  const next = [...columns];
  const [name] = next.splice(from, 1);
  if (name !== undefined) next.splice(to, 0, name);
  return next;
}

export function ColumnPicker({ columns, fields, onChange }: ColumnPickerProps) {
  const [adding, setAdding] = useState("");
  const ids = { add: useId(), options: useId() };
  const name = adding.trim();
  const offered = fields.filter((field) => field.type !== "object" && !columns.includes(field.name));

  function add(event: FormEvent) {
    event.preventDefault();
    if (!name || columns.includes(name)) return;
    onChange([...columns, name]);
    setAdding("");
  }

  return (
    <details className="column-picker">
      <summary>Columns ({columns.length})</summary>
      <div className="column-panel">
        <ol className="column-list">
          {columns.map((column, i) => (
            <li key={column}>
              <span className="mono">{column}</span>
              <span className="actions">
                <button
                  type="button"
                  aria-label={`Move ${column} left`}
                  disabled={i === 0}
                  onClick={() => onChange(moved(columns, i, i - 1))}
                >
                  ←
                </button>
                <button
                  type="button"
                  aria-label={`Move ${column} right`}
                  disabled={i === columns.length - 1}
                  onClick={() => onChange(moved(columns, i, i + 1))}
                >
                  →
                </button>
                <button
                  type="button"
                  aria-label={`Remove column ${column}`}
                  disabled={columns.length === 1}
                  onClick={() => onChange(columns.filter((other) => other !== column))}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ol>
        <form className="inline-form" onSubmit={add}>
          <label htmlFor={ids.add}>Add column</label>
          <input
            id={ids.add}
            className="mono"
            list={ids.options}
            value={adding}
            placeholder="details.username"
            onChange={(event) => setAdding(event.target.value)}
          />
          <datalist id={ids.options}>
            {offered.map((field) => (
              <option key={field.name} value={field.name}>
                {field.type}
              </option>
            ))}
          </datalist>
          <button type="submit" disabled={!name || columns.includes(name)}>
            Add
          </button>
          <button type="button" onClick={() => onChange([...DEFAULT_COLUMNS])}>
            Default columns
          </button>
        </form>
      </div>
    </details>
  );
}
