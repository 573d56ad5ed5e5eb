import { type Static, Type } from 'typebox';

/**
 * Route schemas, defined once: fastify validates with them, the OpenAPI document (service-desc)
 * is generated from them, and handlers get their types through Static<>.
 * STAC objects are open: unknown members are kept, only what the API relies on is required.
 */
/** Opt-out of thesaurus expansion, on every route that takes free text (`q`). */
export const THESAURUS_PARAM =
  "expand free text (q) with the catalog's thesaurus: synonyms and narrower terms of a term that names a concept; default true";
export const ThesaurusParam = Type.Enum(['true', 'false'], { description: THESAURUS_PARAM });

export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'A short error code, e.g. InvalidQuery, NotFound' }),
    description: Type.String({ description: 'What went wrong and what to fix' }),
  },
  {},
);

export const LinkSchema = Type.Object(
  {
    rel: Type.String({ minLength: 1 }),
    href: Type.String({ minLength: 1 }),
    type: Type.Optional(Type.String()),
    title: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/** GeoJSON geometry types (RFC 7946 §1.4). */
export const GEOMETRY_TYPES = [
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
] as const;

export const GeometrySchema = Type.Object(
  {
    type: Type.Enum([...GEOMETRY_TYPES]),
    coordinates: Type.Optional(Type.Array(Type.Unknown())),
    geometries: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: true, description: 'A GeoJSON geometry (RFC 7946)' },
);

export const ItemSchema = Type.Object(
  {
    type: Type.Literal('Feature'),
    stac_version: Type.String({ minLength: 1 }),
    stac_extensions: Type.Optional(Type.Array(Type.String())),
    id: Type.String({ minLength: 1, maxLength: 1024 }),
    collection: Type.Optional(Type.String({ minLength: 1 })),
    geometry: GeometrySchema,
    bbox: Type.Optional(Type.Array(Type.Number(), { minItems: 4, maxItems: 6 })),
    properties: Type.Object(
      {
        datetime: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: true },
    ),
    links: Type.Optional(Type.Array(LinkSchema)),
    assets: Type.Optional(Type.Record(Type.String(), Type.Object({ href: Type.String() }))),
  },
  { additionalProperties: true },
);
export type ItemBody = Static<typeof ItemSchema>;

export const ItemCollectionInputSchema = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(ItemSchema, { maxItems: 100_000 }),
  },
  { additionalProperties: true },
);

export const CollectionSchema = Type.Object(
  {
    type: Type.Literal('Collection'),
    stac_version: Type.String({ minLength: 1 }),
    stac_extensions: Type.Optional(Type.Array(Type.String())),
    id: Type.String({ minLength: 1, maxLength: 256, pattern: '^[^/?#]+$' }),
    title: Type.Optional(Type.String()),
    description: Type.String(),
    license: Type.String({ minLength: 1 }),
    extent: Type.Object(
      {
        spatial: Type.Object({
          bbox: Type.Array(Type.Array(Type.Number(), { minItems: 4, maxItems: 6 }), {
            minItems: 1,
          }),
        }),
        temporal: Type.Object({
          interval: Type.Array(
            Type.Array(Type.Union([Type.String(), Type.Null()]), { minItems: 2, maxItems: 2 }),
            { minItems: 1 },
          ),
        }),
      },
      { additionalProperties: true },
    ),
    links: Type.Optional(Type.Array(LinkSchema)),
  },
  { additionalProperties: true },
);
export type CollectionBody = Static<typeof CollectionSchema>;

const SortBy = Type.Array(
  Type.Object({
    field: Type.String({ minLength: 1 }),
    direction: Type.Optional(Type.Enum(['asc', 'desc'])),
  }),
);
// null means "not given" (clients such as the STAC API validator send it).
const Fields = Type.Object({
  include: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
  exclude: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
});

export const SearchBodySchema = Type.Object(
  {
    // The standard says arrays; a single string is accepted too (some clients send one).
    collections: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.String({ minLength: 1 })]),
    ),
    ids: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 1 })), Type.String({ minLength: 1 })]),
    ),
    bbox: Type.Optional(Type.Array(Type.Number())),
    intersects: Type.Optional(GeometrySchema),
    datetime: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Integer()),
    filter: Type.Optional(
      Type.Union([Type.Object({}, { additionalProperties: true }), Type.String()]),
    ),
    'filter-lang': Type.Optional(Type.Enum(['cql2-json', 'cql2-text'])),
    'filter-crs': Type.Optional(Type.String()),
    sortby: Type.Optional(SortBy),
    fields: Type.Optional(Fields),
    query: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
    q: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    thesaurus: Type.Optional(Type.Boolean({ description: THESAURUS_PARAM })),
    token: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type SearchBodyInput = Static<typeof SearchBodySchema>;

/** The GET form: every value arrives as a string; parsing and its errors are ours. */
export const SearchQuerySchema = Type.Object(
  {
    collections: Type.Optional(Type.String({ description: 'comma-separated collection ids' })),
    ids: Type.Optional(Type.String({ description: 'comma-separated item ids' })),
    bbox: Type.Optional(Type.String({ description: 'west,south,east,north' })),
    intersects: Type.Optional(Type.String({ description: 'a GeoJSON geometry' })),
    datetime: Type.Optional(
      Type.String({ description: 'RFC 3339 instant or interval a/b, .. for open' }),
    ),
    limit: Type.Optional(Type.String({ description: 'page size, 1..10000' })),
    filter: Type.Optional(Type.String({ description: 'CQL2 filter' })),
    'filter-lang': Type.Optional(Type.Enum(['cql2-text', 'cql2-json'])),
    'filter-crs': Type.Optional(Type.String()),
    sortby: Type.Optional(Type.String({ description: 'e.g. -datetime,+id' })),
    fields: Type.Optional(Type.String({ description: 'e.g. id,-assets' })),
    query: Type.Optional(Type.String({ description: 'Query extension JSON' })),
    q: Type.Optional(Type.String({ description: 'free text' })),
    thesaurus: Type.Optional(ThesaurusParam),
    token: Type.Optional(Type.String({ description: 'paging token from a next/prev link' })),
  },
  // OGC API Features /req/core/query-param-unknown: an unknown parameter is a 400, not ignored.
  { additionalProperties: false },
);
export type SearchQueryInput = Static<typeof SearchQuerySchema>;

export const CollectionIdParams = Type.Object({ collectionId: Type.String({ minLength: 1 }) });
export const ItemIdParams = Type.Object({
  collectionId: Type.String({ minLength: 1 }),
  itemId: Type.String({ minLength: 1 }),
});

export const BulkItemsSchema = Type.Object(
  {
    items: Type.Record(Type.String(), ItemSchema),
    method: Type.Optional(Type.Enum(['insert', 'upsert'])),
  },
  { additionalProperties: false },
);
