import { Parser, type Quad } from 'n3';

/** A literal with its language tag ('' when it has none). */
export interface LangString {
  value: string;
  lang: string;
}

/** One skos:Concept; broader/narrower are made inverses (SKOS §8.6.2) and related symmetric. */
export interface SkosConcept {
  uri: string;
  prefLabels: LangString[];
  altLabels: LangString[];
  hiddenLabels: LangString[];
  definitions: LangString[];
  broader: string[];
  narrower: string[];
  related: string[];
  /** skos:exactMatch and skos:closeMatch: concepts of other vocabularies (GEMET, AGROVOC…). */
  matches: string[];
}

export interface SkosScheme {
  uri: string;
  titles: LangString[];
  descriptions: LangString[];
  topConcepts: string[];
}

export interface SkosVocabulary {
  scheme: SkosScheme;
  concepts: Map<string, SkosConcept>;
}

export class SkosParseError extends Error {}

const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const DCT = 'http://purl.org/dc/terms/';
const DC = 'http://purl.org/dc/elements/1.1/';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

const LABEL_KEYS: Record<string, 'prefLabels' | 'altLabels' | 'hiddenLabels' | 'definitions'> = {
  [`${SKOS}prefLabel`]: 'prefLabels',
  [`${SKOS}altLabel`]: 'altLabels',
  [`${SKOS}hiddenLabel`]: 'hiddenLabels',
  [`${SKOS}definition`]: 'definitions',
};
const LINK_KEYS: Record<string, 'broader' | 'narrower' | 'related' | 'matches'> = {
  [`${SKOS}broader`]: 'broader',
  [`${SKOS}narrower`]: 'narrower',
  [`${SKOS}related`]: 'related',
  [`${SKOS}exactMatch`]: 'matches',
  [`${SKOS}closeMatch`]: 'matches',
};

function emptyConcept(uri: string): SkosConcept {
  return {
    uri,
    prefLabels: [],
    altLabels: [],
    hiddenLabels: [],
    definitions: [],
    broader: [],
    narrower: [],
    related: [],
    matches: [],
  };
}

const addUnique = (list: string[], value: string) => {
  if (!list.includes(value)) list.push(value);
};

/**
 * Reads a SKOS vocabulary from Turtle (N3.js parses; this only gathers the SKOS terms). The
 * document must hold one skos:ConceptScheme; its concepts are the skos:Concepts it declares.
 */
export function parseSkosTurtle(text: string, source = 'the thesaurus'): SkosVocabulary {
  let quads: Quad[];
  try {
    quads = new Parser({ format: 'text/turtle' }).parse(text);
  } catch (error) {
    throw new SkosParseError(`${source} is not valid Turtle: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const schemes = new Set<string>();
  const conceptUris = new Set<string>();
  for (const q of quads) {
    if (q.predicate.value !== RDF_TYPE) continue;
    if (q.object.value === `${SKOS}ConceptScheme`) schemes.add(q.subject.value);
    if (q.object.value === `${SKOS}Concept`) conceptUris.add(q.subject.value);
  }
  if (schemes.size !== 1) {
    throw new SkosParseError(
      `${source} must declare exactly one skos:ConceptScheme; it declares ${schemes.size}`,
    );
  }
  if (conceptUris.size === 0) throw new SkosParseError(`${source} declares no skos:Concept`);
  const schemeUri = [...schemes][0]!;
  const scheme: SkosScheme = { uri: schemeUri, titles: [], descriptions: [], topConcepts: [] };
  const concepts = new Map([...conceptUris].map((uri) => [uri, emptyConcept(uri)]));

  for (const { subject, predicate, object } of quads) {
    const s = subject.value;
    const p = predicate.value;
    if (s === schemeUri) {
      if (p === `${SKOS}hasTopConcept`) addUnique(scheme.topConcepts, object.value);
      else if (object.termType === 'Literal') {
        const literal = { value: object.value, lang: object.language };
        if ([`${SKOS}prefLabel`, `${DCT}title`, `${DC}title`, RDFS_LABEL].includes(p)) {
          if (!scheme.titles.some((t) => t.lang === literal.lang)) scheme.titles.push(literal);
        } else if ([`${DCT}description`, `${DC}description`, `${SKOS}definition`].includes(p)) {
          scheme.descriptions.push(literal);
        }
      }
      continue;
    }
    if (p === `${SKOS}topConceptOf` && object.value === schemeUri) {
      addUnique(scheme.topConcepts, s);
      continue;
    }
    const concept = concepts.get(s);
    if (!concept) continue;
    const labelKey = LABEL_KEYS[p];
    if (labelKey && object.termType === 'Literal') {
      concept[labelKey].push({ value: object.value, lang: object.language });
      continue;
    }
    const linkKey = LINK_KEYS[p];
    if (linkKey && object.termType === 'NamedNode') addUnique(concept[linkKey], object.value);
  }

  for (const concept of concepts.values()) {
    if (concept.prefLabels.length === 0) {
      throw new SkosParseError(`${source}: concept <${concept.uri}> has no skos:prefLabel`);
    }
    for (const b of concept.broader) {
      const other = concepts.get(b);
      if (other) addUnique(other.narrower, concept.uri);
    }
    for (const n of concept.narrower) {
      const other = concepts.get(n);
      if (other) addUnique(other.broader, concept.uri);
    }
    for (const r of concept.related) {
      const other = concepts.get(r);
      if (other) addUnique(other.related, concept.uri); // SKOS §8.6.5: related is symmetric
    }
  }
  for (const concept of concepts.values()) {
    // Links to concepts this document does not declare are dropped: nothing could show them.
    for (const key of ['broader', 'narrower', 'related'] as const) {
      concept[key] = concept[key].filter((uri) => concepts.has(uri));
    }
  }
  scheme.topConcepts = scheme.topConcepts.filter((uri) => concepts.has(uri));
  return { scheme, concepts };
}
