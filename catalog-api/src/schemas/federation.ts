import { type Static, Type } from 'typebox';
import { SearchBodySchema, SearchQuerySchema } from './stac.js';

/**
 * Federated search, defined once: the providers file (STYX_FEDERATION) that the catalog
 * validates at start-up, the `providers` parameter of a search, and the `styx:providers`
 * member every federated response carries.
 */

/** The id the catalog's own PgSTAC answers as; configured providers may not take it. */
export const LOCAL_PROVIDER_ID = 'local';

/** The top-level member of a federated response that says how each provider answered. */
export const PROVIDERS_MEMBER = 'styx:providers';
/** The property of a remote item or collection naming the provider it came from. */
export const PROVIDER_PROPERTY = 'styx:provider';

export const PROVIDER_TYPES = ['stac', 'opensearch'] as const;

export const ProviderConfigSchema = Type.Object(
  {
    id: Type.String({
      pattern: '^[a-z0-9][a-z0-9_-]{0,62}$',
      description:
        "lower-case letters, digits, '-' and '_'; it prefixes the provider's collection ids (<id>:<collection>)",
    }),
    title: Type.String({ minLength: 1 }),
    type: Type.Enum([...PROVIDER_TYPES], {
      description:
        "'stac': a STAC API (its landing page URL); 'opensearch': an OpenSearch description document URL (OGC 13-026r9, CEOS Best Practice)",
    }),
    url: Type.String({ pattern: '^https?://', description: 'an http(s) URL' }),
    timeoutMs: Type.Integer({ minimum: 50, maximum: 120_000, default: 5000 }),
    /** Sent with every request to this provider, and nothing else (never the user's token). */
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.String())),
  },
  { additionalProperties: false },
);
export type ProviderConfig = Static<typeof ProviderConfigSchema>;

export const FederationFileSchema = Type.Object(
  { providers: Type.Array(ProviderConfigSchema, { maxItems: 32 }) },
  { additionalProperties: false },
);
export type FederationFile = Static<typeof FederationFileSchema>;

export const PROVIDERS_PARAM =
  "comma-separated provider ids to search ('local' is this catalog); default: every configured provider";

const ProvidersQuery = Type.String({ description: PROVIDERS_PARAM, minLength: 1 });

/** GET /search with federation on: the item search parameters plus `providers`. */
export const FederatedSearchQuerySchema = Type.Object(
  { ...SearchQuerySchema.properties, providers: Type.Optional(ProvidersQuery) },
  { additionalProperties: false },
);

/** POST /search with federation on. */
export const FederatedSearchBodySchema = Type.Object(
  {
    ...SearchBodySchema.properties,
    providers: Type.Optional(
      Type.Union([Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), ProvidersQuery], {
        description: PROVIDERS_PARAM,
      }),
    ),
  },
  { additionalProperties: false },
);

export const PROVIDER_STATUSES = ['ok', 'timeout', 'error', 'skipped'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

/** One entry of `styx:providers`: how one provider answered this page. */
export const ProviderReportSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  status: Type.Enum([...PROVIDER_STATUSES]),
  /** Milliseconds until it answered, failed or was given up. */
  ms: Type.Integer(),
  returned: Type.Integer(),
  matched: Type.Optional(Type.Integer()),
  message: Type.Optional(Type.String()),
});
export type ProviderReport = Static<typeof ProviderReportSchema>;
