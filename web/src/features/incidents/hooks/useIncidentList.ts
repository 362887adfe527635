import { useCallback, useEffect, useRef, useState } from "react";

import { describeError } from "../../../api";
import { useLiveChanges } from "../../../lib/live";
import { listIncidents } from "../api/incidents";
import type { IncidentFilter, IncidentPage } from "../api/incidents";

export interface IncidentList {
  page: IncidentPage | null;
  loading: boolean;
  error: string | null;
  retry(): void;
}

/** The incidents ``filter`` selects, fetched again when any incident changes (at most once a second). */
export function useIncidentList(filter: IncidentFilter): IncidentList {
  const [page, setPage] = useState<IncidentPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(filter);
  const controller = useRef<AbortController | null>(null);

  const fetchPage = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    listIncidents(JSON.parse(key) as IncidentFilter, current.signal).then(
      (answer) => {
        if (current.signal.aborted) return;
        setPage(answer);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (current.signal.aborted) return;
        setError(describeError(failure));
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(() => {
    fetchPage();
    return () => controller.current?.abort();
  }, [fetchPage]);

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (pending.current) clearTimeout(pending.current);
  }, []);
  const soon = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      fetchPage();
    }, 1000);
  };
  useLiveChanges((change) => change.entity === "incident" && change.op !== "appended", soon, soon);

  return { page, loading, error, retry: fetchPage };
}
