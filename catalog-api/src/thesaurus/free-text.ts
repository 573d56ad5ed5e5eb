import type { ThesaurusReport } from '../schemas/thesaurus.js';
import { pickLabel, type Thesaurus } from './thesaurus.js';

/** What a search's free text was expanded with, as the response reports it. */
export interface FreeTextExpansion {
  /** The term of `q` that named a concept. */
  term: string;
  concept: string;
  prefLabel: string;
  /** The labels added to the search (the concept's synonyms and its narrower concepts' labels). */
  labels: string[];
}

export interface ExpandedFreeText {
  q: string | string[];
  expansions: FreeTextExpansion[];
}

/** A thesaurus must not turn one word into a query PostgreSQL spends seconds on. */
export const MAX_ADDED_TERMS = 256;

/**
 * The terms of a `q` that may name a concept. PgSTAC's q_to_tsquery reads commas and ` OR `
 * outside double quotes as OR, so each alternative is a term; alternatives with operators
 * (AND, +word, -word, parentheses) are left alone: expanding `-flood` would invert its meaning.
 */
export function freeTextTerms(q: string | string[]): string[] {
  const terms: string[] = [];
  for (const text of [q].flat()) {
    let current = '';
    let quoted = false;
    const push = () => {
      const term = current.trim();
      current = '';
      if (term !== '') terms.push(term);
    };
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') quoted = !quoted;
      if (!quoted && c === ',') {
        push();
        continue;
      }
      const or = !quoted ? /^\s+OR\s+/i.exec(text.slice(i)) : null;
      if (or) {
        push();
        i += or[0].length - 1;
        continue;
      }
      current += c;
    }
    push();
  }
  return terms
    .filter((t) => !/\s+AND\s+|(^|\s)[-!]|[()&|<>!]/i.test(t))
    .map((t) =>
      t
        .replace(/^\+/, '')
        .replace(/^"(.*)"$/, '$1')
        .trim(),
    )
    .filter((t) => t !== '');
}

/**
 * A label as one alternative of PgSTAC's `q`, spelt so that q_to_tsquery passes it on intact:
 * words joined by the phrase operator, `<2>` across an 'and'/'or' (PostgreSQL keeps a stopword's
 * position; and q_to_tsquery would read those words as operators), no punctuation (`'` and `-`
 * are tsquery syntax there). Its own word-joining handles ASCII words only, hence the explicit <->.
 */
export function labelAsFreeText(label: string): string | undefined {
  const words = label.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  let out = '';
  let gap = 1;
  for (const word of words) {
    if (/^(and|or)$/i.test(word)) {
      if (out !== '') gap++;
      continue;
    }
    out = out === '' ? word : `${out} ${gap === 1 ? '<->' : `<${gap}>`} ${word}`;
    gap = 1;
  }
  return out === '' ? undefined : out;
}

/**
 * Expands each term of `q` that is a concept's label into an OR of the concept's labels and its
 * narrower concepts' labels. The caller's own `q` stays first and unchanged; the additions follow
 * as further alternatives (PgSTAC joins an array of strings with OR).
 */
export function expandFreeText(q: string | string[], thesaurus: Thesaurus): ExpandedFreeText {
  const expansions: FreeTextExpansion[] = [];
  const added = new Set<string>();
  const original = new Set(freeTextTerms(q).map((t) => t.toLowerCase()));
  for (const term of freeTextTerms(q)) {
    for (const { concept, labels } of thesaurus.expand(term)) {
      const used: string[] = [];
      for (const label of labels) {
        const text = labelAsFreeText(label);
        if (!text || original.has(label.toLowerCase())) continue;
        if (added.size >= MAX_ADDED_TERMS) break;
        if (!added.has(text)) {
          added.add(text);
          used.push(label);
        }
      }
      expansions.push({
        term,
        concept: concept.uri,
        prefLabel: pickLabel(concept.prefLabels, 'en')!.value,
        labels: used,
      });
    }
  }
  if (added.size === 0) return { q, expansions };
  return { q: [...[q].flat(), ...added], expansions };
}

/** The non-standard top-level member a search response reports its expansion in. */
export const THESAURUS_MEMBER = 'styx:thesaurus';

/**
 * A search document with its `q` expanded, unless there is no thesaurus, the request opted out
 * (`thesaurus=false`) or no term named a concept; the report is set only when `q` changed.
 */
export function expandSearchText<T extends { q?: string | string[] }>(
  search: T,
  thesaurus: Thesaurus | undefined,
  enabled: boolean,
): { search: T; report?: ThesaurusReport } {
  if (!thesaurus || !enabled || search.q === undefined) return { search };
  const { q, expansions } = expandFreeText(search.q, thesaurus);
  if (q === search.q) return { search };
  return {
    search: { ...search, q },
    report: { scheme: thesaurus.scheme.uri, expansions: expansions.filter((e) => e.labels.length) },
  };
}
