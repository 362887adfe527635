// How times, durations and counts read everywhere in the app.

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const integer = new Intl.NumberFormat();

/** "27 Nov 2026, 23:41:07" in the analyst's locale and zone; "" for nothing, the input for garbage. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : dateTime.format(time);
}

/** "just now", "5 min ago", "3 h ago", "2 d ago" (or "in 5 min" for the future). */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "";
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((now - time) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  const text = formatDuration(abs);
  return future ? `in ${text}` : `${text} ago`;
}

/** Seconds as the largest unit that fits: "42 s", "5 min", "3.5 h", "2.1 d". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const abs = Math.abs(seconds);
  const round = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);
  if (abs < 60) return `${round(seconds)} s`;
  if (abs < 3600) return `${round(seconds / 60)} min`;
  if (abs < 86400) return `${round(seconds / 3600)} h`;
  return `${round(seconds / 86400)} d`;
}

/** 12,345 in the analyst's locale. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : integer.format(value);
}
