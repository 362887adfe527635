// The state of editing one case's fields, and the 409 path: pure, so it is tested alone.
//
// An analyst drafts fields of the case; each draft remembers the field's value and the case version when
// drafting began. Live updates replace the shown document meanwhile and the drafts stay. A save sends some
// drafts (one field's Save sends that field; the phase and severity pickers save at once) with a version:
// the current document's when nobody touched those fields since they were drafted, else the version they
// started from, so the server answers 409 with the case as it is now. The editor then holds a conflict:
// each field being saved with what it was, what this analyst wants and what the other one saved. The
// analyst keeps theirs (drops those drafts) or re-applies the drafts over the current version; lists of
// labels (tags, references, VERIS) are merged rather than overwritten when re-applied.
import { DATE_NAMES } from "../api/cases";
import type { Case, CaseChanges, DateName } from "../api/cases";

export const TEXT_FIELDS = ["summary", "description", "phase", "severity", "owner"] as const;
export const LIST_FIELDS = ["tags", "references", "veris"] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
export type ListField = (typeof LIST_FIELDS)[number];
export type DateField = `dates.${DateName}`;
export type EditField = TextField | ListField | DateField;
export const DATE_FIELDS: DateField[] = DATE_NAMES.map((name) => `dates.${name}` as const);

export type Value = string | string[] | null;

export interface Draft {
  value: Value;
  /** The field's value when this analyst began editing it. */
  original: Value;
  /** The case version then. */
  base: number;
}

export interface ConflictField {
  field: EditField;
  original: Value;
  mine: Value;
  theirs: Value;
}

export interface Conflict {
  theirs: Case;
  fields: ConflictField[];
}

export interface EditorState {
  doc: Case | null;
  drafts: Partial<Record<EditField, Draft>>;
  /** The fields a save in flight sends; empty when none is. */
  saving: EditField[];
  /** What that save sends for each of them (a draft changed meanwhile stays a draft). */
  sent: Partial<Record<EditField, Value>>;
  conflict: Conflict | null;
  error: string | null;
}

export type EditorAction =
  | { type: "loaded"; doc: Case }
  | { type: "edit"; field: EditField; value: Value }
  | { type: "discard"; field: EditField }
  | { type: "save"; fields: EditField[] }
  | { type: "saved"; doc: Case }
  | { type: "conflict"; theirs: Case }
  | { type: "failed"; error: string; drop?: boolean }
  | { type: "reload" }
  | { type: "reapply" }
  | { type: "dismissError" };

export const initialEditor: EditorState = {
  doc: null,
  drafts: {},
  saving: [],
  sent: {},
  conflict: null,
  error: null,
};

export function isListField(field: EditField): field is ListField {
  return (LIST_FIELDS as readonly string[]).includes(field);
}

export function isDateField(field: EditField): field is DateField {
  return field.startsWith("dates.");
}

/** The field's value in ``doc``, absent ones as null (and absent lists as empty). */
export function fieldValue(doc: Case, field: EditField): Value {
  if (isDateField(field)) {
    const dates = (doc.dates ?? {}) as Partial<Record<DateName, string | null>>;
    return dates[field.slice("dates.".length) as DateName] ?? null;
  }
  if (isListField(field)) return [...(doc[field] ?? [])];
  const value = doc[field];
  return value === undefined ? null : value;
}

export function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => item === b[index]);
  }
  return a === b;
}

/**
 * ``mine`` put on ``theirs``: what this analyst added to and removed from ``original`` applied to the other
 * analyst's list, so re-applying a tag does not drop the one they added meanwhile.
 */
export function rebaseList(original: readonly string[], mine: readonly string[], theirs: readonly string[]): string[] {
  const added = mine.filter((item) => !original.includes(item));
  const removed = new Set(original.filter((item) => !mine.includes(item)));
  const result = theirs.filter((item) => !removed.has(item));
  for (const item of added) if (!result.includes(item)) result.push(item);
  return result;
}

function draftedFields(state: EditorState): EditField[] {
  return Object.keys(state.drafts) as EditField[];
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "loaded": {
      // an older answer (a slow fetch racing a live update) never replaces a newer document
      if (state.doc && action.doc.id === state.doc.id && action.doc.version < state.doc.version) return state;
      return { ...state, doc: action.doc };
    }
    case "edit": {
      if (!state.doc) return state;
      const existing = state.drafts[action.field];
      const draft: Draft = existing
        ? { ...existing, value: action.value }
        : { value: action.value, original: fieldValue(state.doc, action.field), base: state.doc.version };
      return { ...state, drafts: { ...state.drafts, [action.field]: draft } };
    }
    case "discard": {
      const drafts = { ...state.drafts };
      delete drafts[action.field];
      return { ...state, drafts };
    }
    case "save": {
      const fields = action.fields.filter((field) => state.drafts[field] !== undefined);
      const sent: Partial<Record<EditField, Value>> = {};
      for (const field of fields) sent[field] = state.drafts[field]?.value ?? null;
      return { ...state, saving: fields, sent, error: null };
    }
    case "saved": {
      const drafts = { ...state.drafts };
      for (const field of state.saving) {
        const draft = drafts[field];
        if (!draft) continue;
        // changed again while saving: the saved value is now the draft's starting point
        if (sameValue(draft.value, state.sent[field] ?? null)) delete drafts[field];
        else drafts[field] = { ...draft, original: fieldValue(action.doc, field), base: action.doc.version };
      }
      const newer = !state.doc || action.doc.version >= state.doc.version;
      return { ...state, doc: newer ? action.doc : state.doc, drafts, saving: [], sent: {}, conflict: null };
    }
    case "conflict": {
      const fields = (state.saving.length ? state.saving : draftedFields(state)).flatMap((field) => {
        const draft = state.drafts[field];
        return draft
          ? [{ field, original: draft.original, mine: draft.value, theirs: fieldValue(action.theirs, field) }]
          : [];
      });
      const doc = state.doc && state.doc.version > action.theirs.version ? state.doc : action.theirs;
      return { ...state, doc, saving: [], sent: {}, conflict: { theirs: action.theirs, fields } };
    }
    case "failed": {
      const drafts = { ...state.drafts };
      if (action.drop) for (const field of state.saving) delete drafts[field];
      return { ...state, drafts, saving: [], sent: {}, error: action.error };
    }
    case "reload": {
      if (!state.conflict) return state;
      const drafts = { ...state.drafts };
      for (const item of state.conflict.fields) delete drafts[item.field];
      return { ...state, drafts, conflict: null };
    }
    case "reapply": {
      if (!state.conflict) return state;
      // the drafts now stand on the other analyst's version: what they had becomes the original
      const { theirs, fields } = state.conflict;
      const drafts = { ...state.drafts };
      for (const item of fields) {
        const value =
          Array.isArray(item.mine) && Array.isArray(item.original) && Array.isArray(item.theirs)
            ? rebaseList(item.original, item.mine, item.theirs)
            : item.mine;
        drafts[item.field] = { value, original: item.theirs, base: theirs.version };
      }
      return { ...state, drafts, conflict: null };
    }
    case "dismissError":
      return { ...state, error: null };
  }
}

/** Drafted fields changed on the server since this analyst began drafting them (shown before they save). */
export function staleFields(state: EditorState, fields: EditField[] = draftedFields(state)): EditField[] {
  const doc = state.doc;
  if (!doc) return [];
  return fields.filter((field) => {
    const draft = state.drafts[field];
    return draft !== undefined && !sameValue(fieldValue(doc, field), draft.original);
  });
}

/**
 * The PATCH saving ``fields`` (default: every draft) sends: the version, and each drafted value. The version
 * is the shown document's when none of these fields changed since drafting (another analyst's change to
 * something else is no conflict), else the oldest version the drafts started from, which the server
 * refuses with the current case: the prompt then shows both sides.
 */
export function patchOf(
  state: EditorState,
  fields: EditField[] = draftedFields(state),
): { version: number; changes: CaseChanges } | null {
  const drafted = fields.filter((field) => state.drafts[field] !== undefined);
  if (!state.doc || drafted.length === 0) return null;
  const stale = staleFields(state, drafted);
  const version = stale.length
    ? Math.min(...stale.map((field) => state.drafts[field]?.base ?? Number.POSITIVE_INFINITY))
    : state.doc.version;
  const changes: Record<string, unknown> = {};
  const dates: Record<string, string | null> = {};
  for (const field of drafted) {
    const value = state.drafts[field]?.value ?? null;
    if (isDateField(field)) dates[field.slice("dates.".length)] = typeof value === "string" ? value : null;
    else changes[field] = value;
  }
  if (Object.keys(dates).length) changes.dates = dates;
  return { version, changes: changes as CaseChanges };
}

/**
 * Whether a 409 for saving ``fields`` needs the analyst: not when the other analyst's version holds what
 * each field held when drafted (they changed something else), then the drafts are simply saved again.
 */
export function conflictNeedsAnalyst(state: EditorState, fields: EditField[], theirs: Case): boolean {
  return fields.some((field) => {
    const draft = state.drafts[field];
    return draft !== undefined && !sameValue(fieldValue(theirs, field), draft.original);
  });
}

/**
 * ``doc`` with ``item`` appended to ``list`` at case ``version``, as a live "appended" change tells it; null
 * when ``doc`` is not the version just before (something else changed too: fetch the case instead).
 */
export function withAppended(doc: Case, list: string, item: unknown, version: number | null): Case | null {
  if (version === null || doc.version !== version - 1 || !item || typeof item !== "object") return null;
  const items = (doc as unknown as Record<string, unknown>)[list];
  if (!Array.isArray(items)) return null;
  const id = (item as { id?: unknown }).id;
  const kept = items.filter((existing) => (existing as { id?: unknown } | null)?.id !== id);
  return { ...doc, [list]: [...kept, item], version } as Case;
}
