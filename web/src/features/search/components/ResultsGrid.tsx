// The results as an ARIA grid of up to 10,000 rows, windowed by hand: rows have one fixed height, so only
// the slice in view (plus overscan) is in the DOM. One row at a time takes Tab focus (roving tabindex);
// arrows, Page Up/Down, Home and End move it, Enter or Space opens the event.
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import type { CSSProperties, KeyboardEvent } from "react";

import { formatTime } from "../../../lib/format";
import type { SearchHit } from "../api/search";
import { cellText, severityClass, valuesAt } from "../hooks/eventFields";
import { moveIndex, pageRows, renderedRows, scrollToReveal, visibleRange } from "../hooks/virtualWindow";

export const ROW_HEIGHT = 34;
const OVERSCAN = 10;
const DATE_COLUMNS = new Set(["utctimestamp", "receivedtimestamp", "timestamp"]);

export type Pivot = "for" | "out";

export interface ResultsGridProps {
  hits: SearchHit[];
  columns: string[];
  selectedId: string | null;
  onSelect: (hit: SearchHit) => void;
  onPivot: (pivot: Pivot, field: string, value: string) => void;
}

/** Column widths: times and severities fixed, summary the widest share, the rest even. */
export function columnTemplate(columns: readonly string[]): { template: string; minWidthRem: number } {
  let minWidthRem = 0;
  const parts = columns.map((name) => {
    if (DATE_COLUMNS.has(name)) {
      minWidthRem += 14;
      return "14rem";
    }
    if (name === "severity") {
      minWidthRem += 7;
      return "7rem";
    }
    if (name === "summary") {
      minWidthRem += 18;
      return "minmax(18rem, 3fr)";
    }
    minWidthRem += 9;
    return "minmax(9rem, 1fr)";
  });
  return { template: parts.join(" "), minWidthRem };
}

export function ResultsGrid({ hits, columns, selectedId, onSelect, onPivot }: ResultsGridProps) {
  const grid = useRef<HTMLDivElement>(null);
  // the first row in view, not the raw offset: scrolling within a row re-renders nothing
  const [firstRow, setFirstRow] = useState(0);
  const [height, setHeight] = useState(480);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const count = hits.length;
  const focusIndex = Math.min(active, Math.max(0, count - 1));
  // the sticky header row covers the top of the scroll box: rows see the rest of it
  const viewport = Math.max(ROW_HEIGHT, height - ROW_HEIGHT);

  useLayoutEffect(() => {
    const element = grid.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-row="${focusIndex}"]`)?.focus({ preventScroll: true });
  }, [focusIndex]);

  const range = visibleRange({
    count,
    rowHeight: ROW_HEIGHT,
    // one more row of viewport covers the part of a row scrolled past the top
    viewportHeight: viewport + ROW_HEIGHT,
    scrollTop: firstRow * ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const rows = renderedRows(range, focusIndex, count);
  const { template, minWidthRem } = columnTemplate(columns);
  // rows are memoized: hand them callbacks that never change, reading the latest props through refs
  const latest = useRef({ onSelect, onPivot, hits });
  latest.current = { onSelect, onPivot, hits };
  const pick = useCallback((index: number) => {
    const hit = latest.current.hits[index];
    setActive(index);
    if (hit) latest.current.onSelect(hit);
  }, []);
  const focusRow = useCallback((index: number) => setActive(index), []);
  const pivot = useCallback(
    (kind: Pivot, field: string, value: string) => latest.current.onPivot(kind, field, value),
    [],
  );
  const layout: CSSProperties = { gridTemplateColumns: template };

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    if (!target.dataset.row) return; // keys inside a cell's buttons are theirs
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      const hit = hits[focusIndex];
      if (hit) onSelect(hit);
      return;
    }
    const next = moveIndex(event.key, focusIndex, count, pageRows(ROW_HEIGHT, viewport));
    if (next === null) return;
    event.preventDefault();
    const element = grid.current;
    if (element) {
      const top = scrollToReveal(next, ROW_HEIGHT, viewport, element.scrollTop);
      element.scrollTop = top;
      setFirstRow(Math.floor(top / ROW_HEIGHT));
    }
    focusPending.current = true;
    setActive(next);
  }

  return (
    <div
      ref={grid}
      className="vgrid"
      role="grid"
      aria-label="Search results"
      aria-rowcount={count + 1}
      aria-colcount={columns.length}
      onScroll={(event) => setFirstRow(Math.floor(event.currentTarget.scrollTop / ROW_HEIGHT))}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="vgrid-head" style={{ minWidth: `${minWidthRem}rem` }}>
        <div role="row" aria-rowindex={1} className="vrow vrow-head" style={layout}>
          {columns.map((name, i) => (
            <div key={name} role="columnheader" aria-colindex={i + 1} className="vcell mono">
              {name}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="vgrid-body" style={{ height: range.totalHeight, minWidth: `${minWidthRem}rem` }}>
        {rows.map((i) => {
          const hit = hits[i];
          if (!hit) return null;
          return (
            <Row
              key={hit.id}
              hit={hit}
              index={i}
              columns={columns}
              template={template}
              selected={hit.id === selectedId}
              focusable={i === focusIndex}
              onPick={pick}
              onFocusRow={focusRow}
              onPivot={pivot}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  hit: SearchHit;
  index: number;
  columns: string[];
  template: string;
  selected: boolean;
  focusable: boolean;
  onPick: (index: number) => void;
  onFocusRow: (index: number) => void;
  onPivot: (pivot: Pivot, field: string, value: string) => void;
}

const Row = memo(function Row({ hit, index, columns, template, selected, focusable, onPick, onFocusRow, onPivot }: RowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      data-row={index}
      className={`vrow${selected ? " selected" : ""}${index % 2 ? " odd" : ""}`}
      style={{ gridTemplateColumns: template, top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
      onClick={() => onPick(index)}
      onFocus={() => onFocusRow(index)}
    >
      {columns.map((name, c) => (
        <Cell
          key={name}
          column={c + 1}
          field={name}
          values={valuesAt(hit.source, name)}
          pivots={selected}
          onPivot={onPivot}
        />
      ))}
    </div>
  );
});

function Cell({
  column,
  field,
  values,
  pivots,
  onPivot,
}: {
  column: number;
  field: string;
  values: unknown[];
  /** Only the selected row carries the pivot buttons: fewer nodes to build while scrolling. */
  pivots: boolean;
  onPivot: (pivot: Pivot, field: string, value: string) => void;
}) {
  const text = cellText(values);
  const single = values.length === 1 && ["string", "number", "boolean"].includes(typeof values[0]) ? String(values[0]) : null;
  let shown = <span className="vtext">{text}</span>;
  if (single !== null && DATE_COLUMNS.has(field)) {
    shown = (
      <time className="vtext" dateTime={single}>
        {formatTime(single)}
      </time>
    );
  } else if (single !== null && field === "severity") {
    shown = <span className={`badge severity-${severityClass(single)}`}>{single}</span>;
  }
  return (
    <div role="gridcell" aria-colindex={column} className="vcell" title={text}>
      {shown}
      {pivots && single !== null && (
        // mouse shortcuts on the selected row (not on hover: a click meant to select must not pivot);
        // keyboard users have the same pivots, named, in the event detail
        <span className="cell-pivots">
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Include ${field}: ${single}`}
            title={`Filter for ${field}: ${single}`}
            onClick={(event) => {
              event.stopPropagation();
              onPivot("for", field, single);
            }}
          >
            +
          </button>
          <button
            type="button"
            tabIndex={-1}
            aria-label={`Exclude ${field}: ${single}`}
            title={`Filter out ${field}: ${single}`}
            onClick={(event) => {
              event.stopPropagation();
              onPivot("out", field, single);
            }}
          >
            −
          </button>
        </span>
      )}
    </div>
  );
}
