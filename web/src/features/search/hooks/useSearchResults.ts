// The hits of a search, up to 10,000: a small first page so the table shows at once, then the rest through
// the API's cursor (next_cursor) in bigger pages while the analyst already reads. `total` is exact from the
// first answer on.
import { useEffect, useState } from "react";

import { searchEvents } from "../api/search";
import type { SearchHit } from "../api/search";
import { apiQuery } from "./urlState";
import type { SearchState } from "./urlState";

export const MAX_HITS = 10_000;
const FIRST_PAGE = 500;
const NEXT_PAGE = 2_500;

export interface SearchResults {
  hits: SearchHit[];
  /** Exact number of matching events; null until the first page answers. */
  total: number | null;
  /** True until the first page answers (or fails). */
  loading: boolean;
  /** True while later pages are still coming. */
  loadingMore: boolean;
  error: unknown;
}

const EMPTY: SearchResults = { hits: [], total: null, loading: true, loadingMore: false, error: null };

/** The sizes of the pages that fetch ``max`` hits: one small, then big ones. */
export function pageSizes(max: number = MAX_HITS, first: number = FIRST_PAGE, next: number = NEXT_PAGE): number[] {
  const sizes: number[] = [];
  let left = max;
  while (left > 0) {
    const size = Math.min(sizes.length === 0 ? first : next, left);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Search ``state`` again whenever it changes or ``run`` does (the Search button on an unchanged query). */
export function useSearchResults(state: SearchState, run: number): SearchResults {
  const [results, setResults] = useState<SearchResults>(EMPTY);
  const { q, start, end, index, cols } = state;
  const columns = cols.join(",");

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setResults(EMPTY);
    const base = {
      q: apiQuery(q),
      start: start || null,
      end: end || null,
      index,
      sort: "utctimestamp:desc",
      // the table needs only its columns; the detail fetches the whole event
      fields: columns ? columns.split(",") : null,
    };
    (async () => {
      let hits: SearchHit[] = [];
      let cursor: string | null | undefined = null;
      for (const [page, size] of pageSizes().entries()) {
        if (page > 0 && !cursor) break;
        const answer = await searchEvents({ ...base, size, cursor }, signal);
        if (signal.aborted) return;
        hits = hits.concat(answer.hits);
        cursor = answer.next_cursor;
        const more = Boolean(cursor) && hits.length < Math.min(answer.total, MAX_HITS);
        setResults({ hits, total: answer.total, loading: false, loadingMore: more, error: null });
        if (!more) break;
      }
    })().catch((error: unknown) => {
      if (signal.aborted) return;
      setResults((previous) => ({ ...previous, loading: false, loadingMore: false, error }));
    });
    return () => controller.abort();
  }, [q, start, end, index, columns, run]);

  return results;
}
