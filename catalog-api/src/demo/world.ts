/**
 * The synthetic world every collection observes: rivers with their hydrology, and lakes with
 * theirs. Built once per generation from the seed.
 */

import { BASINS, type BasinSpec, basinById } from './basins.js';
import { boundsOf, pointInRing } from './geo.js';
import { LakeHydrology, RiverHydrology } from './hydrology.js';
import { LAKES, type LakeSpec, lakeOutline } from './lakes.js';
import { River } from './rivers.js';
import type { BBox, Position } from './stac-types.js';

export interface Lake {
  spec: LakeSpec;
  basin: BasinSpec;
  /** PLD-like identifier: continent, basin, lake number, type (1 natural, 2 reservoir). */
  lakeId: string;
  meanOutline: Position[];
  /** Bounds of the largest extent the lake is drawn at (2.5 × the mean area). */
  maxBounds: BBox;
  hydrology: LakeHydrology;
}

export class World {
  readonly rivers: readonly River[];
  readonly lakes: readonly Lake[];
  private readonly hydrologyByRiver = new Map<string, RiverHydrology>();

  constructor(readonly seed: number) {
    this.rivers = BASINS.flatMap((basin) => basin.rivers.map((spec) => new River(spec, basin)));
    for (const river of this.rivers) {
      this.hydrologyByRiver.set(river.id, new RiverHydrology(river, seed));
    }
    this.lakes = LAKES.map((spec) => {
      const basin = basinById(spec.basinId);
      const basinCode = String(10 + BASINS.indexOf(basin));
      const type = spec.kind === 'reservoir' ? 2 : 1;
      return {
        spec,
        basin,
        lakeId: `${basin.continent}${basinCode}${spec.pldNumber}${type}`,
        meanOutline: lakeOutline(spec),
        maxBounds: boundsOf(lakeOutline(spec, 2.5)),
        hydrology: new LakeHydrology(spec, seed),
      };
    });
  }

  hydrology(river: River): RiverHydrology {
    const hydrology = this.hydrologyByRiver.get(river.id);
    if (!hydrology) throw new RangeError(`no hydrology for ${river.id}`);
    return hydrology;
  }

  /** The lake (at its mean extent) containing a point, if any. */
  lakeAt(position: Position): Lake | undefined {
    return this.lakes.find((lake) => pointInRing(position, lake.meanOutline));
  }

  riversOf(basin: BasinSpec): River[] {
    return this.rivers.filter((river) => river.basin === basin);
  }
}
