import { createServer, type Server } from 'node:http';
import type { HubServiceConfig } from '@styx/hub-auth';
import { freePort } from '@styx/testing';

/** A Hub user model as `GET /hub/api/user` answers it for a token. */
export interface HubUserModel {
  kind: 'user' | 'service';
  name: string;
  admin: boolean;
  groups: string[];
  scopes: string[];
}

export interface FakeHub {
  /** The catalog's Hub service config, pointing at this Hub's API. */
  config(publicUrl: string): HubServiceConfig;
  close(): Promise<void>;
}

/**
 * The one part of JupyterHub the catalog's auth talks to, `GET /hub/api/user` (token → model),
 * on a real loopback port. A stand-in for the Hub, which the basket tests need only to tell
 * users apart: the real Hub and the catalog behind it are tested together in
 * hub-services/test/hub. Unknown tokens get the Hub's 403.
 */
export async function startFakeHub(models: Record<string, HubUserModel>): Promise<FakeHub> {
  const port = await freePort();
  const server: Server = createServer((request, response) => {
    const token = /^token\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const model = request.url === '/hub/api/user' ? models[token] : undefined;
    response.writeHead(model ? 200 : 403, { 'content-type': 'application/json' });
    response.end(JSON.stringify(model ?? { status: 403, message: 'Forbidden' }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    config: (publicUrl) => ({
      name: 'catalog',
      apiUrl: `http://127.0.0.1:${port}/hub/api/`,
      apiToken: 'catalog-service-token-0123456789',
      prefix: '/services/catalog/',
      listen: undefined,
      publicUrl,
      oauth: {
        clientId: 'service-catalog',
        authorizeUrl: '/hub/api/oauth2/authorize',
        callbackUrl: '/services/catalog/oauth_callback',
      },
      accessScopes: ['access:services', 'access:services!service=catalog'],
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const hubUser = (name: string, scopes: string[] = ['access:services']): HubUserModel => ({
  kind: 'user',
  name,
  admin: false,
  groups: [],
  scopes,
});
