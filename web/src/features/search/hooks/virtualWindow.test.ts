import { describe, expect, it } from "vitest";

import { moveIndex, pageRows, renderedRows, scrollToReveal, visibleRange } from "./virtualWindow";

const base = { count: 10_000, rowHeight: 30, viewportHeight: 300, overscan: 5 };

describe("the visible window", () => {
  it("renders the first screen plus overscan below at the top", () => {
    expect(visibleRange({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 15, totalHeight: 300_000 });
  });

  it("follows the scroll offset, with overscan either side", () => {
    // rows 100..109 fill the viewport at 3000px
    expect(visibleRange({ ...base, scrollTop: 3000 })).toEqual({ start: 95, end: 115, totalHeight: 300_000 });
  });

  it("counts a partly visible row at either edge", () => {
    const range = visibleRange({ ...base, overscan: 0, scrollTop: 3015 });
    expect(range.start).toBe(100);
    expect(range.end).toBe(111);
  });

  it("never renders past the last row, even when over-scrolled", () => {
    const range = visibleRange({ ...base, scrollTop: 10_000_000 });
    expect(range.end).toBe(10_000);
    expect(range.start).toBe(10_000 - 10 - 5);
  });

  it("renders a handful of rows whatever the count: 10,000 rows stay cheap", () => {
    const range = visibleRange({ ...base, scrollTop: 123_456 });
    expect(range.end - range.start).toBeLessThanOrEqual(21);
  });

  it("handles fewer rows than fit, none, and a negative offset", () => {
    expect(visibleRange({ ...base, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3, totalHeight: 90 });
    expect(visibleRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0, totalHeight: 0 });
    expect(visibleRange({ ...base, scrollTop: -50 }).start).toBe(0);
  });
});

describe("the rendered rows", () => {
  it("are the window, plus the focusable row when it is scrolled away", () => {
    const range = { start: 10, end: 13, totalHeight: 0 };
    expect(renderedRows(range, 11, 100)).toEqual([10, 11, 12]);
    expect(renderedRows(range, 2, 100)).toEqual([2, 10, 11, 12]);
    expect(renderedRows(range, 50, 100)).toEqual([10, 11, 12, 50]);
    expect(renderedRows(range, 500, 100)).toEqual([10, 11, 12]);
  });
});

describe("revealing a row", () => {
  it("scrolls up to a row above the viewport", () => {
    expect(scrollToReveal(5, 30, 300, 600)).toBe(150);
  });

  it("scrolls down just enough for a row below it", () => {
    expect(scrollToReveal(30, 30, 300, 0)).toBe(630);
  });

  it("leaves a visible row where it is", () => {
    expect(scrollToReveal(22, 30, 300, 600)).toBe(600);
  });
});

describe("keyboard movement", () => {
  it("moves by one, by a page, and to either end, clamped", () => {
    expect(moveIndex("ArrowDown", 4, 100, 9)).toBe(5);
    expect(moveIndex("ArrowUp", 4, 100, 9)).toBe(3);
    expect(moveIndex("ArrowUp", 0, 100, 9)).toBe(0);
    expect(moveIndex("ArrowDown", 99, 100, 9)).toBe(99);
    expect(moveIndex("PageDown", 95, 100, 9)).toBe(99);
    expect(moveIndex("PageUp", 4, 100, 9)).toBe(0);
    expect(moveIndex("PageDown", 4, 100, 9)).toBe(13);
    expect(moveIndex("Home", 50, 100, 9)).toBe(0);
    expect(moveIndex("End", 0, 100, 9)).toBe(99);
  });

  it("starts at the first row when none has focus yet", () => {
    expect(moveIndex("ArrowDown", -1, 100, 9)).toBe(0);
    expect(moveIndex("ArrowUp", -1, 100, 9)).toBe(0);
  });

  it("ignores other keys and empty grids", () => {
    expect(moveIndex("a", 4, 100, 9)).toBeNull();
    expect(moveIndex("ArrowDown", 0, 0, 9)).toBeNull();
  });

  it("pages by a viewport less one row", () => {
    expect(pageRows(30, 300)).toBe(9);
    expect(pageRows(30, 20)).toBe(1);
  });
});
