import type { StacItem } from '../catalog/stac-types.js';
import { footprintMap } from './footprint-map.js';
import { type Html, html } from './html.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';
import { assetsOf, linkOf, thumbnailOf, titleOf } from './stac-shapes.js';
import { propertyValue, safeHref, timeOf } from './values.js';

export interface ItemPageOptions {
  urls: PageUrls;
  catalogTitle: string;
  collectionTitle: string;
  item: StacItem;
  /** The item's API URL: offered as JSON, and the base its relative asset hrefs resolve on. */
  itemHref: string;
}

/** Asset fields shown in their own columns, not again under "more". */
const ASSET_COLUMNS = new Set(['href', 'title', 'type', 'roles', 'description']);

/** An item: when, where (map and quick look), its properties, and its assets to open. */
export function itemPage(options: ItemPageOptions): Html {
  const { urls, catalogTitle, collectionTitle, item, itemHref } = options;
  const collectionId = item.collection ?? '';
  const title = titleOf(item);
  const thumb = thumbnailOf(item);
  const thumbSrc = thumb ? safeHref(thumb.href, itemHref) : undefined;
  const map = footprintMap({
    footprints: [{ geometry: item.geometry, label: title }],
    label: `Footprint of ${title}`,
  });
  const properties = Object.entries(item.properties ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const assets = assetsOf(item);
  const body = html`<h1>${title}</h1>
<p class="id"><code>${item.id}</code> · ${timeOf(item.properties)}</p>
<div class="views">
${thumbSrc ? html`<figure class="quicklook"><img src="${thumbSrc}" alt="Quick look of ${title}"><figcaption>${typeof thumb?.title === 'string' ? thumb.title : 'Quick look'}</figcaption></figure>` : ''}
${map ? html`<figure class="map">${map}<figcaption>Footprint${Array.isArray(item.bbox) ? html` · bbox ${item.bbox.map((v) => Number(v).toFixed(3)).join(', ')}` : ''}</figcaption></figure>` : ''}
</div>
<section aria-labelledby="assets-heading">
<h2 id="assets-heading">Assets</h2>
${
  assets.length
    ? html`<table class="assets">
<thead><tr><th scope="col">Asset</th><th scope="col">Type</th><th scope="col">Roles</th><th scope="col">Link</th></tr></thead>
<tbody>
${assets.map(([key, asset]) => {
  const href = safeHref(asset.href, itemHref);
  const more = Object.entries(asset).filter(([k]) => !ASSET_COLUMNS.has(k));
  return html`<tr>
<th scope="row">${typeof asset.title === 'string' ? asset.title : key}<br><code>${key}</code>${typeof asset.description === 'string' ? html`<p class="asset-description">${asset.description}</p>` : ''}${more.length ? html`<details><summary>more</summary><dl>${more.map(([k, v]) => html`<dt>${k}</dt><dd>${propertyValue(v)}</dd>`)}</dl></details>` : ''}</th>
<td>${typeof asset.type === 'string' ? asset.type : ''}</td>
<td>${Array.isArray(asset.roles) ? asset.roles.join(', ') : ''}</td>
<td>${href ? html`<a href="${href}">Open</a>` : html`<code>${String(asset.href ?? '')}</code>`}</td>
</tr>`;
})}
</tbody>
</table>`
    : html`<p>This item has no assets.</p>`
}
</section>
<section aria-labelledby="properties-heading">
<h2 id="properties-heading">Properties</h2>
<table class="properties">
<tbody>
${properties.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${propertyValue(v)}</td></tr>`)}
</tbody>
</table>
</section>`;
  return page({
    urls,
    catalogTitle,
    title,
    crumbs: [
      { label: catalogTitle, href: urls.catalog() },
      { label: collectionTitle, href: urls.collection(collectionId) },
      { label: title },
    ],
    jsonHref: linkOf(item.links, 'self')?.href ?? itemHref,
    body,
  });
}
