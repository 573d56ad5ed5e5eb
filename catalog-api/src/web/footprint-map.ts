import { type Html, html } from './html.js';

/** A GeoJSON geometry as STAC items carry it (RFC 7946), or anything else (ignored). */
type Position = number[];
interface Geometry {
  type?: unknown;
  coordinates?: unknown;
  geometries?: unknown;
}

export interface Footprint {
  geometry: unknown;
  /** Shown on hover and read by screen readers. */
  label: string;
  /** Where a click on the footprint goes (an item's page). */
  href?: string;
}

export interface FootprintMapOptions {
  footprints: Footprint[];
  /** The extent to frame, [west, south, east, north]; default: the footprints' own bounds. */
  bbox?: number[] | undefined;
  /** What the whole map shows, for screen readers. */
  label: string;
  width?: number;
}

/** Every ring or line of a geometry, as lists of [lon, lat]; points as one-position lists. */
function paths(geometry: unknown): { closed: boolean; positions: Position[] }[] {
  const g = geometry as Geometry | null;
  if (!g || typeof g !== 'object') return [];
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      return [{ closed: false, positions: [c] }];
    case 'MultiPoint':
    case 'LineString':
      return g.type === 'LineString'
        ? [{ closed: false, positions: c }]
        : (c as Position[]).map((p) => ({ closed: false, positions: [p] }));
    case 'MultiLineString':
      return (c as Position[][]).map((line) => ({ closed: false, positions: line }));
    case 'Polygon':
      return (c as Position[][]).map((ring) => ({ closed: true, positions: ring }));
    case 'MultiPolygon':
      return (c as Position[][][]).flatMap((poly) =>
        poly.map((ring) => ({ closed: true, positions: ring })),
      );
    case 'GeometryCollection':
      return Array.isArray(g.geometries) ? g.geometries.flatMap(paths) : [];
    default:
      return [];
  }
}

function boundsOf(footprints: Footprint[]): number[] | undefined {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of footprints) {
    for (const { positions } of paths(f.geometry)) {
      for (const [lon, lat] of positions) {
        if (typeof lon !== 'number' || typeof lat !== 'number') continue;
        [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
      }
    }
  }
  return Number.isFinite(w) ? [w, s, e, n] : undefined;
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * A small SVG map of footprints (an equirectangular projection, longitudes shrunk by the cosine
 * of the middle latitude so that shapes keep their look), framed on a bbox with a margin. No
 * basemap: it shows where and how big the data are relative to each other, with the frame's
 * corner coordinates for orientation. Cheap enough to draw on every page, no map library.
 */
export function footprintMap(options: FootprintMapOptions): Html | undefined {
  // A bbox across the antimeridian (west > east) is framed on the footprints instead.
  const given = options.bbox?.length === 4 && options.bbox[0]! <= options.bbox[2]!;
  const frame = given ? options.bbox : boundsOf(options.footprints);
  if (!frame) return undefined;
  let [w, s, e, n] = frame as [number, number, number, number];
  // A point or a line along a meridian or parallel still gets a visible frame.
  const minSpan = 0.05;
  if (e - w < minSpan) [w, e] = [(w + e) / 2 - minSpan / 2, (w + e) / 2 + minSpan / 2];
  if (n - s < minSpan) [s, n] = [(s + n) / 2 - minSpan / 2, (s + n) / 2 + minSpan / 2];
  const margin = 0.08;
  const [dx, dy] = [(e - w) * margin, (n - s) * margin];
  [w, e, s, n] = [w - dx, e + dx, Math.max(-90, s - dy), Math.min(90, n + dy)];
  const shrink = Math.max(0.2, Math.cos((((s + n) / 2) * Math.PI) / 180));
  const width = options.width ?? 480;
  const height = Math.round(Math.min(480, Math.max(120, (width * (n - s)) / ((e - w) * shrink))));
  const x = (lon: number) => round(((lon - w) / (e - w)) * width);
  const y = (lat: number) => round(((n - lat) / (n - s)) * height);

  // The largest first, so that a small footprint inside a big one stays visible and clickable.
  const area = (f: Footprint) => {
    const b = boundsOf([f]);
    return b ? (b[2]! - b[0]!) * (b[3]! - b[1]!) : 0;
  };
  const ordered = [...options.footprints].sort((a, b) => area(b) - area(a));
  /** A marker 6 px wide, so that a point or a footprint too small to see shows at any scale. */
  const marker = (px: number, py: number) => `M${round(px - 3)} ${round(py - 3)}h6v6h-6Z`;
  const shapes = ordered.map((f) => {
    const b = boundsOf([f]);
    const tiny = b && x(b[2]!) - x(b[0]!) < 4 && y(b[1]!) - y(b[3]!) < 4;
    const d = tiny
      ? marker((x(b[0]!) + x(b[2]!)) / 2, (y(b[1]!) + y(b[3]!)) / 2)
      : paths(f.geometry)
          .map(({ closed, positions }) => {
            const pts = positions.filter(
              (p): p is [number, number] => typeof p[0] === 'number' && typeof p[1] === 'number',
            );
            if (pts.length === 0) return '';
            if (pts.length === 1) return marker(x(pts[0]![0]), y(pts[0]![1]));
            return `M${pts.map(([lon, lat]) => `${x(lon)} ${y(lat)}`).join('L')}${closed ? 'Z' : ''}`;
          })
          .join('');
    if (!d) return '';
    const shape = html`<path class="footprint" d="${d}"><title>${f.label}</title></path>`;
    return f.href ? html`<a href="${f.href}">${shape}</a>` : shape;
  });
  const fmt = (v: number, pos: string, neg: string) =>
    `${Math.abs(v).toFixed(2)}°${v < 0 ? neg : pos}`;
  return html`<svg class="footprint-map" role="img" aria-label="${options.label}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<rect class="frame" x="0" y="0" width="${width}" height="${height}"/>
${shapes}
<text class="corner" x="4" y="12">${fmt(n, 'N', 'S')} ${fmt(w, 'E', 'W')}</text>
<text class="corner" x="${width - 4}" y="${height - 4}" text-anchor="end">${fmt(s, 'N', 'S')} ${fmt(e, 'E', 'W')}</text>
</svg>`;
}
