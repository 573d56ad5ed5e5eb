import { footprintMap } from './footprint-map.js';
import { type Html, html } from './html.js';
import type { PageUrls } from './page-urls.js';
import { type ItemsDocument, linkOf, thumbnailOf, titleOf } from './stac-shapes.js';
import { safeHref, timeOf } from './values.js';

export interface ItemListOptions {
  urls: PageUrls;
  /** One page of items (an ItemCollection from /collections/{id}/items or /search). */
  items: ItemsDocument;
  /** The API URL of that page: the base that relative asset hrefs resolve on. */
  itemsHref: string;
  /** The extent to frame the map on (a collection's); default: the items' own. */
  bbox?: number[] | undefined;
  /** What to say when the page is empty. */
  empty: string;
  /** Show each item's collection (a search spans several). */
  showCollection?: boolean;
}

/**
 * One page of items: how many, their footprints on a map, a table (title, time, quick look),
 * and the previous/next pages, whose links are the API's own paging links turned into pages.
 */
export function itemList(options: ItemListOptions): Html {
  const { urls, items, itemsHref } = options;
  const features = items.features;
  const pageOf = (f: { collection?: string | undefined; id: string }) =>
    urls.item(f.collection ?? '', f.id);
  const map = footprintMap({
    footprints: features.map((f) => ({ geometry: f.geometry, label: titleOf(f), href: pageOf(f) })),
    bbox: options.bbox,
    label: 'Footprints of the items on this page',
  });
  const pager = (['prev', 'next'] as const).flatMap((rel) => {
    const link = linkOf(items.links, rel);
    const href = link ? urls.pageFor(link.href) : undefined;
    return href
      ? [
          html`<a rel="${rel}" href="${href}">${rel === 'next' ? 'Next items' : 'Previous items'}</a>`,
        ]
      : [];
  });
  const shown = items.numberReturned ?? features.length;
  const matched = typeof items.numberMatched === 'number' ? ` of ${items.numberMatched}` : '';
  return html`<p class="count">${
    features.length === 0
      ? options.empty
      : `Showing ${shown} item${shown === 1 ? '' : 's'}${matched}.`
  }</p>
${map ? html`<figure class="map">${map}<figcaption>Footprints of the items listed below; select one to open it.</figcaption></figure>` : ''}
${
  features.length
    ? html`<table class="items">
<thead><tr><th scope="col">Item</th>${options.showCollection ? html`<th scope="col">Collection</th>` : ''}<th scope="col">Time</th><th scope="col">Quick look</th></tr></thead>
<tbody>
${features.map((f) => {
  const thumb = thumbnailOf(f);
  const src = thumb ? safeHref(thumb.href, itemsHref) : undefined;
  return html`<tr>
<td><a href="${pageOf(f)}">${titleOf(f)}</a>${titleOf(f) !== f.id ? html`<br><code>${f.id}</code>` : ''}</td>
${options.showCollection ? html`<td>${f.collection ? html`<a href="${urls.collection(f.collection)}">${f.collection}</a>` : ''}</td>` : ''}
<td>${timeOf(f.properties)}</td>
<td>${src ? html`<img class="thumb-small" src="${src}" alt="" loading="lazy" width="64" height="64">` : ''}</td>
</tr>`;
})}
</tbody>
</table>`
    : ''
}
${pager.length ? html`<nav class="pager" aria-label="Pages of items">${pager}</nav>` : ''}`;
}
