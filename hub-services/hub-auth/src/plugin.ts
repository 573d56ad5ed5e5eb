import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { MissingScopeError, NotAuthenticatedError } from './errors.js';
import { HubClient } from './hub-client.js';
import type { HubServiceConfig } from './hub-service-config.js';
import type { HubIdentity } from './identity.js';
import { HubIdentitySource, type IdentitySource, StaticTokenSource } from './identity-source.js';
import { holdsScope, missingScopes } from './scopes.js';

export interface HubAuthOptions {
  /** Under a Hub: check tokens against it, and log browsers in with its OAuth flow. */
  hub?: HubServiceConfig | undefined;
  /** Without a Hub: fixed tokens and whom they stand for. */
  staticTokens?: Array<{ token: string; identity: HubIdentity }>;
  /** How long the Hub's answer about a valid token is trusted (default 60 s). */
  cacheTtlMs?: number;
  /** How long a refused token stays refused without asking again (default 5 s). */
  refusedCacheTtlMs?: number;
  /** The network seam for calls to the Hub. */
  fetch?: typeof fetch;
}

export interface RequireScopesOptions {
  /**
   * A browser (GET asking for HTML) with no valid credentials is sent through the Hub's
   * OAuth login and comes back with a cookie, instead of getting a 401.
   */
  browserLogin?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller, from `Authorization: token|Bearer <token>` or (for GET/HEAD) the service's
     * OAuth cookie; undefined when there are no credentials. Credentials that are not valid
     * throw a 401: a bad token is never read as "anonymous".
     */
    identity(): Promise<HubIdentity | undefined>;
  }
  interface FastifyInstance {
    /** An onRequest hook: 401 without valid credentials, 403 without every scope listed. */
    requireScopes(scopes: readonly string[], options?: RequireScopesOptions): onRequestHookHandler;
  }
}

/** Methods that change nothing: the only ones a cookie alone may authenticate (no CSRF). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Hub authentication, written once for every Styx service (DESIGN: "That check is written once
 * and shared"). It follows JupyterHub's HubOAuth: a token in the Authorization header, or for
 * browsers the service's own OAuth cookie obtained through the Hub's authorize endpoint; the
 * token is checked with `GET /hub/api/user` and the answer cached briefly; the caller needs one
 * of the service's access scopes (JUPYTERHUB_OAUTH_ACCESS_SCOPES) and whatever scopes a route
 * asks for. A cookie never authenticates a request that changes something, so another site
 * cannot make a logged-in browser write.
 */
export const hubAuth = fp<HubAuthOptions>(
  async (app, options) => {
    const hub = options.hub;
    const source: IdentitySource = hub
      ? new HubIdentitySource(
          new HubClient({
            apiUrl: hub.apiUrl,
            apiToken: hub.apiToken,
            clientId: hub.oauth.clientId,
            callbackUrl: hub.oauth.callbackUrl,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
          { ttlMs: options.cacheTtlMs ?? 60_000, refusedTtlMs: options.refusedCacheTtlMs ?? 5_000 },
        )
      : new StaticTokenSource(options.staticTokens ?? []);
    const realm = hub ? `JupyterHub service ${hub.name}` : 'Styx';
    const tokenCookie = hub ? hub.oauth.clientId : undefined;
    const stateCookie = hub ? `${hub.oauth.clientId}-oauth-state` : undefined;
    const secureCookies = hub?.publicUrl?.startsWith('https:') ?? false;

    if (hub) {
      // Signs the OAuth state cookie (it carries the URL to return to); derived from the
      // service's token so that restarts keep it and nothing else needs configuring.
      const secret = createHash('sha256').update(`styx-oauth-state\0${hub.apiToken}`).digest();
      await app.register(cookie, { secret: secret.toString('base64') });
    }

    const resolved = new WeakMap<FastifyRequest, Promise<HubIdentity | undefined>>();

    function credentials(
      request: FastifyRequest,
    ): { token: string; from: 'header' | 'cookie' } | undefined {
      const header = request.headers.authorization;
      if (header) {
        const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
        if (!match?.[1]) {
          throw new NotAuthenticatedError(
            'the Authorization header must be "token <token>" or "Bearer <token>"',
          );
        }
        return { token: match[1], from: 'header' };
      }
      if (tokenCookie && SAFE_METHODS.has(request.method)) {
        const value = request.cookies[tokenCookie];
        if (value) return { token: value, from: 'cookie' };
      }
      return undefined;
    }

    async function resolve(request: FastifyRequest): Promise<HubIdentity | undefined> {
      const creds = credentials(request);
      if (!creds) return undefined;
      const identity = await source.identify(creds.token);
      if (!identity) {
        throw new NotAuthenticatedError(
          creds.from === 'cookie'
            ? 'your login to this service has expired; log in again through the Hub'
            : 'the token is not valid here (expired, revoked, or from another Hub)',
        );
      }
      return identity;
    }

    app.decorateRequest('identity', function identity(this: FastifyRequest) {
      let pending = resolved.get(this);
      if (!pending) {
        pending = resolve(this);
        resolved.set(this, pending);
      }
      return pending;
    });

    function wantsHtml(request: FastifyRequest): boolean {
      return request.method === 'GET' && /\btext\/html\b/.test(request.headers.accept ?? '');
    }

    function redirectToLogin(request: FastifyRequest, reply: FastifyReply) {
      if (!hub || !stateCookie) throw new Error('browser login needs a Hub');
      const state = randomBytes(18).toString('base64url');
      reply.setCookie(stateCookie, JSON.stringify({ state, next: request.url }), {
        path: hub.prefix,
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        signed: true,
        maxAge: 600,
      });
      const query = new URLSearchParams({
        client_id: hub.oauth.clientId,
        redirect_uri: hub.oauth.callbackUrl,
        response_type: 'code',
        state,
      });
      return reply.redirect(`${hub.oauth.authorizeUrl}?${query}`, 302);
    }

    app.decorate(
      'requireScopes',
      (scopes: readonly string[], opts: RequireScopesOptions = {}): onRequestHookHandler =>
        async function requireScopes(request, reply) {
          let identity: HubIdentity | undefined;
          try {
            identity = await request.identity();
          } catch (error) {
            if (!(error instanceof NotAuthenticatedError)) throw error;
            if (tokenCookie && request.cookies[tokenCookie]) {
              reply.clearCookie(tokenCookie, { path: hub?.prefix ?? '/' });
            }
            if (opts.browserLogin && hub && wantsHtml(request))
              return redirectToLogin(request, reply);
            reply.header('www-authenticate', `Bearer realm="${realm}"`);
            throw error;
          }
          if (!identity) {
            if (opts.browserLogin && hub && wantsHtml(request))
              return redirectToLogin(request, reply);
            reply.header('www-authenticate', `Bearer realm="${realm}"`);
            throw new NotAuthenticatedError(
              hub
                ? `this request needs a JupyterHub token (Authorization: token <token>) with access to the ${hub.name} service`
                : 'this request needs a bearer token (Authorization: Bearer <token>)',
            );
          }
          if (hub && !hub.accessScopes.some((scope) => holdsScope(identity.scopes, scope))) {
            throw new MissingScopeError(
              `${identity.kind} ${identity.name} may not use the ${hub.name} service (the token holds none of ${hub.accessScopes.join(', ')})`,
            );
          }
          const missing = missingScopes(identity.scopes, scopes);
          if (missing.length > 0) {
            throw new MissingScopeError(
              `${identity.kind} ${identity.name} lacks the scope ${missing.join(', ')}; an admin grants it through a JupyterHub role`,
            );
          }
        },
    );

    if (hub && tokenCookie && stateCookie) {
      const client = new HubClient({
        apiUrl: hub.apiUrl,
        apiToken: hub.apiToken,
        clientId: hub.oauth.clientId,
        callbackUrl: hub.oauth.callbackUrl,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      app.get(
        `${hub.prefix}oauth_callback`,
        {
          schema: {
            hide: true,
            querystring: {
              type: 'object',
              properties: { code: { type: 'string' }, state: { type: 'string' } },
              required: ['code', 'state'],
            },
          },
        },
        async (request, reply) => {
          const { code, state } = request.query as { code: string; state: string };
          const raw = request.cookies[stateCookie];
          const unsigned = raw ? request.unsignCookie(raw) : undefined;
          let saved: { state?: unknown; next?: unknown } = {};
          try {
            saved = unsigned?.valid && unsigned.value ? JSON.parse(unsigned.value) : {};
          } catch {
            saved = {};
          }
          if (saved.state !== state) {
            return reply.status(400).send({
              code: 'InvalidOAuthState',
              description: `this login link is stale or was not started here; open ${hub.prefix} again`,
            });
          }
          const token = await client.exchangeCode(code);
          if (!token) {
            return reply.status(400).send({
              code: 'InvalidOAuthCode',
              description: `the Hub refused this login code (used twice, or expired); open ${hub.prefix} again`,
            });
          }
          reply.clearCookie(stateCookie, { path: hub.prefix });
          reply.setCookie(tokenCookie, token, {
            path: hub.prefix,
            httpOnly: true,
            sameSite: 'lax',
            secure: secureCookies,
          });
          // Only back into this service: the state cookie is signed, but be strict anyway.
          const next =
            typeof saved.next === 'string' && saved.next.startsWith(hub.prefix)
              ? saved.next
              : hub.prefix;
          return reply.redirect(next, 302);
        },
      );
    }
  },
  { name: 'styx-hub-auth', fastify: '5.x' },
);
