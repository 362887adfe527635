// The case routes this feature uses, typed from the OpenAPI spec, for both kinds of case: incidents and
// investigations share one model and the same routes under /api/v1/incidents and /api/v1/investigations
// (docs/incidents.md), so every call here takes the kind. If the backend's routes change, this is the one
// file to follow them in.
import { api, ApiError } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type CaseKind = "incident" | "investigation";
type Collection = "incidents" | "investigations";

/** What differs between the two kinds: words, routes and the live-update entity. */
export interface KindInfo {
  kind: CaseKind;
  collection: Collection;
  /** "incident": in sentences. */
  noun: string;
  /** "Incident": at the start of one. */
  Noun: string;
  /** "Incidents": the list's heading. */
  title: string;
  /** The in-app route of the list: "/incidents". */
  route: string;
  /** The ref prefix people say: "INC". */
  prefix: string;
}

export const KINDS: Record<CaseKind, KindInfo> = {
  incident: {
    kind: "incident",
    collection: "incidents",
    noun: "incident",
    Noun: "Incident",
    title: "Incidents",
    route: "/incidents",
    prefix: "INC",
  },
  investigation: {
    kind: "investigation",
    collection: "investigations",
    noun: "investigation",
    Noun: "Investigation",
    title: "Investigations",
    route: "/investigations",
    prefix: "INV",
  },
};

/** The in-app route of one case. */
export function caseRoute(kind: CaseKind, id: string): string {
  return `${KINDS[kind].route}/${encodeURIComponent(id)}`;
}

export type Case = ResponseOf<"/api/v1/incidents/{case_id}", "get">;
export type CaseChanges = Omit<BodyOf<"/api/v1/incidents/{case_id}", "patch">, "version">;
export type NewCase = BodyOf<"/api/v1/incidents", "post">;
export type Note = ResponseOf<"/api/v1/incidents/{case_id}/notes", "get">["notes"][number];
export type TimelineEntry = ResponseOf<"/api/v1/incidents/{case_id}/timeline", "get">["timeline"][number];
export type Phase = Case["phase"];
export type Severity = Case["severity"];
export type Dates = Case["dates"];
export type CaseQuery = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/incidents">>[1]>["query"]>;

/** One page of a listing, the same for both kinds. */
export interface CasePage {
  total: number;
  cases: Case[];
}

export const PHASES = [
  "Identification",
  "Containment",
  "Eradication",
  "Recovery",
  "Lessons Learned",
  "Closed",
] as const satisfies readonly Phase[];

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const satisfies readonly Severity[];

export const DATE_NAMES = ["opened", "reported", "verified", "contained", "mitigated", "closed"] as const;
export type DateName = (typeof DATE_NAMES)[number];

// ---- the item lists -------------------------------------------------------------------------------------

export const LIST_NAMES = ["theories", "mitigations", "lessons", "indicators", "evidence", "links"] as const;
export type ListName = (typeof LIST_NAMES)[number];

/** The stored item of each list, its fields when added, and a change to it (without the version). */
export type ItemOf<L extends ListName> = NonNullable<Case[L]>[number];
export type ItemFields<L extends ListName> = BodyOf<`/api/v1/incidents/{case_id}/${L}`, "post">;
export type ItemChanges<L extends ListName> = Omit<BodyOf<`/api/v1/incidents/{case_id}/${L}/{item_id}`, "patch">, "version">;

export type IndicatorType = ItemOf<"indicators">["type"];
export const INDICATOR_TYPES = ["ip", "domain", "hash", "user", "url", "email", "other"] as const satisfies readonly IndicatorType[];
export type LinkKind = ItemOf<"links">["kind"];
export const LINK_KINDS = ["alert", "event", "incident", "investigation"] as const satisfies readonly LinkKind[];
export const THEORY_STATUSES = ["proposed", "confirmed", "refuted"] as const satisfies readonly ItemOf<"theories">["status"][];
export const MITIGATION_STATUSES = ["planned", "in-progress", "done"] as const satisfies readonly NonNullable<
  ItemOf<"mitigations">["status"]
>[];

// The client names routes by literal path. The two kinds' paths differ only in the collection, and the
// operations behind them are the same, so the helpers below pick the path for the kind and the incident
// route's types stand for both. Each `as` is that one assumption, checked by the spec having both paths.
type ItemsPath = `/api/v1/${Collection}/{case_id}/${ListName}`;
type ItemPath = `/api/v1/${Collection}/{case_id}/${ListName}/{item_id}`;

function collection(kind: CaseKind): Collection {
  return KINDS[kind].collection;
}

export async function listCases(kind: CaseKind, query: CaseQuery, signal?: AbortSignal): Promise<CasePage> {
  if (kind === "incident") {
    const page = await api.get("/api/v1/incidents", { query, signal });
    return { total: page.total, cases: page.incidents };
  }
  const page = await api.get("/api/v1/investigations", { query, signal });
  return { total: page.total, cases: page.investigations };
}

export function getCase(kind: CaseKind, id: string, signal?: AbortSignal): Promise<Case> {
  const path = `/api/v1/${collection(kind)}/{case_id}` as const;
  return api.get(path, { path: { case_id: id }, signal });
}

export function createCase(kind: CaseKind, fields: NewCase): Promise<Case> {
  const path = `/api/v1/${collection(kind)}` as const;
  return api.post(path, { body: fields });
}

/** Change fields of the case as read at ``version``; a stale version rejects with a 409 ApiError. */
export function patchCase(kind: CaseKind, id: string, version: number, changes: CaseChanges): Promise<Case> {
  const path = `/api/v1/${collection(kind)}/{case_id}` as const;
  return api.patch(path, { path: { case_id: id }, body: { ...changes, version } });
}

export async function listNotes(kind: CaseKind, id: string, signal?: AbortSignal): Promise<Note[]> {
  const path = `/api/v1/${collection(kind)}/{case_id}/notes` as const;
  const page = await api.get(path, { path: { case_id: id }, query: { size: 500 }, signal });
  return page.notes;
}

export function addNote(kind: CaseKind, id: string, text: string): Promise<Note> {
  const path = `/api/v1/${collection(kind)}/{case_id}/notes` as const;
  return api.post(path, { path: { case_id: id }, body: { text } });
}

export async function getTimeline(kind: CaseKind, id: string, signal?: AbortSignal): Promise<TimelineEntry[]> {
  const path = `/api/v1/${collection(kind)}/{case_id}/timeline` as const;
  const page = await api.get(path, { path: { case_id: id }, query: { size: 1000 }, signal });
  return page.timeline;
}

/** Append an item to ``list``; appends need no version (the answer is the case, the new item last). */
export function addItem<L extends ListName>(kind: CaseKind, id: string, list: L, fields: ItemFields<L>): Promise<Case> {
  const path = `/api/v1/${collection(kind)}/{case_id}/${list}` as ItemsPath;
  // one body type per list; ``fields`` is the one for ``list`` (L ties them together)
  return api.post(path, { path: { case_id: id }, body: fields as never });
}

/** Change one item as read at case ``version``; 409 when the case moved on. */
export function changeItem<L extends ListName>(
  kind: CaseKind,
  id: string,
  list: L,
  itemId: string,
  version: number,
  changes: ItemChanges<L>,
): Promise<Case> {
  const path = `/api/v1/${collection(kind)}/{case_id}/${list}/{item_id}` as ItemPath;
  return api.patch(path, { path: { case_id: id, item_id: itemId }, body: { ...changes, version } as never });
}

export function removeItem(kind: CaseKind, id: string, list: ListName, itemId: string, version: number): Promise<Case> {
  const path = `/api/v1/${collection(kind)}/{case_id}/${list}/{item_id}` as ItemPath;
  return api.delete(path, { path: { case_id: id, item_id: itemId }, query: { version } });
}

// ---- VERIS and alerts --------------------------------------------------------------------------------

/** The VERIS enumerations: objects down to lists of values (docs/incidents.md, "VERIS"). */
export type VerisTree = ResponseOf<"/api/v1/veris", "get">;

export function getVeris(signal?: AbortSignal): Promise<VerisTree> {
  return api.get("/api/v1/veris", { signal });
}

export type Alert = ResponseOf<"/api/v1/alerts/{alert_id}", "get">;

export function getAlert(id: string, signal?: AbortSignal): Promise<Alert> {
  return api.get("/api/v1/alerts/{alert_id}", { path: { alert_id: id }, signal });
}

/** The case as it is now, when ``error`` is the API's 409 for a stale version; else null. */
export function conflictOf(error: unknown): { currentVersion: number | null; current: Case | null } | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.error.type !== "version_conflict") return null;
  const current = error.error.current;
  const version = error.error.current_version;
  return {
    currentVersion: typeof version === "number" ? version : null,
    current: current && typeof current === "object" ? (current as Case) : null,
  };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
