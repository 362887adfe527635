// Load something now and again every ``intervalMs`` while the tab is visible: a hidden tab stops asking
// (no point loading the API for nobody), and coming back asks at once rather than showing stale figures.
import { useCallback, useEffect, useRef, useState } from "react";

export interface PollState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Epoch ms of the last good answer. */
  updatedAt: number | null;
  /** Poll now (and restart the interval from now). */
  refresh: () => void;
}

export function usePolling<T>(
  load: (signal: AbortSignal) => Promise<T>,
  intervalMs: number,
  onData?: (value: T) => void,
): PollState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const onDataRef = useRef(onData);
  onDataRef.current = onData;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let controller: AbortController | null = null;
    let stopped = false;

    const clear = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const schedule = () => {
      clear();
      if (!stopped && !document.hidden) timer = setTimeout(poll, intervalMs);
    };
    function poll() {
      clear();
      controller?.abort();
      const current = new AbortController();
      controller = current;
      setLoading(true);
      loadRef.current(current.signal).then(
        (value) => {
          if (current.signal.aborted) return;
          setData(value);
          setError(null);
          setLoading(false);
          setUpdatedAt(Date.now());
          onDataRef.current?.(value);
          schedule();
        },
        (reason: unknown) => {
          if (current.signal.aborted) return;
          setError(reason);
          setLoading(false);
          schedule();
        },
      );
    }
    const onVisibility = () => {
      if (document.hidden) clear();
      else poll();
    };

    if (document.hidden) setLoading(false);
    else poll();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      stopped = true;
      clear();
      controller?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [intervalMs, tick]);

  const refresh = useCallback(() => setTick((value) => value + 1), []);
  return { data, error, loading, updatedAt, refresh };
}
