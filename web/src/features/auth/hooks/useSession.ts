import { useSyncExternalStore } from "react";

import { session } from "../../../api";
import type { Session } from "../../../api";

/** The signed-in session, re-rendering on sign-in, refresh and sign-out (in any tab). */
export function useSession(): Session | null {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.get(),
  );
}
