import type { StacCollection } from '../catalog/stac-types.js';
import { footprintMap } from './footprint-map.js';
import { type Html, html } from './html.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';
import {
  bboxOfCollection,
  type ItemsDocument,
  intervalOfCollection,
  linkOf,
  thumbnailOf,
  titleOf,
} from './stac-shapes.js';
import { intervalText, safeHref, timeOf } from './values.js';

export interface CollectionPageOptions {
  urls: PageUrls;
  catalogTitle: string;
  collection: StacCollection;
  /** One page of the collection's items, as /collections/{id}/items answered. */
  items: ItemsDocument;
  /** The API URL of that page of items (offered as JSON, and the base of relative hrefs). */
  itemsHref: string;
}

/** A collection: what it is, where and when, and its items one page at a time. */
export function collectionPage(options: CollectionPageOptions): Html {
  const { urls, catalogTitle, collection: c, items, itemsHref } = options;
  const title = titleOf(c);
  const features = items.features;
  const map = footprintMap({
    footprints: features.map((f) => ({
      geometry: f.geometry,
      label: titleOf(f),
      href: urls.item(c.id, f.id),
    })),
    bbox: bboxOfCollection(c),
    label: `Footprints of the items on this page of ${title}`,
  });
  const providers = Array.isArray(c.providers)
    ? (c.providers as { name?: unknown }[]).map((p) => String(p.name ?? '')).filter(Boolean)
    : [];
  const bbox = bboxOfCollection(c);
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
  const body = html`<h1>${title}</h1>
<p class="id"><code>${c.id}</code></p>
<p class="lead">${c.description}</p>
<dl class="facts">
<dt>Time</dt><dd>${intervalText(intervalOfCollection(c))}</dd>
${bbox ? html`<dt>Extent</dt><dd>${bbox.map((v) => v.toFixed(3)).join(', ')} (west, south, east, north)</dd>` : ''}
<dt>License</dt><dd>${c.license}</dd>
${Array.isArray(c.keywords) && c.keywords.length ? html`<dt>Keywords</dt><dd>${c.keywords.join(', ')}</dd>` : ''}
${providers.length ? html`<dt>Providers</dt><dd>${providers.join(', ')}</dd>` : ''}
</dl>
<section aria-labelledby="items-heading">
<h2 id="items-heading">Items</h2>
<p class="count">${
    features.length === 0
      ? 'This collection has no items.'
      : `Showing ${shown} item${shown === 1 ? '' : 's'}${typeof items.numberMatched === 'number' ? ` of ${items.numberMatched}` : ''}.`
  }</p>
${map ? html`<figure class="map">${map}<figcaption>Footprints of the items listed below; select one to open it.</figcaption></figure>` : ''}
${
  features.length
    ? html`<table class="items">
<thead><tr><th scope="col">Item</th><th scope="col">Time</th><th scope="col">Quick look</th></tr></thead>
<tbody>
${features.map((f) => {
  const thumb = thumbnailOf(f);
  const src = thumb ? safeHref(thumb.href, itemsHref) : undefined;
  return html`<tr>
<td><a href="${urls.item(c.id, f.id)}">${titleOf(f)}</a>${titleOf(f) !== f.id ? html`<br><code>${f.id}</code>` : ''}</td>
<td>${timeOf(f.properties)}</td>
<td>${src ? html`<img class="thumb-small" src="${src}" alt="" loading="lazy" width="64" height="64">` : ''}</td>
</tr>`;
})}
</tbody>
</table>`
    : ''
}
${pager.length ? html`<nav class="pager" aria-label="Pages of items">${pager}</nav>` : ''}
</section>`;
  return page({
    urls,
    catalogTitle,
    title,
    crumbs: [{ label: catalogTitle, href: urls.catalog() }, { label: title }],
    jsonHref: urlOfCollection(c) ?? itemsHref,
    body,
  });
}

function urlOfCollection(c: StacCollection): string | undefined {
  return linkOf(c.links, 'self')?.href;
}
