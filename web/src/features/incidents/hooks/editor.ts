// The state of editing one incident against a version, and the 409 path: pure, so it is tested alone.
//
// An analyst edits fields of the incident as read at ``baseVersion``. Live updates may replace the shown
// document meanwhile; the drafts stay, based on the version they started from. A save sends that version;
// when someone else saved first the API answers 409 with the current document, and the editor holds a
// conflict: each drafted field with what it was, what this analyst wants and what the other one saved.
// The analyst then reloads (drops the drafts) or re-applies the drafts over the current version.
import type { Incident, IncidentChanges } from "../api/incidents";

export const EDIT_FIELDS = ["summary", "description", "phase", "severity", "owner"] as const;
export type EditField = (typeof EDIT_FIELDS)[number];
type Value = string | null;

export interface Draft {
  value: Value;
  /** The field's value when this analyst began editing it. */
  original: Value;
}

export interface ConflictField {
  field: EditField;
  original: Value;
  mine: Value;
  theirs: Value;
}

export interface Conflict {
  theirs: Incident;
  fields: ConflictField[];
}

export interface EditorState {
  doc: Incident | null;
  baseVersion: number | null;
  drafts: Partial<Record<EditField, Draft>>;
  saving: boolean;
  conflict: Conflict | null;
  error: string | null;
}

export type EditorAction =
  | { type: "loaded"; doc: Incident }
  | { type: "edit"; field: EditField; value: Value }
  | { type: "discard"; field: EditField }
  | { type: "save" }
  | { type: "saved"; doc: Incident }
  | { type: "conflict"; theirs: Incident }
  | { type: "failed"; error: string }
  | { type: "reload" }
  | { type: "reapply" }
  | { type: "dismissError" };

export const initialEditor: EditorState = {
  doc: null,
  baseVersion: null,
  drafts: {},
  saving: false,
  conflict: null,
  error: null,
};

export function fieldValue(doc: Incident, field: EditField): Value {
  const value = doc[field];
  return value === undefined ? null : value;
}

function hasDrafts(state: EditorState): boolean {
  return Object.keys(state.drafts).length > 0;
}

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "loaded": {
      // an older answer (a slow fetch racing a live update) never replaces a newer document
      if (state.doc && action.doc.id === state.doc.id && action.doc.version < state.doc.version) return state;
      const idle = !hasDrafts(state) && !state.conflict;
      return { ...state, doc: action.doc, baseVersion: idle ? action.doc.version : state.baseVersion };
    }
    case "edit": {
      if (!state.doc) return state;
      const existing = state.drafts[action.field];
      const original = existing ? existing.original : fieldValue(state.doc, action.field);
      const baseVersion = hasDrafts(state) ? state.baseVersion : state.doc.version;
      return { ...state, baseVersion, drafts: { ...state.drafts, [action.field]: { value: action.value, original } } };
    }
    case "discard": {
      const drafts = { ...state.drafts };
      delete drafts[action.field];
      const baseVersion = Object.keys(drafts).length === 0 && state.doc ? state.doc.version : state.baseVersion;
      return { ...state, drafts, baseVersion };
    }
    case "save":
      return { ...state, saving: true, error: null };
    case "saved":
      return { ...state, doc: action.doc, baseVersion: action.doc.version, drafts: {}, saving: false, conflict: null };
    case "conflict": {
      const fields = (Object.entries(state.drafts) as [EditField, Draft][]).map(([field, draft]) => ({
        field,
        original: draft.original,
        mine: draft.value,
        theirs: fieldValue(action.theirs, field),
      }));
      return { ...state, doc: action.theirs, saving: false, conflict: { theirs: action.theirs, fields } };
    }
    case "failed":
      return { ...state, saving: false, error: action.error };
    case "reload": {
      const doc = state.conflict?.theirs ?? state.doc;
      return { ...state, doc, drafts: {}, conflict: null, baseVersion: doc ? doc.version : null };
    }
    case "reapply": {
      if (!state.conflict) return state;
      // the drafts now stand on the other analyst's version: what they had becomes the original
      const drafts: Partial<Record<EditField, Draft>> = {};
      for (const item of state.conflict.fields) drafts[item.field] = { value: item.mine, original: item.theirs };
      return { ...state, drafts, baseVersion: state.conflict.theirs.version, conflict: null };
    }
    case "dismissError":
      return { ...state, error: null };
  }
}

/** The PATCH a save sends: the base version and each drafted field that differs from the document. */
export function patchOf(state: EditorState): { version: number; changes: IncidentChanges } | null {
  if (state.baseVersion === null || !hasDrafts(state)) return null;
  const changes: Record<string, Value> = {};
  for (const [field, draft] of Object.entries(state.drafts) as [EditField, Draft][]) {
    changes[field] = draft.value;
  }
  return { version: state.baseVersion, changes: changes as IncidentChanges };
}

/** Fields changed on the server since this analyst began drafting them (shown before they save). */
export function staleFields(state: EditorState): EditField[] {
  if (!state.doc) return [];
  const doc = state.doc;
  return (Object.entries(state.drafts) as [EditField, Draft][])
    .filter(([field, draft]) => fieldValue(doc, field) !== draft.original)
    .map(([field]) => field);
}
