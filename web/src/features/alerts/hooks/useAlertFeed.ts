// The alert list the filters select: one page from REST, kept live by the WebSocket (feed.ts merges), and
// reloaded from REST when the connection could not replay what the tab missed.
import { useCallback, useEffect, useReducer, useRef, useState } from "react";

import { useLiveChanges } from "../../../lib/live";
import { listAlerts } from "../api/alerts";
import type { Alert } from "../api/alerts";
import { asAlert, feedReducer, initialFeed } from "./feed";
import type { FeedState } from "./feed";
import { listQuery, PAGE_SIZE } from "./filters";
import type { AlertFilters } from "./filters";

/** How long a new row stays highlighted. */
const FRESH_MS = 8000;

export interface AlertFeed {
  state: FeedState;
  loading: boolean;
  error: unknown;
  reload(): void;
  /** Show the alerts waiting in ``pending``. */
  reveal(): void;
  /** An alert this analyst's action answered: shown in place at once. */
  acted(alert: Alert): void;
}

/** ``away()`` says, when a change arrives, whether the analyst is away from the top of the list. */
export function useAlertFeed(filters: AlertFilters, away: () => boolean): AlertFeed {
  const [state, dispatch] = useReducer(feedReducer, initialFeed);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(listQuery(filters));
  // the answer is merged with what the WebSocket said meanwhile, under the filters in force when it lands
  const context = useRef(() => ({ filters, now: Date.now(), pageSize: PAGE_SIZE }));
  context.current = () => ({ filters, now: Date.now(), pageSize: PAGE_SIZE });

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    dispatch({ type: "loading" });
    listAlerts(JSON.parse(key) as ReturnType<typeof listQuery>, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        dispatch({ type: "loaded", page, ...context.current() });
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key, tick]);

  const reload = useCallback(() => setTick((value) => value + 1), []);

  useLiveChanges(
    (change) => change.entity === "alert" && (change.op === "created" || change.op === "updated"),
    (change) => {
      const alert = asAlert(change.data);
      if (!alert) return;
      const hold = filters.page > 1 || away();
      dispatch({ type: "live", alert, filters, now: Date.now(), hold, pageSize: PAGE_SIZE });
    },
    reload,
  );

  // each highlight fades on its own clock
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    for (const id of state.fresh) {
      if (timers.current.has(id)) continue;
      timers.current.set(
        id,
        setTimeout(() => {
          timers.current.delete(id);
          dispatch({ type: "settle", ids: [id] });
        }, FRESH_MS),
      );
    }
  }, [state.fresh]);
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const reveal = useCallback(() => dispatch({ type: "reveal", pageSize: PAGE_SIZE }), []);
  const acted = useCallback(
    (alert: Alert) => dispatch({ type: "live", alert, filters, now: Date.now(), hold: true, pageSize: PAGE_SIZE }),
    [filters],
  );

  return { state, loading, error, reload, reveal, acted };
}
