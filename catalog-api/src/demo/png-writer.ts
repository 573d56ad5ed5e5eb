/**
 * Minimal PNG encoders (PNG 1.2 / ISO 15948): 8-bit palette, with optional per-entry alpha
 * (tRNS), for the demo's quick looks and the tiler's class and colour-mapped tiles, and 8-bit
 * RGBA for tiles with more colours than a palette holds. Deflate is node's zlib.
 */

import { constants, crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [red: number, green: number, blue: number];

/** Class rasters are long runs of equal bytes: run-length deflate is ~6× faster than the default, barely larger. */
const RUN_LENGTH = { strategy: constants.Z_RLE };

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * `indices` are row-major palette indices, one byte per pixel. `alpha`, when given, is the
 * opacity of the first palette entries (tRNS); the others are opaque.
 */
export function encodePalettePng(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: readonly Rgb[] | Uint8Array,
  alpha?: Uint8Array,
): Uint8Array {
  if (indices.length !== width * height) throw new RangeError('pixel count mismatch');
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 3, 0, 0, 0], 8); // bit depth 8, colour type 3 (palette), no interlace

  const rows = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    // Filter byte 0 (none) per row; palette images compress well without prediction.
    rows.set(indices.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const rgb = palette instanceof Uint8Array ? palette : Uint8Array.from(palette.flat());
  return assemble([
    chunk('IHDR', header),
    chunk('PLTE', rgb),
    ...(alpha && alpha.length > 0 ? [chunk('tRNS', alpha)] : []),
    chunk('IDAT', deflateSync(rows, RUN_LENGTH)),
  ]);
}

/** `rgba` holds 4 bytes per pixel, row-major. */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (rgba.length !== width * height * 4) throw new RangeError('pixel count mismatch');
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), no interlace
  const stride = width * 4;
  const rows = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    rows.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return assemble([chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 6 }))]);
}

function assemble(chunks: Uint8Array[]): Uint8Array {
  const parts = [SIGNATURE, ...chunks, chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
