import { describe, expect, it } from "vitest";

import {
  ageDays,
  cssColor,
  DEFAULT_SCENE,
  dominantCategory,
  focusOrder,
  formatScore,
  jitter,
  laneOrder,
  laneX,
  layoutScene,
  legendEntries,
  logScale,
  logTicks,
  NO_CATEGORY,
  OTHER_LANE,
  phaseStyle,
  radiusFor,
  recencyWindow,
  recencyZ,
  sceneSummary,
  stepFocus,
} from "./layout";
import type { LayoutAttacker } from "./layout";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

function a(id: string, extra: Partial<LayoutAttacker> = {}): LayoutAttacker {
  return { id, categories: { scan: 1 }, alert_count: 1, score: 1, last_seen: daysAgo(0), phase: null, ...extra };
}

describe("category lanes", () => {
  it("puts an attacker in the category with the most alerts, ties by name", () => {
    expect(dominantCategory({ scan: 2, bruteforce: 5 })).toBe("bruteforce");
    expect(dominantCategory({ scan: 3, bruteforce: 3 })).toBe("bruteforce");
    expect(dominantCategory({ zeta: 3, alpha: 3, mid: 1 })).toBe("alpha");
    expect(dominantCategory({})).toBe(NO_CATEGORY);
    expect(dominantCategory(null)).toBe(NO_CATEGORY);
  });

  it("orders lanes busiest first and folds the quiet ones into 'other'", () => {
    const cats = ["scan", "scan", "scan", "malware", "malware", "c2", "spam", "exploit"];
    expect(laneOrder(cats, 8).lanes).toEqual(["scan", "malware", "c2", "exploit", "spam"]);
    const few = laneOrder(cats, 3);
    expect(few.lanes).toEqual(["scan", "malware", OTHER_LANE]);
    expect(few.laneOf("spam")).toBe(OTHER_LANE);
    expect(few.laneOf("scan")).toBe("scan");
  });

  it("centres lanes on 0, spacing apart", () => {
    expect([0, 1, 2].map((i) => laneX(i, 3, 4))).toEqual([-4, 0, 4]);
    expect(laneX(0, 1, 4)).toBe(0);
    expect([0, 1].map((i) => laneX(i, 2, 4))).toEqual([-2, 2]);
  });

  it("jitters within the lane, the same way every time", () => {
    for (const id of ["10.0.0.1", "2001:db8::1", "", "x".repeat(100)]) {
      const offset = jitter(id, 2);
      expect(offset).toBeGreaterThanOrEqual(-1);
      expect(offset).toBeLessThan(1);
      expect(jitter(id, 2)).toBe(offset);
    }
    expect(jitter("10.0.0.1", 2)).not.toBe(jitter("10.0.0.2", 2));
  });
});

describe("log scaling", () => {
  it("maps 0 to the floor, max to the top, and grows by decades", () => {
    expect(logScale(0, 1000, 10)).toBe(0);
    expect(logScale(1000, 1000, 10)).toBeCloseTo(10);
    // a tenth of the alerts is well above a tenth of the height on a log scale
    expect(logScale(100, 1000, 10)).toBeGreaterThan(6);
    expect(logScale(10, 1000, 10)).toBeLessThan(logScale(100, 1000, 10));
  });

  it("survives no data and out-of-range values", () => {
    expect(logScale(5, 0, 10)).toBe(0);
    expect(logScale(-3, 10, 10)).toBe(0);
    expect(logScale(50, 10, 10)).toBeCloseTo(10);
  });

  it("ticks at 1, 10, 100… up to the maximum", () => {
    expect(logTicks(250, 10).map((t) => t.value)).toEqual([1, 10, 100]);
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(1, 10)).toEqual([{ value: 1, y: 10 }]);
  });
});

describe("sizing", () => {
  it("grows the radius with the square root of the score", () => {
    expect(radiusFor(0, 10, 0.2, 1)).toBe(0.2);
    expect(radiusFor(10, 10, 0.2, 1)).toBeCloseTo(1);
    expect(radiusFor(2.5, 10, 0.2, 1)).toBeCloseTo(0.6);
    expect(radiusFor(5, 0, 0.2, 1)).toBe(0.2);
    expect(radiusFor(50, 10, 0.2, 1)).toBeCloseTo(1);
  });
});

describe("recency", () => {
  it("measures age in days, unknown as null", () => {
    expect(ageDays(daysAgo(2), NOW)).toBeCloseTo(2);
    expect(ageDays(new Date(NOW + 60_000).toISOString(), NOW)).toBe(0);
    expect(ageDays(null, NOW)).toBeNull();
    expect(ageDays("yesterday", NOW)).toBeNull();
  });

  it("spans the oldest age, between 1 and 90 days", () => {
    expect(recencyWindow([0.2, 3.5, null])).toBe(4);
    expect(recencyWindow([0.01])).toBe(1);
    expect(recencyWindow([400])).toBe(90);
    expect(recencyWindow([])).toBe(1);
  });

  it("puts now at the front and the window's end (or unknown) at the back", () => {
    expect(recencyZ(0, 10, 14)).toBe(7);
    expect(recencyZ(5, 10, 14)).toBe(0);
    expect(recencyZ(10, 10, 14)).toBe(-7);
    expect(recencyZ(30, 10, 14)).toBe(-7);
    expect(recencyZ(null, 10, 14)).toBe(-7);
  });
});

describe("layoutScene", () => {
  it("places each attacker by lane, alerts, recency and score", () => {
    const layout = layoutScene(
      [
        a("10.0.0.1", { categories: { bruteforce: 9, scan: 1 }, alert_count: 1000, score: 40, last_seen: daysAgo(0), phase: "exploitation" }),
        a("10.0.0.2", { categories: { scan: 2 }, alert_count: 1, score: 0, last_seen: daysAgo(10) }),
        a("10.0.0.3", { categories: { scan: 1 }, alert_count: 10, score: 10, last_seen: daysAgo(5) }),
      ],
      NOW,
    );
    expect(layout.lanes.map((l) => [l.name, l.count])).toEqual([
      ["scan", 2],
      ["bruteforce", 1],
    ]);
    const [p1, p2, p3] = layout.points;
    expect(p1?.lane).toBe("bruteforce");
    expect(Math.abs((p1?.x ?? 0) - 2)).toBeLessThanOrEqual(DEFAULT_SCENE.laneSpacing * DEFAULT_SCENE.laneFill / 2);
    expect(Math.abs((p2?.x ?? 0) + 2)).toBeLessThanOrEqual(DEFAULT_SCENE.laneSpacing * DEFAULT_SCENE.laneFill / 2);
    // the busiest attacker is the highest, resting on top of its alert height
    expect(p1?.y).toBeCloseTo(DEFAULT_SCENE.height + DEFAULT_SCENE.maxRadius);
    expect(p2?.radius).toBe(DEFAULT_SCENE.minRadius);
    expect(p1?.radius).toBeCloseTo(DEFAULT_SCENE.maxRadius);
    // seen now at the front, 10 days ago (the oldest) at the back, 5 days in the middle
    expect(layout.windowDays).toBe(10);
    expect(p1?.z).toBeCloseTo(DEFAULT_SCENE.depth / 2);
    expect(p2?.z).toBeCloseTo(-DEFAULT_SCENE.depth / 2);
    expect(p3?.z).toBeCloseTo(0);
    expect(layout.yTicks.map((t) => t.value)).toEqual([1, 10, 100, 1000]);
    expect(layout.width).toBe(2 * DEFAULT_SCENE.laneSpacing);
  });

  it("lays out nothing without failing", () => {
    const layout = layoutScene([], NOW);
    expect(layout.points).toEqual([]);
    expect(layout.lanes).toEqual([]);
    expect(layout.maxAlerts).toBe(0);
    expect(sceneSummary(layout, 0)).toMatch(/no attackers/);
  });
});

describe("phase styles", () => {
  it("gives every phase its own colour and shape, and unknown one more", () => {
    const entries = legendEntries();
    expect(entries).toHaveLength(8);
    expect(new Set(entries.map((e) => e.style.color)).size).toBe(8);
    expect(new Set(entries.map((e) => e.style.shape)).size).toBe(8);
    expect(new Set(entries.map((e) => e.style.glyph)).size).toBe(8);
    expect(phaseStyle(null).label).toBe("unknown phase");
    expect(phaseStyle("delivery").shape).toBe("cone");
    expect(cssColor(0x0072b2)).toBe("#0072b2");
    expect(cssColor(0xff)).toBe("#0000ff");
  });
});

describe("keyboard focus through points", () => {
  const layout = layoutScene([a("b", { score: 1 }), a("a", { score: 5 }), a("c", { score: 5 })], NOW);
  const order = focusOrder(layout.points);
  it("goes highest score first", () => {
    expect(order).toEqual(["a", "c", "b"]);
  });
  it("steps and wraps both ways", () => {
    expect(stepFocus(order, null, 1)).toBe("a");
    expect(stepFocus(order, null, -1)).toBe("b");
    expect(stepFocus(order, "b", 1)).toBe("a");
    expect(stepFocus(order, "a", -1)).toBe("b");
    expect(stepFocus(order, "gone", 1)).toBe("a");
    expect(stepFocus([], "a", 1)).toBeNull();
  });
});

describe("sceneSummary", () => {
  it("says what is shown, how to read it, and the worst attacker", () => {
    const layout = layoutScene([a("10.0.0.1", { score: 12.3, alert_count: 40, phase: "delivery" }), a("10.0.0.2")], NOW);
    const text = sceneSummary(layout, 7);
    expect(text).toContain("top 2 of 7 attackers");
    expect(text).toContain("scan (2)");
    expect(text).toContain("log scale");
    expect(text).toContain("Highest score: 10.0.0.1, 12, 40 alerts, delivery");
  });
  it("formats scores", () => {
    expect(formatScore(2.345)).toBe("2.3");
    expect(formatScore(12.6)).toBe("13");
    expect(formatScore(Number.NaN)).toBe("–");
  });
});
