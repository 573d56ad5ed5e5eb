import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogContext } from '../app-context.js';
import { CONFORMANCE_CLASSES } from '../stac/conformance.js';
import { MEDIA, REL_AGGREGATE, REL_QUERYABLES, REL_THESAURUS, urlFor } from '../stac/links.js';
import { prefersHtml, WEB_VIEW_PATH } from '../web/index.js';

/** Landing page and conformance (STAC API Core; OGC API Features §7.2, §7.4). */
export const landingRoutes: FastifyPluginAsyncTypebox<CatalogContext> = async (app, ctx) => {
  const base = ctx.baseUrl;
  app.get('/', { schema: { summary: 'Landing page', tags: ['Core'] } }, async (request, reply) => {
    // A browser asking for HTML is sent to the web view; STAC clients (JSON, a wildcard or no
    // Accept at all) get this JSON as before. ?f=json is the web view's own "show the JSON".
    // Appended, not set: CORS has already said Vary: Origin.
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${vary}, Accept` : 'Accept');
    const f = (request.query as { f?: unknown } | undefined)?.f;
    if (f !== 'json' && prefersHtml(request.headers.accept)) {
      return reply.redirect(urlFor(base, WEB_VIEW_PATH), 303);
    }
    const ids = await ctx.catalog.collectionIds();
    return {
      type: 'Catalog',
      stac_version: '1.0.0',
      id: 'styx',
      title: ctx.title,
      description:
        'Styx catalog of hydrology and Earth-observation data: a STAC API and OGC API Features over PgSTAC.',
      conformsTo: CONFORMANCE_CLASSES,
      links: [
        { rel: 'self', type: MEDIA.json, href: base },
        { rel: 'root', type: MEDIA.json, href: base },
        { rel: 'conformance', type: MEDIA.json, href: urlFor(base, 'conformance') },
        { rel: 'data', type: MEDIA.json, href: urlFor(base, 'collections') },
        { rel: 'search', type: MEDIA.geojson, href: urlFor(base, 'search'), method: 'GET' },
        { rel: 'search', type: MEDIA.geojson, href: urlFor(base, 'search'), method: 'POST' },
        { rel: REL_QUERYABLES, type: MEDIA.schema, href: urlFor(base, 'queryables') },
        { rel: REL_AGGREGATE, type: MEDIA.json, href: urlFor(base, 'aggregate'), method: 'GET' },
        { rel: 'aggregations', type: MEDIA.json, href: urlFor(base, 'aggregations') },
        ...(ctx.thesaurus
          ? [
              {
                rel: REL_THESAURUS,
                type: MEDIA.json,
                href: urlFor(base, 'thesaurus'),
                title: 'SKOS thesaurus that expands free-text search',
              },
            ]
          : []),
        { rel: 'service-desc', type: MEDIA.openapi, href: urlFor(base, 'api') },
        { rel: 'service-doc', type: MEDIA.html, href: urlFor(base, 'api.html') },
        ...ids.map((id) => ({
          rel: 'child',
          type: MEDIA.json,
          href: urlFor(base, `collections/${encodeURIComponent(id)}`),
        })),
      ],
    };
  });

  app.get(
    '/conformance',
    { schema: { summary: 'Conformance classes', tags: ['Core'] } },
    async () => ({
      conformsTo: CONFORMANCE_CLASSES,
    }),
  );
};
