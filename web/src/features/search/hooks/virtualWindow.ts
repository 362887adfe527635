// Windowing for the results grid: every row has the same height, so which rows are visible is arithmetic
// on the scroll offset, and only those (plus a few either side, so fast scrolling shows no gaps) render.

export interface WindowInput {
  count: number;
  rowHeight: number;
  viewportHeight: number;
  scrollTop: number;
  /** Rows rendered beyond each edge of the viewport. */
  overscan: number;
}

export interface WindowRange {
  /** First row rendered. */
  start: number;
  /** One past the last row rendered. */
  end: number;
  /** Height of all rows: the scrollable content. */
  totalHeight: number;
}

export function visibleRange({ count, rowHeight, viewportHeight, scrollTop, overscan }: WindowInput): WindowRange {
  const totalHeight = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, totalHeight };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight); // exclusive
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, Math.max(last, first + 1) + overscan),
    totalHeight,
  };
}

/**
 * The rows to render: the window, plus the active row wherever it is, so the grid always holds the one
 * row that takes Tab focus (roving tabindex) even when scrolled far away from it.
 */
export function renderedRows(range: WindowRange, active: number, count: number): number[] {
  const rows: number[] = [];
  if (active >= 0 && active < count && active < range.start) rows.push(active);
  for (let i = range.start; i < range.end; i += 1) rows.push(i);
  if (active >= 0 && active < count && active >= range.end) rows.push(active);
  return rows;
}

/** The scroll offset that brings row ``index`` fully into view, moving as little as possible. */
export function scrollToReveal(index: number, rowHeight: number, viewportHeight: number, scrollTop: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** Rows one Page Up/Down moves: a viewport's worth, less one so the last row stays in sight. */
export function pageRows(rowHeight: number, viewportHeight: number): number {
  return Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
}

/** The row a key moves the focus to from ``current`` (-1: none yet), or null for keys that do not move it. */
export function moveIndex(key: string, current: number, count: number, page: number): number | null {
  if (count <= 0) return null;
  const from = Math.min(Math.max(current, -1), count - 1);
  const clamp = (value: number) => Math.min(count - 1, Math.max(0, value));
  switch (key) {
    case "ArrowDown":
      return clamp(from + 1);
    case "ArrowUp":
      return clamp(from < 0 ? 0 : from - 1);
    case "PageDown":
      return clamp(from + page);
    case "PageUp":
      return clamp(from - page);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
