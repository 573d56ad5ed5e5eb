/**
 * `water-mask-s2`: monthly best-scene water masks from Sentinel-2-like acquisitions over small
 * lon/lat tiles centred on river towns and lakes. Each item has a real GeoTIFF (classes: land,
 * water, cloud) and a PNG quick look. Acquisition dates and times follow the Sentinel-2 orbit
 * (10-day repeat per satellite, two satellites, ~10:30 local solar time); the scene kept each
 * month is the least cloudy one, as water-mask producers do.
 */

import type { BasinSpec } from '../basins.js';
import { buildCollection, distinctValues, rangeOf } from '../collection.js';
import type { GeneratedCollection, GenerationContext } from '../context.js';
import { pad, round } from '../format.js';
import { bboxesIntersect, bboxRing, boundsOf, KM_PER_DEG_LAT, ringCentre } from '../geo.js';
import { encodeGeoTiff } from '../geotiff-writer.js';
import { buildItem } from '../item.js';
import { lakeOutline } from '../lakes.js';
import { SENTINEL_2, SENTINEL_2_HALF_SWATH_KM } from '../orbits.js';
import { overviewPyramid } from '../overviews.js';
import { encodePalettePng, type Rgb } from '../png-writer.js';
import { Rng } from '../prng.js';
import { describeLocation, type River } from '../rivers.js';
import { scaledCount, spreadOrder, takeRoundRobin } from '../selection.js';
import type { BBox, Position, StacItem } from '../stac-types.js';
import { DEMO_END_MS, DEMO_START_MS, isoDate, isoDateTime, monthsBetween, utc } from '../time.js';
import { type LakeExtent, MASK_CLASS, WaterMaskTile } from '../water-mask-raster.js';
import type { Lake } from '../world.js';

export const WATER_MASK_COLLECTION_ID = 'water-mask-s2';
const BASE_COUNT = 2500;
/**
 * 128 px keeps 2,500 masks within the demo's time budget (generation of the whole catalog under a
 * minute, checked by the generator's test; 256 px would double it, 1024 px take minutes); rivers
 * stay at least one pixel wide.
 */
export const MASK_SIZE = 128;
/**
 * 32 px tiles give each mask two internal overviews (64 and 32 px, the last one tile), so a map
 * at low zoom reads one small tile instead of the whole mask, as with any larger COG.
 */
const MASK_TILE_SIZE = 32;

/** Sentinel-2C took over Sentinel-2A's place in the constellation in January 2025. */
const SENTINEL_2C_FROM_MS = utc(2025, 1, 21);

export const MASK_CLASSES = [
  {
    value: MASK_CLASS.land,
    name: 'land',
    description: 'Clear land, no water',
    color_hint: 'D9CFAE',
  },
  { value: MASK_CLASS.water, name: 'water', description: 'Open water', color_hint: '1F78B4' },
  {
    value: MASK_CLASS.cloud,
    name: 'cloud',
    description: 'Cloud or cloud shadow, not classified',
    color_hint: 'F0F0F0',
  },
];

const PALETTE: Rgb[] = MASK_CLASSES.map(({ color_hint: hex }) => [
  Number.parseInt(hex.slice(0, 2), 16),
  Number.parseInt(hex.slice(2, 4), 16),
  Number.parseInt(hex.slice(4, 6), 16),
]);

export const COG_MEDIA_TYPE = 'image/tiff; application=geotiff; profile=cloud-optimized';

interface TileSpec {
  code: string;
  basin: BasinSpec;
  bbox: BBox;
  sizeDeg: number;
  label: string;
  river: River | undefined;
}

interface Acquisition {
  tile: TileSpec;
  ms: number;
  platform: string;
  relativeOrbit: number;
  cloudShare: number;
}

/** Tiles snap to a 0.01° grid; the code names the south-west corner, e.g. `E00062N4420`. */
function tileAround(
  centre: Position,
  sizeDeg: number,
): { code: string; bbox: BBox; sizeDeg: number } {
  const west = Math.round((centre[0] - sizeDeg / 2) * 100) / 100;
  const south = Math.round((centre[1] - sizeDeg / 2) * 100) / 100;
  const bbox: BBox = [west, south, round(west + sizeDeg, 6), round(south + sizeDeg, 6)];
  const code = `${west < 0 ? 'W' : 'E'}${pad(Math.abs(west) * 100, 5)}${south < 0 ? 'S' : 'N'}${pad(Math.abs(south) * 100, 4)}`;
  return { code, bbox, sizeDeg };
}

/** Tile side from the channel width, so that the river is neither a hair nor the whole tile. */
function tileSizeFor(widthM: number): number {
  return widthM < 150 ? 0.1 : widthM < 800 ? 0.2 : 0.3;
}

function lakeTile(lake: Lake): TileSpec {
  const box = boundsOf(lake.meanOutline);
  const extent = Math.max(box[2] - box[0], box[3] - box[1]);
  // Large lakes get a shore tile at their first outline vertex (a recognisable shore town).
  const centre = extent > 0.3 ? lake.meanOutline[0]! : ringCentre(lake.meanOutline);
  const size = Math.min(0.3, Math.max(0.1, Math.ceil(extent * 10 + 1) / 10));
  return {
    ...tileAround(centre, size),
    basin: lake.basin,
    label: lake.spec.name,
    river: undefined,
  };
}

/** Candidate tiles per basin: lakes first, then river towns spread along the rivers. */
function tilesOf(ctx: GenerationContext, basin: BasinSpec): TileSpec[] {
  const lakes = ctx.world.lakes.filter((lake) => lake.basin === basin).map(lakeTile);
  const towns = ctx.world.riversOf(basin).flatMap((river) =>
    spreadOrder(river.towns).map((town) => ({
      ...tileAround(river.positionAt(town.km), tileSizeFor(river.widthM(town.km))),
      basin,
      label: describeLocation(river, town.km),
      river,
    })),
  );
  const seen = new Set<string>();
  return [...lakes, ...towns].filter((tile) => !seen.has(tile.code) && seen.add(tile.code));
}

/** Every acquisition over a tile in a month, with its cloud share; the clearest is kept. */
function bestAcquisitions(ctx: GenerationContext, tile: TileSpec): Acquisition[] {
  const [west, south, east, north] = tile.bbox;
  const [lon, lat] = [(west + east) / 2, (south + north) / 2];
  const passes = SENTINEL_2.overpasses(lon, lat, SENTINEL_2_HALF_SWATH_KM).filter(
    (o) => !o.ascending,
  );
  const scenes: Omit<Acquisition, 'cloudShare'>[] = [];
  for (const pass of passes) {
    for (const [phaseDays, satellite] of [
      [0, 'a'],
      [5, 'b'],
    ] as const) {
      const offset = pass.secondsIntoCycle + phaseDays * 86_400;
      for (const { ms } of SENTINEL_2.overpassTimes(offset, DEMO_START_MS, DEMO_END_MS)) {
        const platform =
          satellite === 'a' && ms >= SENTINEL_2C_FROM_MS ? 'sentinel-2c' : `sentinel-2${satellite}`;
        scenes.push({ tile, ms, platform, relativeOrbit: pass.relativeOrbit });
      }
    }
  }
  scenes.sort((a, b) => a.ms - b.ms);
  const best: Acquisition[] = [];
  for (const month of monthsBetween(DEMO_START_MS, DEMO_END_MS)) {
    let chosen: Acquisition | undefined;
    for (const scene of scenes) {
      if (scene.ms < month.start || scene.ms > month.end) continue;
      const rng = Rng.for(ctx.seed, 'clouds', tile.code, scene.ms);
      const mean = tile.basin.cloudiness[new Date(scene.ms).getUTCMonth()]!;
      // u^k with k = 1/mean - 1 has the basin's monthly mean cloudiness.
      const cloudShare = rng.next() ** (1 / mean - 1);
      if (!chosen || cloudShare < chosen.cloudShare) chosen = { ...scene, cloudShare };
    }
    if (chosen) best.push(chosen);
  }
  return best;
}

/** A basin's monthly scenes, tile after tile; lazy, so unneeded tiles are never computed. */
function* acquisitionsIn(ctx: GenerationContext, basin: BasinSpec): Generator<Acquisition> {
  for (const tile of tilesOf(ctx, basin)) yield* bestAcquisitions(ctx, tile);
}

function lakeExtents(ctx: GenerationContext, bbox: BBox, ms: number): LakeExtent[] {
  return ctx.world.lakes
    .filter((lake) => bboxesIntersect(lake.maxBounds, bbox))
    .map((lake) => lakeOutline(lake.spec, lake.hydrology.relativeArea(ms)));
}

export async function generateWaterMaskCollection(
  ctx: GenerationContext,
): Promise<GeneratedCollection> {
  const n = scaledCount(BASE_COUNT, ctx.scale);
  const groups = basinsWithData(ctx).map((basin) => acquisitionsIn(ctx, basin));
  const tiles = new Map<string, WaterMaskTile>();
  const items: StacItem[] = [];
  for (const acquisition of takeRoundRobin(groups, n)) {
    const { tile } = acquisition;
    let raster = tiles.get(tile.code);
    if (!raster) {
      const nearby = ctx.world.rivers.filter((r) =>
        bboxesIntersect(boundsOf(r.vertices), tile.bbox),
      );
      raster = new WaterMaskTile(
        tile.bbox,
        MASK_SIZE,
        nearby,
        Rng.for(ctx.seed, 'ponds', tile.code),
      );
      tiles.set(tile.code, raster);
    }
    items.push(await buildMaskItem(ctx, acquisition, raster));
  }
  const collection = buildCollection(
    {
      id: WATER_MASK_COLLECTION_ID,
      title: 'Sentinel-2 monthly water masks (synthetic)',
      description: [
        'SYNTHETIC DATA for demonstrations: no value here was measured.',
        'Monthly best-scene surface-water masks in the style of Sentinel-2 (MSI) derived products,',
        `over ${MASK_SIZE}×${MASK_SIZE}-pixel EPSG:4326 tiles of 0.1–0.3° on real rivers and lakes.`,
        'Each item holds a cloud-optimised GeoTIFF with classes 0 land, 1 water, 2 cloud',
        '(`classification:classes`) and a PNG quick look. Acquisition dates follow the Sentinel-2',
        'repeat cycle; rivers widen and floodplain lakes grow in the wet season; `eo:cloud_cover`',
        'is the share of cloud pixels in the mask and `watermask:water_percentage` the share of',
        'clear pixels that are water.',
      ].join(' '),
      keywords: ['Sentinel-2', 'MSI', 'water mask', 'surface water', 'flood', 'synthetic'],
      summaries: {
        platform: distinctValues(items, 'platform'),
        constellation: distinctValues(items, 'constellation'),
        instruments: distinctValues(items, 'instruments'),
        gsd: distinctValues(items, 'gsd'),
        'eo:cloud_cover': rangeOf(items, 'eo:cloud_cover'),
        'proj:epsg': distinctValues(items, 'proj:epsg'),
        'sat:orbit_state': distinctValues(items, 'sat:orbit_state'),
        'styx:basin': distinctValues(items, 'styx:basin'),
      },
      item_assets: {
        mask: {
          type: COG_MEDIA_TYPE,
          roles: ['data'],
          title: 'Water mask',
          'classification:classes': MASK_CLASSES,
        },
        thumbnail: { type: 'image/png', roles: ['thumbnail'], title: 'Quick look' },
      },
    },
    items,
  );
  return { collection, items };
}

function basinsWithData(ctx: GenerationContext): BasinSpec[] {
  const basins: BasinSpec[] = [];
  for (const basin of [
    ...ctx.world.rivers.map((r) => r.basin),
    ...ctx.world.lakes.map((l) => l.basin),
  ]) {
    if (!basins.includes(basin)) basins.push(basin);
  }
  return basins;
}

async function buildMaskItem(
  ctx: GenerationContext,
  acquisition: Acquisition,
  raster: WaterMaskTile,
): Promise<StacItem> {
  const { tile, ms } = acquisition;
  const [west, south, east, north] = tile.bbox;
  const pixelDeg = tile.sizeDeg / MASK_SIZE;
  const widthFactors = raster.channels.map((channel) =>
    ctx.world.hydrology(channel.river).widthFactor(channel.km, ms),
  );
  // Ponds fill with the wetness of the tile's own river (or of any river crossing a lake tile).
  const primary = raster.channels.find((c) => c.river === tile.river) ?? raster.channels[0];
  const wetness = primary ? ctx.world.hydrology(primary.river).wetness(primary.km, ms) : 0;
  const drawing = raster.draw(
    widthFactors,
    Math.min(1.5, Math.max(0, 0.7 + 1.2 * wetness)),
    lakeExtents(ctx, tile.bbox, ms),
    acquisition.cloudShare,
    Rng.for(ctx.seed, 'cloud-field', tile.code, ms),
  );
  const total = MASK_SIZE * MASK_SIZE;
  const clear = total - drawing.cloudPixels;
  const id = `watermask-${tile.code.toLowerCase()}-${isoDate(ms).replaceAll('-', '')}`;
  const dir = `${WATER_MASK_COLLECTION_ID}/${tile.basin.id}`;
  const tiff = encodeGeoTiff({
    width: MASK_SIZE,
    height: MASK_SIZE,
    pixels: drawing.pixels,
    west,
    north,
    pixelWidth: pixelDeg,
    pixelHeight: pixelDeg,
    tileSize: MASK_TILE_SIZE,
    // Mode downsampling: an overview pixel is a class, never an average of classes.
    overviews: overviewPyramid(
      { width: MASK_SIZE, height: MASK_SIZE, pixels: drawing.pixels },
      MASK_TILE_SIZE,
    ).slice(1),
  });
  const mask = await ctx.sink.put(`${dir}/${id}.tif`, tiff);
  const png = encodePalettePng(MASK_SIZE, MASK_SIZE, drawing.pixels, PALETTE);
  const thumbnail = await ctx.sink.put(`${dir}/${id}.png`, png);
  const gsd = Math.round(pixelDeg * KM_PER_DEG_LAT * 1000);
  return buildItem({
    id,
    collection: WATER_MASK_COLLECTION_ID,
    geometry: { type: 'Polygon', coordinates: [bboxRing(tile.bbox)] },
    properties: {
      title: `${tile.label} water mask, ${isoDateTime(ms).slice(0, 7)}`,
      description: `Monthly surface-water mask of ${tile.label} (${tile.basin.name} basin) from Sentinel-2-like imagery; synthetic.`,
      datetime: isoDateTime(ms),
      platform: acquisition.platform,
      constellation: 'sentinel-2',
      mission: 'sentinel-2',
      instruments: ['msi'],
      gsd,
      'eo:cloud_cover': round((100 * drawing.cloudPixels) / total, 2),
      'proj:epsg': 4326,
      'proj:shape': [MASK_SIZE, MASK_SIZE],
      'proj:transform': [pixelDeg, 0, west, 0, -pixelDeg, north],
      'proj:bbox': [west, south, east, north],
      'sat:orbit_state': 'descending',
      'sat:relative_orbit': acquisition.relativeOrbit,
      'styx:basin': tile.basin.name,
      ...(tile.river ? { 'styx:river': tile.river.name } : {}),
      'watermask:tile': tile.code,
      'watermask:location': tile.label,
      'watermask:water_percentage': clear > 0 ? round((100 * drawing.waterPixels) / clear, 2) : 0,
    },
    assets: {
      mask: {
        ...mask,
        type: COG_MEDIA_TYPE,
        roles: ['data'],
        title: 'Water mask',
        'classification:classes': MASK_CLASSES,
        'raster:bands': [{ data_type: 'uint8', spatial_resolution: gsd, sampling: 'area' }],
      },
      thumbnail: {
        ...thumbnail,
        type: 'image/png',
        roles: ['thumbnail'],
        title: 'Quick look',
      },
    },
  });
}
