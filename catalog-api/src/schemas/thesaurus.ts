import { type Static, Type } from 'typebox';
import { ErrorSchema, LinkSchema } from './stac.js';

/**
 * The /thesaurus routes (a Skosmos-like lookup of the catalog's SKOS vocabulary): requests and
 * responses, defined once for validation, serialisation, types and the OpenAPI document.
 */

const Lang = Type.String({
  pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$',
  description: "a BCP 47 language tag, e.g. 'en' or 'fr'; labels in other languages are left out",
});

/** Language tag → text; 'und' for a literal without a tag. */
const LangMap = Type.Record(Type.String(), Type.String(), {
  description: "by language tag ('und': no tag)",
});
const LangListMap = Type.Record(Type.String(), Type.Array(Type.String()), {
  description: "by language tag ('und': no tag)",
});

export const ConceptSummarySchema = Type.Object({
  id: Type.String({ description: 'the id under /thesaurus/concepts/' }),
  uri: Type.String(),
  prefLabel: Type.String({ description: 'in the requested language when the concept has one' }),
  href: Type.String({ description: "the concept's URL in this API" }),
});

export const ConceptSchema = Type.Object({
  id: Type.String(),
  uri: Type.String(),
  prefLabel: LangMap,
  altLabels: LangListMap,
  hiddenLabels: LangListMap,
  definition: LangMap,
  broader: Type.Array(ConceptSummarySchema),
  narrower: Type.Array(ConceptSummarySchema),
  related: Type.Array(ConceptSummarySchema),
  matches: Type.Array(Type.String(), {
    description: 'skos:exactMatch and skos:closeMatch: the same concept in other vocabularies',
  }),
  topConcept: Type.Boolean(),
  links: Type.Array(LinkSchema),
});

export const SchemeSchema = Type.Object({
  uri: Type.String(),
  title: LangMap,
  description: LangMap,
  conceptCount: Type.Integer(),
  topConcepts: Type.Array(ConceptSummarySchema),
  links: Type.Array(LinkSchema),
});

export const ConceptListSchema = Type.Object({
  concepts: Type.Array(ConceptSummarySchema),
  links: Type.Array(LinkSchema),
});

export const LabelSearchResultSchema = Type.Object({
  ...ConceptSummarySchema.properties,
  matchedLabel: Type.String({ description: 'the label that matched the text' }),
  matchedLang: Type.String(),
  labelType: Type.Enum(['prefLabel', 'altLabel', 'hiddenLabel']),
});

export const LabelSearchSchema = Type.Object({
  q: Type.String(),
  results: Type.Array(LabelSearchResultSchema),
  links: Type.Array(LinkSchema),
});

export const ExpansionSchema = Type.Object({
  term: Type.String({ description: 'the term of q that named a concept' }),
  concept: Type.String({ description: "the concept's URI" }),
  prefLabel: Type.String(),
  labels: Type.Array(Type.String(), {
    description: "labels added to the search: synonyms, then narrower concepts' labels",
  }),
});

/** What a search reports, as `styx:thesaurus`, when the thesaurus expanded its `q`. */
export const ThesaurusReportSchema = Type.Object({
  scheme: Type.String(),
  expansions: Type.Array(ExpansionSchema),
});
export type ThesaurusReport = Static<typeof ThesaurusReportSchema>;

export const ExpandResponseSchema = Type.Object({
  q: Type.String(),
  expanded: Type.Union([Type.String(), Type.Array(Type.String())], {
    description: 'the q PgSTAC receives',
  }),
  expansions: Type.Array(ExpansionSchema),
  links: Type.Array(LinkSchema),
});

export const LangQuery = Type.Object(
  { lang: Type.Optional(Lang) },
  { additionalProperties: false },
);

export const LabelSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, description: 'text a label starts with or contains' }),
    lang: Type.Optional(Lang),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '1..100, default 20' })),
  },
  { additionalProperties: false },
);

export const ExpandQuery = Type.Object(
  { q: Type.String({ minLength: 1, description: 'free text as item search takes it' }) },
  { additionalProperties: false },
);

export const ConceptIdParams = Type.Object({
  id: Type.String({ minLength: 1, description: "a concept's id, or its full URI percent-encoded" }),
});

export const HierarchyQuery = Type.Object(
  {
    lang: Type.Optional(Lang),
    transitive: Type.Optional(
      Type.Enum(['true', 'false'], { description: 'all the way up or down; default false' }),
    ),
  },
  { additionalProperties: false },
);

export const ThesaurusErrors = { 400: ErrorSchema, 404: ErrorSchema };
