/**
 * Reads a download's body chunk by chunk (fetch's ReadableStream), reporting bytes received
 * against the Content-Length, so that a long zip shows its progress instead of a frozen button.
 */
export interface StreamProgress {
  received: number;
  total: number | null;
}

export async function readWithProgress(
  response: Response,
  onProgress: (progress: StreamProgress) => void,
): Promise<Blob> {
  const length = response.headers.get('content-length');
  const total = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  if (!response.body) {
    const blob = await response.blob();
    onProgress({ received: blob.size, total });
    return blob;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  onProgress({ received, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress({ received, total });
  }
  if (total !== null && received !== total) {
    throw new Error(`the download stopped at ${received} of ${total} bytes`);
  }
  return new Blob(chunks as BlobPart[], { type });
}
