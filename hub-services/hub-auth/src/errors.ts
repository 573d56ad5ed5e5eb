/**
 * The errors the Hub authentication throws. They carry `statusCode` and a STAC/OGC-style
 * `code`, so a service's one error handler maps them like its own coded errors.
 */
export class HubAuthError extends Error {
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

/** No credentials, or credentials the Hub does not know (expired, revoked, made up). */
export class NotAuthenticatedError extends HubAuthError {
  constructor(message: string) {
    super(401, 'Unauthorized', message);
  }
}

/** A known caller without the scope the request needs. */
export class MissingScopeError extends HubAuthError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}

/** The Hub could not be asked (down, or answered nonsense): not the caller's fault. */
export class HubUnavailableError extends HubAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, 'HubUnavailable', message, options);
  }
}
