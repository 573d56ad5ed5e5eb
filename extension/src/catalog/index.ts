export { CatalogClient, CatalogRequestError, type FetchFunction, searchBody } from './client.js';
export {
  type ConceptSuggestion,
  conceptSuggestions,
  typedFragment,
  withSuggestion,
} from './concept-suggestions.js';
export {
  FilterInputError,
  filterToCql2,
  isTemporalQueryable,
  isWholeDay,
} from './filter.js';
export {
  catalogUrlFor,
  type HubPage,
  hubFetch,
  hubPageFrom,
  hubServicesUrl,
  STANDALONE_CATALOG_URL,
} from './hub-connection.js';
export { indexOfItem, isSameItem } from './item-identity.js';
export { CatalogModel } from './model.js';
export {
  buildSearchRequest,
  DateRangeError,
  datetimeInterval,
  EMPTY_QUERY,
} from './search-request.js';
export * from './tokens.js';
export type * from './types.js';
