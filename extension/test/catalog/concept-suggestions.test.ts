import { describe, expect, it } from 'vitest';
import {
  CatalogModel,
  conceptSuggestions,
  typedFragment,
  withSuggestion,
} from '../../src/catalog/index.js';
import { fakeCatalog } from './fake-catalog.js';

const URL_BASE = 'http://catalog.test/stac';

/** GET /thesaurus/search's answer shape, as the catalog's route serialises it. */
const match = (id: string, prefLabel: string, matchedLabel: string, labelType = 'altLabel') => ({
  id,
  uri: `https://styx.test/thesaurus/${id}`,
  prefLabel,
  href: `${URL_BASE}/thesaurus/concepts/${id}`,
  matchedLabel,
  matchedLang: 'en',
  labelType,
});

describe('the alternative being typed', () => {
  it('is the text after the last comma or OR, trimmed, from two characters', () => {
    expect(typedFragment('stream')).toBe('stream');
    expect(typedFragment('lake level, strea')).toBe('strea');
    expect(typedFragment('lake level OR  strea')).toBe('strea');
    expect(typedFragment('lake, s')).toBeNull();
    expect(typedFragment('lake, ')).toBeNull();
    expect(typedFragment('--')).toBeNull();
  });

  it("leaves the user's own syntax alone: quotes, brackets, +/- operators", () => {
    expect(typedFragment('"river dis')).toBeNull();
    expect(typedFragment('(flood')).toBeNull();
    expect(typedFragment('lake -flood')).toBeNull();
  });

  it('is replaced by the picked label, keeping the earlier alternatives', () => {
    expect(withSuggestion('streamf', 'river discharge')).toBe('river discharge');
    expect(withSuggestion('lake level, streamf', 'river discharge')).toBe(
      'lake level, river discharge',
    );
    expect(withSuggestion('lake level OR streamf', 'river discharge')).toBe(
      'lake level OR river discharge',
    );
  });
});

describe('suggestions from the label matches', () => {
  it('offers each concept once, saying which synonym matched, without what is typed', () => {
    const doc = {
      results: [
        match('discharge', 'river discharge', 'streamflow'),
        match('discharge', 'river discharge', 'stream flow'),
        match('stage', 'water level', 'stage', 'altLabel'),
        match('stream', 'stream', 'stream', 'prefLabel'),
        match('baseflow', 'baseflow', 'baseflow', 'prefLabel'),
      ],
    };
    expect(conceptSuggestions(doc, 'stream', 10)).toEqual([
      { id: 'discharge', prefLabel: 'river discharge', matchedSynonym: 'streamflow' },
      { id: 'stage', prefLabel: 'water level', matchedSynonym: 'stage' },
      { id: 'baseflow', prefLabel: 'baseflow' },
    ]);
    expect(conceptSuggestions(doc, 'stream', 1)).toHaveLength(1);
    expect(conceptSuggestions({ nothing: true }, 'x', 5)).toEqual([]);
  });
});

describe('CatalogModel.suggestConcepts', () => {
  it('asks the thesaurus about the alternative being typed only', async () => {
    const { fetch, requests } = fakeCatalog(() => ({
      body: { q: 'strea', results: [match('discharge', 'river discharge', 'streamflow')] },
    }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });

    expect(await model.suggestConcepts('lake level, strea')).toEqual([
      { id: 'discharge', prefLabel: 'river discharge', matchedSynonym: 'streamflow' },
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url.pathname).toBe('/stac/thesaurus/search');
    expect(requests[0]?.url.searchParams.get('q')).toBe('strea');

    expect(await model.suggestConcepts('lake level, s')).toEqual([]);
    expect(requests).toHaveLength(1); // too short: no request
  });

  it('has nothing to offer when the catalog has no thesaurus or fails', async () => {
    for (const status of [404, 500]) {
      const { fetch } = fakeCatalog(() => ({ status, body: { code: 'x', description: 'y' } }));
      const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
      expect(await model.suggestConcepts('streamf')).toEqual([]);
    }
  });

  it('drops an older request when a newer key arrives', async () => {
    const { fetch, requests } = fakeCatalog((request) => ({
      body: {
        results: [match(request.url.searchParams.get('q') ?? '', 'label', 'label', 'prefLabel')],
      },
      delayMs: request.url.searchParams.get('q') === 'str' ? 50 : 0,
    }));
    const model = new CatalogModel({ catalogUrl: URL_BASE, fetch });
    const older = model.suggestConcepts('str');
    const newer = model.suggestConcepts('stre');
    expect(await older).toEqual([]);
    expect((await newer).map((s) => s.id)).toEqual(['stre']);
    expect(requests).toHaveLength(2);
  });
});
