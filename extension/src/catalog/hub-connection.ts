/**
 * How the panel reaches the catalog when JupyterLab runs under JupyterHub: through the Hub's
 * proxy at `<hub base>/services/catalog/`, with the user's own token (the one JupyterHub puts
 * in JupyterLab's page config). Outside a Hub, or when the settings name another catalog, the
 * panel talks to that URL with no credentials: the token never leaves the Hub's services.
 */
import { withTraceparent } from '../tracing/index.js';
import type { FetchFunction } from './client.js';

/** The local Styx catalog that a standalone catalog (`npm run start -w catalog-api`) serves. */
export const STANDALONE_CATALOG_URL = 'http://127.0.0.1:8081/';

/** What JupyterHub's single-user server writes into the page config (jupyterhub/singleuser). */
export interface HubPage {
  /** `<base>hub/`, for example `/hub/`; empty outside a Hub. */
  hubPrefix: string;
  /** The Hub's origin when it differs from the page's; usually empty. */
  hubHost: string;
  /** The OAuth token of this JupyterLab, with the scopes the Hub allowed it. */
  token: string;
  /** The page's own origin (`location.origin`), to make URLs absolute for kernels. */
  origin: string;
}

/** The Hub page info, or undefined when JupyterLab is not running under a Hub. */
export function hubPageFrom(
  option: (name: string) => string,
  token: string,
  origin: string,
): HubPage | undefined {
  const hubPrefix = option('hubPrefix');
  if (!hubPrefix) return undefined;
  return { hubPrefix, hubHost: option('hubHost'), token, origin };
}

/** The absolute URL of the Hub's services, ending with '/': `http://host/services/`. */
export function hubServicesUrl(hub: HubPage): string {
  const base = hub.hubPrefix.replace(/hub\/?$/, '');
  return new URL(`${base.endsWith('/') ? base : `${base}/`}services/`, hub.hubHost || hub.origin)
    .href;
}

/**
 * The catalog to browse: the settings' URL when set; else the Hub's catalog service under a
 * Hub; else the standalone default.
 */
export function catalogUrlFor(setting: string | undefined, hub: HubPage | undefined): string {
  const chosen = setting?.trim();
  if (chosen) return hub ? new URL(chosen, hub.origin).href : chosen;
  return hub ? `${hubServicesUrl(hub)}catalog/` : STANDALONE_CATALOG_URL;
}

/**
 * A fetch that adds `Authorization: token <token>` to requests for the Hub's services, and to
 * nothing else; those requests also carry a W3C `traceparent` (a fresh trace per request unless
 * the caller gives one), which the services' traces join. Only the Hub's own origin gets it: a
 * header of its own on a request to another catalog would need that server's CORS consent.
 */
export function hubFetch(hub: HubPage, base: FetchFunction): FetchFunction {
  const services = hubServicesUrl(hub);
  const isService = (input: string) => {
    try {
      return new URL(input, hub.origin).href.startsWith(services);
    } catch {
      return false; // not a URL: let fetch report it
    }
  };
  return (input, init) => {
    if (!isService(input)) return base(input, init);
    const headers = withTraceparent(new Headers(init?.headers));
    if (hub.token) headers.set('Authorization', `token ${hub.token}`);
    return base(input, { ...init, headers });
  };
}
