// Editing a profile's name, tags and phase against the version read, and the 409 path; plus the links
// out of a profile. Pure, so it is tested alone.
//
// The form starts from ``base`` (the profile as read). A save PATCHes only the fields this analyst
// changed, with ``base.version``. When someone else saved first, the API answers 409 with the profile as
// it is now; the form then shows each changed field as it was, as they saved it and as this analyst
// wants it, and the analyst keeps theirs or re-applies their changes on the new version.
import type { Attacker, AttackerChanges, Phase } from "../api/attackers";
import { isPhase } from "../api/attackers";

export const PROFILE_FIELDS = ["name", "tags", "phase"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The form's text: tags as "a, b", phase "" for "derive it". */
export interface ProfileDraft {
  name: string;
  tags: string;
  phase: Phase | "";
}

export interface ConflictRow {
  field: ProfileField;
  was: string;
  theirs: string;
  mine: string;
}

export interface ProfileEditState {
  base: Attacker | null;
  draft: ProfileDraft;
  saving: boolean;
  conflict: { theirs: Attacker; rows: ConflictRow[] } | null;
  error: string | null;
}

export type ProfileEditAction =
  | { type: "loaded"; doc: Attacker }
  | { type: "edit"; field: ProfileField; value: string }
  | { type: "reset" }
  | { type: "save" }
  | { type: "saved"; doc: Attacker }
  | { type: "conflict"; theirs: Attacker }
  | { type: "failed"; error: string }
  | { type: "keepTheirs" }
  | { type: "reapply" };

/** "a, b ,, a" → ["a", "b"]: trimmed, empty ones dropped, first spelling of a duplicate kept. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const tag = raw.trim();
    if (tag && !seen.has(tag)) {
      seen.add(tag);
      tags.push(tag);
    }
  }
  return tags;
}

export function draftOf(doc: Attacker): ProfileDraft {
  return { name: doc.name ?? "", tags: (doc.tags ?? []).join(", "), phase: doc.phase_override ?? "" };
}

export const emptyDraft: ProfileDraft = { name: "", tags: "", phase: "" };

export const initialProfileEdit: ProfileEditState = {
  base: null,
  draft: emptyDraft,
  saving: false,
  conflict: null,
  error: null,
};

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The PATCH fields ``draft`` changes from ``doc``; an empty object when it changes nothing. */
export function changesFrom(doc: Attacker, draft: ProfileDraft): AttackerChanges {
  const changes: AttackerChanges = {};
  const name = draft.name.trim();
  if (name !== (doc.name ?? "")) changes.name = name || null;
  const tags = parseTags(draft.tags);
  if (!sameList(tags, doc.tags ?? [])) changes.tags = tags;
  const phase = draft.phase === "" ? null : draft.phase;
  if (phase !== (doc.phase_override ?? null)) changes.phase = phase;
  return changes;
}

export function isDirty(state: ProfileEditState): boolean {
  return state.base !== null && Object.keys(changesFrom(state.base, state.draft)).length > 0;
}

/** What a save sends: the version read and the changed fields; null when there is nothing to save. */
export function patchOf(state: ProfileEditState): { version: number; changes: AttackerChanges } | null {
  if (!state.base) return null;
  const changes = changesFrom(state.base, state.draft);
  return Object.keys(changes).length ? { version: state.base.version, changes } : null;
}

function editedSame(a: Attacker, b: Attacker): boolean {
  return Object.keys(changesFrom(a, draftOf(b))).length === 0;
}

function shown(doc: Attacker, field: ProfileField): string {
  const draft = draftOf(doc);
  if (field === "phase") return draft.phase || `derived (${doc.phase_derived ?? "none"})`;
  return draft[field];
}

function shownDraft(draft: ProfileDraft, field: ProfileField, doc: Attacker): string {
  if (field === "phase") return draft.phase || `derived (${doc.phase_derived ?? "none"})`;
  if (field === "tags") return parseTags(draft.tags).join(", ");
  return draft[field].trim();
}

export function profileEditReducer(state: ProfileEditState, action: ProfileEditAction): ProfileEditState {
  switch (action.type) {
    case "loaded": {
      if (state.base && action.doc.id === state.base.id && action.doc.version < state.base.version) return state;
      if (!isDirty(state) && !state.conflict) return { ...state, base: action.doc, draft: draftOf(action.doc) };
      // a note or merge moved the version without touching these fields: keep editing on the new one
      if (state.base && !state.conflict && editedSame(state.base, action.doc)) return { ...state, base: action.doc };
      return state;
    }
    case "edit": {
      if (action.field === "phase") return { ...state, draft: { ...state.draft, phase: isPhase(action.value) ? action.value : "" } };
      return { ...state, draft: { ...state.draft, [action.field]: action.value } };
    }
    case "reset":
      return state.base ? { ...state, draft: draftOf(state.base), error: null } : state;
    case "save":
      return { ...state, saving: true, error: null };
    case "saved":
      return { ...state, base: action.doc, draft: draftOf(action.doc), saving: false, conflict: null, error: null };
    case "conflict": {
      const base = state.base;
      if (!base) return { ...state, saving: false };
      const changes = changesFrom(base, state.draft);
      const rows = PROFILE_FIELDS.filter((field) => field in changes).map((field) => ({
        field,
        was: shown(base, field),
        theirs: shown(action.theirs, field),
        mine: shownDraft(state.draft, field, action.theirs),
      }));
      return { ...state, saving: false, conflict: { theirs: action.theirs, rows } };
    }
    case "failed":
      return { ...state, saving: false, error: action.error };
    case "keepTheirs": {
      const theirs = state.conflict?.theirs ?? state.base;
      return theirs ? { ...state, base: theirs, draft: draftOf(theirs), conflict: null, error: null } : state;
    }
    case "reapply": {
      const conflict = state.conflict;
      if (!conflict || !state.base) return state;
      // only the fields this analyst changed go on top of theirs; the rest stay as they saved them
      const changed = changesFrom(state.base, state.draft);
      const draft = draftOf(conflict.theirs);
      if ("name" in changed) draft.name = state.draft.name;
      if ("tags" in changed) draft.tags = state.draft.tags;
      if ("phase" in changed) draft.phase = state.draft.phase;
      return { ...state, base: conflict.theirs, draft, conflict: null };
    }
  }
}

/** "a b, c\nd" → ["a", "b", "c", "d"]: the ids to merge, without ``self`` or repeats. */
export function parseMergeIds(text: string, self: string): string[] {
  const ids: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const id = raw.trim();
    if (id && id !== self && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

const HOUR_MS = 3_600_000;

/** A value the event search takes as one term: quoted, so IPv6 colons are not read as a field. */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** The event-search query for events from these addresses (docs/search.md: address fields, exact). */
export function addressQuery(addresses: string[]): string {
  const values = addresses.map(quoted);
  if (values.length === 1) return `details.sourceipaddress:${values[0]}`;
  return `details.sourceipaddress:(${values.join(" OR ")})`;
}

/**
 * ``#/search`` for the events from ``addresses``: from an hour before the attacker was first seen (or
 * the last 7 days when that is unknown) until now.
 */
export function searchHref(addresses: string[], firstSeen: string | null | undefined): string {
  const first = firstSeen ? Date.parse(firstSeen) : Number.NaN;
  const start = Number.isNaN(first) ? "now-7d" : new Date(first - HOUR_MS).toISOString();
  const params = new URLSearchParams({ q: addressQuery(addresses), start, end: "now" });
  return `#/search?${params.toString()}`;
}

/** ``#/alerts`` listing alerts whose text holds ``text`` (the alert list's ``q``), or of a rule or category. */
export function alertsHref(filter: { q?: string; rule_id?: string; category?: string }): string {
  // The alerts screen's text filter also matches rule ids; its widest range is 30 days.
  const params = new URLSearchParams();
  const text = filter.q || filter.rule_id;
  if (text) params.set("q", text);
  if (filter.category) params.set("category", filter.category);
  params.set("range", "30d");
  return `#/alerts?${params.toString()}`;
}

export function attackerHref(id: string): string {
  return `#/attackers/${encodeURIComponent(id)}`;
}

/** A counter map as rows, largest first (ties by name), for the profile's tables. */
export function countRows(counts: Record<string, number> | null | undefined): { key: string; count: number }[] {
  return Object.entries(counts ?? {})
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const ADDRESS_CHAR = /[0-9a-z:]/i;
const WORD_CHAR = /[0-9a-z]/i;

/**
 * Whether ``text`` names ``address`` as a whole address: "10.0.0.1" is in "from 10.0.0.1." but not in
 * "10.0.0.12" or "110.0.0.1" (the alert list's ``q`` is a plain substring, so its answers need this).
 */
export function mentions(text: string, address: string): boolean {
  if (!address) return false;
  const haystack = text.toLowerCase();
  const needle = address.toLowerCase();
  // a dot continues an address only when an address character follows it ("10.0.0.1." ends a sentence)
  const joins = (char: string | undefined, beyond: string | undefined) =>
    char !== undefined && (ADDRESS_CHAR.test(char) || (char === "." && beyond !== undefined && WORD_CHAR.test(beyond)));
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (!joins(haystack[at - 1], haystack[at - 2]) && !joins(haystack[end], haystack[end + 1])) return true;
  }
  return false;
}
