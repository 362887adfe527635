// The pipeline's health, polled every 15 s while the tab is visible, with the lag of each poll kept in
// memory for the sparkline (it starts empty on each visit: the API keeps no history of lag).
import { useCallback, useState } from "react";

import { getHealth } from "../api/metrics";
import type { Health } from "../api/metrics";
import { appendLagSample } from "./healthWords";
import type { LagSample } from "./healthWords";
import { usePolling } from "./usePolling";
import type { PollState } from "./usePolling";

/** Between the 10-15 s the brief allows; the API caches the answer 5 s, so this never hits its cache twice. */
export const HEALTH_POLL_MS = 15_000;

export function useHealth(): PollState<Health> & { history: LagSample[] } {
  const [history, setHistory] = useState<LagSample[]>([]);
  const remember = useCallback((health: Health) => setHistory((past) => appendLagSample(past, health)), []);
  const state = usePolling(getHealth, HEALTH_POLL_MS, remember);
  return { ...state, history };
}
