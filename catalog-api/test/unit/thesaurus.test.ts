import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_THESAURUS_PATH } from '../../src/demo/thesaurus.js';
import {
  expandFreeText,
  expandSearchText,
  freeTextTerms,
  labelAsFreeText,
  loadThesaurusFile,
  MAX_ADDED_TERMS,
  normaliseLabel,
  parseSkosTurtle,
  SkosParseError,
  Thesaurus,
} from '../../src/thesaurus/index.js';

const TTL = `
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/t/> .
ex:s a skos:ConceptScheme ; skos:prefLabel "Test"@en ; skos:hasTopConcept ex:water .
ex:water a skos:Concept ; skos:prefLabel "water"@en, "eau"@fr ; skos:narrower ex:lake .
ex:lake a skos:Concept ; skos:prefLabel "lake"@en, "lac"@fr ; skos:altLabel "pond"@en ;
  skos:related ex:shore ; skos:exactMatch <http://other.example/lake> .
ex:reservoir a skos:Concept ; skos:prefLabel "Réservoir"@fr, "reservoir"@en ;
  skos:broader ex:lake ; skos:hiddenLabel "resevoir"@en .
ex:shore a skos:Concept ; skos:prefLabel "shore"@en ; skos:broader <http://elsewhere.example/x> .
ex:ice a skos:Concept ; skos:prefLabel "snow and ice"@en ; skos:altLabel "l'eau gelée"@fr .
`;
const thesaurus = () => new Thesaurus(parseSkosTurtle(TTL));

describe('SKOS parsing', () => {
  it('reads the scheme, the concepts and their links, making the hierarchy consistent', () => {
    const { scheme, concepts } = parseSkosTurtle(TTL);
    expect(scheme).toMatchObject({
      uri: 'http://example.org/t/s',
      titles: [{ value: 'Test', lang: 'en' }],
      topConcepts: ['http://example.org/t/water'],
    });
    expect(concepts.size).toBe(5);
    const lake = concepts.get('http://example.org/t/lake')!;
    // skos:broader on the reservoir gives the lake its narrower; water's narrower gives lake's broader.
    expect(lake.narrower).toEqual(['http://example.org/t/reservoir']);
    expect(lake.broader).toEqual(['http://example.org/t/water']);
    expect(concepts.get('http://example.org/t/shore')!.related).toEqual([lake.uri]);
    expect(concepts.get('http://example.org/t/shore')!.broader).toEqual([]); // not in the file
    expect(lake.matches).toEqual(['http://other.example/lake']);
  });

  it.each([
    ['not Turtle', 'ex:a ex:b', /not valid Turtle/],
    [
      'no scheme',
      '<http://x/a> a <http://www.w3.org/2004/02/skos/core#Concept> .',
      /exactly one skos:ConceptScheme; it declares 0/,
    ],
    [
      'no concept',
      '<http://x/s> a <http://www.w3.org/2004/02/skos/core#ConceptScheme> .',
      /declares no skos:Concept/,
    ],
    [
      'a concept without prefLabel',
      `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
       <http://x/s> a skos:ConceptScheme . <http://x/a> a skos:Concept .`,
      /<http:\/\/x\/a> has no skos:prefLabel/,
    ],
  ])('refuses %s, naming the source', (_what, text, message) => {
    expect(() => parseSkosTurtle(text, 'my.ttl')).toThrow(SkosParseError);
    expect(() => parseSkosTurtle(text, 'my.ttl')).toThrow(message);
  });
});

describe('Thesaurus', () => {
  it('looks labels up ignoring case, accents and punctuation, hidden labels included', () => {
    const t = thesaurus();
    expect(normaliseLabel("  L'Eau—Gelée ")).toBe('l eau gelee');
    expect(t.lookup('RESERVOIR').map((c) => c.uri)).toEqual(['http://example.org/t/reservoir']);
    expect(t.lookup('réservoir')).toHaveLength(1);
    expect(t.lookup('resevoir')).toHaveLength(1);
    expect(t.lookup('Pond')[0]!.uri).toBe('http://example.org/t/lake');
    expect(t.lookup('ocean')).toEqual([]);
  });

  it('expands a phrase to its labels and every narrower concept, transitively', () => {
    const [expansion] = thesaurus().expand('eau');
    expect(expansion!.concept.uri).toBe('http://example.org/t/water');
    expect(expansion!.labels).toEqual([
      'water',
      'eau',
      'lake',
      'lac',
      'pond',
      'Réservoir',
      'resevoir',
    ]);
  });

  it('names concepts by short id or URI, and walks the hierarchy', () => {
    const t = thesaurus();
    const reservoir = t.concept('reservoir')!;
    expect(t.concept('http://example.org/t/reservoir')).toBe(reservoir);
    expect(t.idOf(reservoir)).toBe('reservoir');
    expect(t.broaderTransitive(reservoir).map((c) => t.idOf(c))).toEqual(['lake', 'water']);
    expect(t.narrowerTransitive(t.concept('water')!).map((c) => t.idOf(c))).toEqual([
      'lake',
      'reservoir',
    ]);
    expect(t.topConcepts().map((c) => t.idOf(c))).toEqual(['water']);
  });

  it('survives a cycle in the hierarchy', () => {
    const t = new Thesaurus(
      parseSkosTurtle(`@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://x/s> a skos:ConceptScheme .
        <http://x/a> a skos:Concept ; skos:prefLabel "a" ; skos:narrower <http://x/b> .
        <http://x/b> a skos:Concept ; skos:prefLabel "b" ; skos:narrower <http://x/a> .`),
    );
    expect(t.expand('a')[0]!.labels).toEqual(['a', 'b']);
  });

  it('suggests concepts: exact, then prefix, then word start, then substring', () => {
    const t = thesaurus();
    const ids = (text: string, lang?: string) =>
      t.search(text, { lang, limit: 10 }).map((m) => `${t.idOf(m.concept)}:${m.label.value}`);
    expect(ids('la')).toEqual(['lake:lake']);
    expect(ids('la', 'fr')).toEqual(['lake:lac']);
    expect(ids('EAU')).toEqual(['water:eau', "ice:l'eau gelée"]);
    expect(ids('ser')).toEqual(['reservoir:Réservoir']);
    expect(ids('ice')).toEqual(['ice:snow and ice']);
    expect(ids('!!')).toEqual([]);
  });
});

describe('free-text expansion', () => {
  it('splits q into the alternatives PgSTAC ORs, leaving terms with operators alone', () => {
    expect(freeTextTerms('lake, "big river" OR pond')).toEqual(['lake', 'big river', 'pond']);
    expect(freeTextTerms(['lake', '+pond'])).toEqual(['lake', 'pond']);
    expect(freeTextTerms('"a, b", -lake, lake AND pond, (x)')).toEqual(['a, b']);
  });

  it('spells labels so that PgSTAC reads each as one phrase', () => {
    expect(labelAsFreeText('water level')).toBe('water <-> level');
    expect(labelAsFreeText("cours d'eau")).toBe('cours <-> d <-> eau');
    expect(labelAsFreeText('Sentinel-3')).toBe('Sentinel <-> 3');
    expect(labelAsFreeText('snow and ice')).toBe('snow <2> ice');
    expect(labelAsFreeText('crue éclair')).toBe('crue <-> éclair');
    expect(labelAsFreeText('--')).toBeUndefined();
  });

  it('keeps the caller q first and adds the expansion as alternatives', () => {
    const { q, expansions } = expandFreeText('pond, -reservoir', thesaurus());
    expect(q).toEqual(['pond, -reservoir', 'lake', 'lac', 'Réservoir', 'resevoir']);
    expect(expansions).toEqual([
      {
        term: 'pond',
        concept: 'http://example.org/t/lake',
        prefLabel: 'lake',
        labels: ['lake', 'lac', 'Réservoir', 'resevoir'],
      },
    ]);
    expect(expandFreeText('ocean', thesaurus())).toEqual({ q: 'ocean', expansions: [] });
  });

  it('caps what one search adds', () => {
    const many = Array.from(
      { length: 300 },
      (_, i) =>
        `<http://x/c${i}> a skos:Concept ; skos:prefLabel "c${i}" ; skos:broader <http://x/top> .`,
    ).join('\n');
    const t = new Thesaurus(
      parseSkosTurtle(`@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://x/s> a skos:ConceptScheme .
        <http://x/top> a skos:Concept ; skos:prefLabel "top" .
        ${many}`),
    );
    expect(expandFreeText('top', t).q).toHaveLength(1 + MAX_ADDED_TERMS);
  });

  it('leaves a search alone when off, opted out, or without q', () => {
    const t = thesaurus();
    const search = { q: 'pond', limit: 1 };
    expect(expandSearchText(search, undefined, true)).toEqual({ search });
    expect(expandSearchText(search, t, false)).toEqual({ search });
    expect(expandSearchText({ limit: 1 } as { q?: string; limit: number }, t, true)).toEqual({
      search: { limit: 1 },
    });
    const on = expandSearchText(search, t, true);
    expect(on.search).toEqual({ q: ['pond', 'lake', 'lac', 'Réservoir', 'resevoir'], limit: 1 });
    expect(on.report?.scheme).toBe('http://example.org/t/s');
  });
});

describe('the demo thesaurus and its configuration', () => {
  it('is a SKOS hydrology vocabulary with English and French labels', async () => {
    const t = await loadThesaurusFile(DEMO_THESAURUS_PATH);
    expect(t.size).toBeGreaterThanOrEqual(40);
    const discharge = t.lookup('streamflow')[0]!;
    expect(t.lookup('river discharge')[0]).toBe(discharge);
    expect(t.lookup('débit')[0]).toBe(discharge);
    expect(t.expand('surface water')[0]!.labels).toEqual(
      expect.arrayContaining(['river', 'reservoir', 'water mask']),
    );
  });

  it('is the default, another file can replace it, and it can be turned off', () => {
    expect(loadConfig({}).thesaurusPath).toBe(DEMO_THESAURUS_PATH);
    expect(loadConfig({ STYX_THESAURUS: '/srv/gemet.ttl' }).thesaurusPath).toBe('/srv/gemet.ttl');
    expect(loadConfig({ STYX_THESAURUS: 'off' }).thesaurusPath).toBeUndefined();
  });
});
