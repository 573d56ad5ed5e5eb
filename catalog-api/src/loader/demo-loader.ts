import { join } from 'node:path';
import type { PgstacCatalog } from '../catalog/pgstac-catalog.js';
import type { StacCollection, StacItem } from '../catalog/stac-types.js';
import { generateDemoCatalog } from '../demo/index.js';
import { demoFileHref } from '../stac/links.js';
import { inferQueryables } from './infer-queryables.js';
import { loadItems } from './item-loader.js';

export interface DemoLoadOptions {
  /** Styx's data directory; asset files go under `<dataDir>/demo`. */
  dataDir: string;
  /**
   * The catalog's public URL (ending with '/') when it serves the demo's files: asset hrefs are
   * then `<publicUrl>files/demo/<path>`, so browsers and kernels fetch them over HTTP. Unset:
   * the files' absolute local paths.
   */
  publicUrl?: string | undefined;
  scale?: number;
  log?: (message: string) => void;
}

export interface DemoLoadResult {
  collections: number;
  items: number;
  seconds: number;
}

const CHUNK = 2_000;

/** Where the demo's asset files are written under Styx's data directory. */
export function demoDataDir(dataDir: string): string {
  return join(dataDir, 'demo');
}

/**
 * Generates the synthetic demo hydrology catalog (asset files included) and loads it through
 * the fast ingest path, then registers each collection's queryables. Re-running replaces it.
 */
export async function loadDemoCatalog(
  catalog: PgstacCatalog,
  options: DemoLoadOptions,
): Promise<DemoLoadResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const demo = await generateDemoCatalog({
    dataDir: demoDataDir(options.dataDir),
    ...(options.publicUrl !== undefined ? { hrefFor: demoFileHref(options.publicUrl) } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
  });
  log(`generated ${demo.items.length} demo items in ${demo.collections.length} collections`);
  const byCollection = new Map<string, StacItem[]>();
  for (const item of demo.items as unknown as StacItem[]) {
    const list = byCollection.get(item.collection!) ?? [];
    list.push(item);
    byCollection.set(item.collection!, list);
  }
  for (const collection of demo.collections as unknown as StacCollection[]) {
    await catalog.upsertCollection(collection);
    const items = byCollection.get(collection.id) ?? [];
    for (let i = 0; i < items.length; i += CHUNK) {
      await loadItems(catalog.db, items.slice(i, i + CHUNK), 'upsert');
    }
    const queryables = inferQueryables(items);
    if (Object.keys(queryables).length > 0) {
      await catalog.upsertQueryables(queryables, [collection.id]);
    }
    log(`loaded ${collection.id}: ${items.length} items`);
  }
  await catalog.invalidateCounts();
  return {
    collections: demo.collections.length,
    items: demo.items.length,
    seconds: (performance.now() - started) / 1000,
  };
}
