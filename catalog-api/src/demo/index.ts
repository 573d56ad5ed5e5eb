/**
 * Generator of Styx's demo hydrology catalog: five STAC collections of synthetic, but
 * hydrologically coherent, observations over real river basins, with their asset files.
 */

import { mkdir } from 'node:fs/promises';
import { AssetSink } from './asset-sink.js';
import { generateGaugeCollection } from './collections/gauges.js';
import { generateSwotLakeCollection } from './collections/swot-lake.js';
import { generateSwotRiverCollection } from './collections/swot-river.js';
import { generateVirtualStationCollection } from './collections/virtual-stations.js';
import { generateWaterMaskCollection } from './collections/water-mask.js';
import type { GenerationContext } from './context.js';
import type { StacCollection, StacItem } from './stac-types.js';
import { World } from './world.js';

export type * from './stac-types.js';

export interface DemoOptions {
  /** Where asset files are written (created if missing). */
  dataDir: string;
  /** Asset href for a file relative to `dataDir`; default: absolute POSIX path of the file. */
  hrefFor?: (relPath: string) => string;
  /** Deterministic PRNG seed; the same seed (and options) gives byte-identical output. */
  seed?: number;
  /**
   * Multiplies item counts; 1 gives at least 10,000 items in all. Above about 1.3, lake passes
   * and virtual stations stop growing: every one the model has is already included.
   */
  scale?: number;
}

export interface DemoCatalog {
  collections: StacCollection[];
  items: StacItem[];
}

export const DEFAULT_SEED = 20_230_726;

/**
 * Generates the collections `swot-l2-hr-riversp`, `swot-l2-hr-lakesp`, `water-mask-s2`,
 * `hydroweb-virtual-stations` and `insitu-gauges`, writing one or two small asset files per item
 * under `dataDir/<collection>/<basin>/`. Items carry no self/parent links: the API adds them.
 */
export async function generateDemoCatalog(options: DemoOptions): Promise<DemoCatalog> {
  const seed = options.seed ?? DEFAULT_SEED;
  const scale = options.scale ?? 1;
  if (!Number.isFinite(seed)) {
    throw new RangeError('seed must be a finite number');
  }
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new RangeError('scale must be a positive number');
  }

  await mkdir(options.dataDir, { recursive: true });
  const sink = new AssetSink(
    options.dataDir,
    options.hrefFor ?? AssetSink.absoluteHref(options.dataDir),
  );
  const ctx: GenerationContext = { world: new World(seed), seed, scale, sink };

  const generated = [];
  for (const generate of [
    generateSwotRiverCollection,
    generateSwotLakeCollection,
    generateWaterMaskCollection,
    generateVirtualStationCollection,
    generateGaugeCollection,
  ]) {
    generated.push(await generate(ctx));
  }
  await sink.flush();
  return {
    collections: generated.map((g) => g.collection),
    items: generated.flatMap((g) => g.items),
  };
}
