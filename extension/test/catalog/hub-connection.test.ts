import { describe, expect, it } from 'vitest';
import {
  catalogUrlFor,
  type HubPage,
  hubFetch,
  hubPageFrom,
  hubServicesUrl,
  STANDALONE_CATALOG_URL,
} from '../../src/catalog/hub-connection.js';

/** What JupyterHub's single-user server puts in the page config (jupyterhub/singleuser). */
const hubPage: HubPage = {
  hubPrefix: '/hub/',
  hubHost: '',
  token: 'lab-oauth-token',
  origin: 'http://127.0.0.1:8000',
};

describe('the catalog connection under JupyterHub', () => {
  it('sees no Hub in a plain JupyterLab', () => {
    expect(hubPageFrom(() => '', '', 'http://127.0.0.1:8888')).toBeUndefined();
    expect(catalogUrlFor('', undefined)).toBe(STANDALONE_CATALOG_URL);
    expect(catalogUrlFor(' http://stac.example.org/v1/ ', undefined)).toBe(
      'http://stac.example.org/v1/',
    );
  });

  it('defaults to the Hub’s catalog service, as an absolute URL a kernel can open', () => {
    const hub = hubPageFrom(
      (name) => ({ hubPrefix: '/hub/', hubHost: '' })[name] ?? '',
      't',
      hubPage.origin,
    );
    expect(hub).toEqual({ ...hubPage, token: 't' });
    expect(catalogUrlFor('', hubPage)).toBe('http://127.0.0.1:8000/services/catalog/');
    expect(catalogUrlFor('/services/other-catalog/', hubPage)).toBe(
      'http://127.0.0.1:8000/services/other-catalog/',
    );
  });

  it('follows a Hub under a base URL and on another host', () => {
    expect(hubServicesUrl({ ...hubPage, hubPrefix: '/jupyter/hub/' })).toBe(
      'http://127.0.0.1:8000/jupyter/services/',
    );
    expect(hubServicesUrl({ ...hubPage, hubHost: 'https://hub.example.org' })).toBe(
      'https://hub.example.org/services/',
    );
  });

  it('sends the user’s token to the Hub’s services and to nothing else', async () => {
    const seen: Array<[string, string | null]> = [];
    const base = async (input: string, init?: RequestInit) => {
      seen.push([input, new Headers(init?.headers).get('authorization')]);
      return new Response('{}');
    };
    const fetchFn = hubFetch(hubPage, base);
    await fetchFn('http://127.0.0.1:8000/services/catalog/search', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
    });
    await fetchFn('http://127.0.0.1:8000/user/alice/api/contents');
    await fetchFn('https://earth-search.aws.element84.com/v1/search');
    await fetchFn('http://127.0.0.1.nip.example:8000/services/catalog/');
    expect(seen).toEqual([
      ['http://127.0.0.1:8000/services/catalog/search', 'token lab-oauth-token'],
      ['http://127.0.0.1:8000/user/alice/api/contents', null],
      ['https://earth-search.aws.element84.com/v1/search', null],
      ['http://127.0.0.1.nip.example:8000/services/catalog/', null],
    ]);
  });
});
