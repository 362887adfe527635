// One alert, kept live, and its response actions (what the alerter's action runner did for it).
import { useCallback, useEffect, useState } from "react";

import { ApiError } from "../../../api";
import { useLiveChanges } from "../../../lib/live";
import type { ChangeMessage } from "../../../lib/live";
import { useAsync } from "../../../lib/useAsync";
import type { AsyncState } from "../../../lib/useAsync";
import { getAlert, getAlertActions } from "../api/alerts";
import type { Alert, AlertActions } from "../api/alerts";
import { asAlert } from "./feed";

/** While an action waits for its next attempt, look again this often. */
const PENDING_POLL_MS = 15_000;

export interface AlertView {
  alert: Alert | null;
  loading: boolean;
  error: unknown;
  missing: boolean;
  /** The last change another analyst (or the alerter) made while the page was open. */
  lastChange: { actor: string | null; time: string } | null;
  reload(): void;
  /** An alert this analyst's action answered. */
  acted(alert: Alert): void;
  actions: AsyncState<AlertActions>;
}

/** The newer of two versions of the same alert. */
export function newer(current: Alert | null, next: Alert): Alert {
  return current && current.id === next.id && current.version >= next.version ? current : next;
}

export function useAlert(id: string, me: string | null): AlertView {
  const loaded = useAsync((signal) => getAlert(id, signal), [id]);
  const [alert, setAlert] = useState<Alert | null>(null);
  const [lastChange, setLastChange] = useState<AlertView["lastChange"]>(null);
  useEffect(() => {
    if (loaded.data) setAlert((current) => newer(current, loaded.data as Alert));
  }, [loaded.data]);

  const actions = useAsync((signal) => getAlertActions(id, signal), [id]);
  const reloadActions = actions.reload;
  const pending = actions.data?.actions.some((action) => action.state === "pending") ?? false;
  useEffect(() => {
    if (!pending) return undefined;
    const timer = setInterval(reloadActions, PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reloadActions]);

  const reload = loaded.reload;
  const onChange = useCallback(
    (change: ChangeMessage) => {
      const next = asAlert(change.data);
      if (!next) return;
      setAlert((current) => newer(current, next));
      if (change.actor !== me) setLastChange({ actor: change.actor, time: change.time });
      // a newly raised alert's actions start now: look at them
      if (change.op === "created") reloadActions();
    },
    [me, reloadActions],
  );
  useLiveChanges((change) => change.entity === "alert" && change.id === id, onChange, () => {
    reload();
    reloadActions();
  });

  const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
  const acted = useCallback((next: Alert) => setAlert((current) => newer(current, next)), []);
  return { alert, loading: loaded.loading, error: loaded.error, missing, lastChange, reload, acted, actions };
}
