/**
 * The map's colours come from CSS (style/map.css maps them to JupyterLab's theme variables), so
 * the WebGL drawing follows the light and dark themes like the rest of the page.
 */

/** `[r, g, b, a]`, each 0–255, as deck.gl takes colours. */
export type Rgba = [number, number, number, number];

export interface MapColors {
  /** The canvas background: seas and oceans. */
  water: Rgba;
  land: Rgba;
  /** Country borders, and coastlines over a tile basemap. */
  border: Rgba;
  /** Result footprints; drawn with `FOOTPRINT_FILL_ALPHA`. */
  footprint: Rgba;
  /** The selected item's outline. */
  selected: Rgba;
  /** The search rectangle, drawn or being drawn. */
  searchArea: Rgba;
}

/** The CSS custom property of each colour, set on `.styx-MapView` in style/map.css. */
export const MAP_COLOR_PROPERTIES: Record<keyof MapColors, string> = {
  water: '--styx-map-water-color',
  land: '--styx-map-land-color',
  border: '--styx-map-border-color',
  footprint: '--styx-map-footprint-color',
  selected: '--styx-map-selected-color',
  searchArea: '--styx-map-search-area-color',
};

/** Used when a property is missing or unreadable (JupyterLab's light theme). */
export const DEFAULT_MAP_COLORS: MapColors = {
  water: [255, 255, 255, 255],
  land: [224, 224, 224, 255],
  border: [158, 158, 158, 255],
  footprint: [25, 118, 210, 255],
  selected: [245, 124, 0, 255],
  searchArea: [56, 142, 60, 255],
};

/** Reads the map colours from the computed style of `element`. */
export function readMapColors(element: Element): MapColors {
  const style = getComputedStyle(element);
  const colors = { ...DEFAULT_MAP_COLORS };
  for (const key of Object.keys(MAP_COLOR_PROPERTIES) as (keyof MapColors)[]) {
    const text = style.getPropertyValue(MAP_COLOR_PROPERTIES[key]).trim();
    const color = text ? (parseCssColor(text) ?? normalizeWithCanvas(text)) : null;
    if (color) colors[key] = color;
  }
  return colors;
}

/** `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` and `rgba()`; null for anything else. */
export function parseCssColor(text: string): Rgba | null {
  const value = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value)?.[1];
  if (hex) {
    const digits = hex.length <= 4 ? [...hex].map((d) => d + d) : (hex.match(/../g) ?? []);
    const [r = 0, g = 0, b = 0, a = 255] = digits.map((d) => Number.parseInt(d, 16));
    return [r, g, b, a];
  }
  const fn = /^rgba?\(\s*([^)]*)\)$/.exec(value)?.[1];
  if (fn) {
    const parts = fn.split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3 || parts.length > 4) return null;
    const channel = (part: string) =>
      part.endsWith('%') ? (Number.parseFloat(part) * 255) / 100 : Number.parseFloat(part);
    const alpha = (part: string | undefined) =>
      part === undefined
        ? 255
        : part.endsWith('%')
          ? (Number.parseFloat(part) * 255) / 100
          : Number.parseFloat(part) * 255;
    const rgba = [channel(parts[0]!), channel(parts[1]!), channel(parts[2]!), alpha(parts[3])];
    if (!rgba.every(Number.isFinite)) return null;
    return rgba.map((c) => Math.round(Math.max(0, Math.min(255, c)))) as Rgba;
  }
  return null;
}

/** Lets the browser turn any CSS colour (names, hsl()) into one `parseCssColor` reads. */
function normalizeWithCanvas(text: string): Rgba | null {
  if (typeof document === 'undefined') return null;
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return null;
  context.fillStyle = '#010203';
  context.fillStyle = text;
  const normalized = String(context.fillStyle);
  // An invalid colour leaves the sentinel in place.
  return normalized === '#010203' && text.trim() !== '#010203' ? null : parseCssColor(normalized);
}

/** The colour with another alpha. */
export function withAlpha(color: Rgba, alpha: number): Rgba {
  return [color[0], color[1], color[2], alpha];
}
