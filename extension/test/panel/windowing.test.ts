import { describe, expect, it } from 'vitest';
import {
  type ListViewport,
  listHeight,
  rowWindow,
  scrollTopToReveal,
  shouldLoadMore,
} from '../../src/panel/windowing.js';

const at = (scrollTop: number, rowCount = 1000): ListViewport => ({
  scrollTop,
  viewportHeight: 400,
  rowHeight: 40,
  rowCount,
});

describe('rowWindow', () => {
  it('renders the rows in view plus the overscan below, none above the first', () => {
    expect(rowWindow(at(0), 5)).toEqual({ start: 0, end: 15 });
  });

  it('renders a partly visible row and the overscan on both sides in the middle of a long list', () => {
    // 410..810 px shows rows 10 (partly) to 20 (partly).
    expect(rowWindow(at(410), 3)).toEqual({ start: 7, end: 24 });
  });

  it('stops at the last row', () => {
    expect(rowWindow(at(39_600), 5)).toEqual({ start: 985, end: 1000 });
    expect(rowWindow(at(0, 4), 5)).toEqual({ start: 0, end: 4 });
  });

  it('renders nothing for an empty list or before the height is known', () => {
    expect(rowWindow(at(0, 0), 5)).toEqual({ start: 0, end: 0 });
    expect(rowWindow({ ...at(0), rowHeight: 0 }, 5)).toEqual({ start: 0, end: 0 });
  });

  it('keeps the DOM small whatever the list length', () => {
    const { start, end } = rowWindow(at(200_000, 100_000), 8);
    expect(end - start).toBeLessThanOrEqual(400 / 40 + 1 + 16);
  });

  it('treats an overscrolled (elastic) negative scrollTop as the top', () => {
    expect(rowWindow(at(-30), 2)).toEqual({ start: 0, end: 12 });
  });
});

describe('shouldLoadMore', () => {
  const ready = { status: 'ready' as const, hasMore: true };

  it('asks for the next page once the view is within the threshold of the end', () => {
    // 100 rows = 4000 px; the threshold of 10 rows starts at 3600 px.
    expect(shouldLoadMore(at(3100, 100), ready, 10)).toBe(false);
    expect(shouldLoadMore(at(3200, 100), ready, 10)).toBe(true);
  });

  it('asks at once when the first page does not fill the view', () => {
    expect(shouldLoadMore(at(0, 3), ready, 10)).toBe(true);
  });

  it('does not ask while a page is loading, after a failure, or when there is no more', () => {
    expect(shouldLoadMore(at(3900, 100), { status: 'loading', hasMore: true }, 10)).toBe(false);
    expect(shouldLoadMore(at(3900, 100), { status: 'error', hasMore: true }, 10)).toBe(false);
    expect(shouldLoadMore(at(3900, 100), { status: 'ready', hasMore: false }, 10)).toBe(false);
  });
});

describe('scrollTopToReveal', () => {
  it('leaves the list alone when the row is already fully in view', () => {
    expect(scrollTopToReveal(12, at(400))).toBeNull();
  });

  it('scrolls as little as possible for a row just above or below the view', () => {
    expect(scrollTopToReveal(9, at(400))).toBe(360);
    // Row 20 spans 800..840: its bottom at the view's bottom.
    expect(scrollTopToReveal(20, at(400))).toBe(440);
  });

  it('centres a row far away, within the list', () => {
    expect(scrollTopToReveal(500, at(0), 'center')).toBe(500 * 40 - 180);
    expect(scrollTopToReveal(1, at(4000), 'center')).toBe(0);
    expect(scrollTopToReveal(999, at(0), 'center')).toBe(listHeight(at(0)) - 400);
  });

  it('does nothing for a row not in the list', () => {
    expect(scrollTopToReveal(-1, at(0))).toBeNull();
    expect(scrollTopToReveal(1000, at(0))).toBeNull();
  });
});
