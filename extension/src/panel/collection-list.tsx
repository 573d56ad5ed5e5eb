/**
 * The catalog's collections: a free-text collection search, and one row per collection with
 * its thumbnail, title, description and extents. A click adds the collection to the item
 * search (or takes it out); a drag drops it into a notebook.
 */
import * as React from 'react';
import type { StacCollection } from '../catalog/types.js';
import type { DropTarget } from '../codegen/index.js';
import { collectionMountPlan, mountOfCollection } from '../mounts/mount-plan.js';
import { thumbnailHref } from './browser-hrefs.js';
import { watchForDrag } from './drag-source.js';
import { DROP_SOURCE_CLASS, dropSourceAttributes } from './drop-source.js';
import { MountButton } from './mount-button.js';
import type { SectionProps } from './section-props.js';
import { collectionBbox, collectionTimeSpan, formatBbox, type TimeSpan } from './stac-format.js';
import { useSignal } from './use-signal.js';

/** Typing pauses this long before the catalog is asked. */
const SEARCH_DELAY_MS = 300;

export function CollectionList(props: SectionProps): React.ReactElement {
  const { model, trans } = props;
  useSignal(model.collectionsChanged);
  useSignal(model.queryChanged);
  const [text, setText] = React.useState(model.collectionText);

  // Another catalog lists all its collections: the box starts empty again.
  React.useEffect(() => {
    const clear = () => setText('');
    model.catalogChanged.connect(clear);
    return () => {
      model.catalogChanged.disconnect(clear);
    };
  }, [model]);

  React.useEffect(() => {
    if (text === model.collectionText) return;
    const timer = setTimeout(() => void model.searchCollections(text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, model]);

  const list = model.collections;
  const chosen = model.query.collections;
  const toggle = (id: string) => {
    model.setQuery({
      collections: chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id],
    });
  };

  return (
    <div className="styx-CollectionsSection">
      <input
        className="styx-CollectionSearch styx-Input"
        type="search"
        value={text}
        placeholder={trans.__('Find collections')}
        aria-label={trans.__('Find collections by words')}
        onChange={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') void model.searchCollections(text);
        }}
      />
      {list.status === 'loading' && list.items.length === 0 && (
        <p className="styx-Message">{trans.__('Loading collections…')}</p>
      )}
      {list.status === 'error' && (
        <p className="styx-Message styx-mod-error" role="alert">
          {trans.__('The collections could not be loaded: %1', list.error ?? '')}
        </p>
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <p className="styx-Message">
          {text.trim() === ''
            ? trans.__('This catalog has no collections.')
            : trans.__('No collection matches “%1”.', text.trim())}
        </p>
      )}
      {list.items.length > 0 && (
        <div
          className="styx-CollectionList"
          role="listbox"
          aria-multiselectable="true"
          aria-label={trans.__('Collections')}
        >
          {list.items.map((collection) => (
            <CollectionRow
              key={collection.id}
              {...props}
              collection={collection}
              chosen={chosen.includes(collection.id)}
              onToggle={() => toggle(collection.id)}
            />
          ))}
        </div>
      )}
      {list.items.length > 0 && (
        <div className="styx-ListFooter">
          <span>
            {list.numberMatched === undefined
              ? trans._n('%1 collection', '%1 collections', list.items.length)
              : trans.__('%1 of %2 collections', list.items.length, list.numberMatched)}
          </span>
          {list.hasMore && (
            <button
              type="button"
              className="styx-Button"
              disabled={list.status === 'loading'}
              onClick={() => void model.loadMoreCollections()}
            >
              {list.status === 'loading' ? trans.__('Loading…') : trans.__('Load more')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

interface CollectionRowProps extends SectionProps {
  collection: StacCollection;
  chosen: boolean;
  onToggle: () => void;
}

function CollectionRow(props: CollectionRowProps): React.ReactElement {
  const { model, trans, collection, chosen, onToggle } = props;
  const target: DropTarget = { kind: 'collection', catalogUrl: model.catalogUrl, collection };
  const thumbnail = thumbnailHref(collection);
  const span = collectionTimeSpan(collection.extent?.temporal?.interval);
  const bbox = collectionBbox(collection.extent?.spatial?.bbox);
  const title = collection.title ?? collection.id;
  return (
    <div
      className={`styx-CollectionRow ${DROP_SOURCE_CLASS}${chosen ? ' styx-mod-selected' : ''}`}
      role="option"
      aria-selected={chosen}
      tabIndex={0}
      title={trans.__('Click to search this collection; drag into a notebook to open it')}
      {...dropSourceAttributes(target)}
      onClick={onToggle}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onToggle();
        }
      }}
      onMouseDown={(event) => watchForDrag(event, props.startDrag, () => target)}
    >
      {thumbnail ? (
        <img className="styx-Thumbnail" src={thumbnail} alt="" loading="lazy" draggable={false} />
      ) : (
        <span className="styx-Thumbnail styx-mod-empty" aria-hidden="true" />
      )}
      <div className="styx-CollectionRow-text">
        <div className="styx-CollectionRow-title">
          <span className="styx-CollectionRow-check" aria-hidden="true">
            {chosen ? '✓' : ''}
          </span>
          {title}
          {title !== collection.id && (
            <span className="styx-CollectionRow-id">{collection.id}</span>
          )}
        </div>
        {collection.description && (
          <div className="styx-CollectionRow-description" title={collection.description}>
            {collection.description}
          </div>
        )}
        <div className="styx-CollectionRow-extent">
          {span && <span>{timeSpanText(span, trans.__('open'))}</span>}
          {bbox && (
            <span title={trans.__('Spatial extent (west, south, east, north)')}>
              {formatBbox(bbox, 1)}
            </span>
          )}
        </div>
        {props.mounts && (
          <MountButton
            mounts={props.mounts}
            trans={trans}
            existing={(mounts) => mountOfCollection(mounts, model.catalogUrl, collection)}
            plan={(taken) => collectionMountPlan(model.catalogUrl, collection, { taken })}
          />
        )}
      </div>
    </div>
  );
}

function timeSpanText(span: TimeSpan, open: string): string {
  return `${span.start ?? open} – ${span.end ?? open}`;
}
