import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../errors.js';

export interface DemoFilesOptions {
  /** The demo's data directory (`<dataDir>/demo`); it may appear after the app starts. */
  root: string;
}

/** Types the extension table of @fastify/send gets wrong or too vaguely for STAC clients. */
const MEDIA_BY_EXTENSION: Record<string, string> = {
  '.tif': 'image/tiff; application=geotiff',
  '.tiff': 'image/tiff; application=geotiff',
};

/**
 * The demo's asset files, read-only, under the prefix this plugin is registered at: thumbnails
 * and previews for browsers on another origin (CORS is the app's), and data that GDAL's
 * /vsicurl/ and other HTTP clients read with Range requests. No directory listing; a missing
 * file, a directory, a dotfile or a path that leaves the root is a 404 in the API's error shape.
 * Kept out of the OpenAPI document: these are asset hrefs, not API endpoints.
 */
export const demoFileRoutes: FastifyPluginAsync<DemoFilesOptions> = async (app, options) => {
  const notFound = (url: string) =>
    new NotFoundError(`no such demo file: ${url.replace(/\?.*$/, '')}`);

  app.setNotFoundHandler((request) => {
    throw notFound(request.url);
  });
  // @fastify/static answers 403 to '..', '.' and '//' segments and to a directory's URL; to a
  // client these are simply files that are not there, and a 404 tells it no more than that.
  app.setErrorHandler((error: FastifyError, request) => {
    if (error.statusCode === 403) throw notFound(request.url);
    throw error;
  });

  await app.register(fastifyStatic, {
    root: resolve(options.root),
    prefix: '/',
    wildcard: true,
    index: false,
    list: false,
    redirect: false,
    dotfiles: 'ignore',
    decorateReply: false,
    schemaHide: true,
    // The folder may be created later (`npm run demo` while the catalog runs).
    suppressWarning: true,
    setHeaders: (reply, path) => {
      const dot = path.lastIndexOf('.');
      const media = dot >= 0 ? MEDIA_BY_EXTENSION[path.slice(dot).toLowerCase()] : undefined;
      if (media) reply.header('content-type', media);
    },
  });
};
