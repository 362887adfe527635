// "Someone saved first" (a 409): the inline prompt, the table of what each side has, and the choice between
// keeping theirs and putting one's own changes on top. A case, a case's item and an attacker profile use it.
import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";

/**
 * An inline alert dialog (the page stays usable: not modal) that takes focus when it appears. Named by its
 * ``title`` (described by ``text``) or, without a heading, by ``label``; Escape calls ``onEscape``.
 */
export function ConflictPrompt({
  title,
  text,
  label,
  onEscape,
  children,
}: {
  title?: ReactNode;
  text?: ReactNode;
  label?: string;
  onEscape?: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const ids = { title: `${id}-title`, text: `${id}-text` };
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      className="conflict"
      role="alertdialog"
      aria-modal="false"
      aria-label={label}
      aria-labelledby={title ? ids.title : undefined}
      aria-describedby={text ? ids.text : undefined}
      tabIndex={-1}
      onKeyDown={
        onEscape
          ? (event) => {
              if (event.key === "Escape") onEscape();
            }
          : undefined
      }
    >
      {title && <h2 id={ids.title}>{title}</h2>}
      {text && <p id={ids.text}>{text}</p>}
      {children}
    </div>
  );
}

export interface ChangedField {
  field: string;
  /** What the first column shows (``field`` when not given). */
  label?: ReactNode;
  /** One cell a column after "Field". */
  values: ReactNode[];
}

/** A row a field: its name, then what it is in each of ``columns`` (as loaded, theirs, mine…). */
export function ChangesTable({
  columns,
  rows,
  cellClassName,
}: {
  columns: string[];
  rows: readonly ChangedField[];
  cellClassName?: string;
}) {
  return (
    <table className="grid">
      <thead>
        <tr>
          <th scope="col">Field</th>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.field}>
            <th scope="row">{row.label ?? row.field}</th>
            {row.values.map((value, index) => (
              <td key={columns[index] ?? index} className={cellClassName}>
                {value}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Keep their version (dropping one's own changes), or put one's own changes on top of it. */
export function ConflictChoices({
  keep,
  reapply,
  onKeep,
  onReapply,
}: {
  keep: string;
  reapply: string;
  onKeep: () => void;
  onReapply: () => void;
}) {
  return (
    <div className="actions">
      <button type="button" onClick={onKeep}>
        {keep}
      </button>
      <button type="button" className="primary" onClick={onReapply}>
        {reapply}
      </button>
    </div>
  );
}
