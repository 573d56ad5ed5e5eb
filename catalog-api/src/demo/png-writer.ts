/** Minimal indexed-colour PNG encoder (8-bit palette), for quick-look thumbnails. */

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

/** `indices` are row-major palette indices, one byte per pixel. */
export function encodePalettePng(
  width: number,
  height: number,
  indices: Uint8Array,
  palette: readonly Rgb[],
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
  const parts = [
    SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', Uint8Array.from(palette.flat())),
    chunk('IDAT', deflateSync(rows, RUN_LENGTH)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
