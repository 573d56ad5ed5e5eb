/**
 * The catalog side panel: the catalog's address and a button to the map on top, then four
 * sections the user can resize and fold, as in JupyterLab's own side panels: collections,
 * the search form, the results and the selected item.
 */
import { Sanitizer } from '@jupyterlab/apputils';
import { type ITranslator, nullTranslator, type TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { AccordionPanel, type Widget } from '@lumino/widgets';
import * as React from 'react';
import type { IBasketModel } from '../basket/index.js';
import type { ICatalogModel, SelectionChange } from '../catalog/index.js';
import type { DropTarget } from '../codegen/index.js';
import { styxMapIcon } from '../icons.js';
import type { IMountsModel } from '../mounts/index.js';
import { CollectionList } from './collection-list.js';
import type { StartDrag } from './drag-source.js';
import { DROP_SOURCE_CLASS, targetFromDataset } from './drop-source.js';
import { ItemView } from './item-view.js';
import { ResultList } from './result-list.js';
import { SearchForm } from './search-form.js';
import { SectionBoundary } from './section-boundary.js';
import type { SectionProps } from './section-props.js';
import { useSignal } from './use-signal.js';

/** The sections' first sizes: collections, search, results, item. */
const SECTION_SIZES = [2, 3, 3, 3];

export class CatalogPanel extends SidePanel {
  constructor(options: CatalogPanel.IOptions) {
    const translator = options.translator ?? nullTranslator;
    super({ translator });
    this.addClass('styx-CatalogPanel');
    this.model = options.model;
    const trans = translator.load('styx');
    // JupyterLab's own HTML sanitizer (what it uses for Markdown): http(s) and mailto links only.
    const sanitizer = new Sanitizer();
    const props: SectionProps = {
      model: this.model,
      trans,
      startDrag: options.startDrag,
      sanitize: (html) => sanitizer.sanitize(html),
      mounts: options.mounts,
      basket: options.basket,
    };

    const header = ReactWidget.create(
      <CatalogHeader model={this.model} trans={trans} onOpenMap={options.onOpenMap} />,
    );
    this.header.addWidget(header);

    this.collections = section(<CollectionList {...props} />, trans.__('Collections'), trans);
    this.search = section(<SearchForm {...props} />, trans.__('Search'), trans);
    this.results = section(<ResultList {...props} />, trans.__('Results'), trans);
    this.item = section(<ItemView {...props} />, trans.__('Item'), trans);
    for (const widget of [this.collections, this.search, this.results, this.item]) {
      this.addWidget(widget);
    }
    if (this.content instanceof AccordionPanel) {
      this.content.setRelativeSizes(SECTION_SIZES);
    }
    this.model.selectionChanged.connect(this.onSelectionChanged, this);
  }

  /** The model the panel renders. */
  readonly model: ICatalogModel;

  /**
   * The item, asset, collection or search of the draggable element (class `styx-DropSource`)
   * at or around `node`, for the context-menu commands; `null` outside one, or when the model
   * no longer holds what it showed.
   */
  targetForNode(node: HTMLElement): DropTarget | null {
    const source = node.closest<HTMLElement>(`.${DROP_SOURCE_CLASS}`);
    if (!source || !this.node.contains(source)) {
      return null;
    }
    return targetFromDataset(source.dataset, this.model);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.model.selectionChanged.disconnect(this.onSelectionChanged, this);
    super.dispose();
  }

  /**
   * Never all folded when shown. JupyterLab saves a side panel's sections as expanded only when
   * they are visible (LabShell's side bar `dehydrate` stores `isVisible`), so a panel that was
   * not the open one when the layout was saved comes back with every section folded, and the
   * user would see four bare titles. A choice to fold some of them is kept.
   */
  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    const accordion = this.content;
    if (!(accordion instanceof AccordionPanel)) return;
    const sections = [this.collections, this.search, this.results, this.item];
    if (sections.every((widget) => widget.isHidden)) {
      sections.forEach((widget) => {
        const index = accordion.widgets.indexOf(widget);
        if (index >= 0) accordion.expand(index);
      });
      accordion.setRelativeSizes(SECTION_SIZES);
    }
  }

  /** An item picked on the map is shown even if the user had folded its sections. */
  private onSelectionChanged(_: ICatalogModel, change: SelectionChange): void {
    if (change.source === 'panel' || change.item === null) return;
    const accordion = this.content;
    if (!(accordion instanceof AccordionPanel)) return;
    for (const widget of [this.results, this.item]) {
      const index = accordion.widgets.indexOf(widget);
      if (index >= 0 && widget.isHidden) {
        accordion.expand(index);
      }
    }
  }

  private readonly collections: Widget;
  private readonly search: Widget;
  private readonly results: Widget;
  private readonly item: Widget;
}

export namespace CatalogPanel {
  export interface IOptions {
    model: ICatalogModel;
    translator?: ITranslator;
    /** Starts a drag of a catalog object (a Lumino drag the notebooks accept). */
    startDrag?: StartDrag;
    /** Opens the map; the header's map button is shown only when given. */
    onOpenMap?: () => void;
    /** The user's dataset mounts: items, collections and searches get Mount / Unmount. */
    mounts?: IMountsModel;
    /** The user's basket: items and assets get "Add to basket". */
    basket?: IBasketModel;
  }
}

function section(element: React.ReactElement, label: string, trans: TranslationBundle): Widget {
  const widget = ReactWidget.create(<SectionBoundary trans={trans}>{element}</SectionBoundary>);
  widget.addClass('styx-CatalogSection');
  widget.title.label = label;
  return widget;
}

function CatalogHeader(props: {
  model: ICatalogModel;
  trans: TranslationBundle;
  onOpenMap: (() => void) | undefined;
}): React.ReactElement {
  const { model, trans, onOpenMap } = props;
  useSignal(model.catalogChanged);
  return (
    <div className="styx-CatalogHeader">
      <a
        className="styx-CatalogUrl"
        href={model.catalogUrl}
        target="_blank"
        rel="noopener noreferrer"
        title={trans.__('The STAC catalog: %1', model.catalogUrl)}
      >
        {model.catalogUrl}
      </a>
      {onOpenMap && (
        <button
          type="button"
          className="styx-Button styx-OpenMap"
          title={trans.__('Show the results on a map')}
          onClick={onOpenMap}
        >
          <styxMapIcon.react tag="span" className="styx-ButtonIcon" />
          {trans.__('Map')}
        </button>
      )}
    </div>
  );
}
