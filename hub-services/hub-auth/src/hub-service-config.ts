import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * The variables JupyterHub gives a service it manages (JupyterHub docs, "Services": "Launching
 * a Hub-managed service"). Read once, at a service's edge, by `hubServiceFromEnv`.
 */
const HubServiceEnv = Type.Object({
  JUPYTERHUB_SERVICE_NAME: Type.String({ minLength: 1 }),
  JUPYTERHUB_API_URL: Type.String({ format: 'uri' }),
  JUPYTERHUB_API_TOKEN: Type.String({ minLength: 8 }),
  /** Where the proxy sends this service's requests, prefix included: `/services/<name>/`. */
  JUPYTERHUB_SERVICE_PREFIX: Type.String({ pattern: '^/.*/$' }),
  /** The address to listen on (a managed service with a `url`). */
  JUPYTERHUB_SERVICE_URL: Type.Optional(Type.String({ format: 'uri' })),
  /** The service's public URL, when the Hub's `public_url` is set. */
  JUPYTERHUB_PUBLIC_URL: Type.Optional(Type.String()),
  /** The Hub's public origin for browsers ('' when the proxy serves everything on one origin). */
  JUPYTERHUB_HOST: Type.Optional(Type.String()),
  /** The Hub's base URL, `/` unless the whole Hub is under a path. */
  JUPYTERHUB_BASE_URL: Type.Optional(Type.String({ pattern: '^/' })),
  JUPYTERHUB_CLIENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  JUPYTERHUB_OAUTH_CALLBACK_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** JSON list: a token needs one of these to use the service at all. */
  JUPYTERHUB_OAUTH_ACCESS_SCOPES: Type.Optional(Type.String()),
});

export interface HubServiceConfig {
  name: string;
  /** The Hub's REST API, ending with '/' (`http://127.0.0.1:8082/hub/api/`). */
  apiUrl: string;
  /** This service's own token, for calls it makes to the Hub (and as OAuth client secret). */
  apiToken: string;
  /** `/services/<name>/`: every route of the service lives under it. */
  prefix: string;
  /** Host and port to listen on, from JUPYTERHUB_SERVICE_URL. */
  listen: { host: string; port: number } | undefined;
  /** The service's public URL, ending with '/', when the Hub knows it. */
  publicUrl: string | undefined;
  /** The Hub's OAuth endpoints as a browser reaches them. */
  oauth: {
    clientId: string;
    /** Browser-facing `…/hub/api/oauth2/authorize`. */
    authorizeUrl: string;
    /** Absolute path (or URL) of this service's callback, registered with the Hub. */
    callbackUrl: string;
  };
  /** A token must hold one of these (or a broader one) to use the service. */
  accessScopes: string[];
}

export class HubConfigError extends Error {}

/**
 * The JupyterHub service configuration from the environment, or undefined when the process
 * does not run under a Hub (no JUPYTERHUB_SERVICE_NAME): then the service runs standalone.
 * Throws a HubConfigError naming each bad variable.
 */
export function hubServiceFromEnv(
  env: Record<string, string | undefined>,
): HubServiceConfig | undefined {
  if (!env.JUPYTERHUB_SERVICE_NAME) return undefined;
  const relevant = Object.fromEntries(
    Object.keys(HubServiceEnv.properties)
      .filter((key) => env[key] !== undefined)
      .map((key) => [key, env[key]]),
  );
  const errors = [...Value.Errors(HubServiceEnv, relevant)];
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.instancePath.slice(1) || '(root)'}: ${e.message}`);
    throw new HubConfigError(`invalid JupyterHub service environment:\n  ${lines.join('\n  ')}`);
  }
  const v = relevant as Static<typeof HubServiceEnv>;
  const prefix = v.JUPYTERHUB_SERVICE_PREFIX;
  const baseUrl = withSlash(v.JUPYTERHUB_BASE_URL ?? '/');
  return {
    name: v.JUPYTERHUB_SERVICE_NAME,
    apiUrl: withSlash(v.JUPYTERHUB_API_URL),
    apiToken: v.JUPYTERHUB_API_TOKEN,
    prefix,
    listen: v.JUPYTERHUB_SERVICE_URL ? listenAddress(v.JUPYTERHUB_SERVICE_URL) : undefined,
    publicUrl: v.JUPYTERHUB_PUBLIC_URL ? withSlash(v.JUPYTERHUB_PUBLIC_URL) : undefined,
    oauth: {
      clientId: v.JUPYTERHUB_CLIENT_ID ?? `service-${v.JUPYTERHUB_SERVICE_NAME}`,
      authorizeUrl: `${v.JUPYTERHUB_HOST ?? ''}${baseUrl}hub/api/oauth2/authorize`,
      callbackUrl: v.JUPYTERHUB_OAUTH_CALLBACK_URL ?? `${prefix}oauth_callback`,
    },
    accessScopes: parseScopeList(v.JUPYTERHUB_OAUTH_ACCESS_SCOPES) ?? [
      'access:services',
      `access:services!service=${v.JUPYTERHUB_SERVICE_NAME}`,
    ],
  };
}

function parseScopeList(json: string | undefined): string[] | undefined {
  if (json === undefined || json === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new HubConfigError('JUPYTERHUB_OAUTH_ACCESS_SCOPES is not a JSON list of scopes');
  }
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) {
    throw new HubConfigError('JUPYTERHUB_OAUTH_ACCESS_SCOPES is not a JSON list of scopes');
  }
  return parsed;
}

function listenAddress(serviceUrl: string): { host: string; port: number } {
  const url = new URL(serviceUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  // URL keeps IPv6 hosts bracketed; listen() wants them bare.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
