/** What each collection generator receives and returns. */

import type { AssetSink } from './asset-sink.js';
import type { StacCollection, StacItem } from './stac-types.js';
import type { World } from './world.js';

export interface GenerationContext {
  world: World;
  seed: number;
  scale: number;
  sink: AssetSink;
}

export interface GeneratedCollection {
  collection: StacCollection;
  items: StacItem[];
}
