/**
 * Thesaurus suggestions for the search box: which part of the words typed so far a suggestion
 * completes, what the text becomes when one is picked, and the catalog's label matches turned
 * into one suggestion per concept.
 *
 * The catalog expands each alternative of `q` (PgSTAC reads commas and ` OR ` as OR) that names
 * a concept with its synonyms and narrower concepts, so a suggestion replaces the alternative
 * being typed, the text after the last comma, with the concept's preferred label.
 */

/** One concept to offer, as GET <catalog>/thesaurus/search answers it. */
export interface ConceptSuggestion {
  /** The concept's id under /thesaurus/concepts/. */
  id: string;
  /** Its preferred label, in the language asked for when it has one: what a pick inserts. */
  prefLabel: string;
  /** The label that matched what was typed, when not the preferred one (a synonym). */
  matchedSynonym?: string;
}

/** The shortest fragment worth asking the thesaurus about. */
export const MIN_FRAGMENT_LENGTH = 2;

/** The alternative being typed: the text after the last comma, or null when too short. */
export function typedFragment(q: string): string | null {
  const fragment = q.slice(lastAlternativeStart(q)).trim();
  if (fragment.length < MIN_FRAGMENT_LENGTH || !/[\p{L}\p{N}]/u.test(fragment)) {
    return null;
  }
  // Quoted phrases and operators are the user's own syntax: leave them as typed.
  if (/["()]|(^|\s)[-+!]/.test(fragment)) {
    return null;
  }
  return fragment;
}

/** `q` with the alternative being typed replaced by a concept's preferred label. */
export function withSuggestion(q: string, prefLabel: string): string {
  const before = q.slice(0, lastAlternativeStart(q));
  return before === '' || /\s$/.test(before) ? `${before}${prefLabel}` : `${before} ${prefLabel}`;
}

interface LabelMatch {
  id?: unknown;
  prefLabel?: unknown;
  matchedLabel?: unknown;
  labelType?: unknown;
}

/**
 * The catalog's label matches, one per concept in the catalog's order (a concept whose
 * synonym and preferred label both match is offered once), without the concept already typed.
 */
export function conceptSuggestions(
  doc: unknown,
  typed: string,
  limit: number,
): ConceptSuggestion[] {
  const results = (doc as { results?: unknown }).results;
  if (!Array.isArray(results)) {
    return [];
  }
  const seen = new Set<string>();
  const out: ConceptSuggestion[] = [];
  for (const match of results as LabelMatch[]) {
    if (typeof match.id !== 'string' || typeof match.prefLabel !== 'string' || seen.has(match.id)) {
      continue;
    }
    seen.add(match.id);
    if (sameText(match.prefLabel, typed)) {
      continue;
    }
    const suggestion: ConceptSuggestion = { id: match.id, prefLabel: match.prefLabel };
    if (
      match.labelType !== 'prefLabel' &&
      typeof match.matchedLabel === 'string' &&
      !sameText(match.matchedLabel, match.prefLabel)
    ) {
      suggestion.matchedSynonym = match.matchedLabel;
    }
    out.push(suggestion);
    if (out.length >= limit) {
      break;
    }
  }
  return out;
}

/** Where the last alternative of `q` starts: after its last comma or ` OR `. */
function lastAlternativeStart(q: string): number {
  const start = q.lastIndexOf(',') + 1;
  let offset = 0;
  for (const or of q.slice(start).matchAll(/\s+OR\s+/gi)) offset = or.index + or[0].length;
  return start + offset;
}

function sameText(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  return fold(a) === fold(b);
}
