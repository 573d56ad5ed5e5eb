import { type Html, html } from './html.js';
import { itemList } from './item-list.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';
import type { ItemsDocument } from './stac-shapes.js';

/** The item search form's fields, as the visitor filled them in (STAC API Item Search GET). */
export interface ItemSearchFields {
  q?: string | undefined;
  datetime?: string | undefined;
  bbox?: string | undefined;
  collections?: string | undefined;
}

export function itemSearchForm(urls: PageUrls, fields: ItemSearchFields): Html {
  return html`<form class="search items-search" role="search" method="get" action="${urls.search()}">
<label for="items-q">Search items</label>
<input id="items-q" name="q" type="search" value="${fields.q ?? ''}" placeholder="river discharge, Seine">
<label for="items-datetime">Time</label>
<input id="items-datetime" name="datetime" value="${fields.datetime ?? ''}" placeholder="2023-01-01/2023-12-31" size="24">
<label for="items-bbox">Bbox</label>
<input id="items-bbox" name="bbox" value="${fields.bbox ?? ''}" placeholder="west,south,east,north" size="24">
${fields.collections ? html`<input type="hidden" name="collections" value="${fields.collections}">` : ''}
<button type="submit">Search</button>
</form>`;
}

export interface SearchPageOptions {
  urls: PageUrls;
  catalogTitle: string;
  fields: ItemSearchFields;
  items: ItemsDocument;
  /** The /search URL this page shows (offered as JSON, the base of relative hrefs). */
  searchHref: string;
}

/** Items found across the catalog by free text (thesaurus-expanded), time and bbox. */
export function searchPage(options: SearchPageOptions): Html {
  const { urls, catalogTitle, fields, items, searchHref } = options;
  const said = [
    fields.q && `“${fields.q}”`,
    fields.datetime && `during ${fields.datetime}`,
    fields.bbox && `in ${fields.bbox}`,
    fields.collections && `in ${fields.collections}`,
  ].filter(Boolean);
  const title = said.length ? `Items matching ${said.join(', ')}` : 'All items';
  return page({
    urls,
    catalogTitle,
    title,
    crumbs: [{ label: catalogTitle, href: urls.catalog() }, { label: 'Item search' }],
    jsonHref: searchHref,
    body: html`<h1>${title}</h1>
${itemSearchForm(urls, fields)}
${itemList({ urls, items, itemsHref: searchHref, empty: 'No item matches this search.', showCollection: true })}`,
  });
}
