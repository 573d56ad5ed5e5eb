import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * CWL `outputBinding.glob` on the job's output folder, as POSIX glob (the reference runner
 * uses Python's): `*`, `?` and `[…]` within one path segment, `**` is not special; names
 * starting with a dot match only a pattern segment that starts with a dot.
 */
export function globToRegExp(pattern: string): RegExp {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const parts = segments.map((segment) => {
    let out = segment.startsWith('.') ? '' : '(?!\\.)';
    for (let i = 0; i < segment.length; i++) {
      const c = segment[i] as string;
      if (c === '*') out += '[^/]*';
      else if (c === '?') out += '[^/]';
      else if (c === '[') {
        const end = segment.indexOf(']', i + 2);
        if (end === -1) out += '\\[';
        else {
          let body = segment.slice(i + 1, end);
          if (body.startsWith('!')) body = `^${body.slice(1)}`;
          out += `[${body.replace(/\\/g, '\\\\')}]`;
          i = end;
        }
      } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return out;
  });
  return new RegExp(`^${parts.join('/')}$`);
}

export interface OutputEntry {
  /** Relative to the output folder, with '/' separators. */
  path: string;
  directory: boolean;
}

/**
 * Every regular file and folder under `root`, relative paths, sorted. Symbolic links are left
 * out: one could point outside the job's folder, and only what the job wrote may be published.
 */
export async function listOutputs(root: string): Promise<OutputEntry[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isDirectory())
    .map((e) => ({
      path: relative(root, join(e.parentPath, e.name)).split(sep).join('/'),
      directory: e.isDirectory(),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The entries matched by any of the patterns, in order, each once. */
export function matchOutputs(entries: OutputEntry[], patterns: string[]): OutputEntry[] {
  const regexps = patterns.map(globToRegExp);
  return entries.filter((e) => regexps.some((r) => r.test(e.path)));
}
