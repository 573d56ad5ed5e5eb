/**
 * Coded domain errors. Routes and the catalog throw these; the one error handler in
 * `plugins/error-handler.ts` maps them to HTTP. Never return an Error: throw it.
 */
export class StyxError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request is well-formed JSON/HTTP but asks for something that makes no sense. */
export class InvalidQueryError extends StyxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, 'InvalidQuery', message, options);
  }
}

export class NotFoundError extends StyxError {
  constructor(message: string) {
    super(404, 'NotFound', message);
  }
}

export class ConflictError extends StyxError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, 'Conflict', message, options);
  }
}

export class UnauthorizedError extends StyxError {
  constructor(message = 'This request needs a bearer token (Authorization: Bearer <token>).') {
    super(401, 'Unauthorized', message);
  }
}

export class ForbiddenError extends StyxError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}
