// Editing one item of a case's lists (a theory, a mitigation, an indicator…) with the per-item API and the
// case version: pure, so it is tested alone.
//
// The analyst opens an item, changes some of its fields and saves. The PATCH carries only the fields that
// differ from the item as opened, and the version of the case: the shown one when the item itself is still
// as opened (another analyst's change elsewhere in the case is no conflict), else the one it was opened
// at, which the server refuses with the case as it is now. A 409 then prompts only when the other analyst
// changed this item's fields being saved (or removed the item); otherwise the save is simply repeated.

export type ItemValue = string | boolean | null;
export type ItemValues = Record<string, ItemValue>;

export interface ItemEdit {
  itemId: string;
  /** The item's fields when opened. */
  original: ItemValues;
  draft: ItemValues;
  /** The case version when opened. */
  base: number;
}

export interface ItemConflictField {
  field: string;
  original: ItemValue;
  mine: ItemValue;
  theirs: ItemValue;
}

export interface ItemConflict {
  /** The item as the other analyst left it; null when they removed it. */
  theirs: ItemValues | null;
  version: number;
  fields: ItemConflictField[];
}

export interface ItemEditorState {
  edit: ItemEdit | null;
  saving: boolean;
  error: string | null;
  conflict: ItemConflict | null;
}

export type ItemEditorAction =
  | { type: "start"; itemId: string; values: ItemValues; version: number }
  | { type: "change"; field: string; value: ItemValue }
  | { type: "cancel" }
  | { type: "save" }
  | { type: "saved" }
  | { type: "failed"; error: string }
  | { type: "conflict"; theirs: ItemValues | null; version: number }
  | { type: "keepTheirs" }
  | { type: "reapply" };

export const initialItemEditor: ItemEditorState = { edit: null, saving: false, error: null, conflict: null };

/** The values of ``fields`` in ``item`` (absent ones null): what an edit compares. */
export function pickValues(item: object | undefined, fields: readonly string[]): ItemValues {
  const source = (item ?? {}) as Record<string, unknown>;
  const values: ItemValues = {};
  for (const field of fields) {
    const value = source[field];
    values[field] = typeof value === "string" || typeof value === "boolean" ? value : null;
  }
  return values;
}

/** The fields of the draft that differ from the item as opened. */
export function changedFields(edit: ItemEdit): string[] {
  return Object.keys(edit.draft).filter((field) => edit.draft[field] !== edit.original[field]);
}

/** The changed fields that ``current`` (the item in the shown case) no longer holds as opened. */
export function staleItemFields(edit: ItemEdit, current: ItemValues | null): string[] {
  if (current === null) return changedFields(edit);
  return changedFields(edit).filter((field) => current[field] !== edit.original[field]);
}

/**
 * The PATCH for the edit: the changed fields, and the shown case ``docVersion`` when the item (``current``,
 * null when it is gone) still holds what was opened, else the version it was opened at; null when nothing
 * changed.
 */
export function itemPatch(
  edit: ItemEdit,
  current: ItemValues | null,
  docVersion: number,
): { version: number; changes: ItemValues } | null {
  const fields = changedFields(edit);
  if (fields.length === 0) return null;
  const changes: ItemValues = {};
  for (const field of fields) changes[field] = edit.draft[field] ?? null;
  const version = staleItemFields(edit, current).length ? edit.base : docVersion;
  return { version, changes };
}

/** Whether a 409 for ``edit`` needs the analyst: the item is gone, or one of the fields saved changed. */
export function itemConflictNeedsAnalyst(edit: ItemEdit, theirs: ItemValues | null): boolean {
  return theirs === null || staleItemFields(edit, theirs).length > 0;
}

export function itemEditorReducer(state: ItemEditorState, action: ItemEditorAction): ItemEditorState {
  switch (action.type) {
    case "start":
      return {
        edit: { itemId: action.itemId, original: action.values, draft: { ...action.values }, base: action.version },
        saving: false,
        error: null,
        conflict: null,
      };
    case "change":
      if (!state.edit) return state;
      return { ...state, edit: { ...state.edit, draft: { ...state.edit.draft, [action.field]: action.value } } };
    case "cancel":
    case "saved":
      return initialItemEditor;
    case "save":
      return state.edit ? { ...state, saving: true, error: null } : state;
    case "failed":
      return { ...state, saving: false, error: action.error };
    case "conflict": {
      if (!state.edit) return state;
      const edit = state.edit;
      const fields = changedFields(edit).map((field) => ({
        field,
        original: edit.original[field] ?? null,
        mine: edit.draft[field] ?? null,
        theirs: action.theirs ? (action.theirs[field] ?? null) : null,
      }));
      return { ...state, saving: false, conflict: { theirs: action.theirs, version: action.version, fields } };
    }
    case "keepTheirs":
      return initialItemEditor;
    case "reapply": {
      if (!state.edit || !state.conflict?.theirs) return state;
      // my changes now stand on their item: what they saved becomes the original
      const theirs = state.conflict.theirs;
      return {
        ...state,
        edit: { ...state.edit, original: { ...theirs }, base: state.conflict.version },
        conflict: null,
      };
    }
  }
}

/**
 * What to do when removing an item answered 409: the item is ``gone`` already, ``retry`` at the new version
 * (it is as the analyst saw it), or it ``changed`` since, and the analyst should look again.
 */
export function removalOutcome(seen: ItemValues, current: ItemValues | null): "gone" | "retry" | "changed" {
  if (current === null) return "gone";
  return Object.keys(seen).every((field) => seen[field] === current[field]) ? "retry" : "changed";
}
