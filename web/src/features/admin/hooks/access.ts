// Who may use the admin screen. The server decides (403 for anyone but an admin); the screen asks it rather
// than trusting the role cached in the session, which may be stale after a demotion.
import { useSyncExternalStore } from "react";

import { ApiError, session } from "../../../api";
import type { SessionUser } from "../../../api";
import { whoAmI } from "../api/admin";
import type { Me } from "../api/admin";
import { useAsync } from "../../../lib/useAsync";

/** An answer meaning "your role may not do this". */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export function mayAdminister(me: Pick<Me, "actions">): boolean {
  return me.actions.includes("admin");
}

export type Access =
  | { state: "checking" }
  | { state: "admin"; me: Me }
  | { state: "denied"; me: Me | null }
  | { state: "failed"; error: unknown; retry: () => void };

export function useAdminAccess(): Access {
  const { data, error, loading, reload } = useAsync((signal) => whoAmI(signal), []);
  if (data) return mayAdminister(data) ? { state: "admin", me: data } : { state: "denied", me: data };
  if (isForbidden(error)) return { state: "denied", me: null };
  if (error !== null && error !== undefined && !loading) return { state: "failed", error, retry: reload };
  return { state: "checking" };
}

/** The signed-in user (name and role), following sign-in, refresh and sign-out in any tab. */
export function useCurrentUser(): SessionUser | null {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.get()?.user ?? null,
  );
}
