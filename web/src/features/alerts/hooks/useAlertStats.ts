// Alert counts by severity over the list's time range, counted again (at most every few seconds) when
// alerts arrive, so the chart follows the feed.
import { useEffect, useRef } from "react";

import { useLiveChanges } from "../../../lib/live";
import { useAsync } from "../../../lib/useAsync";
import type { AsyncState } from "../../../lib/useAsync";
import { getAlertStats } from "../api/alerts";
import type { AlertStats } from "../api/alerts";
import { statsQuery } from "./filters";
import type { AlertFilters } from "./filters";

const SETTLE_MS = 3000;

export function useAlertStats(filters: AlertFilters): AsyncState<AlertStats> {
  const query = statsQuery(filters);
  const key = JSON.stringify(query);
  const stats = useAsync((signal) => getAlertStats(JSON.parse(key) as typeof query, signal), [key]);
  const { reload } = stats;

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const soon = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      reload();
    }, SETTLE_MS);
  };
  // a new alert adds to a bar; triage does not change counts by severity
  useLiveChanges((change) => change.entity === "alert" && change.op === "created", soon, reload);
  return stats;
}
