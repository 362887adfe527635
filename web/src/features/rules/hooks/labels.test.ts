import { describe, expect, it } from "vitest";

import type { Rule } from "../api/rules";
import {
  durationSeconds,
  evaluationLabel,
  hitsLabel,
  isFailing,
  runState,
  severityLevel,
  sourceLabel,
  typeLabel,
} from "./labels";

type Runs = NonNullable<Rule["runs"]>;
const NOW = Date.parse("2026-11-27T12:00:00Z");
const base = { source: "builtin" as const, type: "threshold", rule: { type: "threshold", window: "2m" }, enabled: true };

describe("rule labels", () => {
  it("names the source, saying Sigma and Python too", () => {
    expect(sourceLabel({ source: "builtin", type: "match" })).toBe("Built-in");
    expect(sourceLabel({ source: "file", type: "threshold" })).toBe("Rules folder");
    expect(sourceLabel({ source: "api", type: "match" })).toBe("API");
    expect(sourceLabel({ source: "file", type: "sigma" })).toBe("Rules folder · Sigma");
    expect(sourceLabel({ source: "builtin", type: "python" })).toBe("Built-in · Python");
  });

  it("names the type, with what a Sigma rule compiled to", () => {
    expect(typeLabel({ type: "new_terms", rule: { type: "new_terms" } })).toBe("New terms");
    expect(typeLabel({ type: "sigma", rule: { type: "threshold" } })).toBe("Sigma (threshold)");
    expect(typeLabel({ type: "sigma", rule: {} })).toBe("Sigma");
    expect(typeLabel({ type: "python", rule: { type: "match" } })).toBe("Python");
    expect(typeLabel({ type: "some_new_kind", rule: {} })).toBe("some new kind");
  });

  it("maps the eight severities onto the four badge levels", () => {
    expect(["DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"].map(severityLevel)).toEqual([
      "low",
      "low",
      "low",
      "medium",
      "high",
      "critical",
      "critical",
      "critical",
    ]);
  });

  it("reads rule durations", () => {
    expect(durationSeconds("2m")).toBe(120);
    expect(durationSeconds("7d")).toBe(604800);
    expect(durationSeconds("5")).toBeNull();
    expect(durationSeconds(30)).toBeNull();
  });

  it("says how a rule is evaluated", () => {
    expect(evaluationLabel({ type: "threshold", rule: { type: "threshold", window: "2m" } })).toBe(
      "Every 30 s over the last 2 min",
    );
    expect(evaluationLabel({ type: "absence", rule: { type: "absence", window: "1h", schedule: "5m" } })).toBe(
      "Every 5 min over the last 1 h",
    );
    expect(evaluationLabel({ type: "sigma", rule: { type: "match" } })).toMatch(/^On the stream/);
  });
});

describe("the state of a rule's runs", () => {
  it("is failing while the last run failed, with its error", () => {
    const runs = { last_run: "2026-11-27T11:55:00Z", last_status: "error", last_error: "store down", failures: 3 } as Runs;
    expect(isFailing({ runs })).toBe(true);
    expect(runState({ ...base, runs }, NOW)).toEqual({
      health: "failing",
      label: "Failing",
      when: "ran 5 min ago",
      error: "store down",
    });
  });

  it("remembers an old failure after a success without calling it failing", () => {
    const runs = { last_run: "2026-11-27T11:59:50Z", last_status: "ok", last_error: "store down", failures: 1 } as Runs;
    expect(isFailing({ runs })).toBe(false);
    expect(runState({ ...base, runs }, NOW)).toMatchObject({ health: "recovered", when: "ran just now", error: "store down" });
  });

  it("tells never-run scheduled rules from stream rules without hits, and off rules", () => {
    expect(runState({ ...base, runs: null }, NOW).label).toBe("Not run yet");
    expect(runState({ ...base, type: "match", rule: { type: "match" }, runs: null }, NOW).label).toBe("No hits yet");
    expect(runState({ ...base, enabled: false, runs: null }, NOW).label).toBe("Off");
  });

  it("dates a stream rule by its last hit", () => {
    const runs = { last_hit: "2026-11-27T10:00:00Z", total_hits: 4, last_status: null } as Runs;
    expect(runState({ ...base, type: "match", rule: { type: "match" }, runs }, NOW)).toMatchObject({
      health: "ok",
      when: "last hit 2 h ago",
    });
  });

  it("counts hits", () => {
    expect(hitsLabel(null)).toBe("0");
    expect(hitsLabel({ total_hits: 12, hits: 0 } as Runs)).toBe("12");
    expect(hitsLabel({ total_hits: 12, hits: 3 } as Runs)).toBe("12 (3 last run)");
  });
});
