/**
 * The map of search results: a Lumino widget around a deck.gl `Deck` (no React). It renders the
 * catalog model and calls its methods; the model owns results, selection and the query.
 *
 * - Results are drawn as binary footprints (see footprints.ts), refitted when a new search's
 *   first page arrives unless that search was "in the map's view".
 * - Hover shows an item's id, collection and date; a click selects it in the model. The
 *   selected item is outlined, its quick look drawn over its footprint, and a selection made
 *   elsewhere (the panel) flies the map to it.
 * - The view is reported to the model (debounced) for "search in map view"; when the model asks
 *   for it, the user drags out a search rectangle, which becomes the query's bbox.
 */
import {
  Deck,
  FlyToInterpolator,
  type Layer,
  type MapViewState,
  type PickingInfo,
} from '@deck.gl/core';
import { type ITranslator, nullTranslator, type TranslationBundle } from '@jupyterlab/translation';
import type { Message } from '@lumino/messaging';
import { type ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { ICatalogModel, ListState, SearchQuery, SelectionChange } from '../catalog/tokens.js';
import type { Bbox, StacItem } from '../catalog/types.js';
import {
  isTileUrlTemplate,
  loadNaturalEarth,
  type NaturalEarth,
  type NaturalEarthScale,
  naturalEarthLayers,
  naturalEarthScaleFor,
  tileBasemapLayer,
} from './basemap.js';
import {
  type CogTileSource,
  cogTileLayer,
  cogTileSource,
  fetchTileJson,
  type TileJson,
} from './cog-tiles.js';
import { buildFootprints, type Footprints, itemBounds } from './footprints.js';
import {
  FOOTPRINTS_LAYER_ID,
  footprintLayer,
  MARKERS_LAYER_ID,
  markerItem,
  markerLayer,
  markerMaxZoom,
  previewLayer,
  searchAreaLayer,
  selectionLayer,
  selectionMarkerLayer,
} from './layers.js';
import { DEFAULT_MAP_COLORS, type MapColors, readMapColors } from './map-colors.js';
import { type PreviewImage, previewImage } from './preview.js';
import { containsBbox, sameBbox, viewBbox, viewStateToFit, WORLD_VIEW } from './view.js';

/** What the settings default to (schema/map.json `maxFootprints`). */
export const DEFAULT_MAX_FOOTPRINTS = 200_000;

/** How long the view must rest before it is reported to the model. */
const VIEW_REPORT_DELAY_MS = 300;

const FLY_DURATION_MS = 800;

/** `nextRender()` stops waiting for a flight or loading layers (tiles, a quick look) after this. */
const LOADING_PATIENCE_MS = 15_000;

const CONTROLLER = { dragRotate: false, touchRotate: false, doubleClickZoom: true, keyboard: true };

export class MapWidget extends Widget {
  constructor(options: MapWidget.IOptions) {
    super();
    this.model = options.model;
    this.trans = (options.translator ?? nullTranslator).load('styx');
    this._basemapUrl = options.basemapUrl ?? null;
    this._maxFootprints = options.maxFootprints ?? DEFAULT_MAX_FOOTPRINTS;
    this.addClass('styx-MapView');
    this.node.tabIndex = -1;
    this.buildDom();

    this.model.resultsChanged.connect(this.onResults, this);
    this.model.selectionChanged.connect(this.onSelection, this);
    this.model.queryChanged.connect(this.onQuery, this);
    this.model.drawBboxRequested.connect(this.startDrawBbox, this);
    this._searchArea = this.model.query.bbox;
    this.showResults(this.model.results);
    this.showSelection(this.model.selected);
  }

  readonly model: ICatalogModel;

  /** The deck.gl instance: created when the widget is first attached, finalized on dispose. */
  get deck(): Deck | null {
    return this._deck;
  }

  /** Frames drawn so far. */
  get renderCount(): number {
    return this._renderCount;
  }

  /** Emitted after every frame deck.gl draws, with the frame count. */
  get rendered(): ISignal<this, number> {
    return this._rendered;
  }

  /** The current camera. */
  get viewState(): MapViewState {
    return this._viewState;
  }

  /** The footprints drawn now (the first `maxFootprints` results). */
  get footprints(): Footprints {
    return this._footprints;
  }

  /** The footprints' colour (RGB), as the current theme sets it. */
  get footprintColor(): [number, number, number] {
    const [r, g, b] = this._colors.footprint;
    return [r, g, b];
  }

  /** Whether the user is drawing a search rectangle. */
  get isDrawingBbox(): boolean {
    return this._drawing;
  }

  /** Draws XYZ tiles from `url` under the outlines; null or an unusable template: none. */
  setBasemapUrl(url: string | null): void {
    if (url === this._basemapUrl) return;
    this._basemapUrl = url;
    this._tileErrorReported = false;
    this.updateAttribution();
    this.updateLayers();
  }

  /** Draws at most `count` results; the rest stay in the list only. */
  setMaxFootprints(count: number): void {
    const max = Math.max(1, Math.floor(count));
    if (max === this._maxFootprints) return;
    this._maxFootprints = max;
    this._items = null;
    this.showResults(this.model.results);
  }

  /** Moves the camera to show every footprint drawn (no-op without results). */
  fitToResults(): void {
    const bounds = this._footprints.bounds;
    if (bounds) this.fitBounds(bounds, { animate: this._deck !== null });
  }

  /** Moves the camera to show `bounds`, flying there when `animate` is set. */
  fitBounds(bounds: Bbox, options: { animate?: boolean; maxZoom?: number } = {}): void {
    const { width, height } = this.canvasSize();
    if (width <= 0 || height <= 0) {
      // Not laid out yet: fit once the canvas has a size.
      this._pendingFit = bounds;
      return;
    }
    const target = viewStateToFit(bounds, width, height, {
      padding: 40,
      ...(options.maxZoom === undefined ? {} : { maxZoom: options.maxZoom }),
    });
    this.setView(target, options.animate ?? true);
  }

  /** Lets the user drag out a search rectangle (also started by `model.requestDrawBbox()`). */
  /** Whether the selected item's COG pixels are drawn (the toolbar's Pixels toggle). */
  get cogTilesVisible(): boolean {
    return this._cogTilesVisible;
  }

  /** Shows or hides the selected item's COG pixels; the choice holds for later selections. */
  setCogTilesVisible(visible: boolean): void {
    if (this._cogTilesVisible === visible) return;
    this._cogTilesVisible = visible;
    this.updateLayers();
    this.updateToolbar();
  }

  startDrawBbox(): void {
    if (this.isDisposed) return;
    this._drawing = true;
    this._dragStart = null;
    this._dragBox = null;
    this.addClass('styx-mod-drawing');
    this._deck?.setProps({ controller: { ...CONTROLLER, dragPan: false } });
    this.updateStatus();
    this.node.focus();
  }

  /** Leaves drawing mode without changing the query. */
  cancelDrawBbox(): void {
    if (!this._drawing) return;
    this._drawing = false;
    this._dragStart = null;
    this._dragBox = null;
    this.removeClass('styx-mod-drawing');
    this._deck?.setProps({ controller: CONTROLLER });
    this.updateStatus();
    this.updateLayers();
  }

  /** The result drawn at canvas pixel (`x`, `y`), picking as a click does. */
  async pickAt(x: number, y: number): Promise<StacItem | null> {
    const deck = this._deck;
    if (!deck?.isInitialized) return null;
    const info = await deck.pickObjectAsync({
      x,
      y,
      radius: 2,
      layerIds: [FOOTPRINTS_LAYER_ID, MARKERS_LAYER_ID],
    });
    return info ? this.itemOf(info) : null;
  }

  /**
   * Where result `index` is on screen (page coordinates, for a synthetic click): a point inside
   * its footprint, where it is drawn on top of later results. Null when it is not drawn or is
   * outside the canvas.
   */
  screenPointOfResult(index: number): { x: number; y: number; id: string } | null {
    const item = this._items?.[index];
    const lon = this._footprints.anchors[2 * index];
    const lat = this._footprints.anchors[2 * index + 1];
    const viewport = this._deck?.isInitialized ? this._deck.getViewports()[0] : undefined;
    if (!item || lon === undefined || lat === undefined || Number.isNaN(lon) || !viewport) {
      return null;
    }
    const [px, py] = viewport.project([lon, lat]) as [number, number];
    const rect = this._canvasHost.getBoundingClientRect();
    if (px < 0 || py < 0 || px > rect.width || py > rect.height) return null;
    return { x: rect.left + px, y: rect.top + py, id: item.id };
  }

  /**
   * Resolves once deck.gl has drawn a frame showing the latest changes, with everything loaded
   * (basemap, tiles in view, the quick look; at most `LOADING_PATIENCE_MS`), and the GPU has
   * finished drawing it.
   */
  async nextRender(): Promise<void> {
    const started = performance.now();
    while (!this.isDisposed) {
      // The scale of basemap the (final) zoom needs, then no flight and nothing loading.
      await this.loadBasemap(naturalEarthScaleFor(this._viewState.zoom));
      const waited = performance.now() - started;
      const settled = !this.inTransition() && !this.layersLoading();
      if (this._deck?.isInitialized && (settled || waited > LOADING_PATIENCE_MS)) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (this.isDisposed) return;
    // The view the frame shows is the one the model has, for "search in map view".
    this.reportView();
    await new Promise<void>((resolve) => {
      this._renderWaiters.push(resolve);
      // A frame is due if anything changed; otherwise draw one now.
      requestAnimationFrame(() => {
        if (this._renderWaiters.length > 0 && !this.isDisposed) {
          this._deck?.redraw('styx: nextRender');
        }
      });
    });
  }

  override dispose(): void {
    if (this.isDisposed) return;
    window.clearTimeout(this._viewReportTimer);
    // A closed map has no view: "Use map view" must say so, not reuse the last one.
    this.model.setMapViewBbox(null);
    this._themeObserver?.disconnect();
    this._deck?.finalize();
    this._deck = null;
    for (const resolve of this._renderWaiters.splice(0)) resolve();
    Signal.clearData(this);
    super.dispose();
  }

  protected override onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    this.readColors();
    if (!this._themeObserver) {
      // JupyterLab marks theme changes on <body>; the CSS variables change with them.
      this._themeObserver = new MutationObserver(() => this.onThemeChanged());
      this._themeObserver.observe(document.body, {
        attributes: true,
        attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light'],
      });
    }
    if (!this._deck) this.createDeck();
  }

  protected override onResize(msg: Widget.ResizeMessage): void {
    super.onResize(msg);
    this.afterResize();
  }

  protected override onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this.afterResize();
  }

  // Building ---------------------------------------------------------------------------------

  private buildDom(): void {
    const host = document.createElement('div');
    host.className = 'styx-MapCanvas';
    host.setAttribute('role', 'application');
    host.setAttribute('aria-label', this.trans.__('Map of the search results'));
    host.addEventListener('pointerdown', this.onDrawPointerDown, true);
    host.addEventListener('pointermove', this.onDrawPointerMove, true);
    host.addEventListener('pointerup', this.onDrawPointerUp, true);
    host.addEventListener('pointerleave', () => this.hideTooltip());
    this._canvasHost = host;

    const toolbar = document.createElement('div');
    toolbar.className = 'styx-MapToolbar';
    toolbar.append(
      this.button('styx-MapFitButton', this.trans.__('Zoom to results'), () => this.fitToResults()),
      this.button('styx-MapDrawButton', this.trans.__('Draw search area'), () =>
        this._drawing ? this.cancelDrawBbox() : this.model.requestDrawBbox(),
      ),
      this.button('styx-MapClearAreaButton', this.trans.__('Clear search area'), () =>
        this.model.setQuery({ bbox: null }),
      ),
      this.button('styx-MapPixelsButton', this.trans.__('Pixels'), () =>
        this.setCogTilesVisible(!this._cogTilesVisible),
      ),
    );
    this._toolbar = toolbar;

    this._status = document.createElement('div');
    this._status.className = 'styx-MapStatus';
    this._status.setAttribute('aria-live', 'polite');

    this._tooltip = document.createElement('div');
    this._tooltip.className = 'styx-MapTooltip';
    this._tooltip.hidden = true;

    this._attribution = document.createElement('div');
    this._attribution.className = 'styx-MapAttribution';

    this.node.append(host, toolbar, this._status, this._tooltip, this._attribution);
    this.node.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this._drawing) {
        event.preventDefault();
        this.cancelDrawBbox();
      }
    });
    this.updateAttribution();
    this.updateToolbar();
  }

  private button(className: string, label: string, onClick: () => void): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `styx-MapButton ${className}`;
    button.textContent = label;
    button.title = label;
    button.addEventListener('click', onClick);
    return button;
  }

  private createDeck(): void {
    this._deck = new Deck({
      parent: this._canvasHost,
      width: '100%',
      height: '100%',
      initialViewState: this._viewState,
      controller: this._drawing ? { ...CONTROLLER, dragPan: false } : CONTROLLER,
      layers: this.layers(),
      pickingRadius: 2,
      onViewStateChange: ({ viewState }) => {
        this.onViewChanged(viewState as MapViewState);
      },
      onAfterRender: ({ gl }) => this.onAfterRender(gl),
      onInteractionStateChange: (state) => {
        this._inTransition = Boolean(state.inTransition);
      },
      onLoad: () => this.afterResize(),
      onHover: (info, event) => this.onHover(info, event.srcEvent as PointerEvent | undefined),
      onClick: (info) => {
        if (this._drawing) return;
        const item = this.itemOf(info);
        if (item) this.model.select(item, 'map');
      },
      getCursor: ({ isDragging, isHovering }) =>
        this._drawing ? 'crosshair' : isDragging ? 'grabbing' : isHovering ? 'pointer' : 'grab',
      onError: (error) => console.warn('Styx map:', error),
    });
    void this.loadBasemap(naturalEarthScaleFor(this._viewState.zoom));
  }

  /** Loads Natural Earth at a scale (once), then draws it. */
  private loadBasemap(scale: NaturalEarthScale): Promise<void> {
    let load = this._basemapLoads.get(scale);
    if (!load) {
      load = loadNaturalEarth(scale).then(
        (data) => {
          this._naturalEarth.set(scale, data);
          this.updateLayers();
        },
        (error: unknown) => {
          this._basemapLoads.delete(scale);
          console.warn(`Styx map: the Natural Earth ${scale} basemap failed to load.`, error);
        },
      );
      this._basemapLoads.set(scale, load);
    }
    return load;
  }

  // Model → map ------------------------------------------------------------------------------

  private onResults(_: ICatalogModel, state: ListState<StacItem>): void {
    // A new search clears the list first; its first page is then fitted.
    if (state.status === 'loading' && state.items.length === 0) this._fitOnNextPage = true;
    if (state.status === 'error') this._fitOnNextPage = false;
    this.showResults(state);
    if (state.status === 'ready' && this._fitOnNextPage) {
      this._fitOnNextPage = false;
      if (!this.searchedInView()) this.fitToResults();
    }
  }

  private showResults(state: ListState<StacItem>): void {
    this._results = state;
    if (state.items !== this._items) {
      this._items = state.items;
      const drawn =
        state.items.length > this._maxFootprints
          ? state.items.slice(0, this._maxFootprints)
          : state.items;
      this._footprints = buildFootprints(drawn);
      this.hideTooltip();
      this.updateLayers();
    }
    this.updateStatus();
    this.updateToolbar();
  }

  private onSelection(_: ICatalogModel, change: SelectionChange): void {
    this.showSelection(change.item);
    if (change.item && change.source !== 'map') this.flyToItem(change.item);
  }

  private showSelection(item: StacItem | null): void {
    this._selected = item;
    this._selectedAnchor = null;
    this._preview = null;
    if (item) {
      const one = buildFootprints([item]);
      const [lon, lat] = one.anchors;
      if (lon !== undefined && lat !== undefined && !Number.isNaN(lon)) {
        this._selectedAnchor = [lon, lat];
      }
      this._preview = previewImage(item);
    }
    this.showCogTiles(item);
    this.updateLayers();
    this.updateToolbar();
  }

  /** The selected item's COG as catalog tiles, once its TileJSON has arrived. */
  private showCogTiles(item: StacItem | null): void {
    this._cogTiles = null;
    const source = item ? cogTileSource(item) : null;
    this._cogSource = source;
    if (!source) return;
    fetchTileJson(source.tileJsonUrl)
      .then((tileJson) => {
        // Only if the selection has not moved on meanwhile.
        if (this._cogSource !== source || !tileJson) return;
        this._cogTiles = tileJson;
        this.updateLayers();
        this.updateToolbar();
      })
      .catch((error: unknown) => {
        console.warn(`Styx map: no tiles for ${source.tileJsonUrl}.`, error);
      });
  }

  private onQuery(_: ICatalogModel, query: SearchQuery): void {
    if (sameBbox(query.bbox, this._searchArea)) return;
    this._searchArea = query.bbox;
    this.updateLayers();
    this.updateToolbar();
  }

  /** Flies to an item unless it is already in view at a visible size. */
  private flyToItem(item: StacItem): void {
    const bounds = itemBounds(item);
    if (!bounds) return;
    const { width, height } = this.canvasSize();
    const view = viewBbox(this._viewState, width, height);
    if (view && containsBbox(view, bounds)) {
      const worldPixels = 512 * 2 ** this._viewState.zoom;
      const size = (Math.max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / 360) * worldPixels;
      if (size >= 16) return;
    }
    this.fitBounds(bounds, { animate: true, maxZoom: 14 });
  }

  /** Whether the current search's bbox is the view the map reported (search in map view). */
  private searchedInView(): boolean {
    const bbox = this.model.query.bbox;
    return bbox !== null && sameBbox(bbox, this._reportedView, 1e-4);
  }

  // Map → model ------------------------------------------------------------------------------

  private onViewChanged(viewState: MapViewState): void {
    const before = this._viewState.zoom;
    this._viewState = viewState;
    this.hideTooltip();
    this.scheduleViewReport();
    // The basemap's scale and the markers for tiny footprints change with the zoom.
    const scale = naturalEarthScaleFor(viewState.zoom);
    const threshold = markerMaxZoom(this._footprints);
    if (scale !== naturalEarthScaleFor(before)) {
      void this.loadBasemap(scale);
      this.updateLayers();
    } else if (before < threshold !== viewState.zoom < threshold) {
      this.updateLayers();
    }
  }

  private scheduleViewReport(): void {
    window.clearTimeout(this._viewReportTimer);
    this._viewReportTimer = window.setTimeout(() => this.reportView(), VIEW_REPORT_DELAY_MS);
  }

  /** Tells the model what the map shows now. */
  private reportView(): void {
    window.clearTimeout(this._viewReportTimer);
    const { width, height } = this.canvasSize();
    const bbox = viewBbox(this._viewState, width, height);
    if (!bbox || sameBbox(bbox, this._reportedView)) return;
    this._reportedView = bbox;
    this.model.setMapViewBbox(bbox);
  }

  /** Whether the camera is flying somewhere (a fit or a fly to the selection). */
  private inTransition(): boolean {
    return this._inTransition || performance.now() < this._transitionUntil;
  }

  private onHover(info: PickingInfo, event: PointerEvent | undefined): void {
    const item = this._drawing ? null : this.itemOf(info);
    if (!item || !event) {
      this.hideTooltip();
      return;
    }
    const tooltip = this._tooltip;
    const lines: [string, string][] = [
      ['styx-MapTooltip-id', item.id],
      ['styx-MapTooltip-collection', item.collection ?? ''],
      ['styx-MapTooltip-datetime', itemDate(item)],
    ];
    tooltip.replaceChildren(
      ...lines
        .filter(([, text]) => text)
        .map(([className, text]) => {
          const line = document.createElement('div');
          line.className = className;
          line.textContent = text;
          return line;
        }),
    );
    tooltip.hidden = false;
    const host = this.node.getBoundingClientRect();
    const x = info.x + this._canvasHost.offsetLeft;
    const y = info.y + this._canvasHost.offsetTop;
    // Keep it inside the widget: flip to the left/top near the right/bottom edges.
    const flipX = x + tooltip.offsetWidth + 16 > host.width;
    const flipY = y + tooltip.offsetHeight + 16 > host.height;
    tooltip.style.left = `${flipX ? x - tooltip.offsetWidth - 12 : x + 12}px`;
    tooltip.style.top = `${flipY ? y - tooltip.offsetHeight - 12 : y + 12}px`;
  }

  private hideTooltip(): void {
    if (this._tooltip && !this._tooltip.hidden) this._tooltip.hidden = true;
  }

  /** The result a picking info points at (a footprint or its marker). */
  private itemOf(info: PickingInfo): StacItem | null {
    if (!info.layer || info.index < 0) return null;
    let index: number | undefined;
    if (info.layer.id === FOOTPRINTS_LAYER_ID) index = info.index;
    else if (info.layer.id === MARKERS_LAYER_ID) index = markerItem(this._footprints, info.index);
    return index === undefined ? null : (this._items?.[index] ?? null);
  }

  // Drawing a search rectangle ---------------------------------------------------------------

  private readonly onDrawPointerDown = (event: PointerEvent): void => {
    if (!this._drawing || event.button !== 0) return;
    const lonLat = this.unproject(event);
    if (!lonLat) return;
    // The deck below must not see this drag.
    event.stopPropagation();
    event.preventDefault();
    this._canvasHost.setPointerCapture(event.pointerId);
    this._dragStart = lonLat;
    this._dragStartPixel = [event.clientX, event.clientY];
    this._dragBox = null;
  };

  private readonly onDrawPointerMove = (event: PointerEvent): void => {
    if (!this._drawing || !this._dragStart) return;
    event.stopPropagation();
    const lonLat = this.unproject(event);
    if (!lonLat) return;
    this._dragBox = boxOf(this._dragStart, lonLat);
    this.updateLayers();
  };

  private readonly onDrawPointerUp = (event: PointerEvent): void => {
    if (!this._drawing || !this._dragStart) return;
    event.stopPropagation();
    const start = this._dragStart;
    const [startX, startY] = this._dragStartPixel;
    const lonLat = this.unproject(event);
    this._dragStart = null;
    if (this._canvasHost.hasPointerCapture(event.pointerId)) {
      this._canvasHost.releasePointerCapture(event.pointerId);
    }
    // A click rather than a drag: keep drawing.
    if (!lonLat || (Math.abs(event.clientX - startX) < 4 && Math.abs(event.clientY - startY) < 4)) {
      this._dragBox = null;
      this.updateLayers();
      return;
    }
    this.cancelDrawBbox();
    // The query's change draws the new search area (onQuery).
    this.model.setQuery({ bbox: boxOf(start, lonLat) });
  };

  /** Longitude and latitude under the pointer, clamped to the world. */
  private unproject(event: PointerEvent): [number, number] | null {
    const viewport = this._deck?.isInitialized ? this._deck.getViewports()[0] : undefined;
    if (!viewport) return null;
    const rect = this._canvasHost.getBoundingClientRect();
    const [lon, lat] = viewport.unproject([
      event.clientX - rect.left,
      event.clientY - rect.top,
    ]) as [number, number];
    return [clamp(lon, -180, 180), clamp(lat, -90, 90)];
  }

  // Rendering --------------------------------------------------------------------------------

  private layers(): Layer[] {
    const colors = this._colors;
    const layers: (Layer | null)[] = [];
    // Land, tiles over it (where they load), then borders. The scale for the zoom is shown once
    // loaded, the other meanwhile; both stay in the list, so switching rebuilds nothing.
    const wanted = naturalEarthScaleFor(this._viewState.zoom);
    const shown = this._naturalEarth.has(wanted) ? wanted : [...this._naturalEarth.keys()][0];
    const basemaps = [...this._naturalEarth].map(([scale, data]) =>
      naturalEarthLayers(data, scale, colors, scale === shown),
    );
    layers.push(...basemaps.map((basemap) => basemap.land));
    layers.push(tileBasemapLayer(this._basemapUrl, (error) => this.onTileError(error)));
    layers.push(...basemaps.map((basemap) => basemap.borders));
    if (this._footprints.drawnCount > 0) {
      layers.push(footprintLayer(this._footprints, colors.footprint));
      layers.push(markerLayer(this._footprints, colors.footprint, this._viewState.zoom));
    }
    // The selected COG over the footprints' translucent fills, which would tint its colours;
    // the selection's outline (unfilled then) still locates it.
    const cogTiles = this._cogTilesVisible ? this._cogTiles : null;
    if (cogTiles) layers.push(cogTileLayer(cogTiles, (error) => this.onCogTileError(error)));
    // The quick look is a small copy of what the tiles show at full resolution: not over them.
    const preview = cogTiles ? null : this._preview;
    if (preview) {
      layers.push(previewLayer(preview, (error) => this.onPreviewError(preview, error)));
    }
    if (this._selected) {
      layers.push(selectionLayer(this._selected, colors, { filled: cogTiles === null }));
      if (this._selectedAnchor && this._viewState.zoom < markerMaxZoom(this._footprints)) {
        layers.push(selectionMarkerLayer(this._selectedAnchor, colors));
      }
    }
    if (this._drawing && this._dragBox) {
      layers.push(searchAreaLayer(this._dragBox, colors.searchArea, 'styx-search-area-drawing'));
    } else if (this._searchArea) {
      layers.push(searchAreaLayer(this._searchArea, colors.searchArea));
    }
    return layers.filter((layer): layer is Layer => layer !== null);
  }

  /** A quick look that cannot load (CORS, 404) is dropped: the footprint still shows. */
  private onPreviewError(preview: PreviewImage, error: Error): void {
    console.warn(`Styx map: the quick look ${preview.href} could not be drawn.`, error);
    if (this._preview !== preview) return;
    this._preview = null;
    // Not from inside deck.gl's layer update that reported the error.
    queueMicrotask(() => this.updateLayers());
  }

  private updateLayers(): void {
    this._deck?.setProps({ layers: this.layers() });
  }

  private onAfterRender(gl: WebGL2RenderingContext): void {
    this._renderCount += 1;
    if (this._renderWaiters.length > 0) {
      // Drawing is asynchronous: reading a pixel back waits for the GPU to finish the frame.
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      for (const resolve of this._renderWaiters.splice(0)) resolve();
    }
    this._rendered.emit(this._renderCount);
  }

  private layersLoading(): boolean {
    const layers = (this._deck?.props.layers ?? []) as Layer[];
    return layers.some((layer) => layer && !layer.isLoaded);
  }

  private readColors(): void {
    this._colors = readMapColors(this.node);
  }

  private onThemeChanged(): void {
    this.readColors();
    this.updateLayers();
  }

  private afterResize(): void {
    if (!this._deck) return;
    const { width, height } = this.canvasSize();
    if (width > 0 && height > 0 && this._pendingFit) {
      const bounds = this._pendingFit;
      this._pendingFit = null;
      this.fitBounds(bounds, { animate: false });
    } else if (width > 0 && height > 0 && !this._placed) {
      // First layout: show the results there already are.
      this._placed = true;
      if (this._footprints.bounds) this.fitBounds(this._footprints.bounds, { animate: false });
    }
    this.scheduleViewReport();
    this._deck.redraw('styx: resize');
  }

  private setView(target: MapViewState, animate: boolean): void {
    this._placed = true;
    if (!this._deck) {
      this._viewState = target;
      return;
    }
    // deck.gl reports the transition from its next frame on; until then, go by the clock.
    this._transitionUntil = animate ? performance.now() + FLY_DURATION_MS + 100 : 0;
    this._deck.setProps({
      initialViewState: animate
        ? {
            ...target,
            transitionDuration: FLY_DURATION_MS,
            transitionInterpolator: new FlyToInterpolator(),
          }
        : { ...target },
    });
    // A transition reports each step through onViewStateChange; a jump does not.
    if (!animate) this.onViewChanged(target);
  }

  private canvasSize(): { width: number; height: number } {
    return { width: this._canvasHost.clientWidth, height: this._canvasHost.clientHeight };
  }

  /** Once per selection: a COG tile that fails leaves the footprint and quick look in place. */
  private onCogTileError(error: unknown): void {
    const source = this._cogSource;
    if (!source || this._cogErrorReported === source) return;
    this._cogErrorReported = source;
    console.warn(`Styx map: tiles of ${source.tileJsonUrl} failed to load.`, error);
  }

  private onTileError(error: unknown): void {
    if (this._tileErrorReported) return;
    this._tileErrorReported = true;
    console.warn(`Styx map: tiles from ${this._basemapUrl} failed to load.`, error);
  }

  private updateStatus(): void {
    const trans = this.trans;
    let text: string;
    if (this._drawing) {
      text = trans.__('Drag a rectangle to search in; Esc to cancel.');
    } else {
      const state = this._results;
      const total = state.items.length;
      const drawn = this._footprints.drawnCount;
      if (state.status === 'loading' && total === 0) text = trans.__('Searching…');
      else if (total === 0) text = '';
      else if (total > this._maxFootprints) {
        text = trans.__(
          'Showing the footprints of the first %1 of %2 results.',
          this._maxFootprints.toLocaleString(),
          total.toLocaleString(),
        );
      } else if (drawn < total) {
        text = trans.__(
          '%1 of %2 results have a footprint.',
          drawn.toLocaleString(),
          total.toLocaleString(),
        );
      } else {
        text = trans._n('%2 footprint', '%2 footprints', drawn, drawn.toLocaleString());
      }
    }
    this._status.textContent = text;
    this._status.hidden = text === '';
  }

  private updateToolbar(): void {
    const [fit, draw, clear, pixels] = Array.from(this._toolbar.children) as HTMLButtonElement[];
    if (fit) fit.disabled = this._footprints.bounds === null;
    if (draw) {
      draw.classList.toggle('styx-mod-active', this._drawing);
      draw.setAttribute('aria-pressed', String(this._drawing));
    }
    if (clear) clear.hidden = this._searchArea === null;
    if (pixels) {
      // Only for a selection whose COG the catalog tiles.
      pixels.hidden = this._cogTiles === null;
      pixels.classList.toggle('styx-mod-active', this._cogTilesVisible);
      pixels.setAttribute('aria-pressed', String(this._cogTilesVisible));
      pixels.title = this._cogTilesVisible
        ? this.trans.__('Hide the selected item’s pixels')
        : this.trans.__('Show the selected item’s pixels');
    }
  }

  private updateAttribution(): void {
    const parts = [this.trans.__('Natural Earth')];
    if (isTileUrlTemplate(this._basemapUrl)) {
      // The host between "//" and the next "/" (a template is not always a valid URL).
      const host = /^https?:\/\/([^/]+)/i.exec(this._basemapUrl.trim())?.[1] ?? '';
      parts.unshift(this.trans.__('Tiles: %1', host));
    }
    this._attribution.textContent = parts.join(' · ');
  }

  private readonly trans: TranslationBundle;
  private _deck: Deck | null = null;
  private _canvasHost!: HTMLDivElement;
  private _toolbar!: HTMLDivElement;
  private _status!: HTMLDivElement;
  private _tooltip!: HTMLDivElement;
  private _attribution!: HTMLDivElement;
  private _basemapUrl: string | null;
  private _maxFootprints: number;
  private readonly _naturalEarth = new Map<NaturalEarthScale, NaturalEarth>();
  private readonly _basemapLoads = new Map<NaturalEarthScale, Promise<void>>();
  private _colors: MapColors = DEFAULT_MAP_COLORS;
  private _themeObserver: MutationObserver | null = null;
  private _viewState: MapViewState = WORLD_VIEW;
  private _placed = false;
  private _pendingFit: Bbox | null = null;
  private _reportedView: Bbox | null = null;
  private _viewReportTimer = 0;
  private _inTransition = false;
  private _transitionUntil = 0;
  private _results: ListState<StacItem> = { status: 'idle', items: [], hasMore: false };
  private _items: readonly StacItem[] | null = null;
  private _footprints: Footprints = buildFootprints([]);
  private _fitOnNextPage = false;
  private _selected: StacItem | null = null;
  private _selectedAnchor: [number, number] | null = null;
  private _preview: PreviewImage | null = null;
  private _cogSource: CogTileSource | null = null;
  private _cogTiles: TileJson | null = null;
  private _cogErrorReported: CogTileSource | null = null;
  private _cogTilesVisible = true;
  private _searchArea: Bbox | null = null;
  private _drawing = false;
  private _dragStart: [number, number] | null = null;
  private _dragStartPixel: [number, number] = [0, 0];
  private _dragBox: Bbox | null = null;
  private _tileErrorReported = false;
  private _renderCount = 0;
  private _renderWaiters: (() => void)[] = [];
  private readonly _rendered = new Signal<this, number>(this);
}

export namespace MapWidget {
  export interface IOptions {
    model: ICatalogModel;
    translator?: ITranslator;
    /** An XYZ tile URL template drawn under the outlines; null for the offline basemap alone. */
    basemapUrl?: string | null;
    /** Results beyond this many are listed but not drawn (settings `maxFootprints`). */
    maxFootprints?: number;
  }
}

/** The rectangle two corners span, as a bbox. */
function boxOf(a: [number, number], b: [number, number]): Bbox {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}

/** The item's date as STAC gives it: `datetime`, or its start/end range. */
function itemDate(item: StacItem): string {
  const { datetime, start_datetime: start, end_datetime: end } = item.properties ?? {};
  if (typeof datetime === 'string' && datetime) return datetime;
  if (typeof start === 'string' || typeof end === 'string')
    return `${start ?? '..'} / ${end ?? '..'}`;
  return '';
}
