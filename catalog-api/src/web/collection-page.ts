import type { StacCollection } from '../catalog/stac-types.js';
import { type Html, html } from './html.js';
import { itemList } from './item-list.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';
import { itemSearchForm } from './search-page.js';
import {
  bboxOfCollection,
  type ItemsDocument,
  intervalOfCollection,
  linkOf,
  titleOf,
} from './stac-shapes.js';
import { intervalText } from './values.js';

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
  const providers = Array.isArray(c.providers)
    ? (c.providers as { name?: unknown }[]).map((p) => String(p.name ?? '')).filter(Boolean)
    : [];
  const bbox = bboxOfCollection(c);
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
${itemSearchForm(urls, { collections: c.id })}
${itemList({
  urls,
  items,
  itemsHref,
  bbox,
  empty: 'This collection has no items.',
})}
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
