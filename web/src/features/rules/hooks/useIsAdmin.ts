import { useSyncExternalStore } from "react";

import { session } from "../../../api";

const subscribe = (onChange: () => void) => session.subscribe(() => onChange());
const isAdmin = () => session.get()?.user.role === "admin";

/** Whether the signed-in analyst may change rules (the API asks the admin role; the controls say so first). */
export function useIsAdmin(): boolean {
  return useSyncExternalStore(subscribe, isAdmin, () => false);
}
