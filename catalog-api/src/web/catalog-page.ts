import { type Html, html } from './html.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';
import { itemSearchForm } from './search-page.js';
import {
  type CollectionsDocument,
  intervalOfCollection,
  type LandingDocument,
  linkOf,
  titleOf,
} from './stac-shapes.js';
import { intervalText } from './values.js';

/** Long descriptions are cut on the list; the collection's page shows them whole. */
const SUMMARY_LENGTH = 280;

function summary(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH).trimEnd()}…` : text;
}

export interface CatalogPageOptions {
  urls: PageUrls;
  landing: LandingDocument;
  collections: CollectionsDocument;
  /** The free text the collections were searched with, if any. */
  q?: string | undefined;
}

/**
 * The catalog's front page: its description, a search box, and its collections. No map here:
 * collections' extents are mostly continental or global and would only overlap.
 */
export function catalogPage({ urls, landing, collections, q }: CatalogPageOptions): Html {
  const catalogTitle = titleOf(landing);
  const list = collections.collections;
  const pager = (['prev', 'next'] as const).flatMap((rel) => {
    const link = linkOf(collections.links, rel);
    const href = link ? urls.pageFor(link.href) : undefined;
    return href
      ? [
          html`<a rel="${rel}" href="${href}">${rel === 'next' ? 'Next collections' : 'Previous collections'}</a>`,
        ]
      : [];
  });
  const count = collections.numberMatched ?? list.length;
  const body = html`<h1>${catalogTitle}</h1>
<p class="lead">${landing.description ?? ''}</p>
<form class="search" role="search" method="get" action="${urls.catalog()}">
<label for="q">Search collections</label>
<input id="q" name="q" type="search" value="${q ?? ''}" placeholder="river discharge, lake, water mask">
<button type="submit">Search</button>
${q ? html`<a href="${urls.catalog()}">Show all</a>` : ''}
</form>
${itemSearchForm(urls, {})}
<section aria-labelledby="collections-heading">
<h2 id="collections-heading">${q ? `${count} collection${count === 1 ? '' : 's'} matching “${q}”` : `${count} collection${count === 1 ? '' : 's'}`}</h2>
<ul class="cards">
${list.map(
  (c) => html`<li class="card">
<h3><a href="${urls.collection(c.id)}">${titleOf(c)}</a></h3>
<p class="id"><code>${c.id}</code></p>
<p>${summary(c.description)}</p>
<p class="meta">${intervalText(intervalOfCollection(c))}${Array.isArray(c.keywords) && c.keywords.length ? html` · ${c.keywords.join(', ')}` : ''}</p>
</li>`,
)}
</ul>
${pager.length ? html`<nav class="pager" aria-label="Pages of collections">${pager}</nav>` : ''}
</section>`;
  return page({
    urls,
    catalogTitle,
    title: q ? `Search: ${q}` : 'Collections',
    crumbs: [{ label: catalogTitle }],
    jsonHref: `${urls.apiBase}?f=json`,
    body,
  });
}
