// MozDef's live alert feed: the filtered list (filters in the URL), new alerts arriving without a reload,
// triage from each row, and alerts by severity over the chosen range.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { DataState } from "../../../components/DataState";
import { formatCount } from "../../../lib/format";
import { navigate, useLocation } from "../../../lib/router";
import { SEVERITIES } from "../api/alerts";
import { arrivalNotice } from "../hooks/feed";
import { filtersPath, hasFilters, PAGE_SIZE, parseFilters, rangeOf } from "../hooks/filters";
import type { AlertFilters } from "../hooks/filters";
import { useAlertFeed } from "../hooks/useAlertFeed";
import { useAlertStats } from "../hooks/useAlertStats";
import { AlertFilterBar } from "./AlertFilterBar";
import { AlertTable } from "./AlertTable";
import { SeverityChart } from "./SeverityChart";
import "../alerts.css";

/** Relative times in the rows move on this often. */
const CLOCK_MS = 30_000;

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function AlertsScreen() {
  const { params } = useLocation();
  const query = params.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(query)), [query]);
  const table = useRef<HTMLTableElement>(null);

  // The analyst is "away" when the table's top has scrolled out of view or a dialog is open: new rows then
  // wait behind a button instead of pushing the rows they are reading.
  const away = useCallback(() => {
    if (typeof document !== "undefined" && document.querySelector("dialog[open]")) return true;
    const top = table.current?.getBoundingClientRect().top;
    return top !== undefined && top < 0;
  }, []);
  const feed = useAlertFeed(filters, away);
  const stats = useAlertStats(filters);
  const now = useNow();
  const range = rangeOf(filters.range);
  const { state } = feed;

  const go = (next: AlertFilters) => navigate(filtersPath(next), { replace: true });
  const page = (number: number) => {
    navigate(filtersPath({ ...filters, page: number }));
    table.current?.scrollIntoView?.({ block: "start" });
  };

  const categories = Object.keys(stats.data?.by_category ?? {}).sort();
  const known = new Set<string>(SEVERITIES);
  const otherSeverities = Object.keys(stats.data?.by_severity ?? {}).filter((name) => !known.has(name.toUpperCase()));
  const first = (filters.page - 1) * PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
  const notice = arrivalNotice(state);

  return (
    <main aria-labelledby="alerts-title" className="alerts">
      <div className="page-head">
        <h1 id="alerts-title">Alerts</h1>
        <p className="meta" role="status" aria-live="polite" aria-atomic="true" data-testid="alerts-arrivals">
          {notice}
        </p>
      </div>
      <AlertFilterBar filters={filters} categories={categories} severities={otherSeverities} onChange={go} />
      <SeverityChart stats={stats} range={range} />
      <section aria-labelledby="alerts-list-title" className="panel">
        <h2 id="alerts-list-title" className="alerts-list-title">
          {state.loaded && state.rows.length > 0
            ? `Alerts ${formatCount(first + 1)}–${formatCount(first + state.rows.length)} of ${formatCount(state.total)}`
            : "Alert list"}
        </h2>
        {state.pending.length > 0 && (
          <div className="alerts-new-bar">
            <button
              type="button"
              className="primary"
              data-testid="alerts-show-new"
              onClick={() => {
                if (filters.page > 1) page(1);
                else {
                  feed.reveal();
                  table.current?.scrollIntoView?.({ block: "start" });
                }
              }}
            >
              Show {state.pending.length} new alert{state.pending.length === 1 ? "" : "s"}
            </button>
          </div>
        )}
        <DataState
          what="alerts"
          loading={feed.loading}
          error={feed.error}
          data={state.loaded ? state : undefined}
          isEmpty={(data) => data.rows.length === 0}
          empty={
            hasFilters(filters)
              ? `No alert matches these filters in the ${range.label.toLowerCase()}.`
              : filters.page > 1
                ? "No alerts on this page."
                : `No alerts in the ${range.label.toLowerCase()}.`
          }
          onRetry={feed.reload}
        >
          {(data) => (
            <AlertTable
              tableRef={table}
              rows={data.rows}
              fresh={data.fresh}
              unmatched={data.unmatched}
              now={now}
              busy={feed.loading}
              caption={`Alerts, newest first: ${formatCount(data.total)} in the ${range.label.toLowerCase()}`}
              onAlert={feed.acted}
            />
          )}
        </DataState>
        {state.loaded && (pages > 1 || filters.page > 1) && (
          <nav className="actions alerts-pager" aria-label="Alert pages">
            <button type="button" disabled={filters.page <= 1} onClick={() => page(filters.page - 1)}>
              Newer alerts
            </button>
            <span>
              Page {filters.page} of {Math.max(pages, filters.page)}
            </span>
            <button type="button" disabled={filters.page >= pages} onClick={() => page(filters.page + 1)}>
              Older alerts
            </button>
          </nav>
        )}
      </section>
    </main>
  );
}
