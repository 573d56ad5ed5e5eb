import { inflateSync } from 'node:zlib';
import { addDecoder, BaseDecoder } from 'geotiff';

/**
 * geotiff.js inflates Deflate tiles with pako, in JavaScript; node's zlib does it natively, several
 * times faster, and a map view decodes dozens of tiles per second. Registered once for
 * Compression 8 (Adobe Deflate) and 32946 (the old Deflate code), as geotiff's own decoder is.
 */
class ZlibDeflateDecoder extends BaseDecoder {
  override decodeBlock(buffer: ArrayBufferLike): ArrayBufferLike {
    const out = inflateSync(new Uint8Array(buffer));
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
  }
}

let registered = false;

export function useNativeDeflate(): void {
  if (registered) return;
  registered = true;
  addDecoder([8, 32946], async () => ZlibDeflateDecoder, undefined, false);
}
