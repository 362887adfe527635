import { useEffect, useId, useReducer, useRef, useState } from "react";
import type { FormEvent } from "react";

import { ChangesTable, ConflictChoices, ConflictPrompt } from "../../../components/ConflictPrompt";
import { FormActions } from "../../../components/FormActions";
import { formatTime, relativeTime } from "../../../lib/format";
import { describeError } from "../../../api";
import { conflictOf } from "../api/cases";
import type { Case } from "../api/cases";
import {
  initialItemEditor,
  itemConflictNeedsAnalyst,
  itemEditorReducer,
  itemPatch,
  removalOutcome,
  staleItemFields,
} from "../hooks/itemEditor";
import type { ItemValue, ItemValues } from "../hooks/itemEditor";
import { addBody, canSubmit, changeBody, formValues } from "../hooks/itemForms";
import type { FieldSpec } from "../hooks/itemForms";
import type { Item, ListSpec } from "./itemSpecs";
import { short } from "./labels";

export interface ItemsPanelProps {
  spec: ListSpec;
  doc: Case;
  noun: string;
  onAdd(body: Record<string, string | boolean>): Promise<void>;
  onChange(itemId: string, version: number, changes: Record<string, ItemValue>): Promise<void>;
  onRemove(itemId: string, version: number): Promise<void>;
  /** The case fetched again (a 409 answered without it). */
  onFetch(): Promise<Case | null>;
  /** A newer case learnt from a 409. */
  onAccept(doc: Case): void;
  /** Whether this panel has an item open for editing (presence says "editing"). */
  onEditing(editing: boolean): void;
}

function itemsOf(doc: Case, spec: ListSpec): Item[] {
  return ((doc[spec.list] ?? []) as unknown[]).filter(
    (item): item is Item => !!item && typeof item === "object" && typeof (item as Item).id === "string",
  );
}

function findValues(doc: Case, spec: ListSpec, itemId: string): ItemValues | null {
  const item = itemsOf(doc, spec).find((candidate) => candidate.id === itemId);
  return item ? formValues(spec, item) : null;
}

/** One list of the case (theories, indicators…): its items, adding, editing and removing them, live. */
export function ItemsPanel(props: ItemsPanelProps) {
  const { spec, doc } = props;
  const titleId = useId();
  const [state, dispatch] = useReducer(itemEditorReducer, initialItemEditor);
  const [removing, setRemoving] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const items = itemsOf(doc, spec);
  const editing = state.edit !== null;
  const { onEditing } = props;
  useEffect(() => onEditing(editing), [editing, onEditing]);

  async function saveEdit() {
    const edit = state.edit;
    if (!edit) return;
    const problem = spec.check?.(edit.draft) ?? null;
    if (problem) {
      dispatch({ type: "failed", error: problem });
      return;
    }
    const patch = itemPatch(edit, findValues(doc, spec, edit.itemId), doc.version);
    if (!patch) {
      dispatch({ type: "cancel" });
      return;
    }
    dispatch({ type: "save" });
    let version = patch.version;
    const changes = changeBody(spec, patch.changes);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await props.onChange(edit.itemId, version, changes);
        dispatch({ type: "saved" });
        return;
      } catch (error) {
        const conflict = conflictOf(error);
        const theirs = conflict ? (conflict.current ?? (await props.onFetch())) : null;
        if (!theirs) {
          dispatch({ type: "failed", error: describeError(error) });
          return;
        }
        props.onAccept(theirs);
        const theirItem = findValues(theirs, spec, edit.itemId);
        // another part of the case changed: this item is as opened, so the same change goes on their version
        if (attempt === 0 && !itemConflictNeedsAnalyst(edit, theirItem)) {
          version = theirs.version;
          continue;
        }
        dispatch({ type: "conflict", theirs: theirItem, version: theirs.version });
        return;
      }
    }
  }

  async function remove(item: Item) {
    const seen = formValues(spec, item);
    setMessage(null);
    let version = doc.version;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await props.onRemove(item.id, version);
        setRemoving(null);
        setMessage(`Removed ${spec.noun} “${short(spec.name(item))}”.`);
        return;
      } catch (error) {
        const conflict = conflictOf(error);
        const theirs = conflict ? (conflict.current ?? (await props.onFetch())) : null;
        if (!theirs) {
          setMessage(`Could not remove the ${spec.noun}: ${describeError(error)}`);
          return;
        }
        props.onAccept(theirs);
        const outcome = removalOutcome(seen, findValues(theirs, spec, item.id));
        if (outcome === "gone") {
          setRemoving(null);
          setMessage(`Someone else removed this ${spec.noun} already.`);
          return;
        }
        if (outcome === "changed") {
          setRemoving(null);
          setMessage(`Someone else changed this ${spec.noun} since you saw it; look again before removing it.`);
          return;
        }
        version = theirs.version;
      }
    }
  }

  return (
    <section className={`panel items items-${spec.list}`} aria-labelledby={titleId}>
      <h2 id={titleId}>
        {spec.title} <span className="count">({items.length})</span>
      </h2>
      {message && (
        <p className="hint" role="status">
          {message}
        </p>
      )}
      {items.length === 0 ? (
        <p className="empty">{spec.empty}</p>
      ) : (
        <ul className="item-list">
          {items.map((item) => {
            const name = short(spec.name(item));
            const open = state.edit?.itemId === item.id;
            return (
              <li key={item.id} data-testid={`item-${spec.list}`} className={open ? "editing" : undefined}>
                {open && state.edit ? (
                  <ItemEditForm
                    spec={spec}
                    name={name}
                    draft={state.edit.draft}
                    stale={staleItemFields(state.edit, findValues(doc, spec, item.id)).length > 0}
                    saving={state.saving}
                    error={state.error}
                    onChange={(field, value) => dispatch({ type: "change", field, value })}
                    onSave={() => void saveEdit()}
                    onCancel={() => dispatch({ type: "cancel" })}
                  />
                ) : (
                  <>
                    <div className="item-body">{spec.render(item)}</div>
                    <div className="meta">
                      {item.author ?? "system"} ·{" "}
                      <time dateTime={item.added} title={formatTime(item.added)}>
                        {relativeTime(item.added)}
                      </time>
                    </div>
                    {removing === item.id ? (
                      <div className="actions" role="group" aria-label={`Remove ${spec.noun} “${name}”?`}>
                        <span>Remove this {spec.noun}?</span>
                        <ConfirmButton onClick={() => void remove(item)}>Yes, remove</ConfirmButton>
                        <button type="button" onClick={() => setRemoving(null)}>
                          Keep it
                        </button>
                      </div>
                    ) : (
                      <div className="actions item-actions">
                        <button
                          type="button"
                          className="link-button"
                          disabled={editing}
                          aria-label={`Edit ${spec.noun} “${name}”`}
                          onClick={() =>
                            dispatch({ type: "start", itemId: item.id, values: formValues(spec, item), version: doc.version })
                          }
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Remove ${spec.noun} “${name}”`}
                          onClick={() => setRemoving(item.id)}
                        >
                          Remove
                        </button>
                      </div>
                    )}
                  </>
                )}
                {open && state.conflict && (
                  <ItemConflictPrompt
                    noun={spec.noun}
                    fields={spec.fields}
                    conflict={state.conflict}
                    onKeep={() => dispatch({ type: "keepTheirs" })}
                    onReapply={() => {
                      dispatch({ type: "reapply" });
                    }}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      <AddItemForm spec={spec} onAdd={props.onAdd} />
    </section>
  );
}

/** A button that takes focus when it appears (the second step of removing). */
function ConfirmButton({ onClick, children }: { onClick: () => void; children: string }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <button ref={ref} type="button" className="danger" onClick={onClick}>
      {children}
    </button>
  );
}

function FieldInput({
  field,
  id,
  value,
  onChange,
  autoFocus,
}: {
  field: FieldSpec;
  id: string;
  value: ItemValue;
  onChange: (value: ItemValue) => void;
  autoFocus?: boolean;
}) {
  const common = { id, autoFocus, className: field.mono ? "mono" : undefined };
  switch (field.kind) {
    case "checkbox":
      return (
        <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
      );
    case "select":
      return (
        <select {...common} value={String(value ?? "")} onChange={(event) => onChange(event.target.value)}>
          {(field.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case "textarea":
      return (
        <textarea
          {...common}
          rows={2}
          required={field.required}
          placeholder={field.placeholder}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          required={field.required}
          placeholder={field.placeholder}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

function Fields({
  spec,
  values,
  suffix,
  onChange,
  focusFirst,
}: {
  spec: ListSpec;
  values: ItemValues;
  suffix: string;
  onChange: (field: string, value: ItemValue) => void;
  focusFirst?: boolean;
}) {
  const base = useId();
  return (
    <>
      {spec.fields.map((field, index) => {
        const id = `${base}-${field.name}`;
        const label = `${field.label}${suffix}`;
        return field.kind === "checkbox" ? (
          <span key={field.name} className="check">
            <FieldInput field={field} id={id} value={values[field.name] ?? null} onChange={(v) => onChange(field.name, v)} />
            <label htmlFor={id}>{label}</label>
          </span>
        ) : (
          <span key={field.name} className={`field field-${field.kind}`}>
            <label htmlFor={id}>{label}</label>
            <FieldInput
              field={field}
              id={id}
              value={values[field.name] ?? null}
              onChange={(v) => onChange(field.name, v)}
              autoFocus={focusFirst && index === 0}
            />
          </span>
        );
      })}
    </>
  );
}

function AddItemForm({ spec, onAdd }: { spec: ListSpec; onAdd: ItemsPanelProps["onAdd"] }) {
  const [values, setValues] = useState<ItemValues>(() => formValues(spec, undefined));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!canSubmit(spec, values)) return;
    const problem = spec.check?.(values) ?? null;
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await onAdd(addBody(spec, values));
      // keep the choices (type, status) for the next one; clear what was typed
      setValues((current) => {
        const next = { ...current };
        for (const field of spec.fields) if (field.kind === "text" || field.kind === "textarea") next[field.name] = "";
        return next;
      });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="item-form" onSubmit={submit} aria-label={`Add ${spec.withArticle}`}>
      <Fields spec={spec} values={values} suffix="" onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))} />
      <button type="submit" disabled={busy || !canSubmit(spec, values)}>
        Add {spec.noun}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function ItemEditForm({
  spec,
  name,
  draft,
  stale,
  saving,
  error,
  onChange,
  onSave,
  onCancel,
}: {
  spec: ListSpec;
  name: string;
  draft: ItemValues;
  stale: boolean;
  saving: boolean;
  error: string | null;
  onChange: (field: string, value: ItemValue) => void;
  onSave: () => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="item-form editing"
      aria-label={`Edit ${spec.noun} “${name}”`}
      onSubmit={(event) => {
        event.preventDefault();
        onSave();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
    >
      <Fields spec={spec} values={draft} suffix=" (edit)" onChange={onChange} focusFirst />
      {stale && (
        <p className="warning" role="status">
          Someone else changed this {spec.noun} while you were editing; saving will ask what to keep.
        </p>
      )}
      <FormActions
        submit={saving ? "Saving…" : `Save ${spec.noun}`}
        disabled={saving || !canSubmit(spec, draft)}
        onCancel={onCancel}
        cancelDisabled={saving}
        error={error && `Could not save: ${error}`}
      />
    </form>
  );
}

function ItemConflictPrompt({
  noun,
  fields,
  conflict,
  onKeep,
  onReapply,
}: {
  noun: string;
  fields: FieldSpec[];
  conflict: NonNullable<ReturnType<typeof itemEditorReducer>["conflict"]>;
  onKeep: () => void;
  onReapply: () => void;
}) {
  const label = (name: string) => fields.find((field) => field.name === name)?.label ?? name;
  const show = (value: ItemValue) => (value === null || value === "" ? "—" : String(value));
  return (
    <ConflictPrompt label={`Someone else changed this ${noun}`}>
      {conflict.theirs === null ? (
        <>
          <p>Someone else removed this {noun} while you were editing it. Your changes cannot be saved.</p>
          <button type="button" onClick={onKeep}>
            Close
          </button>
        </>
      ) : (
        <>
          <p>Someone else changed this {noun} before you saved.</p>
          <ChangesTable
            columns={["Their version", "Your edit"]}
            cellClassName="pre"
            rows={conflict.fields.map((item) => ({
              field: item.field,
              label: label(item.field),
              values: [show(item.theirs), show(item.mine)],
            }))}
          />
          <ConflictChoices
            keep="Keep theirs (discard my edits)"
            reapply="Keep my edits, then save again"
            onKeep={onKeep}
            onReapply={onReapply}
          />
        </>
      )}
    </ConflictPrompt>
  );
}
