import { useCallback, useEffect, useRef, useState } from "react";

import { dryRun } from "../api/rules";
import type { DryRunResult } from "../api/rules";

export type DryRunState =
  | { phase: "idle" }
  | { phase: "running"; hours: number; startedAt: number }
  | { phase: "done"; hours: number; result: DryRunResult; tookMs: number }
  | { phase: "failed"; hours: number; error: unknown };

/** One dry run at a time for rule ``id``: start, cancel (the request is aborted), and the seconds it has run. */
export function useDryRun(id: string) {
  const [state, setState] = useState<DryRunState>({ phase: "idle" });
  const [now, setNow] = useState(() => Date.now());
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (state.phase !== "running") return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [state.phase]);

  const start = useCallback(
    (hours: number) => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      const startedAt = Date.now();
      setNow(startedAt);
      setState({ phase: "running", hours, startedAt });
      dryRun(id, hours, current.signal).then(
        (result) => {
          if (!current.signal.aborted) setState({ phase: "done", hours, result, tookMs: Date.now() - startedAt });
        },
        (error: unknown) => {
          if (!current.signal.aborted) setState({ phase: "failed", hours, error });
        },
      );
    },
    [id],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setState({ phase: "idle" });
  }, []);

  const elapsedMs = state.phase === "running" ? Math.max(0, now - state.startedAt) : 0;
  return { state, start, cancel, elapsedMs };
}
