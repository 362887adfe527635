// How a rule reads to an analyst: where it comes from, what kind it is, how it is evaluated and how its
// runs went. Pure, so the words are tested once and every screen says the same thing.
import { formatDuration, relativeTime } from "../../../lib/format";
import { severityLevel as badgeLevel } from "../../../lib/severity";
import type { SeverityLevel } from "../../../lib/severity";
import type { Rule, RunStats } from "../api/rules";

/** What a summary needs of a rule: the list and detail answers both have it. */
export type RuleSummary = Pick<Rule, "source" | "type" | "rule" | "runs" | "enabled">;

export const SOURCE_NAMES: Record<string, string> = {
  builtin: "Built-in",
  file: "Rules folder",
  api: "API",
  sigma: "Sigma",
  python: "Python",
};

export const TYPE_NAMES: Record<string, string> = {
  match: "Match",
  threshold: "Threshold",
  absence: "Absence",
  new_terms: "New terms",
  sequence: "Sequence",
  geovelocity: "Geovelocity",
  sigma: "Sigma",
  python: "Python",
};

/** Types evaluated on a schedule over the event store; the others see each event on the stream. */
const SCHEDULED = new Set(["threshold", "absence", "new_terms"]);

function nameOf(names: Record<string, string>, key: string): string {
  return names[key] ?? key.replace(/_/g, " ");
}

/** The rule-file type behind the rule: a Sigma rule compiles to match, threshold or sequence. */
export function baseType(rule: Pick<Rule, "type" | "rule">): string {
  const inner = rule.rule.type;
  return typeof inner === "string" && inner ? inner : rule.type;
}

/** "Built-in", "Rules folder", "API"; a Sigma or Python rule says so too ("Rules folder · Sigma"). */
export function sourceLabel(rule: Pick<Rule, "source" | "type">): string {
  const where = nameOf(SOURCE_NAMES, rule.source);
  return rule.type === "sigma" || rule.type === "python" ? `${where} · ${nameOf(SOURCE_NAMES, rule.type)}` : where;
}

/** "Threshold", "New terms"; a Sigma rule with what it compiled to ("Sigma (match)"). */
export function typeLabel(rule: Pick<Rule, "type" | "rule">): string {
  if (rule.type === "sigma") {
    const inner = baseType(rule);
    return inner === "sigma" ? "Sigma" : `Sigma (${nameOf(TYPE_NAMES, inner).toLowerCase()})`;
  }
  return nameOf(TYPE_NAMES, rule.type);
}

export function isScheduled(rule: Pick<Rule, "type" | "rule">): boolean {
  return SCHEDULED.has(baseType(rule));
}

/** The shared badge classes know four levels; the rule severities are syslog's eight. */
export function severityLevel(severity: string): SeverityLevel {
  return badgeLevel(severity) ?? "low";
}

/** ``"2m"`` → 120; null for anything that is not a rule duration. */
export function durationSeconds(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const found = /^(\d+)\s*([smhd])$/.exec(value.trim());
  if (!found) return null;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[found[2] as "s" | "m" | "h" | "d"];
  return Number(found[1]) * unit;
}

/** How the alerter evaluates it: "On the stream" or "Every 30 s over 2 min". */
export function evaluationLabel(rule: Pick<Rule, "type" | "rule">): string {
  if (!isScheduled(rule)) return "On the stream, each event as it is indexed";
  const window = durationSeconds(rule.rule.window);
  const schedule = durationSeconds(rule.rule.schedule) ?? (window === null ? null : Math.max(window / 4, 30));
  if (window === null || schedule === null) return "On a schedule, over the event store";
  return `Every ${formatDuration(schedule)} over the last ${formatDuration(window)}`;
}

/** A scheduled rule whose last run failed; its error stays on ``last_error`` after later successes. */
export function isFailing(rule: Pick<Rule, "runs">): boolean {
  return rule.runs?.last_status === "error";
}

export type RunHealth = "failing" | "ok" | "recovered" | "idle";

export interface RunState {
  health: RunHealth;
  /** One short phrase for the list: "Failing", "OK", "Recovered", "Not run yet"… */
  label: string;
  /** When, in words: "ran 5 min ago", "last hit 2 h ago", "". */
  when: string;
  /** The error to show beside a failing (or recovered) rule. */
  error: string | null;
}

/** The state of the rule's runs (scheduled) or hits (stream) for the list's state column. */
export function runState(rule: RuleSummary, now: number = Date.now()): RunState {
  const runs: RunStats | null | undefined = rule.runs;
  const scheduled = isScheduled(rule);
  if (!runs) {
    const label = !rule.enabled ? "Off" : scheduled ? "Not run yet" : "No hits yet";
    return { health: "idle", label, when: "", error: null };
  }
  const last = scheduled ? runs.last_run : (runs.last_hit ?? runs.last_run);
  const when = last ? `${scheduled ? "ran" : "last hit"} ${relativeTime(last, now)}` : "";
  if (runs.last_status === "error") {
    return { health: "failing", label: "Failing", when, error: runs.last_error ?? "the last run failed" };
  }
  if ((runs.failures ?? 0) > 0 && runs.last_error) {
    return { health: "recovered", label: "OK (failed before)", when, error: runs.last_error };
  }
  return { health: "ok", label: "OK", when, error: null };
}

/** The hits column: total hits, with the last run's when it raised some. */
export function hitsLabel(runs: RunStats | null | undefined): string {
  if (!runs) return "0";
  const total = runs.total_hits ?? 0;
  const last = runs.hits ?? 0;
  return last > 0 && last !== total ? `${total} (${last} last run)` : String(total);
}

/** Only rules managed through the API are edited and deleted here; the others belong to their files. */
export function isApiManaged(rule: Pick<Rule, "source">): boolean {
  return rule.source === "api";
}
