import { ConflictError, InvalidQueryError, NotFoundError, StyxError } from '../errors.js';

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
}

function isPgError(error: unknown): error is PgErrorLike {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/**
 * Translates database errors once, at the DB boundary (as stac-fastapi-pgstac's
 * translate_pgstac_errors does): a unique violation is a Conflict, a missing parent is a
 * NotFound, a bad value is the caller's InvalidQuery. Anything else stays an internal error.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (error instanceof StyxError || !isPgError(error)) return error;
  const code = error.code ?? '';
  const message = error.message.replace(/\s+/g, ' ').trim();
  if (code === '23505') {
    return new ConflictError(`already exists: ${error.detail ?? message}`, { cause: error });
  }
  // PgSTAC raises foreign_key_violation for an item whose collection does not exist.
  if (code === '23503' || code === 'P0002') return new NotFoundError(message);
  // Class 22 "data exception": a value the caller sent that PostgreSQL cannot use
  // (a malformed timestamp, a number out of range, bad JSON).
  if (code.startsWith('22')) return new InvalidQueryError(message, { cause: error });
  // PgSTAC reports what is wrong with the caller's input by RAISE EXCEPTION (P0001).
  if (code === 'P0001') return new InvalidQueryError(message, { cause: error });
  return error;
}
