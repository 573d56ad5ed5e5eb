import type { Writable } from 'zeromq';

/**
 * Sends on one ZeroMQ socket in order. zeromq@6 allows a single send in flight per socket
 * ("Socket is busy writing"), and several websocket clients or timers may send at once.
 */
export class SocketWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly socket: Writable) {}

  send(frames: Buffer[]): Promise<void> {
    const next = this.chain.then(() => this.socket.send(frames));
    this.chain = next.catch(() => undefined);
    return next;
  }
}

/** Reads every multipart message of a socket until it closes; a closed socket ends quietly. */
export async function readAll(
  socket: AsyncIterable<Buffer[]>,
  onMessage: (frames: Buffer[]) => void,
): Promise<void> {
  try {
    for await (const frames of socket) onMessage(frames);
  } catch (error) {
    if (!isClosedError(error)) throw error;
  }
}

function isClosedError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EBADF' || code === 'ETERM' || code === 'ENOTSOCK' || code === 'EAGAIN';
}
