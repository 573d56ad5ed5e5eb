import { readFile } from 'node:fs/promises';
import { parseSkosTurtle } from './skos.js';
import { Thesaurus } from './thesaurus.js';

export {
  type ExpandedFreeText,
  expandFreeText,
  expandSearchText,
  type FreeTextExpansion,
  freeTextTerms,
  labelAsFreeText,
  MAX_ADDED_TERMS,
  THESAURUS_MEMBER,
} from './free-text.js';
export {
  type LangString,
  parseSkosTurtle,
  type SkosConcept,
  SkosParseError,
  type SkosScheme,
  type SkosVocabulary,
} from './skos.js';
export {
  type ConceptExpansion,
  type LabelMatch,
  normaliseLabel,
  pickLabel,
  Thesaurus,
} from './thesaurus.js';

/** Reads and indexes a SKOS vocabulary in Turtle; throws SkosParseError naming what is wrong. */
export async function loadThesaurusFile(path: string): Promise<Thesaurus> {
  return new Thesaurus(parseSkosTurtle(await readFile(path, 'utf8'), path));
}
