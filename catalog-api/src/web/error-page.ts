import { type Html, html } from './html.js';
import { page } from './layout.js';
import type { PageUrls } from './page-urls.js';

export interface ErrorPageOptions {
  urls: PageUrls;
  catalogTitle: string;
  status: number;
  /** The API's own sentence (its STAC error `description`), which says what to fix. */
  description: string;
}

/** What went wrong, in the API's words, with the way back to the catalog. */
export function errorPage({ urls, catalogTitle, status, description }: ErrorPageOptions): Html {
  const heading =
    status === 404
      ? 'Not found'
      : status < 500
        ? 'This request cannot be shown'
        : 'The catalog failed';
  return page({
    urls,
    catalogTitle,
    title: heading,
    crumbs: [{ label: catalogTitle, href: urls.catalog() }, { label: heading }],
    body: html`<h1>${heading}</h1>
<p class="error" role="alert">${description}</p>
<p><a href="${urls.catalog()}">Back to the collections</a></p>`,
  });
}
