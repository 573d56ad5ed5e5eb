/**
 * The STAC extensions the demo uses, by field prefix. An item declares exactly the extensions
 * whose fields appear in its properties or assets, so declarations cannot drift from content.
 */

import type { StacCollection, StacItem } from './stac-types.js';

export const EXTENSION_SCHEMAS = {
  classification: 'https://stac-extensions.github.io/classification/v1.0.0/schema.json',
  eo: 'https://stac-extensions.github.io/eo/v1.1.0/schema.json',
  file: 'https://stac-extensions.github.io/file/v2.1.0/schema.json',
  proj: 'https://stac-extensions.github.io/projection/v1.1.0/schema.json',
  raster: 'https://stac-extensions.github.io/raster/v1.1.0/schema.json',
  sat: 'https://stac-extensions.github.io/sat/v1.0.0/schema.json',
  timestamps: 'https://stac-extensions.github.io/timestamps/v1.1.0/schema.json',
} as const;

/** Collection-level extension for `item_assets` (core only from STAC 1.1). */
export const ITEM_ASSETS_SCHEMA =
  'https://stac-extensions.github.io/item-assets/v1.0.0/schema.json';

/** Timestamps-extension fields have no prefix. */
const UNPREFIXED: Record<string, keyof typeof EXTENSION_SCHEMAS> = {
  published: 'timestamps',
  expires: 'timestamps',
  unpublished: 'timestamps',
};

const extensionByField = new Map<string, keyof typeof EXTENSION_SCHEMAS | undefined>();

/** Extension owning a field, memoised: the same few dozen field names recur on every item. */
function extensionOf(field: string): keyof typeof EXTENSION_SCHEMAS | undefined {
  if (extensionByField.has(field)) return extensionByField.get(field);
  let extension: keyof typeof EXTENSION_SCHEMAS | undefined = UNPREFIXED[field];
  const colon = field.indexOf(':');
  if (!extension && colon > 0) {
    const prefix = field.slice(0, colon);
    if (prefix in EXTENSION_SCHEMAS) extension = prefix as keyof typeof EXTENSION_SCHEMAS;
  }
  extensionByField.set(field, extension);
  return extension;
}

/** Schema URIs owning any of the given field names, sorted. */
function schemasFor(fields: Iterable<string>): string[] {
  const used = new Set<string>();
  for (const field of fields) {
    const extension = extensionOf(field);
    if (extension) used.add(EXTENSION_SCHEMAS[extension]);
  }
  return [...used].sort();
}

/** Schema URIs for the extension fields used in an item's properties and assets. */
export function extensionsUsedBy(item: Pick<StacItem, 'properties' | 'assets'>): string[] {
  return schemasFor([
    ...Object.keys(item.properties),
    ...Object.values(item.assets).flatMap((asset) => Object.keys(asset)),
  ]);
}

/**
 * Schema URIs for a collection: item-assets, plus the extensions whose fields appear in its
 * summaries or item asset definitions.
 */
export function collectionExtensions(
  collection: Pick<StacCollection, 'summaries' | 'item_assets'>,
): string[] {
  const fields = [
    ...Object.keys(collection.summaries),
    ...Object.values(collection.item_assets).flatMap((asset) => Object.keys(asset)),
  ];
  return [ITEM_ASSETS_SCHEMA, ...schemasFor(fields)].sort();
}
