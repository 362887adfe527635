// Alerts per severity per bucket, from GET /api/v1/alerts/stats, as stacked series in severity order.
import type { AlertStats } from "../api/metrics";

/** Most severe first (the syslog levels alerts use, mozdef_common.event.SEVERITIES). */
export const SEVERITY_ORDER = ["EMERGENCY", "ALERT", "CRITICAL", "ERROR", "WARNING", "NOTICE", "INFO", "DEBUG"] as const;

/** One colour per level, always the same, so a chart read yesterday reads the same today. */
export const SEVERITY_COLOURS: Record<string, string> = {
  EMERGENCY: "#b07aa1",
  ALERT: "#9c755f",
  CRITICAL: "#e15759",
  ERROR: "#f28e2b",
  WARNING: "#edc948",
  NOTICE: "#76b7b2",
  INFO: "#4e79a7",
  DEBUG: "#59a14f",
};

export interface CountSeries {
  name: string;
  counts: number[];
  total: number;
}

export interface CountChart {
  /** Bucket starts, epoch ms. */
  times: number[];
  series: CountSeries[];
  total: number;
}

function rank(severity: string): number {
  const index = (SEVERITY_ORDER as readonly string[]).indexOf(severity.toUpperCase());
  return index === -1 ? SEVERITY_ORDER.length : index;
}

/** The severities present, most severe first; ones the list does not know go last, by name. */
export function orderSeverities(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function alertChart(stats: AlertStats): CountChart {
  const seen = new Set<string>(Object.keys(stats.by_severity));
  for (const bucket of stats.buckets) for (const name of Object.keys(bucket.by_severity)) seen.add(name);
  const names = orderSeverities(seen);
  const series = names.map((name) => {
    const counts = stats.buckets.map((bucket) => bucket.by_severity[name] ?? 0);
    return { name, counts, total: counts.reduce((sum, count) => sum + count, 0) };
  });
  return {
    times: stats.buckets.map((bucket) => Date.parse(bucket.start)),
    series,
    total: stats.total,
  };
}

/** The chart in one sentence. */
export function describeAlertChart(chart: CountChart, phrase: string): string {
  if (chart.total === 0) return `No alerts in ${phrase}.`;
  const parts = chart.series.filter((item) => item.total > 0).map((item) => `${item.total} ${item.name}`);
  return `${chart.total} alert${chart.total === 1 ? "" : "s"} in ${phrase}: ${parts.join(", ")}.`;
}
