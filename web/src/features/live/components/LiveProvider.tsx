import type { ReactNode } from "react";

import { LiveContext } from "../../../lib/live";
import { useLiveClient } from "../hooks/useLiveClient";

/** Gives every feature below it the tab's live connection (see lib/live.ts for the hooks). */
export function LiveProvider({ children }: { children: ReactNode }) {
  const client = useLiveClient();
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}
