import { fileURLToPath } from 'node:url';

/** The SKOS hydrology vocabulary shipped with the demo (Turtle), the catalog's default thesaurus. */
export const DEMO_THESAURUS_PATH = fileURLToPath(
  new URL('./thesaurus/hydrology.ttl', import.meta.url),
);
