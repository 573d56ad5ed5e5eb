import { describe, expect, it } from 'vitest';
import { HubConfigError, hubServiceFromEnv } from '../src/hub-service-config.js';

/** What JupyterHub 6 sets for a managed service named catalog (see jupyterhub/spawner.py). */
const managed = {
  JUPYTERHUB_SERVICE_NAME: 'catalog',
  JUPYTERHUB_API_URL: 'http://127.0.0.1:8082/hub/api',
  JUPYTERHUB_API_TOKEN: 'b2f0c1d8e3a94f5c',
  JUPYTERHUB_SERVICE_PREFIX: '/services/catalog/',
  JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:8081/services/catalog/',
  JUPYTERHUB_PUBLIC_URL: 'http://127.0.0.1:8000/services/catalog/',
  JUPYTERHUB_HOST: '',
  JUPYTERHUB_BASE_URL: '/',
  JUPYTERHUB_CLIENT_ID: 'service-catalog',
  JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/catalog/oauth_callback',
  JUPYTERHUB_OAUTH_ACCESS_SCOPES: '["access:services", "access:services!service=catalog"]',
};

describe('hubServiceFromEnv', () => {
  it('is undefined outside a Hub', () => {
    expect(hubServiceFromEnv({ PATH: '/usr/bin' })).toBeUndefined();
  });

  it('reads what a Hub-managed service is given', () => {
    expect(hubServiceFromEnv(managed)).toEqual({
      name: 'catalog',
      apiUrl: 'http://127.0.0.1:8082/hub/api/',
      apiToken: 'b2f0c1d8e3a94f5c',
      prefix: '/services/catalog/',
      listen: { host: '127.0.0.1', port: 8081 },
      publicUrl: 'http://127.0.0.1:8000/services/catalog/',
      oauth: {
        clientId: 'service-catalog',
        authorizeUrl: '/hub/api/oauth2/authorize',
        callbackUrl: '/services/catalog/oauth_callback',
      },
      accessScopes: ['access:services', 'access:services!service=catalog'],
    });
  });

  it('roots the authorize URL at the Hub host and base URL when the Hub has them', () => {
    const hub = hubServiceFromEnv({
      ...managed,
      JUPYTERHUB_HOST: 'https://hub.example.org',
      JUPYTERHUB_BASE_URL: '/jupyter/',
    });
    expect(hub?.oauth.authorizeUrl).toBe(
      'https://hub.example.org/jupyter/hub/api/oauth2/authorize',
    );
  });

  it('names each bad variable', () => {
    expect(() =>
      hubServiceFromEnv({
        ...managed,
        JUPYTERHUB_API_URL: 'not a url',
        JUPYTERHUB_SERVICE_PREFIX: 'x',
      }),
    ).toThrow(/JUPYTERHUB_API_URL[\s\S]*JUPYTERHUB_SERVICE_PREFIX/);
    expect(() =>
      hubServiceFromEnv({ ...managed, JUPYTERHUB_OAUTH_ACCESS_SCOPES: '{"a":1}' }),
    ).toThrow(HubConfigError);
  });
});
