import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StacLink } from '../../src/catalog/stac-types.js';
import { BASE_URL, DATABASE_KINDS, openTestCatalog, type TestCatalog } from '../support/catalog.js';
import { type Fixture, fixture } from '../support/fixture.js';

const HY = 'http://styx.example.org/thesaurus/hydrology/';
const GAUGES = 'insitu-gauges';
const MASKS = 'water-mask-s2';

describe.each(DATABASE_KINDS)('thesaurus (%s)', (kind) => {
  let t: TestCatalog;
  let f: Fixture;
  const count = (collection: string) => f.items.filter((i) => i.collection === collection).length;
  beforeAll(async () => {
    [t, f] = await Promise.all([openTestCatalog(kind), fixture()]);
  });
  afterAll(async () => t?.close());

  const get = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() };
  };
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, payload });
    return { status: res.statusCode, body: res.json() };
  };
  const search = (params: Record<string, string>) =>
    get(`/search?${new URLSearchParams({ limit: '1', ...params })}`);

  describe('free-text expansion', () => {
    it("finds the items tagged 'streamflow' by 'river discharge', and not with thesaurus=false", async () => {
      expect(count(GAUGES)).toBeGreaterThan(0);
      // The gauges carry 'streamflow' only as a keyword: q matches keywords.
      const tagged = await search({ q: 'streamflow', collections: GAUGES, thesaurus: 'false' });
      expect(tagged.body.numberMatched).toBe(count(GAUGES));

      const plain = await search({ q: 'river discharge', collections: GAUGES, thesaurus: 'false' });
      expect(plain.status).toBe(200);
      expect(plain.body.numberMatched).toBe(0);
      expect(plain.body['styx:thesaurus']).toBeUndefined();

      const expanded = await search({ q: 'river discharge', collections: GAUGES });
      expect(expanded.status).toBe(200);
      expect(expanded.body.numberMatched).toBe(count(GAUGES));
      const [expansion] = expanded.body['styx:thesaurus'].expansions;
      expect(expansion).toMatchObject({
        term: 'river discharge',
        concept: `${HY}discharge`,
        prefLabel: 'river discharge',
      });
      expect(expansion.labels).toEqual(expect.arrayContaining(['streamflow', 'low flow', 'débit']));
    });

    it('finds items by a narrower concept: water masks for "surface water extent"', async () => {
      const plain = await search({
        q: 'surface water extent',
        collections: MASKS,
        thesaurus: 'false',
      });
      expect(plain.body.numberMatched).toBe(0);
      const expanded = await search({ q: 'Surface water extent', collections: MASKS });
      expect(expanded.body.numberMatched).toBe(count(MASKS));
      expect(expanded.body['styx:thesaurus'].expansions[0].labels).toContain('water mask');
    });

    it('expands POST searches unless the body says thesaurus: false, and pages them', async () => {
      const body = { q: 'débit', collections: [GAUGES], limit: 2 };
      const off = await post('/search', { ...body, thesaurus: false });
      expect(off.body.numberMatched).toBe(0);
      const on = await post('/search', body);
      expect(on.body.numberMatched).toBe(count(GAUGES));
      const next = (on.body.links as StacLink[]).find((l) => l.rel === 'next')!;
      const second = await post('/search', next.body as object);
      expect(second.status).toBe(200);
      expect(second.body.features).toHaveLength(Math.min(2, count(GAUGES) - 2));
      expect(second.body['styx:thesaurus'].expansions[0].concept).toBe(`${HY}discharge`);
    });

    it('keeps the rest of q as written: alternatives, and terms with operators', async () => {
      // 'river discharge' expands; '-lake' is left alone (expanding it would invert it).
      const { status, body } = await search({ q: 'river discharge, -lake', collections: GAUGES });
      expect(status).toBe(200);
      expect(body.numberMatched).toBe(count(GAUGES));
      expect(body['styx:thesaurus'].expansions.map((e: { term: string }) => e.term)).toEqual([
        'river discharge',
      ]);
      const unknown = await search({ q: 'zzyzx' });
      expect(unknown.body.numberMatched).toBe(0);
      expect(unknown.body['styx:thesaurus']).toBeUndefined();
    });

    it('expands collection search and aggregation too', async () => {
      const ids = (b: { collections: { id: string }[] }) => b.collections.map((c) => c.id);
      const on = await get('/collections?q=streamflow');
      expect(ids(on.body)).toContain(GAUGES);
      expect(on.body['styx:thesaurus'].expansions[0].concept).toBe(`${HY}discharge`);
      const off = await get('/collections?q=streamflow&thesaurus=false');
      expect(ids(off.body)).not.toContain(GAUGES);

      const total = (b: { aggregations: { name: string; value: number }[] }) =>
        b.aggregations.find((a) => a.name === 'total_count')!.value;
      const agg = await get(
        `/aggregate?aggregations=total_count&collections=${GAUGES}&q=${encodeURIComponent('river discharge')}`,
      );
      expect(total(agg.body)).toBe(count(GAUGES));
      const aggOff = await get(
        `/aggregate?aggregations=total_count&collections=${GAUGES}&q=${encodeURIComponent('river discharge')}&thesaurus=false`,
      );
      expect(total(aggOff.body)).toBe(0);
    });

    it('refuses a thesaurus parameter that is not true or false', async () => {
      const { status, body } = await get('/search?q=flood&thesaurus=maybe');
      expect(status).toBe(400);
      expect(body.description).toMatch(/thesaurus/);
      const posted = await post('/search', { q: 'flood', thesaurus: 'no' });
      expect(posted.status).toBe(400);
    });
  });

  describe('/thesaurus endpoints', () => {
    it('serves the scheme and its top concepts, linked from the landing page', async () => {
      const { status, body } = await get('/thesaurus');
      expect(status).toBe(200);
      expect(body.uri).toBe(`${HY}scheme`);
      expect(body.title.en).toBe('Styx hydrology thesaurus');
      expect(body.conceptCount).toBeGreaterThanOrEqual(40);
      expect(body.topConcepts.map((c: { id: string }) => c.id)).toContain('surface-water');
      const landing = await get('/');
      expect(landing.body.links).toContainEqual(
        expect.objectContaining({ rel: 'thesaurus', href: `${BASE_URL}thesaurus` }),
      );
    });

    it('suggests concepts by label, ignoring case and accents, in the asked language', async () => {
      const stream = await get('/thesaurus/search?q=stream');
      expect(stream.status).toBe(200);
      expect(stream.body.results[0]).toMatchObject({
        id: 'river',
        matchedLabel: 'stream',
        labelType: 'altLabel',
        href: `${BASE_URL}thesaurus/concepts/river`,
      });
      expect(stream.body.results.map((r: { id: string }) => r.id)).toContain('discharge');

      const debit = await get('/thesaurus/search?q=DEBIT&lang=fr&limit=3');
      expect(debit.body.results).toHaveLength(3);
      expect(debit.body.results[0]).toMatchObject({
        id: 'discharge',
        prefLabel: 'débit',
        matchedLabel: 'débit',
        matchedLang: 'fr',
        labelType: 'prefLabel',
      });
      const none = await get('/thesaurus/search?q=debit&lang=de');
      expect(none.body.results).toEqual([]);
    });

    it('serves a concept with its labels, definition, broader, narrower and related concepts', async () => {
      const { status, body } = await get('/thesaurus/concepts/discharge');
      expect(status).toBe(200);
      expect(body.uri).toBe(`${HY}discharge`);
      expect(body.prefLabel).toEqual({ en: 'river discharge', fr: 'débit' });
      expect(body.altLabels.en).toContain('streamflow');
      expect(body.definition.en).toMatch(/volume of water/);
      expect(body.broader.map((c: { id: string }) => c.id)).toEqual(['hydrological-quantity']);
      expect(body.narrower.map((c: { id: string }) => c.id)).toContain('low-flow');
      expect(body.related.map((c: { id: string }) => c.id)).toEqual(
        expect.arrayContaining(['water-level', 'gauging-station', 'river']),
      );
      const byUri = await get(
        `/thesaurus/concepts/${encodeURIComponent(`${HY}discharge`)}?lang=fr`,
      );
      expect(byUri.body.id).toBe('discharge');
      expect(byUri.body.broader[0].prefLabel).toBe('grandeur hydrologique');
    });

    it('walks broader and narrower, one step or transitively', async () => {
      const up = await get('/thesaurus/concepts/reservoir/broader?transitive=true');
      expect(up.body.concepts.map((c: { id: string }) => c.id)).toEqual(['lake', 'surface-water']);
      const down = await get('/thesaurus/concepts/surface-water/narrower');
      expect(down.body.concepts.map((c: { id: string }) => c.id)).not.toContain('reservoir');
      const all = await get('/thesaurus/concepts/surface-water/narrower?transitive=true');
      expect(all.body.concepts.map((c: { id: string }) => c.id)).toEqual(
        expect.arrayContaining(['lake', 'reservoir', 'water-mask']),
      );
    });

    it('shows what a free-text search would be expanded with', async () => {
      const { status, body } = await get('/thesaurus/expand?q=reservoir');
      expect(status).toBe(200);
      expect(body.expanded[0]).toBe('reservoir');
      expect(body.expansions[0].labels).toEqual(
        expect.arrayContaining(['artificial lake', 'retenue']),
      );
    });

    it.each([
      ['/thesaurus/search', /querystring must have required property 'q'/],
      ['/thesaurus/search?q=%2A%2A', /q must contain at least one letter or digit/],
      ['/thesaurus/search?q=lake&lang=english%21', /lang/],
      ['/thesaurus/search?q=lake&limit=0', /limit must be an integer from 1 to 100/],
      ['/thesaurus/search?q=lake&sort=label', /unknown query parameter 'sort'/],
      ['/thesaurus/concepts/lake/narrower?transitive=yes', /transitive/],
    ])('answers 400 to %s', async (url, message) => {
      const { status, body } = await get(url);
      expect(status).toBe(400);
      expect(body.description).toMatch(message);
    });

    it('answers 404 naming an unknown concept', async () => {
      for (const url of ['/thesaurus/concepts/atlantis', '/thesaurus/concepts/atlantis/broader']) {
        const { status, body } = await get(url);
        expect(status).toBe(404);
        expect(body).toMatchObject({ code: 'NotFound' });
        expect(body.description).toMatch(/concept 'atlantis' is not in the thesaurus/);
      }
    });

    it('lists the routes and the thesaurus parameter in the OpenAPI document', async () => {
      const { body } = await get('/api');
      for (const path of [
        '/thesaurus',
        '/thesaurus/search',
        '/thesaurus/expand',
        '/thesaurus/concepts/{id}',
        '/thesaurus/concepts/{id}/narrower',
      ]) {
        expect(body.paths[path]?.get).toBeDefined();
      }
      const params = body.paths['/search'].get.parameters.map((p: { name: string }) => p.name);
      expect(params).toContain('thesaurus');
    });
  });
});
