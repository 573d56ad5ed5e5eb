import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import type { StacCollection } from '../catalog/stac-types.js';
import type { ProviderConfig } from '../schemas/federation.js';
import type { ItemSearch } from '../stac/item-search.js';
import { collectionLinks, mergeLinks } from '../stac/links.js';
import { FederatedSearch } from './federated-search.js';
import { LocalProvider } from './local-provider.js';
import { OpenSearchProvider } from './opensearch-provider.js';
import type { FederationProvider } from './provider.js';
import { StacProvider } from './stac-provider.js';

export { FederatedSearch, type FederatedSearchBody } from './federated-search.js';
export { FederationConfigError, loadFederationProviders } from './federation-file.js';

/** The federated search over the local catalog and the configured providers, built once. */
export function buildFederatedSearch(options: {
  providers: ProviderConfig[];
  title: string;
  search: ItemSearch;
  catalog: PgstacCatalog;
  baseUrl: string;
}): FederatedSearch {
  const present = (c: StacCollection): StacCollection => ({
    ...c,
    links: mergeLinks(c.links, collectionLinks(options.baseUrl, c.id)),
  });
  const remote: FederationProvider[] = options.providers.map((config) =>
    config.type === 'opensearch' ? new OpenSearchProvider(config) : new StacProvider(config),
  );
  return new FederatedSearch(
    [
      new LocalProvider(options.title, options.search, options.catalog, options.baseUrl, present),
      ...remote,
    ],
    options.baseUrl,
  );
}
