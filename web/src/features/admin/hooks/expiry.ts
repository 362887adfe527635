// When a list entry stops counting. The admin picks a duration or a date; durations are sent as the server's
// own duration text ("24h"), so the server's clock, not this browser's, decides the moment. The time shown
// beside the choice is this browser's estimate of it.

export const EXPIRY_CHOICES = [
  { id: "1h", label: "1 hour", seconds: 3600 },
  { id: "1d", label: "1 day", seconds: 86_400 },
  { id: "7d", label: "7 days", seconds: 7 * 86_400 },
  { id: "30d", label: "30 days", seconds: 30 * 86_400 },
  { id: "never", label: "Never", seconds: null },
  { id: "date", label: "On a date…", seconds: null },
] as const;

export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["id"];

/** The server refuses expiries further away than this (mozdef_common.lists.entries.MAX_TTL). */
export const MAX_EXPIRY_DAYS = 3650;

export type ExpiryResult =
  | { ok: true; /** what to send as ``expires`` */ expires: string | null; /** when that is; null: never */ at: Date | null }
  | { ok: false; error: string };

/** Parse the value of an ``<input type="datetime-local">`` ("2026-11-28T09:30") as a time in this browser's zone. */
export function parseLocalDateTime(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  // new Date rolls 31 February over into March: refuse dates that do not exist instead
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return null;
  return date;
}

/** What ``expires`` to send for a choice (and ``date``, the date input's text, for "date"), at ``now``. */
export function computeExpiry(choice: ExpiryChoice, date: string, now: Date): ExpiryResult {
  if (choice === "never") return { ok: true, expires: null, at: null };
  if (choice === "date") {
    if (!date.trim()) return { ok: false, error: "Pick the date and time it expires." };
    const at = parseLocalDateTime(date);
    if (!at) return { ok: false, error: "Not a date and time." };
    if (at.getTime() <= now.getTime()) return { ok: false, error: "That time is already past." };
    if (at.getTime() - now.getTime() > MAX_EXPIRY_DAYS * 86_400_000) {
      return { ok: false, error: `At most ${MAX_EXPIRY_DAYS} days from now; choose Never for longer.` };
    }
    return { ok: true, expires: at.toISOString(), at };
  }
  const option = EXPIRY_CHOICES.find((item) => item.id === choice);
  if (!option || option.seconds === null) return { ok: false, error: "Choose when it expires." };
  return { ok: true, expires: option.id, at: new Date(now.getTime() + option.seconds * 1000) };
}

export type EntryState = "never" | "active" | "expired";

/**
 * Whether an entry still counts. The server says ``active`` as of its answer; the expiry is compared to now
 * as well, since the table stays on screen while entries run out.
 */
export function entryState(entry: { expires?: string | null; active?: boolean }, now: number): EntryState {
  if (entry.active === false) return "expired";
  if (!entry.expires) return "never";
  const at = Date.parse(entry.expires);
  if (Number.isNaN(at)) return "active";
  return at <= now ? "expired" : "active";
}

/** The value for a datetime-local input's ``min``: now, in this browser's zone, to the minute. */
export function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
