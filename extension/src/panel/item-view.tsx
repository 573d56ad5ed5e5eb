/**
 * The selected item (from the results or the map): title, thumbnail, its assets (each one
 * draggable into a notebook on its own) and its properties, formatted and grouped by STAC
 * extension as STAC Browser shows them.
 */
import * as React from 'react';
import { BasketButton } from '../basket/basket-button.js';
import type { StacItem } from '../catalog/types.js';
import type { DropTarget, StacAssetLike } from '../codegen/index.js';
import { itemMountPlan, mountOfItem } from '../mounts/mount-plan.js';
import { browserHref, selfHref, thumbnailHref } from './browser-hrefs.js';
import { watchForDrag } from './drag-source.js';
import { DROP_SOURCE_CLASS, dropSourceAttributes } from './drop-source.js';
import { itemPropertyGroups, mediaTypeHtml } from './item-fields.js';
import { MountButton } from './mount-button.js';
import type { SectionProps } from './section-props.js';
import { formatFileSize, itemTime } from './stac-format.js';
import { useSignal } from './use-signal.js';

export function ItemView(props: SectionProps): React.ReactElement {
  const { model, trans } = props;
  useSignal(model.selectionChanged);
  const item = model.selected;
  const rootRef = React.useRef<HTMLDivElement>(null);

  // Another item: start reading it from the top.
  React.useEffect(() => {
    if (rootRef.current && item) rootRef.current.scrollTop = 0;
  }, [item]);

  if (!item) {
    return (
      <div ref={rootRef} className="styx-ItemView styx-mod-empty">
        <p className="styx-Message">
          {trans.__('Select an item in the results or on the map to see its details.')}
        </p>
      </div>
    );
  }
  return (
    <div ref={rootRef} className="styx-ItemView">
      <ItemDetails {...props} item={item} />
    </div>
  );
}

function ItemDetails(props: SectionProps & { item: StacItem }): React.ReactElement {
  const { model, trans, item, sanitize } = props;
  const groups = React.useMemo(() => itemPropertyGroups(item), [item]);
  const target: DropTarget = { kind: 'item', catalogUrl: model.catalogUrl, item };
  const thumbnail = thumbnailHref(item);
  // Catalogs other than Styx may leave out required fields: show what there is.
  const title = typeof item.properties?.title === 'string' ? item.properties.title : null;
  const base = selfHref(item.links);
  const assets = Object.entries(item.assets ?? {});
  return (
    <>
      {/* Dragging is a pointer gesture; the context menu offers the same actions. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
      <div
        className={`styx-ItemView-heading ${DROP_SOURCE_CLASS}`}
        title={trans.__('Drag into a notebook to open this item')}
        {...dropSourceAttributes(target)}
        onMouseDown={(event) => watchForDrag(event, props.startDrag, () => target)}
      >
        <h3 className="styx-ItemView-title">{title ?? item.id}</h3>
        <div className="styx-ItemView-subtitle">
          {title && <span className="styx-ItemView-id">{item.id}</span>}
          {item.collection && <span>{item.collection}</span>}
          <span>{itemTime(item.properties)}</span>
        </div>
      </div>
      {(props.mounts || props.basket) && (
        <div className="styx-ItemView-actions">
          {props.basket && (
            <BasketButton
              basket={props.basket}
              trans={trans}
              collection={item.collection}
              item={item.id}
            />
          )}
          {props.mounts && (
            <MountButton
              mounts={props.mounts}
              trans={trans}
              existing={(mounts) => mountOfItem(mounts, model.catalogUrl, item)}
              plan={(taken) => {
                const collection = model.collections.items.find((c) => c.id === item.collection);
                return itemMountPlan(model.catalogUrl, item, {
                  taken,
                  ...(collection ? { collection } : {}),
                });
              }}
            />
          )}
        </div>
      )}
      {thumbnail && (
        <img
          className="styx-ItemView-thumbnail"
          src={thumbnail}
          alt={trans.__('Preview of %1', item.id)}
          draggable={false}
        />
      )}

      <h4 className="styx-ItemView-sectionTitle">
        {trans._n('%1 asset', '%1 assets', assets.length)}
      </h4>
      {assets.length === 0 ? (
        <p className="styx-Hint">{trans.__('This item has no assets.')}</p>
      ) : (
        <ul className="styx-AssetList">
          {assets.map(([key, asset]) => (
            <AssetRow key={key} {...props} assetKey={key} asset={asset} base={base} />
          ))}
        </ul>
      )}

      {groups.map((group) => (
        <section key={group.extension} className="styx-FieldGroup">
          {group.labelHtml === '' ? (
            <h4 className="styx-ItemView-sectionTitle">{trans.__('General')}</h4>
          ) : (
            <h4
              className="styx-ItemView-sectionTitle"
              // stac-fields escapes values but not link schemes: everything goes through `sanitize`.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: see above
              dangerouslySetInnerHTML={{ __html: sanitize(group.labelHtml) }}
            />
          )}
          <dl className="styx-FieldList">
            {group.fields.map((field) => (
              <React.Fragment key={field.key}>
                <dt
                  title={field.key}
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized (JupyterLab's Sanitizer)
                  dangerouslySetInnerHTML={{ __html: sanitize(field.labelHtml) }}
                />
                <dd
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized (JupyterLab's Sanitizer)
                  dangerouslySetInnerHTML={{ __html: sanitize(field.valueHtml) }}
                />
              </React.Fragment>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}

interface AssetRowProps extends SectionProps {
  item: StacItem;
  assetKey: string;
  asset: StacAssetLike;
  base: string | undefined;
}

function AssetRow(props: AssetRowProps): React.ReactElement {
  const { model, trans, item, assetKey, asset, sanitize } = props;
  const target: DropTarget = { kind: 'asset', catalogUrl: model.catalogUrl, item, assetKey };
  const link = browserHref(asset.href, props.base);
  const size = asset['file:size'];
  return (
    <li
      className={`styx-AssetRow ${DROP_SOURCE_CLASS}`}
      // Focusable, so the keyboard's context-menu key reaches it (Insert into Notebook...).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: it is a drag source with a context menu
      tabIndex={0}
      title={trans.__('Drag into a notebook to open this asset')}
      {...dropSourceAttributes(target)}
      onMouseDown={(event) => watchForDrag(event, props.startDrag, () => target)}
    >
      <div className="styx-AssetRow-title">
        <span aria-hidden="true" className="styx-DragGrip">
          ⠿
        </span>
        {asset.title ?? assetKey}
        {asset.title && asset.title !== assetKey && (
          <span className="styx-AssetRow-key">{assetKey}</span>
        )}
        {props.basket && (
          <BasketButton
            basket={props.basket}
            trans={trans}
            collection={item.collection}
            item={item.id}
            asset={assetKey}
          />
        )}
      </div>
      <div className="styx-AssetRow-meta">
        {asset.type && (
          <span
            className="styx-AssetRow-type"
            title={asset.type}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized (JupyterLab's Sanitizer)
            dangerouslySetInnerHTML={{ __html: sanitize(mediaTypeHtml(asset.type)) }}
          />
        )}
        {typeof size === 'number' && (
          <span className="styx-AssetRow-size">{formatFileSize(size)}</span>
        )}
        {(Array.isArray(asset.roles) ? asset.roles : []).map((role) => (
          <span key={role} className="styx-Role">
            {role}
          </span>
        ))}
      </div>
      <div className="styx-AssetRow-href">
        {link ? (
          <a href={link} target="_blank" rel="noopener noreferrer" draggable={false}>
            {asset.href}
          </a>
        ) : (
          <code>{asset.href}</code>
        )}
      </div>
    </li>
  );
}
