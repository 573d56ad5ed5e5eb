import { InvalidQueryError } from '../errors.js';

/**
 * The federated paging token: where each provider stands, as base64url JSON, opaque to
 * clients. Each provider keeps its own paging (a PgSTAC token, a remote next link, an
 * OpenSearch startIndex): a federated page asks every provider for its next page from where it
 * stopped, so page 2 neither repeats nor skips anything any provider returned on page 1.
 */
export interface ProviderPosition {
  /** Its own cursor for the next page; absent: its first page. */
  at?: unknown;
  /** It has nothing more (or was given up): not asked again. */
  done?: true;
  /** How many pages in a row it failed or timed out; it is given up at MAX_FAILURES. */
  failures?: number;
  /** How many items it said match, when it said. */
  matched?: number;
}

export type FederationPosition = Record<string, ProviderPosition>;

/** A provider that failed this many pages in a row is given up, so paging always ends. */
export const MAX_FAILURES = 2;

const VERSION = 1;

export function encodePagingToken(position: FederationPosition): string {
  return Buffer.from(JSON.stringify({ v: VERSION, p: position })).toString('base64url');
}

export function decodePagingToken(token: string): FederationPosition {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      p?: unknown;
    };
    if (decoded.v === VERSION && decoded.p && typeof decoded.p === 'object') {
      return decoded.p as FederationPosition;
    }
  } catch {
    // reported below
  }
  throw new InvalidQueryError(
    'token is not a paging token of this federated search; take it from a next link',
  );
}
