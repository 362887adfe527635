import { useCallback, useEffect, useRef, useState } from "react";

import { useLiveChanges } from "../../../lib/live";
import { listCases } from "../api/cases";
import type { CaseKind, CasePage, CaseQuery } from "../api/cases";
import { changeWords } from "./timeline";
import type { RemoteChange } from "./useCase";

export interface CaseList {
  page: CasePage | null;
  loading: boolean;
  error: unknown;
  /** The last change to any case of the kind while the list was open. */
  lastChange: (RemoteChange & { id: string; ref: string | null }) | null;
  retry(): void;
}

/** The cases ``query`` selects, fetched again when any case of the kind changes (at most once a second). */
export function useCaseList(kind: CaseKind, query: CaseQuery): CaseList {
  const [page, setPage] = useState<CasePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [lastChange, setLastChange] = useState<CaseList["lastChange"]>(null);
  const key = JSON.stringify([kind, query]);
  const controller = useRef<AbortController | null>(null);

  const fetchPage = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    const [k, q] = JSON.parse(key) as [CaseKind, CaseQuery];
    listCases(k, q, current.signal).then(
      (answer) => {
        if (current.signal.aborted) return;
        setPage(answer);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (current.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, [key]);

  useEffect(() => {
    fetchPage();
    return () => controller.current?.abort();
  }, [fetchPage]);

  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  const latestFetch = useRef(fetchPage);
  latestFetch.current = fetchPage;
  const soon = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      latestFetch.current();
    }, 1000);
  };
  useLiveChanges(
    (change) => change.entity === kind && change.op !== "appended",
    (change) => {
      const ref = change.data && typeof change.data.ref === "string" ? change.data.ref : null;
      setLastChange({ id: change.id, ref, actor: change.actor, time: change.time, op: changeWords(change.op, change.sub) ?? change.op });
      soon();
    },
    soon,
  );

  return { page, loading, error, lastChange, retry: fetchPage };
}
