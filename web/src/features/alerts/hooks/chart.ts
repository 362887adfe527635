// The severity bar chart's data: one stacked series per severity over the stats buckets, most severe on
// top, and the same counts in words for those who cannot see the chart.
import { SEVERITIES } from "../api/alerts";
import type { AlertStats } from "../api/alerts";

export interface SeveritySeries {
  severity: string;
  counts: number[];
}

/** Severities most severe first; ones outside the known scale after them, by name. */
export function orderSeverities(names: Iterable<string>): string[] {
  const rank = (name: string) => {
    const at = (SEVERITIES as readonly string[]).indexOf(name.toUpperCase());
    return at === -1 ? -1 : at;
  };
  return [...new Set(names)].sort((a, b) => rank(b) - rank(a) || a.localeCompare(b));
}

export function severitySeries(stats: AlertStats): SeveritySeries[] {
  const names = new Set(Object.keys(stats.by_severity));
  for (const bucket of stats.buckets) for (const name of Object.keys(bucket.by_severity)) names.add(name);
  return orderSeverities(names).map((severity) => ({
    severity,
    counts: stats.buckets.map((bucket) => bucket.by_severity[severity] ?? 0),
  }));
}

/** "12 alerts: 2 CRITICAL, 10 WARNING". */
export function severitySummary(stats: AlertStats): string {
  const parts = orderSeverities(Object.keys(stats.by_severity))
    .filter((name) => (stats.by_severity[name] ?? 0) > 0)
    .map((name) => `${stats.by_severity[name]} ${name}`);
  const head = `${stats.total} alert${stats.total === 1 ? "" : "s"}`;
  return parts.length ? `${head}: ${parts.join(", ")}` : head;
}
