/**
 * Streams a download's body chunk by chunk (fetch's ReadableStream) into where it is saved,
 * reporting bytes received against the Content-Length, so that a long zip shows its progress
 * instead of a frozen button, and is written out as it comes rather than held whole in memory.
 */
export interface StreamProgress {
  received: number;
  total: number | null;
}

/** Where a download's bytes go as they arrive: a file on disk, or memory for the fallback. */
export interface DownloadSink {
  write(chunk: Uint8Array): Promise<void>;
  /** Every byte was written: the file is complete. */
  close(): Promise<void>;
  /** The download failed or was cancelled: what was written is thrown away. */
  abort(reason: unknown): Promise<void>;
}

/**
 * Streams `response` into `sink`; resolves with the bytes written once the sink is closed. A
 * body shorter than its Content-Length (a dropped connection) aborts the sink and throws, as
 * does any failure reading or writing.
 */
export async function streamWithProgress(
  response: Response,
  sink: DownloadSink,
  onProgress: (progress: StreamProgress) => void,
): Promise<number> {
  const length = response.headers.get('content-length');
  const total = length !== null && /^\d+$/.test(length) ? Number(length) : null;
  let received = 0;
  try {
    onProgress({ received, total });
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await sink.write(value);
        received += value.byteLength;
        onProgress({ received, total });
      }
    } else {
      const whole = new Uint8Array(await response.arrayBuffer());
      await sink.write(whole);
      received = whole.byteLength;
      onProgress({ received, total });
    }
    if (total !== null && received !== total) {
      throw new Error(`the download stopped at ${received} of ${total} bytes`);
    }
  } catch (error) {
    await sink.abort(error).catch(() => undefined);
    throw error;
  }
  await sink.close();
  return received;
}

/** A sink that keeps the bytes in memory and gives them as one Blob when closed. */
export function memorySink(type: string, onComplete: (blob: Blob) => void): DownloadSink {
  let chunks: Uint8Array[] = [];
  return {
    async write(chunk) {
      chunks.push(chunk);
    },
    async close() {
      onComplete(new Blob(chunks as BlobPart[], { type }));
      chunks = [];
    },
    async abort() {
      chunks = [];
    },
  };
}
