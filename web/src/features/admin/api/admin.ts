// The admin routes this feature uses (users, API keys, the audit log, one's own password), typed from the
// OpenAPI spec. If the backend's routes change, this is the file to follow them in.
import { api, session } from "../../../api";
import type { BodyOf, ResponseOf } from "../../../api";

export type User = ResponseOf<"/api/v1/users", "post">;
export type Role = User["role"];
export type UserChanges = BodyOf<"/api/v1/users/{name}", "patch">;
export type ApiKey = ResponseOf<"/api/v1/apikeys/{key_id}", "delete">;
export type NewApiKey = ResponseOf<"/api/v1/apikeys", "post">;
export type Me = ResponseOf<"/api/v1/auth/me", "get">;

/** Roles a person may hold; ``shipper`` is for keys only (it reads nothing, so a user with it is useless). */
export const USER_ROLES = ["viewer", "analyst", "admin"] as const satisfies readonly Role[];
/** Roles a key may hold; shippers first, as most keys are made for a log shipper. */
export const KEY_ROLES = ["shipper", "viewer", "analyst", "admin"] as const satisfies readonly Role[];

/** Who the credentials belong to and what they may do: the screen asks the server, not the cached role. */
export function whoAmI(signal?: AbortSignal): Promise<Me> {
  return api.get("/api/v1/auth/me", { signal });
}

export async function listUsers(signal?: AbortSignal): Promise<User[]> {
  const answer = await api.get("/api/v1/users", { signal });
  return answer.users ?? [];
}

export function addUser(name: string, role: Role, password: string): Promise<User> {
  return api.post("/api/v1/users", { body: { name, role, password } });
}

/** Change a user's role, disabled flag or password; any change ends that user's sessions. */
export function changeUser(name: string, changes: UserChanges): Promise<User> {
  return api.patch("/api/v1/users/{name}", { path: { name }, body: changes });
}

/**
 * Change the signed-in user's own password. The server ends every session of the user (this one too) and
 * answers a fresh token, which becomes this browser's session so the analyst stays signed in.
 */
export async function changeOwnPassword(oldPassword: string, newPassword: string): Promise<void> {
  const grant = await api.post("/api/v1/auth/password", {
    body: { old_password: oldPassword, new_password: newPassword },
  });
  session.grant(grant);
}

export async function listKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  const answer = await api.get("/api/v1/apikeys", { signal });
  return answer.apikeys ?? [];
}

/** A new key: its record and, in this answer only, its plaintext. */
export function createKey(name: string, role: Role): Promise<NewApiKey> {
  return api.post("/api/v1/apikeys", { body: { name, role } });
}

export function revokeKey(id: string): Promise<ApiKey> {
  return api.delete("/api/v1/apikeys/{key_id}", { path: { key_id: id } });
}

/** One audit record. The spec types the listing as a free object, so the fields are read defensively. */
export interface AuditRecord {
  id: string;
  created: string;
  action: string;
  actor: string | null;
  role: string | null;
  source: string | null;
  target: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  total: number;
  records: AuditRecord[];
}

export type AuditQuery = NonNullable<NonNullable<Parameters<typeof api.get<"/api/v1/audit">>[1]>["query"]>;

export async function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  const answer = await api.get("/api/v1/audit", { query, signal });
  return auditPageOf(answer);
}

/** The audit answer as typed records; anything that is not a record is skipped rather than crashing the table. */
export function auditPageOf(answer: unknown): AuditPage {
  const body = (answer && typeof answer === "object" ? answer : {}) as { total?: unknown; records?: unknown };
  const raw = Array.isArray(body.records) ? body.records : [];
  const records: AuditRecord[] = [];
  raw.forEach((item: unknown, index) => {
    if (!item || typeof item !== "object") return;
    const r = item as Record<string, unknown>;
    const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
    records.push({
      id: text(r.id) ?? `${text(r.created) ?? ""}#${index}`,
      created: text(r.created) ?? "",
      action: text(r.action) ?? "",
      actor: text(r.actor),
      role: text(r.role),
      source: text(r.source),
      target: text(r.target),
      outcome: text(r.outcome) ?? "ok",
      details: r.details && typeof r.details === "object" ? (r.details as Record<string, unknown>) : null,
    });
  });
  const total = typeof body.total === "number" ? body.total : records.length;
  return { total, records };
}
