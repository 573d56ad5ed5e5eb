/**
 * Windowing for a list of fixed-height rows: only the rows in view, plus a few on each side
 * (overscan) so a quick scroll does not show blanks, are in the DOM. A search can return
 * thousands of items; the panel stays as light with 10 000 as with 10.
 */
import type { LoadStatus } from '../catalog/index.js';

export interface ListViewport {
  /** The scroll container's `scrollTop`, in pixels. */
  scrollTop: number;
  /** The scroll container's visible height, in pixels. */
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
}

/** Rows `start` (inclusive) to `end` (exclusive). */
export interface RowWindow {
  start: number;
  end: number;
}

/** The rows to render: those in view and `overscan` more above and below. */
export function rowWindow(viewport: ListViewport, overscan: number): RowWindow {
  const { rowHeight, rowCount } = viewport;
  if (rowCount <= 0 || rowHeight <= 0) {
    return { start: 0, end: 0 };
  }
  const top = Math.max(0, viewport.scrollTop);
  const bottom = top + Math.max(0, viewport.viewportHeight);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil(bottom / rowHeight);
  const start = clamp(first - overscan, 0, rowCount);
  return { start, end: clamp(last + overscan, start, rowCount) };
}

/** The list's full height, which gives the scroll bar its true length. */
export function listHeight(viewport: Pick<ListViewport, 'rowHeight' | 'rowCount'>): number {
  return Math.max(0, viewport.rowCount) * viewport.rowHeight;
}

/**
 * Whether to fetch the next page: the view is within `thresholdRows` of the end, the catalog
 * has more, and no page is on its way. A failed page is not retried by scrolling (the user
 * asks again), or a broken catalog would be called in a loop.
 */
export function shouldLoadMore(
  viewport: ListViewport,
  list: { status: LoadStatus; hasMore: boolean },
  thresholdRows: number,
): boolean {
  if (!list.hasMore || list.status !== 'ready') {
    return false;
  }
  const bottom = Math.max(0, viewport.scrollTop) + Math.max(0, viewport.viewportHeight);
  return bottom >= listHeight(viewport) - thresholdRows * viewport.rowHeight;
}

/**
 * The `scrollTop` that shows row `index` whole, or `null` when it already is. `nearest`
 * scrolls as little as possible (keyboard moves); `center` puts the row in the middle (a
 * selection made elsewhere, on the map, so the eye finds it).
 */
export function scrollTopToReveal(
  index: number,
  viewport: ListViewport,
  align: 'nearest' | 'center' = 'nearest',
): number | null {
  const { rowHeight, viewportHeight, scrollTop } = viewport;
  if (index < 0 || index >= viewport.rowCount) {
    return null;
  }
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top >= scrollTop && bottom <= scrollTop + viewportHeight) {
    return null;
  }
  const maxScrollTop = Math.max(0, listHeight(viewport) - viewportHeight);
  if (align === 'center') {
    return clamp(Math.round(top - (viewportHeight - rowHeight) / 2), 0, maxScrollTop);
  }
  return clamp(top < scrollTop ? top : bottom - viewportHeight, 0, maxScrollTop);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
