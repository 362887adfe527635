import { describe, expect, it } from "vitest";

import type { Health } from "../api/metrics";
import {
  appendLagSample,
  describeArchive,
  describeDeadLetters,
  describeLag,
  describeLagHistory,
  describeLastEvent,
  describeRates,
  describeRuleRuns,
  describeStatus,
} from "./healthWords";

const NOW = Date.parse("2026-11-27T10:00:00Z");

function health(overrides: Partial<Health> = {}): Health {
  return {
    status: "ok",
    reasons: [],
    generated_at: "2026-11-27T10:00:00.000000+00:00",
    cache_s: 5,
    rates: {
      last_minute: { window_s: 60, in_per_s: 0.55, out_per_s: 0.5, events: 30, deadletters: 3 },
      last_hour: { window_s: 3600, in_per_s: 0.034, out_per_s: 0.033, events: 120, deadletters: 3 },
      last_event_received: "2026-11-27T09:57:00+00:00",
    },
    lag: {
      total: 0,
      stages: [{ stage: "indexer", group: "mozdef-indexer", total: 0, partitions: [{ topic: "mozdef.normalized", partition: 0, lag: 0 }] }],
    },
    deadletters: { last_hour: 3, last_day: 3 },
    store: { reachable: true, error: null },
    state: { reachable: true, error: null },
    rule_runs: { rules: 2, last_run: "2026-11-27T09:59:30+00:00", failing: [] },
    last_archive: null,
    ...overrides,
  };
}

describe("describeStatus", () => {
  it("says all is well when it is", () => {
    expect(describeStatus(health())).toEqual({ headline: "The pipeline is working: nothing needs attention.", reasons: [] });
  });

  it("counts the problems and turns each reason into a sentence", () => {
    const words = describeStatus(
      health({ status: "degraded", reasons: ["1 scheduled rule(s) failing: site.broken", "indexer (mozdef-indexer) is 12000 messages behind"] }),
    );
    expect(words.headline).toBe("The pipeline is degraded: 2 problems need attention.");
    expect(words.reasons).toEqual(["1 scheduled rule(s) failing: site.broken.", "Indexer (mozdef-indexer) is 12000 messages behind."]);
    expect(describeStatus(health({ status: "degraded", reasons: ["x"] })).headline).toBe("The pipeline is degraded: 1 problem needs attention.");
  });

  it("says the pipeline is down with the store that failed", () => {
    const words = describeStatus(health({ status: "down", reasons: ["event store unreachable: connection refused"] }));
    expect(words.headline).toMatch(/^The pipeline is down/);
    expect(words.reasons).toEqual(["Event store unreachable: connection refused."]);
  });
});

describe("figures in words", () => {
  it("reads rates, or says they are unknown", () => {
    expect(describeRates(health().rates)).toBe(
      "Over the last minute 0.55 events/s came in and 0.5 were indexed (30 events, 3 dead letters); " +
        "over the last hour 0.034 in and 0.033 indexed per second.",
    );
    expect(describeRates(null)).toMatch(/unknown/);
  });

  it("says when the last event arrived", () => {
    expect(describeLastEvent(health().rates, NOW)).toBe("The last event was received 3 min ago.");
    expect(describeLastEvent(health().rates, Date.parse("2026-11-27T09:57:10Z"))).toBe("The last event was received just now.");
    expect(describeLastEvent(null, NOW)).toBe("No event has been received yet.");
  });

  it("names the stages that are behind, worst first", () => {
    expect(describeLag(health().lag)).toBe("No stage is behind: every message has been processed.");
    expect(describeLag({ total: 0, stages: [] })).toBe("No stage reported its consumer lag.");
    expect(
      describeLag({
        total: 12_500,
        stages: [
          { stage: "enrich", group: "mozdef-enrich", total: 500, partitions: [] },
          { stage: "indexer", group: "mozdef-indexer", total: 12_000, partitions: [] },
          { stage: "alerter", group: "alerter", total: 0, partitions: [] },
        ],
      }),
    ).toBe("12,500 messages waiting in all; behind: indexer 12,000, enrich 500.");
  });

  it("reads dead letters, rule runs and the archive", () => {
    expect(describeDeadLetters({ last_hour: 1, last_day: 4 })).toBe("1 dead letter in the last hour, 4 in the last day.");
    expect(describeDeadLetters({ last_hour: 0, last_day: 0 })).toBe("No dead letters in the last day.");
    expect(describeRuleRuns(health().rule_runs, NOW)).toBe("2 scheduled rules ran, the last run 30 s ago; none failing.");
    expect(describeRuleRuns({ rules: 0, failing: [] }, NOW)).toBe("No scheduled rule has run yet.");
    expect(describeArchive(null, NOW)).toBe("No day has been archived yet.");
    expect(
      describeArchive({ family: "events", day: "2026-11-26", count: 1234, created: "2026-11-27T07:00:00Z", verified: "2026-11-27T07:01:00Z" }, NOW),
    ).toBe("Last archive: events of 2026-11-26, 1,234 documents, 3 h ago. Verified.");
    expect(describeArchive({ id: "x", status: "failed" }, NOW)).toBe("Last archive: events. It FAILED.");
  });
});

describe("lag history", () => {
  it("appends each new answer once, per stage, dropping the oldest past the cap", () => {
    let history = appendLagSample([], health());
    expect(history).toEqual([{ at: NOW, total: 0, stages: { indexer: 0 } }]);
    // the API's 5 s cache can answer the same report twice
    history = appendLagSample(history, health());
    expect(history).toHaveLength(1);
    for (let i = 1; i <= 5; i += 1) {
      history = appendLagSample(
        history,
        health({ generated_at: new Date(NOW + i * 15_000).toISOString(), lag: { total: i * 10, stages: [] } }),
        3,
      );
    }
    expect(history.map((sample) => sample.total)).toEqual([30, 40, 50]);
    expect(describeLagHistory(history)).toBe("Total lag over the last 30 s (3 readings): from 30 to 50 messages, at most 50.");
    expect(describeLagHistory([])).toBe("No lag measured yet.");
  });
});
