// The live alert list as a reducer: a page from REST, then changes from the WebSocket merged into it. Pure, so
// the ordering, version and filter rules are tested alone.
//
// Rules:
// - rows are newest ``utctimestamp`` first, ties by id (the server's order), one row per alert id;
// - a change older than what is shown (a lower or equal version) never replaces it: the WebSocket and a
//   REST answer race, and an action's answer and its own live echo arrive twice;
// - a live alert the filters reject is not added; one that stops matching leaves the list;
// - while the analyst is "away" (scrolled down, on a later page, in a dialog) nothing moves under them:
//   new alerts wait in ``pending`` behind a "show" button, and a row that stops matching stays, marked,
//   until the next load.
import type { Alert, AlertPage } from "../api/alerts";
import { matchesFilters } from "./filters";
import type { AlertFilters } from "./filters";

export interface FeedState {
  rows: Alert[];
  /** New alerts that arrived while the analyst was away from the top of the first page. */
  pending: Alert[];
  /** All alerts the filters select, as the server counted them plus those that arrived since. */
  total: number;
  /** Rows to highlight as just arrived. */
  fresh: string[];
  /** Rows kept in place though they no longer match the filters. */
  unmatched: string[];
  loaded: boolean;
  /**
   * Live alerts heard while a load is in flight (null when none is): the answer may have been read before
   * they happened, so they are merged into it when it arrives.
   */
  inflight: Alert[] | null;
}

/** Where the list is, for a live alert to be merged into it. */
export interface FeedContext {
  filters: AlertFilters;
  now: number;
  pageSize: number;
}

export type FeedAction =
  | { type: "loading" }
  | ({ type: "loaded"; page: AlertPage } & FeedContext)
  | ({
      type: "live";
      alert: Alert;
      /** Hold new rows back and keep rows that stop matching (the analyst is away, or acted on it). */
      hold: boolean;
    } & FeedContext)
  | { type: "reveal"; pageSize: number }
  | { type: "settle"; ids: string[] };

export const initialFeed: FeedState = {
  rows: [],
  pending: [],
  total: 0,
  fresh: [],
  unmatched: [],
  loaded: false,
  inflight: [],
};

/** Negative when ``a`` is listed before ``b``: newest first, then by id. */
export function compareAlerts(a: Alert, b: Alert): number {
  const ta = Date.parse(a.utctimestamp);
  const tb = Date.parse(b.utctimestamp);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return tb - ta;
  if (a.utctimestamp !== b.utctimestamp) return a.utctimestamp < b.utctimestamp ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** ``alerts`` with ``alert`` in its sorted place (replacing any with its id). */
function insertSorted(alerts: Alert[], alert: Alert): Alert[] {
  const rest = alerts.filter((item) => item.id !== alert.id);
  const at = rest.findIndex((item) => compareAlerts(alert, item) < 0);
  return at === -1 ? [...rest, alert] : [...rest.slice(0, at), alert, ...rest.slice(at)];
}

function without(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((item) => item !== id) : ids;
}

function withId(ids: string[], id: string): string[] {
  return ids.includes(id) ? ids : [...ids, id];
}

/** The alert in a live change's ``data``, when it looks like one. */
export function asAlert(data: unknown): Alert | null {
  if (!data || typeof data !== "object") return null;
  const doc = data as Record<string, unknown>;
  const ok =
    typeof doc.id === "string" &&
    typeof doc.version === "number" &&
    typeof doc.utctimestamp === "string" &&
    typeof doc.summary === "string" &&
    typeof doc.status === "string";
  return ok ? (doc as Alert) : null;
}

export function feedReducer(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case "loading":
      return { ...state, inflight: [] };
    case "loaded": {
      // what the WebSocket already brought may be newer than this answer, which was read before it
      const known = new Map(state.rows.map((row) => [row.id, row]));
      const rows = action.page.alerts.map((alert) => {
        const mine = known.get(alert.id);
        return mine && mine.version > alert.version ? mine : alert;
      });
      const ids = new Set(rows.map((row) => row.id));
      let next: FeedState = {
        rows,
        // a load shows the newest alerts there are, including any that were waiting
        pending: [],
        total: action.page.total,
        fresh: state.fresh.filter((id) => ids.has(id)),
        unmatched: [],
        loaded: true,
        inflight: null,
      };
      for (const alert of state.inflight ?? []) next = live(next, { ...action, type: "live", alert, hold: false });
      return next;
    }
    case "live": {
      const next = live(state, action);
      return state.inflight === null ? next : { ...next, inflight: [...state.inflight, action.alert] };
    }
    case "reveal": {
      if (state.pending.length === 0) return state;
      let rows = state.rows;
      for (const alert of state.pending) rows = insertSorted(rows, alert);
      const shown = rows.slice(0, Math.max(action.pageSize, state.pending.length));
      return {
        ...state,
        rows: shown,
        pending: [],
        fresh: [...state.fresh, ...state.pending.map((alert) => alert.id)],
      };
    }
    case "settle": {
      const done = new Set(action.ids);
      return { ...state, fresh: state.fresh.filter((id) => !done.has(id)) };
    }
  }
}

function live(state: FeedState, action: Extract<FeedAction, { type: "live" }>): FeedState {
  const { alert, filters, now, hold, pageSize } = action;
  const matches = matchesFilters(alert, filters, now);

  const index = state.rows.findIndex((row) => row.id === alert.id);
  if (index !== -1) {
    const shown = state.rows[index] as Alert;
    if (alert.version <= shown.version) return state;
    if (matches || hold) {
      const rows = state.rows.slice();
      rows[index] = alert; // in place: an update never moves a row
      const unmatched = matches ? without(state.unmatched, alert.id) : withId(state.unmatched, alert.id);
      return { ...state, rows, unmatched };
    }
    return {
      ...state,
      rows: state.rows.filter((row) => row.id !== alert.id),
      total: Math.max(0, state.total - 1),
      fresh: without(state.fresh, alert.id),
      unmatched: without(state.unmatched, alert.id),
    };
  }

  const waiting = state.pending.find((item) => item.id === alert.id);
  if (waiting) {
    if (alert.version <= waiting.version) return state;
    if (matches) return { ...state, pending: insertSorted(state.pending, alert) };
    return {
      ...state,
      pending: state.pending.filter((item) => item.id !== alert.id),
      total: Math.max(0, state.total - 1),
    };
  }

  if (!matches || !state.loaded) return state; // before the first page: the load replays it
  const last = state.rows[state.rows.length - 1];
  const full = state.rows.length >= pageSize;
  // an alert that sorts after the last row of a full page belongs to a later page: counted, not shown
  if (full && last && compareAlerts(alert, last) > 0) return { ...state, total: state.total + 1 };
  if (hold) return { ...state, pending: insertSorted(state.pending, alert), total: state.total + 1 };
  const rows = insertSorted(state.rows, alert).slice(0, Math.max(pageSize, 1));
  const kept = rows.some((row) => row.id === alert.id);
  return {
    ...state,
    rows,
    total: state.total + 1,
    fresh: kept ? withId(state.fresh, alert.id) : state.fresh,
  };
}

/** What the polite live region says about arrivals; "" when there is nothing new. */
export function arrivalNotice(state: FeedState): string {
  const count = state.pending.length || state.fresh.length;
  if (count === 0) return "";
  const noun = count === 1 ? "new alert" : "new alerts";
  return state.pending.length ? `${count} ${noun}, not shown yet` : `${count} ${noun}`;
}
