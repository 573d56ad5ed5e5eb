/**
 * Overview levels of a class raster, as GDAL's COG driver makes them: each level halves the
 * previous one (rounding up) until a level fits in one tile, and each output pixel takes the
 * most frequent class of the 2×2 block under it (GDAL's MODE resampling; an average would invent
 * classes that do not exist). Ties go to the larger class value, so that on a land (0) / water
 * (1) / cloud (2) mask a one-pixel river survives one halving rather than vanishing at once.
 */

export interface RasterLevel {
  width: number;
  height: number;
  /** Row-major pixels, `width * height` values. */
  pixels: Uint8Array;
}

/** 2×2 mode reduction; edge blocks cut by an odd size use the pixels they have. */
export function halveByMode(level: RasterLevel): RasterLevel {
  const { width, height, pixels } = level;
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const out = new Uint8Array(w * h);
  const block = new Uint8Array(4);
  for (let r = 0; r < h; r++) {
    const r0 = 2 * r;
    const r1 = Math.min(r0 + 1, height - 1);
    for (let c = 0; c < w; c++) {
      const c0 = 2 * c;
      const c1 = Math.min(c0 + 1, width - 1);
      block[0] = pixels[r0 * width + c0]!;
      block[1] = pixels[r0 * width + c1]!;
      block[2] = pixels[r1 * width + c0]!;
      block[3] = pixels[r1 * width + c1]!;
      out[r * w + c] = modeOf4(block);
    }
  }
  return { width: w, height: h, pixels: out };
}

function modeOf4(v: Uint8Array): number {
  let best = v[0]!;
  let bestCount = 0;
  for (let i = 0; i < 4; i++) {
    let count = 0;
    for (let j = 0; j < 4; j++) if (v[j] === v[i]) count++;
    if (count > bestCount || (count === bestCount && v[i]! > best)) {
      best = v[i]!;
      bestCount = count;
    }
  }
  return best;
}

/** The full-resolution level followed by its overviews, down to the first that fits one tile. */
export function overviewPyramid(full: RasterLevel, tileSize: number): RasterLevel[] {
  const levels = [full];
  let level = full;
  while (level.width > tileSize || level.height > tileSize) {
    level = halveByMode(level);
    levels.push(level);
  }
  return levels;
}
