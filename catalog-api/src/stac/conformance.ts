/**
 * Every conformance class the catalog implements, with the exact URIs of STAC API 1.0.0, its
 * extensions, OGC API Features Parts 1, 3 and 4, and CQL2 (OGC 21-065). `/conformance` and
 * the landing page's `conformsTo` both list these.
 */
export const CONFORMANCE_CLASSES = [
  // STAC API 1.0.0
  'https://api.stacspec.org/v1.0.0/core',
  'https://api.stacspec.org/v1.0.0/browseable',
  'https://api.stacspec.org/v1.0.0/collections',
  'https://api.stacspec.org/v1.0.0/ogcapi-features',
  'https://api.stacspec.org/v1.0.0/item-search',
  // Fields, Sort, Query: on item search and on the features endpoints.
  'https://api.stacspec.org/v1.0.0/item-search#fields',
  'https://api.stacspec.org/v1.0.0/item-search#sort',
  'https://api.stacspec.org/v1.0.0/item-search#query',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#fields',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#sort',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#query',
  // Filter extension (v1.0.0) and the OGC classes it builds on.
  'https://api.stacspec.org/v1.0.0/item-search#filter',
  'https://api.stacspec.org/v1.0.0/ogcapi-features#filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/array-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
  // Free text (v1.0.0): `q` on item search and on collection search.
  'https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/ogcapi-features#free-text',
  // Collection search (v1.0.0-rc.1) with its free-text, filter, sort and fields.
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#free-text',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#filter',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#sort',
  'https://api.stacspec.org/v1.0.0-rc.1/collection-search#fields',
  'http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/simple-query',
  // Transactions on items and collections, plus the bulk items endpoint.
  'https://api.stacspec.org/v1.0.0/ogcapi-features/extensions/transaction',
  'https://api.stacspec.org/v1.0.0/collections/extensions/transaction',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/simpletx',
  // Aggregation (v0.3.0 of the aggregation extension).
  'https://api.stacspec.org/v0.3.0/aggregation',
  // OGC API Features Part 1.
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
] as const;
