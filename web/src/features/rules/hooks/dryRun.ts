// A dry run's answer shaped for the screen: one row per alert the rule would have raised, its counts, and
// where the search screen can show the events behind it. The API answers alerts as loose objects (the
// alerter's dict, docs/rules.md "The alert"), so every field is read defensively here.
import type { DryRunResult, Rule } from "../api/rules";
import { baseType, durationSeconds } from "./labels";

/** The look-back choices, in hours; the API takes at most 744 (31 days). */
export const LOOK_BACK_HOURS = [1, 6, 24, 72, 168, 744] as const;
export const MAX_HOURS = 744;
/** The API evaluates a scheduled rule window by window, at most this many windows per dry run. */
export const MAX_WINDOWS = 1440;
/** Rows shown at once; the total is always said. */
export const MAX_ROWS = 500;

export function lookBackLabel(hours: number): string {
  if (hours < 48) return hours === 1 ? "1 hour" : `${hours} hours`;
  const days = hours / 24;
  return Number.isInteger(days) ? `${days} days` : `${hours} hours`;
}

type RuleShape = Pick<Rule, "type" | "rule">;

/** The look-back choices up to ``limit`` hours, and the limit itself when it falls between two of them. */
export function lookBackChoices(limit: number): number[] {
  const choices: number[] = LOOK_BACK_HOURS.filter((hours) => hours <= limit);
  if (limit >= 1 && !choices.includes(limit)) choices.push(limit);
  return choices;
}

/**
 * The longest look-back the API accepts for the rule, in hours: 0 for rules only evaluated on the stream
 * (sequence, geovelocity); for scheduled rules, as many windows as the API evaluates.
 */
export function maxLookBack(rule: RuleShape): number {
  const type = baseType(rule);
  if (type === "sequence" || type === "geovelocity") return 0;
  if (type === "threshold" || type === "absence" || type === "new_terms") {
    const window = durationSeconds(rule.rule.window);
    if (window === null) return MAX_HOURS;
    return Math.min(MAX_HOURS, Math.floor((MAX_WINDOWS * window) / 3600));
  }
  return MAX_HOURS;
}

export interface DryRunRow {
  id: string;
  /** When the alert would have been raised (the end of the window that found it; for match, the first event). */
  raisedAt: string;
  lastSeen: string;
  summary: string;
  severity: string;
  /** Events behind the alert, all told. */
  count: number;
  /** The group's values: [field, value as text]. */
  group: [string, string][];
  /** Sample events the alert carries. */
  sample: number;
  /** In-app path of the search for its events, or null when the answer does not say which they are. */
  search: string | null;
}

export interface DryRunView {
  ruleId: string;
  hours: number;
  /** Alerts it would have raised. */
  total: number;
  /** Events behind those alerts. */
  events: number;
  rows: DryRunRow[];
  /** Rows left out to keep the table short. */
  hidden: number;
}

type Loose = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function record(value: unknown): Loose {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Loose) : {};
}

function shownValue(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** ``field:value`` in the query language of docs/search.md: strings quoted, numbers and booleans as such,
 * a missing value as the field's absence. Null for values a query cannot name (objects). */
export function fieldClause(field: string, value: unknown): string | null {
  if (value === null || value === undefined) return `NOT _exists_:${field}`;
  if (typeof value === "number" || typeof value === "boolean") return `${field}:${String(value)}`;
  if (typeof value === "string") return `${field}:"${value.replace(/[\\"]/g, "\\$&")}"`;
  return null;
}

/** The query for the events behind ``alert``: the rule's query narrowed to the alert's group; for rules whose
 * query is not the whole story (Python) or that alert on no events (absence), its sample's ids or nothing. */
export function eventsQuery(alert: Loose, rule: RuleShape): string | null {
  const type = baseType(rule);
  if (type === "absence") return null;
  const query = text(rule.rule.query).trim();
  if (query && rule.type !== "python") {
    const clauses = [`(${query})`];
    for (const [field, value] of Object.entries(record(alert.group))) {
      const clause = fieldClause(field, value);
      if (clause === null) return sampleQuery(alert);
      clauses.push(clause);
    }
    return clauses.join(" AND ");
  }
  return sampleQuery(alert);
}

function sampleIds(alert: Loose): string[] {
  const events = Array.isArray(alert.events) ? alert.events : [];
  return events.map((event) => text(record(event).id)).filter(Boolean);
}

function sampleQuery(alert: Loose): string | null {
  const ids = sampleIds(alert);
  if (ids.length === 0) return null;
  return `id:(${ids.map((id) => `"${id.replace(/[\\"]/g, "\\$&")}"`).join(" OR ")})`;
}

function epoch(value: unknown): number | null {
  const time = Date.parse(text(value));
  return Number.isNaN(time) ? null : time;
}

/** The time range holding the alert's events: from its first event (for a scheduled rule, the start of the
 * window that raised it) to its last, a second wider at the end for the sub-second part. */
export function eventsRange(alert: Loose, rule: RuleShape): { start: string; end: string } | null {
  const raised = epoch(alert.utctimestamp);
  if (raised === null) return null;
  const times = [raised, epoch(alert.last_seen)];
  for (const event of Array.isArray(alert.events) ? alert.events : []) times.push(epoch(record(event).utctimestamp));
  const known = times.filter((time): time is number => time !== null);
  const window = durationSeconds(rule.rule.window);
  const type = baseType(rule);
  const scheduled = type === "threshold" || type === "new_terms";
  let start = Math.min(...known);
  if (scheduled && window !== null) start = Math.min(start, raised - window * 1000);
  const end = Math.max(...known) + 1000;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** The in-app path of the search for the alert's events (``/search?q=…&start=…&end=…``), or null. */
export function eventsSearchPath(alert: Loose, rule: RuleShape): string | null {
  const q = eventsQuery(alert, rule);
  const range = eventsRange(alert, rule);
  if (q === null || range === null) return null;
  return `/search?${new URLSearchParams({ q, start: range.start, end: range.end }).toString()}`;
}

/** The search for every event the rule's query matches over the dry run's period; null when it has none. */
export function periodSearchPath(rule: RuleShape, hours: number, now: number = Date.now()): string | null {
  const query = text(rule.rule.query).trim();
  if (!query || rule.type === "python" || baseType(rule) === "absence") return null;
  const start = new Date(now - hours * 3600 * 1000).toISOString();
  const end = new Date(now).toISOString();
  return `/search?${new URLSearchParams({ q: query, start, end }).toString()}`;
}

export function shapeDryRun(result: DryRunResult, rule: RuleShape): DryRunView {
  const alerts = result.alerts.map(record);
  const rows = alerts.slice(0, MAX_ROWS).map((alert, index): DryRunRow => {
    const raisedAt = text(alert.utctimestamp);
    return {
      id: text(alert.id) || `${index}`,
      raisedAt,
      lastSeen: text(alert.last_seen) || raisedAt,
      summary: text(alert.summary) || text(alert.rule_name) || "(no summary)",
      severity: text(alert.severity) || "WARNING",
      count: count(alert.event_count),
      group: Object.entries(record(alert.group)).map(([field, value]) => [field, shownValue(value)]),
      sample: Array.isArray(alert.events) ? alert.events.length : 0,
      search: eventsSearchPath(alert, rule),
    };
  });
  return {
    ruleId: result.rule_id,
    hours: result.hours,
    total: result.total,
    events: alerts.reduce((sum, alert) => sum + count(alert.event_count), 0),
    rows,
    hidden: Math.max(0, alerts.length - rows.length),
  };
}
