import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The OGC CQL2 example corpus. It lives in `shared/` beside the repository checkout, wherever
 * the checkout is, so it is found relative to this file: test/cql2 → catalog-api → repo → its
 * parent.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const EXAMPLES_DIR = resolve(REPO_ROOT, '../shared/cql2-examples');

export interface Example {
  /** File name without extension, e.g. "example54-alt01". */
  name: string;
  text: string;
  /** The parsed `json/NAME.json` twin, if there is one. */
  json?: unknown;
}

/** All `text/*.txt` examples with their JSON twins, sorted by name; [] if the corpus is absent. */
export function loadExamples(): Example[] {
  const textDir = resolve(EXAMPLES_DIR, 'text');
  if (!existsSync(textDir)) return [];
  return readdirSync(textDir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.txt'.length);
      const text = readFileSync(resolve(textDir, file), 'utf8');
      const jsonFile = resolve(EXAMPLES_DIR, 'json', `${name}.json`);
      return existsSync(jsonFile)
        ? { name, text, json: JSON.parse(readFileSync(jsonFile, 'utf8')) as unknown }
        : { name, text };
    });
}
