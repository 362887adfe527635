import { useId, useState } from "react";

import { FormActions } from "../../../components/FormActions";
import { formatTime, relativeTime } from "../../../lib/format";
import { DATE_NAMES } from "../api/cases";
import type { Case, DateName } from "../api/cases";
import { DATE_FIELDS, fieldValue, staleFields } from "../hooks/editor";
import type { DateField, EditorState, Value } from "../hooks/editor";
import { fromLocalInput, toLocalInput } from "../hooks/phases";

const MEANING: Record<DateName, string> = {
  opened: "when the activity began",
  reported: "when the security team heard of it",
  verified: "confirmed; set on entering Containment",
  contained: "containment done; set on entering Eradication",
  mitigated: "cause removed; set on entering Recovery",
  closed: "set on entering Closed",
};

const title = (name: string) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`;

/** The case's six dates; "Edit dates" drafts them (through the editor, so a 409 covers them too). */
export function DatesPanel({
  doc,
  editor,
  onEdit,
  onDiscard,
  onSave,
}: {
  doc: Case;
  editor: EditorState;
  onEdit: (field: DateField, value: Value) => void;
  onDiscard: (field: DateField) => void;
  onSave: (fields: DateField[]) => Promise<void>;
}) {
  const id = useId();
  const drafted = DATE_FIELDS.filter((field) => editor.drafts[field] !== undefined);
  const [open, setOpen] = useState(false);
  const editing = open || drafted.length > 0;
  const stale = new Set(staleFields(editor, drafted));
  const saving = editor.saving.some((field) => field.startsWith("dates."));

  function close() {
    for (const field of drafted) onDiscard(field);
    setOpen(false);
  }

  return (
    <section className="panel dates" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Dates</h2>
      {!editing ? (
        <>
          <dl className="fields">
            {DATE_NAMES.map((name) => {
              const value = fieldValue(doc, `dates.${name}`) as string | null;
              return (
                <div key={name} className="field-row" data-testid={`date-${name}`}>
                  <dt title={MEANING[name]}>{title(name)}</dt>
                  <dd>
                    {value ? (
                      <time dateTime={value} title={relativeTime(value)}>
                        {formatTime(value)}
                      </time>
                    ) : (
                      <span className="hint">not set</span>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
          <button type="button" onClick={() => setOpen(true)}>
            Edit dates
          </button>
        </>
      ) : (
        <form
          className="dates-form"
          onSubmit={(event) => {
            event.preventDefault();
            void onSave(drafted).then(() => setOpen(false));
          }}
          onKeyDown={(event) => {
            if (event.key === "Escape") close();
          }}
        >
          {DATE_NAMES.map((name, index) => {
            const field = `dates.${name}` as DateField;
            const draft = editor.drafts[field];
            const value = draft ? draft.value : fieldValue(doc, field);
            const inputId = `${id}-${name}`;
            return (
              <div key={name} className="date-input">
                <label htmlFor={inputId}>{title(name)}</label>
                <input
                  id={inputId}
                  type="datetime-local"
                  autoFocus={index === 0}
                  value={toLocalInput(typeof value === "string" ? value : null)}
                  aria-describedby={`${inputId}-hint`}
                  onChange={(event) => onEdit(field, fromLocalInput(event.target.value))}
                />
                <span id={`${inputId}-hint`} className="hint">
                  {MEANING[name]}
                  {stale.has(field) && <strong className="warning"> · changed by someone else meanwhile</strong>}
                </span>
              </div>
            );
          })}
          <p className="hint">Times are in your time zone. Clearing a date removes it (Opened always stays).</p>
          <FormActions
            submit={saving ? "Saving…" : "Save dates"}
            disabled={saving || drafted.length === 0}
            onCancel={close}
            cancelDisabled={saving}
          />
        </form>
      )}
    </section>
  );
}
