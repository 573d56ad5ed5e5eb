import { type Html, type HtmlValue, html } from './html.js';
import type { PageUrls } from './page-urls.js';

export interface Crumb {
  label: string;
  /** Absent on the current page. */
  href?: string;
}

export interface PageOptions {
  urls: PageUrls;
  /** The catalog's title, shown on every page. */
  catalogTitle: string;
  /** The document's title (the browser tab, the first heading's subject). */
  title: string;
  crumbs: Crumb[];
  /** The API document this page shows, offered as JSON. */
  jsonHref?: string | undefined;
  body: HtmlValue;
}

/**
 * The page shell: landmarks (header, breadcrumb nav, main), one stylesheet, no script. Every
 * page works as plain HTML with links, so it needs no JavaScript, reads in a screen reader, and
 * keeps the catalog's own URLs for every JSON document it shows.
 */
export function page(options: PageOptions): Html {
  const { urls, crumbs } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${options.catalogTitle}</title>
<link rel="stylesheet" href="${urls.asset('style.css')}">
${options.jsonHref ? html`<link rel="alternate" type="application/json" href="${options.jsonHref}">` : ''}
</head>
<body>
<header class="site"><a class="brand" href="${urls.catalog()}">${options.catalogTitle}</a>
<span class="api-links"><a href="${urls.apiBase}api.html">API</a>${options.jsonHref ? html` · <a href="${options.jsonHref}" type="application/json">JSON</a>` : ''}</span></header>
<nav aria-label="Breadcrumb" class="crumbs"><ol>${crumbs.map((c) =>
    c.href
      ? html`<li><a href="${c.href}">${c.label}</a></li>`
      : html`<li aria-current="page">${c.label}</li>`,
  )}</ol></nav>
<main>
${options.body}
</main>
</body>
</html>
`;
}
