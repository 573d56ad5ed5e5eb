import { collectionPath, itemPath, urlFor } from '../stac/links.js';

/** Where the web view lives, relative to the catalog's public URL. */
export const WEB_VIEW_PATH = 'browser/';

/**
 * The web view's page URLs, rooted at the catalog's public URL like every API link, and the
 * mapping from an API link (a paging link, a child, an item's self) to the page that shows it.
 * The pages mirror the API's own paths under browser/, as STAC Browser's do under its root.
 */
export class PageUrls {
  readonly root: string;

  constructor(readonly apiBase: string) {
    this.root = urlFor(apiBase, WEB_VIEW_PATH);
  }

  catalog(query?: URLSearchParams): string {
    return urlFor(this.root, '', query);
  }

  collection(collectionId: string, query?: URLSearchParams): string {
    return urlFor(this.root, collectionPath(collectionId), query);
  }

  item(collectionId: string, itemId: string): string {
    return urlFor(this.root, itemPath(collectionId, itemId));
  }

  search(query?: URLSearchParams): string {
    return urlFor(this.root, 'search', query);
  }

  asset(name: string): string {
    return urlFor(this.root, name);
  }

  /**
   * The page for an API URL: the landing page, a page of collections, an item search (GET), a
   * collection, a page of its items (shown on the collection's page, with the same query), or an
   * item. Undefined for anything else, or a URL outside this catalog.
   */
  pageFor(apiHref: string): string | undefined {
    if (!apiHref.startsWith(this.apiBase)) return undefined;
    const url = new URL(apiHref);
    const rest = apiHref.slice(this.apiBase.length).replace(/[?#].*$/, '');
    const query = url.searchParams;
    if (rest === '') return this.catalog();
    if (rest === 'collections') return this.catalog(query);
    if (rest === 'search') return this.search(query);
    const match = /^collections\/([^/]+)(?:\/items(?:\/([^/]+))?)?$/.exec(rest);
    if (!match?.[1]) return undefined;
    const collectionId = decodeURIComponent(match[1]);
    if (match[2]) return this.item(collectionId, decodeURIComponent(match[2]));
    return this.collection(collectionId, rest.endsWith('/items') ? query : undefined);
  }
}
