import "../attackers.css";

import { useEffect, useMemo, useState } from "react";

import { ErrorState, Loading } from "../../../components/DataState";
import { formatCount } from "../../../lib/format";
import { navigate, useLocation } from "../../../lib/router";
import { categoriesOf, filtersPath, isFiltered, pageInfo, parseFilters, withChange } from "../hooks/filters";
import type { AttackerFilters } from "../hooks/filters";
import { useAttackerList } from "../hooks/useAttackerList";
import { Attacker3DView } from "./Attacker3DView";
import { AttackerFiltersForm } from "./AttackerFiltersForm";
import { AttackerTable } from "./AttackerTable";
import { BlocklistPanel } from "./BlocklistPanel";

/**
 * Attacker profiles: a filtered, sorted, paged table, or the same selection in 3-D; and the blocklist
 * feed built from them. Everything the screen shows is in its URL.
 */
export function AttackersScreen() {
  const { params } = useLocation();
  const query = params.toString();
  const filters = useMemo(() => parseFilters(new URLSearchParams(query)), [query]);

  function change(next: Partial<AttackerFilters>) {
    navigate(filtersPath(withChange(filters, next)), { replace: true });
  }

  // the categories of the attackers on screen, as suggestions for the category filter
  const [categories, setCategories] = useState<string[]>([]);
  const table = <TableSection filters={filters} onChange={change} onCategories={setCategories} />;
  return (
    <main aria-labelledby="attackers-title" className="attackers">
      <div className="page-head">
        <h1 id="attackers-title">Attackers</h1>
        <div className="view-toggle" role="group" aria-label="Show attackers as">
          <button type="button" aria-pressed={filters.view === "table"} onClick={() => change({ view: "table" })}>
            Table
          </button>
          <button type="button" aria-pressed={filters.view === "3d"} onClick={() => change({ view: "3d" })}>
            3-D view
          </button>
        </div>
      </div>
      {/* keyed by the URL's filters, so Back or a link resets what is typed in the boxes */}
      <AttackerFiltersForm key={query} filters={filters} categories={categories} onChange={change} />
      {filters.view === "3d" ? <Attacker3DView filters={filters} fallback={table} onCategories={setCategories} /> : table}
      <BlocklistPanel />
    </main>
  );
}

function TableSection({
  filters,
  onChange,
  onCategories,
}: {
  filters: AttackerFilters;
  onChange: (change: Partial<AttackerFilters>) => void;
  onCategories: (categories: string[]) => void;
}) {
  const { data, error, loading, reload } = useAttackerList(filters);
  useEffect(() => {
    if (data) onCategories(categoriesOf(data.attackers));
  }, [data, onCategories]);
  const failed = error !== null && error !== undefined;
  if (!data) return failed ? <ErrorState error={error} what="attackers" onRetry={reload} /> : <Loading what="attackers" />;
  const page = pageInfo(data.total, filters.offset, filters.size, data.attackers.length);
  return (
    <section aria-label="Attacker list">
      {failed && <ErrorState error={error} what="attackers" onRetry={reload} />}
      {data.attackers.length === 0 ? (
        <p className="empty">
          {isFiltered(filters)
            ? "No attacker matches these filters."
            : filters.offset > 0
              ? "Nothing on this page."
              : "No attackers yet: profiles appear as alerts naming a source address are published."}
        </p>
      ) : (
        <AttackerTable
          attackers={data.attackers}
          total={data.total}
          sort={filters.sort}
          busy={loading}
          onSort={(sort) => onChange({ sort })}
        />
      )}
      {data.capped && (
        <p className="warning">
          The tag search read only the first {formatCount(1000)} profiles matching the text of the tag; narrow the
          other filters to be sure nothing is missed.
        </p>
      )}
      <nav className="pager actions" aria-label="Pages">
        <button
          type="button"
          disabled={page.prevOffset === null}
          onClick={() => page.prevOffset !== null && onChange({ offset: page.prevOffset })}
        >
          Previous page
        </button>
        <span role="status">
          {data.total === 0
            ? "0 attackers"
            : `${formatCount(page.from)}–${formatCount(page.to)} of ${formatCount(data.total)} attackers (page ${page.page} of ${page.pages})`}
        </span>
        <button
          type="button"
          disabled={page.nextOffset === null}
          onClick={() => page.nextOffset !== null && onChange({ offset: page.nextOffset })}
        >
          Next page
        </button>
      </nav>
    </section>
  );
}
