// MTTD/MTTA/MTTC/MTTR per consecutive window: the stats route asked once per window, in parallel. A
// window that fails leaves a gap (and a note) rather than failing the whole trend.
import { useAsync } from "../../../lib/useAsync";
import type { AsyncState } from "../../../lib/useAsync";
import { getIncidentStats } from "../api/metrics";
import type { IncidentStats } from "../api/metrics";
import { iso } from "./range";
import { trendWindows } from "./trends";
import type { Granularity, TrendWindow } from "./trends";

export interface Trend {
  windows: TrendWindow[];
  /** One per window, null where it failed. */
  answers: (IncidentStats | null)[];
  failed: number;
  /** Why the first failed window failed, to say so. */
  firstError: unknown;
}

export function useTrends(granularity: Granularity, count: number, reload: number): AsyncState<Trend> {
  return useAsync(async (signal) => {
    const windows = trendWindows(granularity, count, new Date());
    const settled = await Promise.allSettled(
      windows.map((window) => getIncidentStats(iso(window.start.getTime()), iso(window.end.getTime()), signal)),
    );
    const answers = settled.map((result) => (result.status === "fulfilled" ? result.value : null));
    const failures = settled.filter((result): result is PromiseRejectedResult => result.status === "rejected");
    if (failures.length === settled.length && failures[0]) throw failures[0].reason;
    return { windows, answers, failed: failures.length, firstError: failures[0]?.reason ?? null };
  }, [granularity, count, reload]);
}
