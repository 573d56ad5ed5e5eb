import type { MountSource } from './types.js';

/** A source in one line, as the mounts view and the Mount button's tooltip show it. */
export function describeSource(source: MountSource): string {
  if (source.kind === 'posix') return source.path;
  const server = source.endpoint ? ` on ${source.endpoint}` : '';
  return `${source.url}${server}${source.anonymous ? ' (public)' : ''}`;
}
