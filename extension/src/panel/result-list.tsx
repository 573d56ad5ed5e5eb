/**
 * The search results: how many matched, and a windowed list (only the rows in view are in the
 * DOM) that loads the next page as the user nears its end. A click selects the item (the map
 * follows); a selection made on the map scrolls its row into view here. Rows drag into
 * notebooks.
 */
import * as React from 'react';
import type { ICatalogModel, ListState, SelectionChange } from '../catalog/index.js';
import { indexOfItem, isSameItem } from '../catalog/item-identity.js';
import type { StacItem } from '../catalog/types.js';
import type { DropTarget } from '../codegen/index.js';
import { type MountPlan, sameSource, searchMountPlan } from '../mounts/mount-plan.js';
import { thumbnailHref } from './browser-hrefs.js';
import { watchForDrag } from './drag-source.js';
import { DROP_SOURCE_CLASS, dropSourceAttributes } from './drop-source.js';
import { MountButton } from './mount-button.js';
import type { SectionProps } from './section-props.js';
import { itemTime } from './stac-format.js';
import { useSignal } from './use-signal.js';
import {
  type ListViewport,
  listHeight,
  rowWindow,
  scrollTopToReveal,
  shouldLoadMore,
} from './windowing.js';

/** Fixed, so the windowing is arithmetic; the CSS gives rows this height too. */
export const RESULT_ROW_HEIGHT = 44;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 6;
/** The next page is asked for this many rows before the end. */
const LOAD_MORE_ROWS = 15;
/** The height assumed until the list has been measured (and when it cannot be). */
const INITIAL_VIEWPORT_HEIGHT = 400;

export function ResultList(props: SectionProps): React.ReactElement {
  const { model, trans } = props;
  useSignal(model.resultsChanged);
  useSignal(model.selectionChanged);
  const results = model.results;
  const items = results.items;
  const listRef = React.useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [viewportHeight, setViewportHeight] = React.useState(INITIAL_VIEWPORT_HEIGHT);
  const viewport: ListViewport = {
    scrollTop,
    viewportHeight,
    rowHeight: RESULT_ROW_HEIGHT,
    rowCount: items.length,
  };
  const viewportRef = React.useRef(viewport);
  viewportRef.current = viewport;

  const scrollTo = React.useCallback((top: number) => {
    if (listRef.current) listRef.current.scrollTop = top;
    setScrollTop(top);
  }, []);

  // The list's height follows the panel's and the accordion's resizing.
  React.useEffect(() => {
    const node = listRef.current;
    if (!node || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewportHeight(node.clientHeight));
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  // A new search starts at the top.
  React.useEffect(() => {
    if (results.status === 'loading' && items.length === 0) scrollTo(0);
  }, [results.status, items.length, scrollTo]);

  // Near the end (also when the first page does not fill the view): the next page.
  const nearEnd = shouldLoadMore(viewport, results, LOAD_MORE_ROWS);
  React.useEffect(() => {
    if (nearEnd) void model.loadMoreResults();
  }, [model, nearEnd]);

  // A selection made elsewhere (on the map) brings its row into the middle of the view.
  React.useEffect(() => {
    const onSelection = (sender: ICatalogModel, change: SelectionChange) => {
      if (change.source === 'panel' || change.item === null) return;
      const index = indexOfItem(sender.results.items, change.item.id, change.item.collection);
      const top = scrollTopToReveal(index, viewportRef.current, 'center');
      if (top !== null) scrollTo(top);
    };
    model.selectionChanged.connect(onSelection);
    return () => {
      model.selectionChanged.disconnect(onSelection);
    };
  }, [model, scrollTo]);

  const selectAt = (index: number) => {
    const item = items[index];
    if (!item) return;
    model.select(item, 'panel');
    const top = scrollTopToReveal(index, viewport, 'nearest');
    if (top !== null) scrollTo(top);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const current = model.selected
      ? indexOfItem(items, model.selected.id, model.selected.collection)
      : -1;
    const pageRows = Math.max(1, Math.floor(viewportHeight / RESULT_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: Math.max(0, current - 1),
      PageDown: current + pageRows,
      PageUp: Math.max(0, current - pageRows),
      Home: 0,
      End: items.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined || items.length === 0) return;
    event.preventDefault();
    selectAt(Math.min(next, items.length - 1));
  };

  const resultsPlan = (taken: ReadonlySet<string>): MountPlan => {
    try {
      return searchMountPlan(model.catalogUrl, model.searchRequest(), items, { taken });
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  };

  const { start, end } = rowWindow(viewport, OVERSCAN);
  const rows: React.ReactElement[] = [];
  for (let index = start; index < end; index++) {
    const item = items[index];
    if (item) {
      rows.push(
        <ResultRow
          key={`${item.collection ?? ''}/${item.id}`}
          {...props}
          item={item}
          index={index}
          selected={isSameItem(item, model.selected)}
        />,
      );
    }
  }

  return (
    <div className="styx-ResultsSection">
      <ResultStatus model={model} results={results} trans={trans} />
      {props.mounts && results.status === 'ready' && items.length > 0 && (
        <div className="styx-ResultActions">
          <MountButton
            mounts={props.mounts}
            trans={trans}
            existing={(mounts) => {
              const plan = resultsPlan(new Set());
              return plan.ok
                ? mounts.find((m) => sameSource(m.source, plan.request.source))
                : undefined;
            }}
            plan={resultsPlan}
          />
        </div>
      )}
      <div
        ref={listRef}
        className="styx-ResultList"
        role="listbox"
        aria-label={trans.__('Search results')}
        tabIndex={0}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div className="styx-ResultList-content" style={{ height: listHeight(viewport) }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

function ResultStatus(props: {
  model: ICatalogModel;
  results: ListState<StacItem>;
  trans: SectionProps['trans'];
}): React.ReactElement | null {
  const { model, results, trans } = props;
  const shown = results.items.length;
  if (results.status === 'idle') {
    return (
      <p className="styx-Message">
        {trans.__('Choose collections, words, dates or an area, then Search.')}
      </p>
    );
  }
  if (results.status === 'loading' && shown === 0) {
    return <p className="styx-Message styx-ResultStatus">{trans.__('Searching…')}</p>;
  }
  if (results.status === 'error' && shown === 0) {
    return (
      <p className="styx-Message styx-mod-error" role="alert">
        {trans.__('The search failed: %1', results.error ?? '')}
      </p>
    );
  }
  const count =
    results.numberMatched !== undefined
      ? trans.__('%1 of %2 matched', shown.toLocaleString(), results.numberMatched.toLocaleString())
      : results.hasMore
        ? trans.__('%1 shown; more matched', shown.toLocaleString())
        : trans.__('%1 matched', shown.toLocaleString());
  return (
    <>
      <div className="styx-ResultCount">
        {count}
        {results.status === 'loading' && (
          <span className="styx-Hint"> · {trans.__('loading more…')}</span>
        )}
      </div>
      {results.status === 'error' && (
        <p className="styx-Message styx-mod-error" role="alert">
          {trans.__('The next page could not be loaded: %1', results.error ?? '')}{' '}
          <button
            type="button"
            className="styx-Button"
            onClick={() => void model.loadMoreResults()}
          >
            {trans.__('Try again')}
          </button>
        </p>
      )}
      {results.status === 'ready' && shown === 0 && (
        <p className="styx-Message">
          {trans.__('No items match. Try a larger area or a longer period.')}
        </p>
      )}
    </>
  );
}

interface ResultRowProps extends SectionProps {
  item: StacItem;
  index: number;
  selected: boolean;
}

function ResultRow(props: ResultRowProps): React.ReactElement {
  const { model, item, index, selected } = props;
  const target: DropTarget = { kind: 'item', catalogUrl: model.catalogUrl, item };
  const thumbnail = thumbnailHref(item);
  return (
    <div
      className={`styx-ResultRow ${DROP_SOURCE_CLASS}${selected ? ' styx-mod-selected' : ''}`}
      role="option"
      aria-selected={selected}
      // The list takes the arrow keys; a row is focused only by a click.
      tabIndex={-1}
      title={props.trans.__('Click to show this item; drag into a notebook to open it')}
      style={{ top: index * RESULT_ROW_HEIGHT, height: RESULT_ROW_HEIGHT }}
      {...dropSourceAttributes(target)}
      onClick={() => model.select(item, 'panel')}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          model.select(item, 'panel');
        }
      }}
      onMouseDown={(event) => watchForDrag(event, props.startDrag, () => target)}
    >
      {thumbnail ? (
        <img className="styx-Thumbnail" src={thumbnail} alt="" loading="lazy" draggable={false} />
      ) : (
        <span className="styx-Thumbnail styx-mod-empty" aria-hidden="true" />
      )}
      <div className="styx-ResultRow-text">
        <div className="styx-ResultRow-id">{item.id}</div>
        <div className="styx-ResultRow-meta">
          {item.collection && <span className="styx-ResultRow-collection">{item.collection}</span>}
          <span className="styx-ResultRow-time">{itemTime(item.properties)}</span>
        </div>
      </div>
    </div>
  );
}
