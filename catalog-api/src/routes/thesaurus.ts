import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import type { CatalogContext } from '../app-context.js';
import type { StacLink } from '../catalog/stac-types.js';
import { InvalidQueryError, NotFoundError } from '../errors.js';
import {
  ConceptIdParams,
  ConceptListSchema,
  ConceptSchema,
  type ConceptSummarySchema,
  ExpandQuery,
  ExpandResponseSchema,
  HierarchyQuery,
  LabelSearchQuery,
  LabelSearchSchema,
  LangQuery,
  SchemeSchema,
  ThesaurusErrors,
} from '../schemas/thesaurus.js';
import { MEDIA, urlFor } from '../stac/links.js';
import { parseIntegerParam } from '../stac/search-request.js';
import {
  expandFreeText,
  type LangString,
  pickLabel,
  type SkosConcept,
  type Thesaurus,
} from '../thesaurus/index.js';

type ConceptSummary = Static<typeof ConceptSummarySchema>;

const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 100;

const langMap = (labels: LangString[]): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.lang || 'und'] ??= l.value;
  return out;
};
const langListMap = (labels: LangString[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const l of labels) {
    const key = l.lang || 'und';
    out[key] = [...(out[key] ?? []), l.value];
  }
  return out;
};

/**
 * The catalog's SKOS thesaurus, looked up as Skosmos' REST API does for a vocabulary: the scheme
 * and its top concepts, label search for suggestions, a concept with its broader, narrower and
 * related concepts, and the expansion a free-text search would get.
 */
export const thesaurusRoutes: FastifyPluginAsyncTypebox<
  CatalogContext & { thesaurus: Thesaurus }
> = async (app, ctx) => {
  const { thesaurus } = ctx;
  const base = ctx.baseUrl;
  const conceptHref = (c: SkosConcept) =>
    urlFor(base, `thesaurus/concepts/${encodeURIComponent(thesaurus.idOf(c))}`);
  const summary = (c: SkosConcept, lang?: string): ConceptSummary => ({
    id: thesaurus.idOf(c),
    uri: c.uri,
    prefLabel: pickLabel(c.prefLabels, lang)!.value,
    href: conceptHref(c),
  });
  const found = (id: string): SkosConcept => {
    const concept = thesaurus.concept(id);
    if (!concept) {
      throw new NotFoundError(
        `concept '${id}' is not in the thesaurus; find concepts with ${urlFor(base, 'thesaurus/search')}?q=<text>`,
      );
    }
    return concept;
  };
  const schemeLink: StacLink = {
    rel: 'up',
    type: MEDIA.json,
    href: urlFor(base, 'thesaurus'),
    title: 'the concept scheme',
  };

  app.get(
    '/thesaurus',
    {
      schema: {
        summary: 'The thesaurus: its concept scheme and top concepts',
        tags: ['Thesaurus'],
        querystring: LangQuery,
        response: { 200: SchemeSchema, ...ThesaurusErrors },
      },
    },
    async (request) => ({
      uri: thesaurus.scheme.uri,
      title: langMap(thesaurus.scheme.titles),
      description: langMap(thesaurus.scheme.descriptions),
      conceptCount: thesaurus.size,
      topConcepts: thesaurus.topConcepts().map((c) => summary(c, request.query.lang)),
      links: [
        { rel: 'self', type: MEDIA.json, href: urlFor(base, 'thesaurus') },
        { rel: 'root', type: MEDIA.json, href: base },
        {
          rel: 'search',
          type: MEDIA.json,
          href: `${urlFor(base, 'thesaurus/search')}?q={text}`,
          templated: true,
          title: 'concepts whose labels match a text',
        },
      ],
    }),
  );

  app.get(
    '/thesaurus/search',
    {
      schema: {
        summary: 'Concepts whose labels start with or contain a text (for suggestions)',
        tags: ['Thesaurus'],
        querystring: LabelSearchQuery,
        response: { 200: LabelSearchSchema, ...ThesaurusErrors },
      },
    },
    async (request) => {
      const { q, lang } = request.query;
      if (q.trim() === '' || !/[\p{L}\p{N}]/u.test(q)) {
        throw new InvalidQueryError('q must contain at least one letter or digit');
      }
      const limit = parseIntegerParam(
        'limit',
        request.query.limit,
        1,
        MAX_SEARCH_LIMIT,
        DEFAULT_SEARCH_LIMIT,
      );
      const matches = thesaurus.search(q, { lang, limit });
      return {
        q,
        results: matches.map((m) => ({
          ...summary(m.concept, lang ?? (m.label.lang || undefined)),
          matchedLabel: m.label.value,
          matchedLang: m.label.lang || 'und',
          labelType: `${m.kind}Label` as 'prefLabel' | 'altLabel' | 'hiddenLabel',
        })),
        links: [
          {
            rel: 'self',
            type: MEDIA.json,
            href: urlFor(
              base,
              'thesaurus/search',
              new URLSearchParams(request.query as Record<string, string>),
            ),
          },
          schemeLink,
        ],
      };
    },
  );

  app.get(
    '/thesaurus/expand',
    {
      schema: {
        summary: 'What the thesaurus adds to a free-text search (q)',
        tags: ['Thesaurus'],
        querystring: ExpandQuery,
        response: { 200: ExpandResponseSchema, ...ThesaurusErrors },
      },
    },
    async (request) => {
      const { q } = request.query;
      const { q: expanded, expansions } = expandFreeText(q, thesaurus);
      return {
        q,
        expanded,
        expansions: expansions.filter((e) => e.labels.length > 0),
        links: [
          {
            rel: 'self',
            type: MEDIA.json,
            href: urlFor(base, 'thesaurus/expand', new URLSearchParams({ q })),
          },
          {
            rel: 'search',
            type: MEDIA.geojson,
            href: urlFor(base, 'search', new URLSearchParams({ q })),
            method: 'GET',
          },
          schemeLink,
        ],
      };
    },
  );

  app.get(
    '/thesaurus/concepts/:id',
    {
      schema: {
        summary: 'One concept: labels, definition, broader, narrower and related concepts',
        tags: ['Thesaurus'],
        params: ConceptIdParams,
        querystring: LangQuery,
        response: { 200: ConceptSchema, ...ThesaurusErrors },
      },
    },
    async (request) => {
      const concept = found(request.params.id);
      const { lang } = request.query;
      return {
        id: thesaurus.idOf(concept),
        uri: concept.uri,
        prefLabel: langMap(concept.prefLabels),
        altLabels: langListMap(concept.altLabels),
        hiddenLabels: langListMap(concept.hiddenLabels),
        definition: langMap(concept.definitions),
        broader: thesaurus.broader(concept).map((c) => summary(c, lang)),
        narrower: thesaurus.narrower(concept).map((c) => summary(c, lang)),
        related: thesaurus.related(concept).map((c) => summary(c, lang)),
        matches: concept.matches,
        topConcept: thesaurus.scheme.topConcepts.includes(concept.uri),
        links: [
          { rel: 'self', type: MEDIA.json, href: conceptHref(concept) },
          schemeLink,
          {
            rel: 'search',
            type: MEDIA.geojson,
            href: urlFor(
              base,
              'search',
              new URLSearchParams({ q: pickLabel(concept.prefLabels, 'en')!.value }),
            ),
            method: 'GET',
            title: 'items about this concept (and its synonyms and narrower concepts)',
          },
        ],
      };
    },
  );

  for (const direction of ['broader', 'narrower'] as const) {
    app.get(
      `/thesaurus/concepts/:id/${direction}`,
      {
        schema: {
          summary: `A concept's ${direction} concepts (transitive=true: all of them)`,
          tags: ['Thesaurus'],
          params: ConceptIdParams,
          querystring: HierarchyQuery,
          response: { 200: ConceptListSchema, ...ThesaurusErrors },
        },
      },
      async (request) => {
        const concept = found(request.params.id);
        const transitive = request.query.transitive === 'true';
        const concepts =
          direction === 'narrower'
            ? transitive
              ? thesaurus.narrowerTransitive(concept)
              : thesaurus.narrower(concept)
            : transitive
              ? thesaurus.broaderTransitive(concept)
              : thesaurus.broader(concept);
        return {
          concepts: concepts.map((c) => summary(c, request.query.lang)),
          links: [
            {
              rel: 'self',
              type: MEDIA.json,
              href: urlFor(
                base,
                `thesaurus/concepts/${encodeURIComponent(thesaurus.idOf(concept))}/${direction}`,
                new URLSearchParams(request.query as Record<string, string>),
              ),
            },
            { rel: 'parent', type: MEDIA.json, href: conceptHref(concept) },
            schemeLink,
          ],
        };
      },
    );
  }
};
