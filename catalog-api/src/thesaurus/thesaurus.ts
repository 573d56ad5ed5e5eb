import type { LangString, SkosConcept, SkosScheme, SkosVocabulary } from './skos.js';

/** Case-, accent- and punctuation-insensitive form of a label, for matching what users type. */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A phrase matched to a concept, and every label a search for it should also look for. */
export interface ConceptExpansion {
  concept: SkosConcept;
  /** The concept's own labels (preferred, alternative, hidden), then those of all its narrower concepts, deduplicated. */
  labels: string[];
}

export interface LabelMatch {
  concept: SkosConcept;
  label: LangString;
  kind: 'pref' | 'alt' | 'hidden';
}

export interface LabelSearchOptions {
  /** Only labels in this language (BCP 47 primary tag, e.g. 'en'). */
  lang?: string | undefined;
  limit: number;
}

const matchesLang = (label: LangString, lang: string | undefined) =>
  !lang || label.lang === '' || label.lang.split('-')[0] === lang.toLowerCase();

/**
 * A SKOS vocabulary, indexed for the catalog: concepts by URI and by short id, labels by their
 * normalised form. Built once at start-up; every method is a pure read.
 */
export class Thesaurus {
  readonly scheme: SkosScheme;
  private readonly concepts: Map<string, SkosConcept>;
  private readonly byId = new Map<string, SkosConcept>();
  private readonly ids = new Map<string, string>();
  private readonly byLabel = new Map<string, SkosConcept[]>();

  constructor(vocabulary: SkosVocabulary) {
    this.scheme = vocabulary.scheme;
    this.concepts = vocabulary.concepts;
    const localNames = new Map<string, number>();
    for (const uri of this.concepts.keys()) {
      const name = localName(uri);
      localNames.set(name, (localNames.get(name) ?? 0) + 1);
    }
    for (const concept of this.concepts.values()) {
      // The short id is the URI's last segment when no other concept shares it.
      const name = localName(concept.uri);
      const id = name !== '' && localNames.get(name) === 1 ? name : concept.uri;
      this.ids.set(concept.uri, id);
      this.byId.set(id, concept);
      for (const label of labelsOf(concept)) {
        const key = normaliseLabel(label.value);
        if (key === '') continue;
        const list = this.byLabel.get(key) ?? [];
        if (!list.includes(concept)) list.push(concept);
        this.byLabel.set(key, list);
      }
    }
  }

  get size(): number {
    return this.concepts.size;
  }

  /** The id the API names a concept by (`/thesaurus/concepts/{id}`). */
  idOf(concept: SkosConcept): string {
    return this.ids.get(concept.uri)!;
  }

  /** A concept by its short id or its full URI. */
  concept(idOrUri: string): SkosConcept | undefined {
    return this.byId.get(idOrUri) ?? this.concepts.get(idOrUri);
  }

  topConcepts(): SkosConcept[] {
    return this.scheme.topConcepts.map((uri) => this.concepts.get(uri)!);
  }

  broader(concept: SkosConcept): SkosConcept[] {
    return concept.broader.map((uri) => this.concepts.get(uri)!);
  }

  narrower(concept: SkosConcept): SkosConcept[] {
    return concept.narrower.map((uri) => this.concepts.get(uri)!);
  }

  related(concept: SkosConcept): SkosConcept[] {
    return concept.related.map((uri) => this.concepts.get(uri)!);
  }

  /** Every concept below this one, nearest first (a cycle in bad data is walked once). */
  narrowerTransitive(concept: SkosConcept): SkosConcept[] {
    return this.walk(concept, (c) => this.narrower(c));
  }

  /** Every concept above this one, nearest first. */
  broaderTransitive(concept: SkosConcept): SkosConcept[] {
    return this.walk(concept, (c) => this.broader(c));
  }

  private walk(concept: SkosConcept, step: (c: SkosConcept) => SkosConcept[]): SkosConcept[] {
    const seen = new Set([concept.uri]);
    const out: SkosConcept[] = [];
    for (let i = -1; i < out.length; i++) {
      for (const next of step(i < 0 ? concept : out[i]!)) {
        if (seen.has(next.uri)) continue;
        seen.add(next.uri);
        out.push(next);
      }
    }
    return out;
  }

  /** The concepts with a label equal to the phrase, ignoring case, accents and punctuation. */
  lookup(phrase: string): SkosConcept[] {
    return this.byLabel.get(normaliseLabel(phrase)) ?? [];
  }

  /** For each concept the phrase names: its labels and those of everything narrower. */
  expand(phrase: string): ConceptExpansion[] {
    return this.lookup(phrase).map((concept) => {
      const labels = new Map<string, string>();
      for (const c of [concept, ...this.narrowerTransitive(concept)]) {
        for (const label of labelsOf(c)) {
          const key = normaliseLabel(label.value);
          if (key !== '' && !labels.has(key)) labels.set(key, label.value);
        }
      }
      return { concept, labels: [...labels.values()] };
    });
  }

  /**
   * Concepts with a label that starts with the text (first), or that contains it at the start
   * of a word, or anywhere; one match per concept, its best label. For suggestions as a user types.
   */
  search(text: string, options: LabelSearchOptions): LabelMatch[] {
    const needle = normaliseLabel(text);
    if (needle === '') return [];
    const best = new Map<string, { match: LabelMatch; rank: number }>();
    for (const concept of this.concepts.values()) {
      for (const [kind, labels] of [
        ['pref', concept.prefLabels],
        ['alt', concept.altLabels],
        ['hidden', concept.hiddenLabels],
      ] as const) {
        for (const label of labels) {
          if (!matchesLang(label, options.lang)) continue;
          const key = normaliseLabel(label.value);
          const at = key.indexOf(needle);
          if (at < 0) continue;
          const place = key === needle ? 0 : at === 0 ? 1 : key[at - 1] === ' ' ? 2 : 3;
          // Preferred labels before alternative ones at the same place; hidden ones last.
          const rank = place * 3 + (kind === 'pref' ? 0 : kind === 'alt' ? 1 : 2);
          const seen = best.get(concept.uri);
          if (!seen || rank < seen.rank)
            best.set(concept.uri, { match: { concept, label, kind }, rank });
        }
      }
    }
    return [...best.values()]
      .sort(
        (a, b) =>
          a.rank - b.rank ||
          a.match.label.value.localeCompare(b.match.label.value) ||
          a.match.concept.uri.localeCompare(b.match.concept.uri),
      )
      .slice(0, options.limit)
      .map((b) => b.match);
  }
}

function labelsOf(concept: SkosConcept): LangString[] {
  return [...concept.prefLabels, ...concept.altLabels, ...concept.hiddenLabels];
}

function localName(uri: string): string {
  return /[^/#:]*$/.exec(uri)?.[0] ?? '';
}

/** The label in the wanted language, else English, else one with no tag, else the first. */
export function pickLabel(labels: LangString[], lang?: string): LangString | undefined {
  const primary = (l: LangString) => l.lang.split('-')[0];
  return (
    (lang ? labels.find((l) => primary(l) === lang.toLowerCase()) : undefined) ??
    labels.find((l) => primary(l) === 'en') ??
    labels.find((l) => l.lang === '') ??
    labels[0]
  );
}
