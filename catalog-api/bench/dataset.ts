import type { StacCollection, StacItem } from '../src/catalog/stac-types.js';
import { generateDemoCatalog } from '../src/demo/index.js';

/** The demo hydrology catalog (deterministic; asset files go under `dataDir`), in the API's types. */
export async function demoDataset(
  dataDir: string,
  scale: number,
): Promise<{ collections: StacCollection[]; items: StacItem[] }> {
  const demo = await generateDemoCatalog({ dataDir, scale });
  return {
    collections: demo.collections as unknown as StacCollection[],
    items: demo.items as unknown as StacItem[],
  };
}
