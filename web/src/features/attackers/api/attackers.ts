// The attacker routes this feature uses, typed from the OpenAPI spec. If the backend's routes change,
// this is the one file to follow them in (docs/attackers.md describes them).
import { api, ApiError } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type Attacker = ResponseOf<"/api/v1/attackers/{attacker_id}", "get">;
export type AttackerPage = ResponseOf<"/api/v1/attackers", "get">;
export type AttackerNote = NonNullable<Attacker["notes"]>[number];
export type AttackerChanges = Omit<BodyOf<"/api/v1/attackers/{attacker_id}", "patch">, "version">;
export type AttackerQuery = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/attackers">>[1]>["query"]>;
export type AlertPage = ResponseOf<"/api/v1/alerts", "get">;
export type AlertSummary = AlertPage["alerts"][number];

/** The kill chain, in order: the phase an attacker reached (docs/attackers.md, "Phase"). */
export const PHASES = [
  "reconnaissance",
  "weaponization",
  "delivery",
  "exploitation",
  "installation",
  "command and control",
  "actions on objectives",
] as const satisfies readonly NonNullable<Attacker["phase"]>[];
export type Phase = (typeof PHASES)[number];

export function isPhase(value: unknown): value is Phase {
  return typeof value === "string" && (PHASES as readonly string[]).includes(value);
}

export function listAttackers(query: AttackerQuery, signal?: AbortSignal): Promise<AttackerPage> {
  return api.get("/api/v1/attackers", { query, signal });
}

export function getAttacker(id: string, signal?: AbortSignal): Promise<Attacker> {
  return api.get("/api/v1/attackers/{attacker_id}", { path: { attacker_id: id }, signal });
}

/** Change tags, name or phase of the profile as read at ``version``; a stale one rejects with a 409 ApiError. */
export function patchAttacker(id: string, version: number, changes: AttackerChanges): Promise<Attacker> {
  return api.patch("/api/v1/attackers/{attacker_id}", { path: { attacker_id: id }, body: { ...changes, version } });
}

/** Append a note; answers the profile with it. */
export function addAttackerNote(id: string, text: string): Promise<Attacker> {
  return api.post("/api/v1/attackers/{attacker_id}/notes", { path: { attacker_id: id }, body: { text } });
}

/** Absorb ``others`` into profile ``id``; they become its aliases. 409 when ``id`` is itself an alias. */
export function mergeAttackers(id: string, others: string[]): Promise<Attacker> {
  return api.post("/api/v1/attackers/{attacker_id}/merge", { path: { attacker_id: id }, body: { others } });
}

/** Alerts whose summary, category or rule id contain ``text`` (the alert list's plain substring ``q``). */
export function alertsMentioning(text: string, size: number, signal?: AbortSignal): Promise<AlertPage> {
  return api.get("/api/v1/alerts", { query: { q: text, size }, signal });
}

/** The profile as it is now, when ``error`` is the API's 409 for a stale version; else null. */
export function conflictOf(error: unknown): { currentVersion: number | null; current: Attacker | null } | null {
  if (!(error instanceof ApiError) || error.status !== 409 || error.error.type !== "version_conflict") return null;
  const current = error.error.current;
  const version = error.error.current_version;
  return {
    currentVersion: typeof version === "number" ? version : null,
    current: current && typeof current === "object" && "id" in current ? (current as Attacker) : null,
  };
}

export const FEED_PATH = "/api/v1/attackers.txt";

/** The plain-text feed, fetched with this analyst's session (the client sends the token; the body stays text). */
export async function downloadFeedText(minScore: number, signal?: AbortSignal): Promise<string> {
  const blob = await api.blob(FEED_PATH, { query: { min_score: minScore }, signal });
  return blob.text();
}
