/**
 * The item search form: words, dates, an area (the map's view or a drawn rectangle),
 * conditions on queryables and the sort order. Its state is the model's query, so the map and
 * a dropped "this search" see what the form shows. Enter in any field searches.
 */
import * as React from 'react';
import type { DropTarget } from '../codegen/index.js';
import { watchForDrag } from './drag-source.js';
import { DROP_SOURCE_CLASS, dropSourceAttributes } from './drop-source.js';
import { FilterBuilder } from './filter-builder.js';
import { SearchText } from './search-text.js';
import type { SectionProps } from './section-props.js';
import { defaultDirection, sortFields } from './sort-choices.js';
import { formatBbox } from './stac-format.js';
import { useSignal } from './use-signal.js';

export function SearchForm(props: SectionProps): React.ReactElement {
  const { model, trans } = props;
  useSignal(model.queryChanged);
  useSignal(model.queryablesChanged);
  useSignal(model.collectionsChanged);
  /** A sentence about the last button pressed, when it could not do what was asked. */
  const [notice, setNotice] = React.useState<string | null>(null);
  const query = model.query;

  const takeMapView = () => {
    const bbox = model.mapViewBbox;
    if (bbox) {
      setNotice(null);
      model.setQuery({ bbox: [...bbox] });
    } else {
      setNotice(trans.__('Open the map first: its view gives the area.'));
    }
  };

  const searchTarget = (): DropTarget | null => {
    try {
      return { kind: 'search', catalogUrl: model.catalogUrl, search: model.searchRequest() };
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
      return null;
    }
  };

  const titles = new Map(model.collections.items.map((c) => [c.id, c.title ?? c.id]));
  const sortChoices = sortFields(model.queryables);
  const sortby = query.sortby;

  return (
    <form
      className="styx-SearchForm"
      onSubmit={(event) => {
        event.preventDefault();
        setNotice(null);
        void model.search();
      }}
    >
      <div className="styx-FormRow styx-ChosenCollections">
        <span className="styx-FormLabel">{trans.__('In')}</span>
        {query.collections.length === 0 ? (
          <span className="styx-Hint">
            {trans.__('all collections (click some above to narrow)')}
          </span>
        ) : (
          query.collections.map((id) => (
            <span key={id} className="styx-Chip">
              {titles.get(id) ?? id}
              <button
                type="button"
                className="styx-Chip-remove"
                aria-label={trans.__('Do not search %1', titles.get(id) ?? id)}
                onClick={() =>
                  model.setQuery({ collections: query.collections.filter((c) => c !== id) })
                }
              >
                ×
              </button>
            </span>
          ))
        )}
      </div>

      <SearchText {...props} />

      <div className="styx-FormRow">
        <span className="styx-FormLabel">{trans.__('From')}</span>
        <input
          className="styx-DateStart styx-Input"
          type="date"
          value={query.start}
          max={query.end || undefined}
          aria-label={trans.__('Start date')}
          onChange={(event) => model.setQuery({ start: event.currentTarget.value })}
        />
        <span className="styx-FormLabel">{trans.__('to')}</span>
        <input
          className="styx-DateEnd styx-Input"
          type="date"
          value={query.end}
          min={query.start || undefined}
          aria-label={trans.__('End date')}
          onChange={(event) => model.setQuery({ end: event.currentTarget.value })}
        />
      </div>

      <div className="styx-FormRow styx-AreaRow">
        <span className="styx-FormLabel">{trans.__('Area')}</span>
        <span className="styx-AreaText" title={trans.__('west, south, east, north (degrees)')}>
          {query.bbox ? formatBbox(query.bbox) : trans.__('anywhere')}
        </span>
      </div>
      <div className="styx-FormRow styx-AreaButtons">
        <button type="button" className="styx-Button styx-UseMapView" onClick={takeMapView}>
          {trans.__('Use map view')}
        </button>
        <button
          type="button"
          className="styx-Button styx-DrawBbox"
          onClick={() => {
            setNotice(null);
            model.requestDrawBbox();
          }}
        >
          {trans.__('Draw on map')}
        </button>
        <button
          type="button"
          className="styx-Button styx-ClearBbox"
          disabled={query.bbox === null}
          onClick={() => model.setQuery({ bbox: null })}
        >
          {trans.__('Clear')}
        </button>
      </div>

      <FilterBuilder {...props} />

      <div className="styx-FormRow">
        <span className="styx-FormLabel">{trans.__('Sort')}</span>
        <select
          className="styx-Select styx-SortField"
          aria-label={trans.__('Sort by')}
          value={sortby?.field ?? ''}
          onChange={(event) => {
            const field = event.currentTarget.value;
            model.setQuery({
              sortby:
                field === ''
                  ? null
                  : { field, direction: sortby?.direction ?? defaultDirection(field) },
            });
          }}
        >
          <option value="">{trans.__('catalog order')}</option>
          {sortby && !sortChoices.some((c) => c.field === sortby.field) && (
            <option value={sortby.field}>{sortby.field}</option>
          )}
          {sortChoices.map((choice) => (
            <option key={choice.field} value={choice.field}>
              {choice.label}
            </option>
          ))}
        </select>
        <select
          className="styx-Select styx-SortDirection"
          aria-label={trans.__('Sort direction')}
          disabled={!sortby}
          value={sortby?.direction ?? 'asc'}
          onChange={(event) => {
            if (sortby) {
              model.setQuery({
                sortby: {
                  ...sortby,
                  direction: event.currentTarget.value === 'desc' ? 'desc' : 'asc',
                },
              });
            }
          }}
        >
          <option value="asc">{trans.__('ascending')}</option>
          <option value="desc">{trans.__('descending')}</option>
        </select>
      </div>

      {notice && (
        <p className="styx-Message styx-mod-error" role="alert">
          {notice}
        </p>
      )}

      <div className="styx-FormRow styx-SearchActions">
        <button type="submit" className="styx-Button styx-mod-accept styx-SearchButton">
          {trans.__('Search')}
        </button>
        {/* Dragging is a pointer gesture; the context menu offers the same actions. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
        <span
          className={`styx-SearchDragHandle ${DROP_SOURCE_CLASS}`}
          // Focusable, so the keyboard's context-menu key reaches it (Insert into Notebook...).
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a drag source with a context menu
          tabIndex={0}
          title={trans.__('Drag this search into a notebook to run it there')}
          {...dropSourceAttributes({ kind: 'search', catalogUrl: model.catalogUrl, search: {} })}
          onMouseDown={(event) => watchForDrag(event, props.startDrag, searchTarget)}
        >
          <span aria-hidden="true">⠿</span> {trans.__('this search')}
        </span>
      </div>
    </form>
  );
}
