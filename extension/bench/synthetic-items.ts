/**
 * Synthetic search results for the map benchmark: a STAC ItemCollection as the catalog sends
 * it, with footprints of 5 to 20 vertices scattered over Europe and the properties, assets and
 * links of a typical optical-imagery item. Like scene footprints (a tile clipped by a swath is
 * still convex), most are convex; one in five has a vertex pulled in (concave), like outlines
 * traced from a valid-data mask. Deterministic per seed.
 */

/** Mulberry32: small, fast and good enough to scatter footprints. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The area footprints are scattered over: [west, south, east, north]. */
export const SYNTHETIC_AREA = [-10, 35, 30, 60] as const;

export function syntheticItemCollection(count: number, seed = 1): string {
  const next = random(seed);
  const [west, south, east, north] = SYNTHETIC_AREA;
  const base = 'http://catalog.test/stac';
  const features = [];
  for (let i = 0; i < count; i++) {
    const cx = west + next() * (east - west);
    const cy = south + next() * (north - south);
    const radius = 0.05 + next() * 0.25;
    const vertices = 5 + Math.floor(next() * 16);
    const turn = next() * Math.PI * 2;
    const dent = next() < 0.2 ? Math.floor(next() * vertices) : -1;
    const ring: number[][] = [];
    for (let v = 0; v < vertices; v++) {
      const angle = turn + ((v + next() * 0.6) / vertices) * Math.PI * 2;
      const r = v === dent ? radius * 0.5 : radius;
      ring.push([round(cx + r * Math.cos(angle) * 1.4), round(cy + r * Math.sin(angle))]);
    }
    ring.push([ring[0]![0]!, ring[0]![1]!]);
    const xs = ring.map((p) => p[0]!);
    const ys = ring.map((p) => p[1]!);
    const id = `S2X_${String(i).padStart(7, '0')}`;
    const day = 1 + (i % 28);
    features.push({
      type: 'Feature',
      stac_version: '1.1.0',
      stac_extensions: ['https://stac-extensions.github.io/eo/v1.1.0/schema.json'],
      id,
      collection: 'synthetic-s2',
      geometry: { type: 'Polygon', coordinates: [ring] },
      bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
      properties: {
        datetime: `2024-03-${String(day).padStart(2, '0')}T10:3${i % 10}:00Z`,
        platform: i % 2 ? 'sentinel-2a' : 'sentinel-2b',
        constellation: 'sentinel-2',
        'eo:cloud_cover': Math.round(next() * 1000) / 10,
        'proj:epsg': 32600 + 29 + Math.floor(cx / 6),
      },
      assets: {
        data: {
          href: `${base}/data/${id}.tif`,
          type: 'image/tiff; application=geotiff; profile=cloud-optimized',
          roles: ['data'],
        },
        thumbnail: { href: `${base}/data/${id}.png`, type: 'image/png', roles: ['thumbnail'] },
      },
      links: [
        { rel: 'self', href: `${base}/collections/synthetic-s2/items/${id}` },
        { rel: 'collection', href: `${base}/collections/synthetic-s2` },
      ],
    });
  }
  return JSON.stringify({
    type: 'FeatureCollection',
    features,
    numberMatched: count,
    numberReturned: count,
    links: [],
  });
}
