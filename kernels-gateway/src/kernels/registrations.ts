import { randomBytes } from 'node:crypto';
import type { ConnectionInfo } from './connection-info.js';

interface Waiting {
  kernelId: string;
  resolve: (info: ConnectionInfo) => void;
}

/**
 * One-time tokens for launchers: each launch gets a token, the launcher presents it once with
 * its ports and key, and the token is spent. A token that is unknown, spent or expired
 * registers nothing.
 */
export class Registrations {
  private readonly waiting = new Map<string, Waiting>();

  /** A token for a launch, and the promise of the connection it will register. */
  open(kernelId: string): {
    token: string;
    registered: Promise<ConnectionInfo>;
    cancel: () => void;
  } {
    const token = randomBytes(32).toString('base64url');
    let resolve!: (info: ConnectionInfo) => void;
    const registered = new Promise<ConnectionInfo>((r) => {
      resolve = r;
    });
    this.waiting.set(token, { kernelId, resolve });
    return { token, registered, cancel: () => this.waiting.delete(token) };
  }

  /** The kernel id the token was for, or undefined (and nothing happens) when it is not valid. */
  claim(token: string, info: ConnectionInfo): string | undefined {
    const waiting = this.waiting.get(token);
    if (!waiting) return undefined;
    this.waiting.delete(token);
    waiting.resolve(info);
    return waiting.kernelId;
  }
}
