// Where each attacker sits in the 3-D view, as plain numbers: pure, so the scene code only draws what
// this decides, and the mapping (lanes, log scale, sizes, recency) is tested without WebGL.
//
//   x: one lane per category (the attacker's dominant one), spread a little inside the lane
//   y: alerts, on a log scale (one attacker with 5,000 alerts must not flatten the other 499)
//   z: recency: seen now at the front, the oldest at the back
//   size: score (the glyph's volume-ish area grows with it); colour and shape: phase
import { PHASES } from "../api/attackers";
import type { Attacker, Phase } from "../api/attackers";

export type LayoutAttacker = Pick<Attacker, "id" | "categories" | "alert_count" | "score" | "last_seen" | "phase"> & {
  name?: string | null;
};

export type Shape = "sphere" | "cube" | "cone" | "octahedron" | "hexagon" | "ring" | "cone-down" | "dodecahedron";

export interface PhaseStyle {
  label: string;
  /** 0xRRGGBB: Okabe–Ito colours, told apart with the common colour-vision deficiencies. */
  color: number;
  shape: Shape;
  /** The shape as a character, for the legend and the tooltip. */
  glyph: string;
}

const UNKNOWN_STYLE: PhaseStyle = { label: "unknown phase", color: 0x8c8c8c, shape: "dodecahedron", glyph: "⬟" };

export const PHASE_STYLES: Record<Phase, PhaseStyle> = {
  reconnaissance: { label: "reconnaissance", color: 0x56b4e9, shape: "sphere", glyph: "●" },
  weaponization: { label: "weaponization", color: 0xcc79a7, shape: "cube", glyph: "■" },
  delivery: { label: "delivery", color: 0xe69f00, shape: "cone", glyph: "▲" },
  exploitation: { label: "exploitation", color: 0xd55e00, shape: "octahedron", glyph: "◆" },
  installation: { label: "installation", color: 0x009e73, shape: "hexagon", glyph: "⬢" },
  "command and control": { label: "command and control", color: 0x0072b2, shape: "ring", glyph: "◯" },
  "actions on objectives": { label: "actions on objectives", color: 0xb8a500, shape: "cone-down", glyph: "▼" },
};

/** 0x0072b2 → "#0072b2". */
export function cssColor(color: number): string {
  return `#${(color & 0xffffff).toString(16).padStart(6, "0")}`;
}

export function phaseStyle(phase: Phase | null | undefined): PhaseStyle {
  return phase ? PHASE_STYLES[phase] : UNKNOWN_STYLE;
}

/** Every style in legend order: the kill chain, then "unknown". */
export function legendEntries(): { phase: Phase | null; style: PhaseStyle }[] {
  return [...PHASES.map((phase) => ({ phase, style: PHASE_STYLES[phase] })), { phase: null, style: UNKNOWN_STYLE }];
}

export const NO_CATEGORY = "(none)";
export const OTHER_LANE = "other";

/** The category with the most alerts (ties: the first by name); NO_CATEGORY when there is none. */
export function dominantCategory(categories: Record<string, number> | null | undefined): string {
  let best: string | null = null;
  let bestCount = -Infinity;
  for (const [name, count] of Object.entries(categories ?? {})) {
    if (count > bestCount || (count === bestCount && best !== null && name < best)) {
      best = name;
      bestCount = count;
    }
  }
  return best ?? NO_CATEGORY;
}

/**
 * The lanes, busiest first (by how many attackers are in each, then by name). Beyond ``maxLanes`` the
 * quieter categories share one "other" lane, so lanes stay wide enough to read.
 */
export function laneOrder(categories: string[], maxLanes: number): { lanes: string[]; laneOf: (category: string) => string } {
  const counts = new Map<string, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name]) => name);
  if (sorted.length <= maxLanes) return { lanes: sorted, laneOf: (category) => category };
  const kept = sorted.slice(0, Math.max(1, maxLanes - 1));
  const keep = new Set(kept);
  return { lanes: [...kept, OTHER_LANE], laneOf: (category) => (keep.has(category) ? category : OTHER_LANE) };
}

/** The centre x of lane ``index`` of ``count``, lanes ``spacing`` apart and centred on 0. */
export function laneX(index: number, count: number, spacing: number): number {
  return (index - (count - 1) / 2) * spacing;
}

/** ``value`` on a log scale from 0 (for 0) to ``height`` (for ``max``); log(1 + v) so 0 and 1 differ. */
export function logScale(value: number, max: number, height: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  const scaled = Math.log10(1 + Math.min(value, max)) / Math.log10(1 + max);
  return scaled * height;
}

/**
 * The glyph radius for ``score``: area grows with the score (radius with its square root), so twice the
 * score looks twice as big, not four times; a zero score keeps the smallest visible size.
 */
export function radiusFor(score: number, maxScore: number, min: number, max: number): number {
  if (!(maxScore > 0) || !(score > 0)) return min;
  return min + (max - min) * Math.sqrt(Math.min(score, maxScore) / maxScore);
}

const DAY_MS = 86_400_000;

/** Days from ``lastSeen`` to ``now`` (0 for the future, or when unknown: treated as the oldest). */
export function ageDays(lastSeen: string | null | undefined, now: number): number | null {
  if (!lastSeen) return null;
  const time = Date.parse(lastSeen);
  if (Number.isNaN(time)) return null;
  return Math.max(0, (now - time) / DAY_MS);
}

/** The span the depth axis covers: the oldest age shown, at least a day and at most 90 days. */
export function recencyWindow(ages: (number | null)[]): number {
  const known = ages.filter((age): age is number => age !== null);
  const oldest = known.length ? Math.max(...known) : 1;
  return Math.min(90, Math.max(1, Math.ceil(oldest)));
}

/** z for an age: ``depth / 2`` (front) for now, ``-depth / 2`` (back) for ``window`` days or older or unknown. */
export function recencyZ(age: number | null, windowDays: number, depth: number): number {
  const share = age === null ? 1 : Math.min(1, age / Math.max(windowDays, Number.EPSILON));
  return depth / 2 - share * depth;
}

/** A stable offset in [-width/2, width/2) from ``id``, so points of one lane do not sit on one line. */
export function jitter(id: string, width: number): number {
  // FNV-1a: cheap, and the same id lands in the same place on every render and every machine
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash / 0x1_0000_0000 - 0.5) * width;
}

/** Tick values 1, 10, 100… up to ``max``, with their heights on the log scale. */
export function logTicks(max: number, height: number): { value: number; y: number }[] {
  const ticks: { value: number; y: number }[] = [];
  if (!(max > 0)) return ticks;
  for (let value = 1; value <= max; value *= 10) ticks.push({ value, y: logScale(value, max, height) });
  return ticks;
}

export interface SceneOptions {
  laneSpacing: number;
  /** The share of a lane points spread over (0..1). */
  laneFill: number;
  height: number;
  depth: number;
  minRadius: number;
  maxRadius: number;
  maxLanes: number;
}

export const DEFAULT_SCENE: SceneOptions = {
  laneSpacing: 4,
  laneFill: 0.6,
  height: 10,
  depth: 14,
  minRadius: 0.18,
  maxRadius: 0.8,
  maxLanes: 8,
};

export interface ScenePoint {
  id: string;
  name: string | null;
  x: number;
  y: number;
  z: number;
  radius: number;
  lane: string;
  category: string;
  phase: Phase | null;
  score: number;
  alerts: number;
  lastSeen: string | null;
  ageDays: number | null;
}

export interface SceneLayout {
  points: ScenePoint[];
  lanes: { name: string; x: number; count: number }[];
  yTicks: { value: number; y: number }[];
  windowDays: number;
  maxAlerts: number;
  maxScore: number;
  width: number;
  height: number;
  depth: number;
}

export function layoutScene(attackers: LayoutAttacker[], now: number, options: SceneOptions = DEFAULT_SCENE): SceneLayout {
  const categories = attackers.map((a) => dominantCategory(a.categories));
  const { lanes, laneOf } = laneOrder(categories, options.maxLanes);
  const laneIndex = new Map(lanes.map((name, index) => [name, index]));
  const maxAlerts = Math.max(0, ...attackers.map((a) => a.alert_count));
  const maxScore = Math.max(0, ...attackers.map((a) => a.score));
  const ages = attackers.map((a) => ageDays(a.last_seen, now));
  const windowDays = recencyWindow(ages);
  const counts = new Map<string, number>();
  const points = attackers.map((attacker, i): ScenePoint => {
    const category = categories[i] ?? NO_CATEGORY;
    const lane = laneOf(category);
    counts.set(lane, (counts.get(lane) ?? 0) + 1);
    const centre = laneX(laneIndex.get(lane) ?? 0, lanes.length, options.laneSpacing);
    const radius = radiusFor(attacker.score, maxScore, options.minRadius, options.maxRadius);
    const age = ages[i] ?? null;
    return {
      id: attacker.id,
      name: attacker.name ?? null,
      x: centre + jitter(attacker.id, options.laneSpacing * options.laneFill),
      // the glyph rests on the floor rather than sinking into it
      y: radius + logScale(attacker.alert_count, maxAlerts, options.height),
      z: recencyZ(age, windowDays, options.depth),
      radius,
      lane,
      category,
      phase: attacker.phase ?? null,
      score: attacker.score,
      alerts: attacker.alert_count,
      lastSeen: attacker.last_seen ?? null,
      ageDays: age,
    };
  });
  return {
    points,
    lanes: lanes.map((name, index) => ({ name, x: laneX(index, lanes.length, options.laneSpacing), count: counts.get(name) ?? 0 })),
    yTicks: logTicks(maxAlerts, options.height),
    windowDays,
    maxAlerts,
    maxScore,
    width: Math.max(1, lanes.length) * options.laneSpacing,
    height: options.height,
    depth: options.depth,
  };
}

/** Keyboard order through the points: highest score first, so N from nothing lands on the worst one. */
export function focusOrder(points: ScenePoint[]): string[] {
  return [...points].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).map((p) => p.id);
}

/** The id ``delta`` steps from ``current`` in ``order``, wrapping; the first (or last) when nothing is focused. */
export function stepFocus(order: string[], current: string | null, delta: number): string | null {
  if (order.length === 0) return null;
  const index = current === null ? -1 : order.indexOf(current);
  if (index === -1) return delta >= 0 ? (order[0] ?? null) : (order[order.length - 1] ?? null);
  const next = (((index + delta) % order.length) + order.length) % order.length;
  return order[next] ?? null;
}

/** What the 3-D view's role="img" label says: what it shows and how to read it, and the worst attacker. */
export function sceneSummary(layout: SceneLayout, total: number): string {
  const n = layout.points.length;
  if (n === 0) return "3-D view of attackers: no attackers to show.";
  const top = [...layout.points].sort((a, b) => b.score - a.score)[0];
  const shown = n < total ? `the top ${n} of ${total} attackers` : `${n} attacker${n === 1 ? "" : "s"}`;
  const lanes = layout.lanes.map((lane) => `${lane.name} (${lane.count})`).join(", ");
  const worst = top ? ` Highest score: ${top.id}, ${formatScore(top.score)}, ${top.alerts} alerts, ${phaseStyle(top.phase).label}.` : "";
  return (
    `3-D view of ${shown} in ${layout.lanes.length} category lane${layout.lanes.length === 1 ? "" : "s"}: ${lanes}. ` +
    `Height is alert count on a log scale (up to ${layout.maxAlerts}), depth is how recently each was seen ` +
    `(front: now, back: ${layout.windowDays} day${layout.windowDays === 1 ? "" : "s"} ago or more), size is score, colour and shape are the phase.${worst}`
  );
}

/** A score as the table and tooltip show it: one decimal below 10, whole numbers above. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return "–";
  return score >= 10 ? String(Math.round(score)) : score.toFixed(1);
}
