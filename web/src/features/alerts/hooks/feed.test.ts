import { describe, expect, it } from "vitest";

import type { Alert } from "../api/alerts";
import { arrivalNotice, asAlert, compareAlerts, feedReducer, initialFeed } from "./feed";
import type { FeedAction, FeedState } from "./feed";
import { DEFAULT_FILTERS } from "./filters";
import type { AlertFilters } from "./filters";
import { makeAlert } from "./testing";

const NOW = Date.parse("2026-11-27T12:00:00Z");
const at = (minute: number) => `2026-11-27T11:${String(minute).padStart(2, "0")}:00.000000+00:00`;
const alert = (id: string, minute: number, fields: Partial<Alert> = {}) => makeAlert(id, { utctimestamp: at(minute), ...fields });

function answer(alerts: Alert[], total = alerts.length, filters: AlertFilters = DEFAULT_FILTERS): FeedAction {
  return { type: "loaded", page: { total, alerts }, filters, now: NOW, pageSize: 50 };
}

function loaded(alerts: Alert[], total = alerts.length): FeedState {
  return feedReducer(initialFeed, answer(alerts, total));
}

function live(a: Alert, options: { hold?: boolean; filters?: AlertFilters; pageSize?: number } = {}): FeedAction {
  return {
    type: "live",
    alert: a,
    filters: options.filters ?? DEFAULT_FILTERS,
    now: NOW,
    hold: options.hold ?? false,
    pageSize: options.pageSize ?? 50,
  };
}

const ids = (state: FeedState) => state.rows.map((row) => row.id);

describe("the live alert list", () => {
  it("puts a new alert in its place, newest first, and marks it new", () => {
    const state = feedReducer(loaded([alert("c", 30), alert("a", 10)]), live(alert("b", 20)));
    expect(ids(state)).toEqual(["c", "b", "a"]);
    expect(state.fresh).toEqual(["b"]);
    expect(state.total).toBe(3);
    expect(arrivalNotice(state)).toBe("1 new alert");
  });

  it("orders alerts of the same time by id, as the server does", () => {
    expect(compareAlerts(alert("a", 5), alert("b", 5))).toBeLessThan(0);
    const state = feedReducer(loaded([alert("a", 5), alert("c", 5)]), live(alert("b", 5)));
    expect(ids(state)).toEqual(["a", "b", "c"]);
  });

  it("replaces a row with a newer version in place, without moving it or calling it new", () => {
    const start = loaded([alert("b", 20), alert("a", 10)]);
    const state = feedReducer(start, live(alert("a", 10, { version: 2, status: "acknowledged" })));
    expect(ids(state)).toEqual(["b", "a"]);
    expect(state.rows[1]?.status).toBe("acknowledged");
    expect(state.fresh).toEqual([]);
    expect(state.total).toBe(2);
  });

  it("never lets an older or repeated version replace a newer one", () => {
    const start = loaded([alert("a", 10, { version: 3, assignee: "alice" })]);
    const older = feedReducer(start, live(alert("a", 10, { version: 2, assignee: "bob" })));
    expect(older).toBe(start);
    const same = feedReducer(start, live(alert("a", 10, { version: 3, assignee: "bob" })));
    expect(same.rows[0]?.assignee).toBe("alice");
  });

  it("keeps a newer live version when a slower REST answer arrives after it", () => {
    const start = feedReducer(loaded([alert("a", 10)]), live(alert("a", 10, { version: 4, status: "closed" })));
    const state = feedReducer(start, answer([alert("a", 10, { version: 2 })]));
    expect(state.rows[0]?.version).toBe(4);
    expect(state.rows[0]?.status).toBe("closed");
  });

  it("does not add a live alert the filters reject", () => {
    const filters = { ...DEFAULT_FILTERS, severity: ["CRITICAL"] };
    const start = loaded([alert("a", 10, { severity: "CRITICAL" })]);
    const state = feedReducer(start, live(alert("b", 20, { severity: "INFO" }), { filters }));
    expect(state).toBe(start);
  });

  it("does not add a live alert older than the time range", () => {
    const filters = { ...DEFAULT_FILTERS, range: "15m" };
    const start = loaded([]);
    const state = feedReducer(start, live(alert("b", 30), { filters }));
    expect(state.rows).toEqual([]);
  });

  it("drops a row that stops matching, when the analyst is at the top", () => {
    const filters = { ...DEFAULT_FILTERS, status: ["open" as const] };
    const start = loaded([alert("b", 20), alert("a", 10)]);
    const state = feedReducer(start, live(alert("a", 10, { version: 2, status: "closed" }), { filters }));
    expect(ids(state)).toEqual(["b"]);
    expect(state.total).toBe(1);
  });

  it("keeps, and marks, a row that stops matching while the analyst is away or acted on it", () => {
    const filters = { ...DEFAULT_FILTERS, status: ["open" as const] };
    const start = loaded([alert("b", 20), alert("a", 10)]);
    const state = feedReducer(start, live(alert("a", 10, { version: 2, status: "closed" }), { filters, hold: true }));
    expect(ids(state)).toEqual(["b", "a"]);
    expect(state.unmatched).toEqual(["a"]);
    const back = feedReducer(state, live(alert("a", 10, { version: 3, status: "open" }), { filters, hold: true }));
    expect(back.unmatched).toEqual([]);
  });

  it("holds new alerts back while the analyst is away, then shows them on request", () => {
    const start = loaded([alert("b", 20), alert("a", 10)]);
    const held = feedReducer(feedReducer(start, live(alert("d", 40), { hold: true })), live(alert("c", 30), { hold: true }));
    expect(ids(held)).toEqual(["b", "a"]);
    expect(held.pending.map((a) => a.id)).toEqual(["d", "c"]);
    expect(held.total).toBe(4);
    expect(arrivalNotice(held)).toBe("2 new alerts, not shown yet");
    const shown = feedReducer(held, { type: "reveal", pageSize: 50 });
    expect(ids(shown)).toEqual(["d", "c", "b", "a"]);
    expect(shown.pending).toEqual([]);
    expect(shown.fresh).toEqual(["d", "c"]);
  });

  it("updates a held alert in place, and forgets one that stops matching", () => {
    const filters = { ...DEFAULT_FILTERS, status: ["open" as const] };
    const held = feedReducer(loaded([]), live(alert("c", 30), { hold: true, filters }));
    const newer = feedReducer(held, live(alert("c", 30, { version: 2, summary: "more" }), { hold: true, filters }));
    expect(newer.pending[0]?.summary).toBe("more");
    const gone = feedReducer(newer, live(alert("c", 30, { version: 3, status: "closed" }), { hold: true, filters }));
    expect(gone.pending).toEqual([]);
    expect(gone.total).toBe(0);
  });

  it("keeps a page to its size, and only counts an alert that belongs to a later page", () => {
    const start = loaded([alert("c", 30), alert("b", 20)], 10);
    const later = feedReducer(start, live(alert("a", 5), { pageSize: 2 }));
    expect(ids(later)).toEqual(["c", "b"]);
    expect(later.total).toBe(11);
    const top = feedReducer(start, live(alert("d", 40), { pageSize: 2 }));
    expect(ids(top)).toEqual(["d", "c"]);
  });

  it("a reload shows what the server says and clears what was waiting", () => {
    const held = feedReducer(loaded([alert("a", 10)]), live(alert("b", 20), { hold: true }));
    const state = feedReducer(held, answer([alert("b", 20), alert("a", 10)]));
    expect(ids(state)).toEqual(["b", "a"]);
    expect(state.pending).toEqual([]);
  });

  it("fades highlights it is told to settle", () => {
    const state = feedReducer(loaded([]), live(alert("a", 10)));
    expect(feedReducer(state, { type: "settle", ids: ["a"] }).fresh).toEqual([]);
    expect(arrivalNotice(feedReducer(state, { type: "settle", ids: ["a"] }))).toBe("");
  });

  it("merges what arrived live before the first page into it, once", () => {
    const early = feedReducer(feedReducer(initialFeed, live(alert("b", 20))), live(alert("a", 10, { version: 2 })));
    expect(early.rows).toEqual([]);
    // the page was read after "a" changed but before "b" existed
    const state = feedReducer(early, answer([alert("a", 10, { version: 2 })]));
    expect(ids(state)).toEqual(["b", "a"]);
    expect(state.total).toBe(2);
    expect(state.fresh).toEqual(["b"]);
    expect(state.inflight).toBeNull();
  });

  it("merges what arrived during a reload into its answer, under the new filters", () => {
    const filters = { ...DEFAULT_FILTERS, severity: ["CRITICAL"] };
    const reloading = feedReducer(loaded([alert("a", 10)]), { type: "loading" });
    const heard = feedReducer(
      feedReducer(reloading, live(alert("c", 30, { severity: "CRITICAL" }), { filters })),
      live(alert("d", 40, { severity: "INFO" }), { filters }),
    );
    const state = feedReducer(heard, answer([alert("b", 20, { severity: "CRITICAL" })], 1, filters));
    expect(ids(state)).toEqual(["c", "b"]);
    expect(state.total).toBe(2);
    // once loaded, changes are not kept for a replay
    expect(feedReducer(state, live(alert("e", 50, { severity: "CRITICAL" }), { filters })).inflight).toBeNull();
  });

  it("reads alerts from live change data, and refuses what is not one", () => {
    expect(asAlert(alert("a", 10))?.id).toBe("a");
    expect(asAlert({ id: "a" })).toBeNull();
    expect(asAlert(null)).toBeNull();
  });
});
