import { useEffect, useRef } from "react";

import { formatTime } from "../../../lib/format";
import type { Conflict, EditField, Value } from "../hooks/editor";
import { isDateField } from "../hooks/editor";
import { fieldLabel } from "./labels";

function show(field: EditField, value: Value): string {
  if (value === null || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  return isDateField(field) ? formatTime(value) : value;
}

/** The 409 prompt: someone saved this case first; keep theirs, or put this analyst's edits on top. */
export function ConflictDialog({
  conflict,
  actor,
  noun,
  onReload,
  onReapply,
}: {
  conflict: Conflict;
  actor: string | null;
  noun: string;
  onReload: () => void;
  onReapply: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const who = actor ?? "Another analyst";
  return (
    <div
      ref={ref}
      className="conflict"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-text"
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === "Escape") onReload();
      }}
    >
      <h2 id="conflict-title">
        {who} changed this {noun} before you saved
      </h2>
      <p id="conflict-text">
        Your edits were made on an older version. The {noun} is now at version {conflict.theirs.version}. Nothing
        of yours was saved yet.
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">Their version</th>
            <th scope="col">Your edit</th>
          </tr>
        </thead>
        <tbody>
          {conflict.fields.map((item) => (
            <tr key={item.field}>
              <th scope="row">{fieldLabel(item.field)}</th>
              <td className="pre">{show(item.field, item.original)}</td>
              <td className="pre">{show(item.field, item.theirs)}</td>
              <td className="pre">{show(item.field, item.mine)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={onReload}>
          Keep theirs (discard my edits)
        </button>
        <button type="button" className="primary" onClick={onReapply}>
          Apply my edits on top of version {conflict.theirs.version}
        </button>
      </div>
    </div>
  );
}
