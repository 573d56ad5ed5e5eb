import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The STAC 1.0.0 and GeoJSON JSON Schemas, offline: scripts/setup.sh (test mode, step 5)
 * copies them out of pystac's wheel into the virtualenv, as catalog-api's validator test uses
 * them. Extension schemas (processing, file, alternate assets) are not among them: only core.
 */
export const STAC_SCHEMAS = fileURLToPath(
  new URL('../../../../.venv/share/stac-schemas', import.meta.url),
);

export interface StacValidator {
  /** The errors of an Item against STAC 1.0.0's item.json (with GeoJSON's Feature), or []. */
  item(value: unknown): string[];
  collection(value: unknown): string[];
}

export function stacValidator(): StacValidator {
  if (!existsSync(join(STAC_SCHEMAS, 'stac-spec', 'v1.0.0', 'item.json'))) {
    throw new Error(
      `the STAC JSON Schemas are missing from ${STAC_SCHEMAS}; run 'bash scripts/setup.sh test'`,
    );
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // STAC 1.0.0 uses draft-07's IRI formats, which ajv-formats leaves out.
  ajv.addFormat('iri', (s: string) => URL.canParse(s));
  ajv.addFormat('iri-reference', true);
  for (const folder of ['stac-spec/v1.0.0', 'geojson']) {
    for (const name of readdirSync(join(STAC_SCHEMAS, folder))) {
      if (name.endsWith('.json'))
        ajv.addSchema(JSON.parse(readFileSync(join(STAC_SCHEMAS, folder, name), 'utf8')));
    }
  }
  const check = (id: string) => {
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`no schema ${id} in ${STAC_SCHEMAS}`);
    return (value: unknown) =>
      validate(value)
        ? []
        : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
  };
  return {
    item: check('https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/item.json'),
    collection: check(
      'https://schemas.stacspec.org/v1.0.0/collection-spec/json-schema/collection.json',
    ),
  };
}
