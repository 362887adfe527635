// The dates a phase stands for (docs/incidents.md, "Dates and phases"), so the phase control can say what a
// move will set before the analyst makes it, and the date inputs' local-time conversions.
import type { DateName, Dates, Phase } from "../api/cases";
import { PHASES } from "../api/cases";

const PHASE_DATES: Partial<Record<Phase, DateName>> = {
  Containment: "verified",
  Eradication: "contained",
  Recovery: "mitigated",
  Closed: "closed",
};

/** The date entering ``phase`` sets when it is still unset; null for phases that set none. */
export function phaseDate(phase: Phase): DateName | null {
  return PHASE_DATES[phase] ?? null;
}

/** The date a move from ``from`` to ``to`` will fill in (the server's rule: only an unset one). */
export function dateSetByMove(from: Phase, to: Phase, dates: Dates | undefined): DateName | null {
  if (from === to) return null;
  const name = phaseDate(to);
  if (!name) return null;
  const current = (dates as Partial<Record<DateName, string | null>> | undefined)?.[name];
  return current ? null : name;
}

export function moveDirection(from: Phase, to: Phase): "forward" | "backward" | "same" {
  const a = PHASES.indexOf(from as (typeof PHASES)[number]);
  const b = PHASES.indexOf(to as (typeof PHASES)[number]);
  return b > a ? "forward" : b < a ? "backward" : "same";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO time as a datetime-local input shows it, in the analyst's zone ("" for none or garbage). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** A datetime-local input's value (local time) as ISO-8601 in UTC; null for empty or garbage. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, Number.isNaN(s) ? 0 : s);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
