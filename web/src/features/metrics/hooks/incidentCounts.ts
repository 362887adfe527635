// Incidents by phase (opened in the range, GET /api/v1/stats/incidents) and by VERIS category (every
// incident, GET /api/v1/veris/stats, beside the range's own count from the stats answer).
import type { IncidentStats, VerisStats } from "../api/metrics";

/** The case life cycle in order (docs/incidents.md); a phase the list does not know goes last. */
export const PHASES = ["Identification", "Containment", "Eradication", "Recovery", "Lessons Learned", "Closed"] as const;

export interface NamedCount {
  name: string;
  count: number;
}

/** Every known phase (zeros included, so the bars keep their places) then any other, in life-cycle order. */
export function phaseCounts(byPhase: Record<string, number>): NamedCount[] {
  const known = PHASES.map((name) => ({ name, count: byPhase[name] ?? 0 }));
  const others = Object.keys(byPhase)
    .filter((name) => !(PHASES as readonly string[]).includes(name))
    .sort()
    .map((name) => ({ name, count: byPhase[name] ?? 0 }));
  return [...known, ...others];
}

export interface VerisRow {
  category: string;
  /** Incidents of any time carrying a tag under the category. */
  all: number;
  /** Incidents opened in the range carrying one; null when the range's figures did not load. */
  inRange: number | null;
}

/** One row per VERIS category either answer names, most incidents first. */
export function verisRows(veris: VerisStats, stats: IncidentStats | undefined): VerisRow[] {
  const names = new Set([...Object.keys(veris.categories), ...Object.keys(stats?.by_veris_category ?? {})]);
  return [...names]
    .map((category) => ({
      category,
      all: veris.categories[category] ?? 0,
      inRange: stats ? (stats.by_veris_category[category] ?? 0) : null,
    }))
    .sort((a, b) => b.all - a.all || (b.inRange ?? 0) - (a.inRange ?? 0) || a.category.localeCompare(b.category));
}

/** "3 incidents opened in the last 7 days: 2 in Identification, 1 Closed." */
export function describePhases(stats: IncidentStats, phrase: string): string {
  if (stats.total === 0) return `No incident was opened in ${phrase}.`;
  const parts = phaseCounts(stats.by_phase)
    .filter((item) => item.count > 0)
    .map((item) => `${item.count} ${item.name}`);
  const opened = stats.total === 1 ? "1 incident" : `${stats.total} incidents`;
  return `${opened} opened in ${phrase}; by phase: ${parts.join(", ")}.`;
}

export function describeVeris(rows: VerisRow[], phrase: string): string {
  if (rows.length === 0) return "No incident carries a VERIS tag yet.";
  const top = rows
    .slice(0, 4)
    .map((row) => `${row.category} ${row.all}${row.inRange === null ? "" : ` (${row.inRange} in ${phrase})`}`);
  return `Incidents per VERIS category, all time: ${top.join(", ")}${rows.length > 4 ? ", …" : ""}.`;
}
