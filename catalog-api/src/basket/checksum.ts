/**
 * STAC `file:checksum` values are multihashes in hex (File Info extension §Checksums): a varint
 * hash-function code, a varint digest length, then the digest. Download scripts and the zip's
 * manifest check files with the tools every machine has, so only the codes those tools know are
 * verifiable; any other value is still shown, as given, but not checked.
 */
export type ChecksumAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface ParsedChecksum {
  algorithm: ChecksumAlgorithm;
  /** The digest alone, lower-case hex (what sha256sum and hashlib print). */
  digest: string;
}

/** Multihash codes (the multicodec table) of the hash functions coreutils and hashlib share. */
const MULTIHASH: Record<string, { algorithm: ChecksumAlgorithm; bytes: number }> = {
  d501: { algorithm: 'md5', bytes: 16 },
  '11': { algorithm: 'sha1', bytes: 20 },
  '12': { algorithm: 'sha256', bytes: 32 },
  '13': { algorithm: 'sha512', bytes: 64 },
};

/** The algorithm and digest of a multihash, or undefined when it is not one we can check. */
export function parseMultihash(value: string): ParsedChecksum | undefined {
  const hex = value.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  for (const [prefix, { algorithm, bytes }] of Object.entries(MULTIHASH)) {
    if (!hex.startsWith(prefix)) continue;
    const length = Number.parseInt(hex.slice(prefix.length, prefix.length + 2), 16);
    const digest = hex.slice(prefix.length + 2);
    if (length === bytes && digest.length === bytes * 2) return { algorithm, digest };
  }
  return undefined;
}

/** The multihash of a SHA2-256 digest given in hex: what the zip's manifest reports. */
export function sha256Multihash(digestHex: string): string {
  return `1220${digestHex}`;
}
