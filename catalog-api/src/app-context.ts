import type { PgstacCatalog } from './catalog/pgstac-catalog.js';
import type { FederatedSearch } from './federation/index.js';
import type { ItemSearch } from './stac/item-search.js';
import type { Thesaurus } from './thesaurus/index.js';

/** What every route plugin gets: built once in app.ts, passed down as plugin options. */
export interface CatalogContext {
  catalog: PgstacCatalog;
  search: ItemSearch;
  /** The public URL, ending with '/'; every link is rooted here. */
  baseUrl: string;
  title: string;
  /** False when the catalog runs standalone with no write token: transactions answer 403. */
  writesEnabled: boolean;
  /** The SKOS vocabulary that expands free text and serves /thesaurus; undefined when off. */
  thesaurus: Thesaurus | undefined;
  /** Search across the local catalog and remote providers (STYX_FEDERATION); undefined: off. */
  federation?: FederatedSearch | undefined;
}
