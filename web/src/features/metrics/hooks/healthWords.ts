// The health answer (GET /api/v1/health, docs/health.md) in words an SRE reads at a glance, and the lag
// history kept from successive polls for the sparkline.
import { formatCount, formatDuration } from "../../../lib/format";
import type { Health, HealthStatus } from "../api/metrics";
import { formatRate } from "./eventRates";

export const STATUS_WORDS: Record<HealthStatus, string> = {
  ok: "Working",
  degraded: "Degraded",
  down: "Down",
};

/** The first letter up: the API's reasons are sentence fragments ("event store unreachable: …"). */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const head = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(head) ? head : `${head}.`;
}

/** The verdict in one sentence, then one sentence per reason the API gave. */
export function describeStatus(health: Pick<Health, "status" | "reasons">): { headline: string; reasons: string[] } {
  const reasons = health.reasons.map(sentence).filter(Boolean);
  const count = reasons.length;
  const problems = count === 1 ? "1 problem" : `${count} problems`;
  switch (health.status) {
    case "ok":
      return { headline: "The pipeline is working: nothing needs attention.", reasons };
    case "degraded":
      return {
        headline: count ? `The pipeline is degraded: ${problems} need${count === 1 ? "s" : ""} attention.` : "The pipeline is degraded.",
        reasons,
      };
    case "down":
      return { headline: "The pipeline is down: events are not being stored or searched.", reasons };
  }
}

/** "0.55 events/s in, 0.5 indexed over the last minute (30 events, 3 dead letters)". */
export function describeRates(rates: Health["rates"]): string {
  if (!rates) return "Rates are unknown: the event store did not answer.";
  const { last_minute: minute, last_hour: hour } = rates;
  const dead = minute.deadletters === 1 ? "1 dead letter" : `${formatCount(minute.deadletters)} dead letters`;
  return (
    `Over the last minute ${formatRate(minute.in_per_s)} events/s came in and ${formatRate(minute.out_per_s)} ` +
    `were indexed (${formatCount(minute.events)} events, ${dead}); over the last hour ` +
    `${formatRate(hour.in_per_s)} in and ${formatRate(hour.out_per_s)} indexed per second.`
  );
}

/** When the newest event arrived, in words. */
export function describeLastEvent(rates: Health["rates"], now: number): string {
  const last = rates?.last_event_received;
  if (!last) return "No event has been received yet.";
  const at = Date.parse(last);
  if (Number.isNaN(at)) return `The last event was received at ${last}.`;
  const seconds = Math.max(0, (now - at) / 1000);
  return seconds < 45 ? "The last event was received just now." : `The last event was received ${formatDuration(seconds)} ago.`;
}

/** "No stage is behind." or which stages are, worst first. */
export function describeLag(lag: Health["lag"]): string {
  const behind = lag.stages.filter((stage) => stage.total > 0).sort((a, b) => b.total - a.total);
  if (behind.length === 0) {
    return lag.stages.length === 0 ? "No stage reported its consumer lag." : "No stage is behind: every message has been processed.";
  }
  const list = behind.map((stage) => `${stage.stage} ${formatCount(stage.total)}`).join(", ");
  const messages = lag.total === 1 ? "1 message" : `${formatCount(lag.total)} messages`;
  return `${messages} waiting in all; behind: ${list}.`;
}

export function describeDeadLetters(deadletters: Health["deadletters"]): string {
  if (!deadletters) return "Dead letters are unknown: the event store did not answer.";
  if (deadletters.last_day === 0) return "No dead letters in the last day.";
  return `${formatCount(deadletters.last_hour)} dead letter${deadletters.last_hour === 1 ? "" : "s"} in the last hour, ${formatCount(deadletters.last_day)} in the last day.`;
}

export function describeRuleRuns(runs: Health["rule_runs"], now: number): string {
  if (!runs) return "Rule runs are unknown: the state store did not answer.";
  if (runs.rules === 0) return "No scheduled rule has run yet.";
  const last = runs.last_run ? Date.parse(runs.last_run) : Number.NaN;
  const when = Number.isNaN(last) ? "" : `, the last run ${formatDuration(Math.max(0, (now - last) / 1000))} ago`;
  const failing = runs.failing.length === 0 ? "none failing" : `${runs.failing.length} failing`;
  return `${runs.rules} scheduled rule${runs.rules === 1 ? "" : "s"} ran${when}; ${failing}.`;
}

function text(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

/** The newest archive manifest (family, day, count, created, verified, status?) in one sentence. */
export function describeArchive(archive: Health["last_archive"], now: number): string {
  if (!archive) return "No day has been archived yet.";
  const family = text(archive.family) ?? "events";
  const day = text(archive.day);
  const count = typeof archive.count === "number" ? `, ${formatCount(archive.count)} documents` : "";
  const created = text(archive.created);
  const at = created ? Date.parse(created) : Number.NaN;
  const when = Number.isNaN(at) ? "" : `, ${formatDuration(Math.max(0, (now - at) / 1000))} ago`;
  const status = text(archive.status);
  const state =
    status === "failed" || status === "error"
      ? " It FAILED."
      : text(archive.verified)
        ? " Verified."
        : status
          ? ` Status: ${status}.`
          : " Not verified yet.";
  return `Last archive: ${family}${day ? ` of ${day}` : ""}${count}${when}.${state}`;
}

/** One poll's lag, kept for the sparkline. */
export interface LagSample {
  /** Epoch ms of the poll. */
  at: number;
  total: number;
  /** Per stage name. */
  stages: Record<string, number>;
}

/** At 15 s a poll, 30 minutes of history. */
export const LAG_HISTORY = 120;

/**
 * ``history`` with ``health``'s lag appended, the oldest dropped past ``max``; the same answer polled twice
 * (the API caches it for a few seconds) is not added twice.
 */
export function appendLagSample(history: readonly LagSample[], health: Health, max = LAG_HISTORY): LagSample[] {
  const at = Date.parse(health.generated_at);
  const when = Number.isNaN(at) ? Date.now() : at;
  const last = history[history.length - 1];
  if (last && last.at === when) return [...history];
  const stages: Record<string, number> = {};
  for (const stage of health.lag.stages) stages[stage.stage] = (stages[stage.stage] ?? 0) + stage.total;
  const next = [...history, { at: when, total: health.lag.total, stages }];
  return next.length > max ? next.slice(next.length - max) : next;
}

export function describeLagHistory(history: readonly LagSample[]): string {
  if (history.length === 0) return "No lag measured yet.";
  if (history.length === 1) return `Lag so far: ${formatCount(history[0]?.total ?? 0)} messages (one reading).`;
  const first = history[0] as LagSample;
  const last = history[history.length - 1] as LagSample;
  const peak = Math.max(...history.map((sample) => sample.total));
  const minutes = formatDuration((last.at - first.at) / 1000);
  return `Total lag over the last ${minutes} (${history.length} readings): from ${formatCount(first.total)} to ${formatCount(last.total)} messages, at most ${formatCount(peak)}.`;
}
