// Time ranges as the API takes them (ISO-8601, naive = UTC; ``now`` date math; epoch ms), resolved here only
// to size the histogram, describe the range and check what the analyst typed. The API gets the text as typed.

export interface RelativeRange {
  label: string;
  start: string;
}

/** The relative ranges the picker offers; each ends "now". */
export const RELATIVE_RANGES: readonly RelativeRange[] = [
  { label: "Last 15 minutes", start: "now-15m" },
  { label: "Last 1 hour", start: "now-1h" },
  { label: "Last 4 hours", start: "now-4h" },
  { label: "Last 24 hours", start: "now-24h" },
  { label: "Last 7 days", start: "now-7d" },
  { label: "Last 30 days", start: "now-30d" },
];

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function dateMath(text: string, now: number): number | null {
  let result = now;
  let pos = 3;
  while (pos < text.length) {
    const op = text[pos];
    if (op === "/") {
      const unit = text.slice(pos + 1);
      return unit in UNIT_MS ? roundDown(result, unit) : null;
    }
    if (op !== "+" && op !== "-") return null;
    const step = /^(\d{1,9})([smhdw])/.exec(text.slice(pos + 1));
    if (!step) return null;
    const amount = Number(step[1]) * (UNIT_MS[step[2] as string] as number);
    result = op === "+" ? result + amount : result - amount;
    pos += 1 + step[0].length;
  }
  return result;
}

/** Rounded down in UTC, as the server does (``now/d`` is today's midnight UTC, ``now/w`` Monday's). */
function roundDown(ms: number, unit: string): number {
  const date = new Date(ms);
  if (unit === "s") return Math.floor(ms / 1000) * 1000;
  if (unit === "m") return Math.floor(ms / 60_000) * 60_000;
  if (unit === "h") return Math.floor(ms / 3_600_000) * 3_600_000;
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (unit === "d") return day;
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return day - sinceMonday * 86_400_000;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch ms of a start/end as the API reads it, or null when the API would refuse it (or it is empty). */
export function resolveTime(expression: string, now: number = Date.now()): number | null {
  const text = expression.trim();
  if (!text) return null;
  if (text.startsWith("now")) return dateMath(text, now);
  if (/^\d{10,}$/.test(text)) return Number(text);
  if (ISO_DATE.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) ? null : ms;
  }
  const match = ISO_TIME.exec(text);
  if (!match) return null;
  // naive times are UTC on the server; JavaScript would read them as local time
  const zone = match[3] ? match[3].toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") : "Z";
  const ms = Date.parse(`${match[1]}T${(match[2] as string).slice(0, 12)}${zone}`);
  return Number.isNaN(ms) ? null : ms;
}

/** Whether ``expression`` is a bound the API takes; "" (no bound) counts as valid. */
export function isValidTime(expression: string): boolean {
  return expression.trim() === "" || resolveTime(expression) !== null;
}

/** The preset ``start``..``end`` is, if any. */
export function presetOf(start: string, end: string): RelativeRange | null {
  if (end.trim() !== "now") return null;
  return RELATIVE_RANGES.find((range) => range.start === start.trim()) ?? null;
}

/** ``[from, to]`` in epoch ms, or null where a bound is open or unreadable. */
export function resolveRange(start: string, end: string, now: number = Date.now()): [number | null, number | null] {
  const from = resolveTime(start, now);
  const to = end.trim() === "" ? now : resolveTime(end, now);
  return [from, to];
}

/** An instant as ISO-8601 UTC to the second, the form the URL keeps absolute bounds in. */
export function toIso(ms: number): string {
  return new Date(Math.round(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The absolute range a brush across the histogram selected, in order, at least a second wide. */
export function brushRange(from: number, to: number): { start: string; end: string } {
  const low = Math.min(from, to);
  const high = Math.max(from, to, low + 1000);
  return { start: toIso(Math.floor(low / 1000) * 1000), end: toIso(Math.ceil(high / 1000) * 1000) };
}

/** Twice as wide around the same middle, never past ``now``: the way back out of a zoom. */
export function zoomOut(from: number, to: number, now: number = Date.now()): { start: string; end: string } {
  const span = Math.max(to - from, 60_000);
  let end = to + span / 2;
  let start = from - span / 2;
  if (end > now) {
    start -= end - now;
    end = now;
  }
  return { start: toIso(start), end: toIso(end) };
}
