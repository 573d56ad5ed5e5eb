export { catalogPage } from './catalog-page.js';
export { collectionPage } from './collection-page.js';
export { prefersHtml } from './content-negotiation.js';
export { errorPage } from './error-page.js';
export { type Html, html } from './html.js';
export { itemPage } from './item-page.js';
export { PageUrls, WEB_VIEW_PATH } from './page-urls.js';
export type { CollectionsDocument, ItemsDocument, LandingDocument } from './stac-shapes.js';
export { titleOf } from './stac-shapes.js';
