// The event search: a Lucene query over a time range and index, hits over time (drag to zoom), up to 10,000
// results in a windowed grid, one event's detail with pivots, saved searches. Everything that defines the
// search is in the URL (#/search?q=..&start=..&end=..&cols=..&index=..), so Back, links and bookmarks work.
import { useCallback, useEffect, useMemo, useState } from "react";

import { Empty, ErrorState, Loading } from "../../../components/DataState";
import { formatCount } from "../../../lib/format";
import { navigate, useLocation } from "../../../lib/router";
import { useAsync } from "../../../lib/useAsync";
import { getFields, queryProblemOf } from "../api/search";
import type { SearchHit } from "../api/search";
import { filterFor, filterOut, searchEverywhere } from "../hooks/query";
import { brushRange, presetOf, zoomOut } from "../hooks/timeRange";
import { MAX_HITS, useSearchResults } from "../hooks/useSearchResults";
import { useHistogram } from "../hooks/useHistogram";
import { apiQuery, readSearchState, resultsKey, searchPath } from "../hooks/urlState";
import type { SearchState } from "../hooks/urlState";
import { ColumnPicker } from "./ColumnPicker";
import { EventDetail } from "./EventDetail";
import type { DetailPivot } from "./EventDetail";
import { HitsHistogram } from "./HitsHistogram";
import { QueryBar } from "./QueryBar";
import type { QueryProblem } from "./QueryBar";
import { ResultsGrid } from "./ResultsGrid";
import { SavedSearches } from "./SavedSearches";
import { TimePicker } from "./TimePicker";
import "../search.css";

/** "1 event", "12,345 events". */
export function totalText(total: number): string {
  return `${formatCount(total)} ${total === 1 ? "event" : "events"}`;
}

export function SearchScreen() {
  const { params } = useLocation();
  const query = params.toString();
  const state = useMemo(() => readSearchState(new URLSearchParams(query)), [query]);
  const [draft, setDraft] = useState(state.q);
  const [run, setRun] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);

  // Back, a pivot or a saved search changed the query: the bar shows it
  useEffect(() => setDraft(state.q), [state.q]);

  const results = useSearchResults(state, run);
  const histogram = useHistogram(state, run);
  const catalog = useAsync((signal) => getFields(state.index, signal), [state.index]);
  const fields = useMemo(() => catalog.data ?? [], [catalog.data]);

  const go = useCallback((patch: Partial<SearchState>) => navigate(searchPath({ ...state, ...patch })), [state]);

  function submit() {
    if (draft === state.q) setRun((value) => value + 1);
    else go({ q: draft });
  }

  const pivot = (kind: DetailPivot, field: string, value: string) => {
    if (kind === "for") go({ q: filterFor(state.q, field, value) });
    else if (kind === "out") go({ q: filterOut(state.q, field, value) });
    else
      go({
        q: searchEverywhere(
          value,
          fields.map((info) => info.name),
        ),
      });
  };

  const onZoom = useCallback((from: number, to: number) => go(brushRange(from, to)), [go]);
  const { from, to } = histogram;
  const canZoomOut = Boolean(state.start) && !presetOf(state.start, state.end) && from !== null && to !== null;
  const onZoomOut = useCallback(() => {
    if (from !== null && to !== null) go(zoomOut(from, to));
  }, [go, from, to]);

  const found = queryProblemOf(results.error);
  const problem: QueryProblem | null = found ? { query: apiQuery(state.q), ...found } : null;
  const failed = results.error !== null && results.error !== undefined && !problem;
  const select = (hit: SearchHit) => setSelected(hit.id);

  return (
    <main aria-labelledby="search-title" className="search-screen">
      <div className="page-head">
        <h1 id="search-title">Search</h1>
        <SavedSearches state={state} onOpen={(next) => navigate(searchPath(next))} />
      </div>
      <QueryBar
        value={draft}
        onChange={setDraft}
        onSubmit={submit}
        fields={fields}
        index={state.index}
        onIndexChange={(index) => {
          setSelected(null);
          go({ index });
        }}
        problem={problem}
        busy={results.loading}
      />
      <TimePicker start={state.start} end={state.end} onChange={(start, end) => go({ start, end })} />
      <HitsHistogram
        histogram={histogram}
        onZoom={onZoom}
        onZoomOut={canZoomOut ? onZoomOut : null}
        quiet={results.error !== null && results.error !== undefined}
      />
      <div className="results-head">
        <h2 className="visually-hidden">Results</h2>
        {results.total !== null && !problem && (
          <p className="total" data-testid="search-total" aria-live="polite">
            {totalText(results.total)}
          </p>
        )}
        {results.loadingMore && (
          <span className="hint loading" role="status">
            Loaded {formatCount(results.hits.length)} of {formatCount(Math.min(results.total ?? 0, MAX_HITS))}…
          </span>
        )}
        {!results.loadingMore && results.total !== null && results.total > results.hits.length && !failed && (
          <span className="hint">
            Showing the newest {formatCount(results.hits.length)}; narrow the query or the time range to see the others.
          </span>
        )}
        <span className="spacer" />
        <ColumnPicker columns={state.cols} fields={fields} onChange={(cols) => go({ cols })} />
      </div>
      <div className={`results-split${selected ? " with-detail" : ""}`}>
        <div className="results-main">
          {failed && <ErrorState error={results.error} what="the events" onRetry={() => setRun((value) => value + 1)} />}
          {problem ? (
            <p className="hint">Correct the query to see results.</p>
          ) : results.loading ? (
            <Loading what="events" />
          ) : results.hits.length === 0 ? (
            failed ? null : <Empty>No events match this search in this time range.</Empty>
          ) : (
            <ResultsGrid
              key={`${resultsKey(state)}#${run}`}
              hits={results.hits}
              columns={state.cols}
              selectedId={selected}
              onSelect={select}
              onPivot={pivot}
            />
          )}
        </div>
        {selected && (
          <EventDetail id={selected} index={state.index} onPivot={pivot} onClose={() => setSelected(null)} />
        )}
      </div>
    </main>
  );
}
