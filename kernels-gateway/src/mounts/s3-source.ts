import { InvalidRequestError } from '../errors.js';
import type { PublicMountSource, S3Source } from './mount-request.js';

/** What the schema cannot say: credentials or anonymous, and an endpoint that is a URL. */
export function checkS3Source(source: S3Source): S3Source {
  const keys = [source.accessKeyId, source.secretAccessKey].filter((k) => k !== undefined);
  if (source.anonymous && keys.length > 0) {
    throw new InvalidRequestError('an anonymous S3 source takes no accessKeyId or secretAccessKey');
  }
  if (!source.anonymous && keys.length < 2) {
    throw new InvalidRequestError(
      'an S3 source needs both accessKeyId and secretAccessKey, or anonymous: true for public data',
    );
  }
  if (source.endpoint) {
    let url: URL;
    try {
      url = new URL(source.endpoint);
    } catch {
      throw new InvalidRequestError(`the S3 endpoint is not a URL: ${source.endpoint}`);
    }
    if (url.username || url.password) {
      throw new InvalidRequestError('the S3 endpoint must not hold credentials; use accessKeyId');
    }
  }
  return source;
}

/** The source as it is kept and shown: never the credentials. */
export function publicSource(source: PublicMountSource | S3Source): PublicMountSource {
  if (source.kind === 'posix') return { kind: 'posix', path: source.path };
  const { accessKeyId: _id, secretAccessKey: _secret, ...rest } = source as S3Source;
  return rest;
}
