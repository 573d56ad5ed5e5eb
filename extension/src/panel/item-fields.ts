/**
 * An item's properties as STAC Browser shows them: labelled, formatted (units, dates, links
 * for EPSG codes and DOIs, Markdown descriptions) and grouped by STAC extension, by the same
 * library, @radiantearth/stac-fields.
 */
import StacFields from '@radiantearth/stac-fields';
import type { StacItemLike } from '../codegen/index.js';

export interface FieldRow {
  key: string;
  /** HTML from stac-fields: STAC values escaped, labels possibly `<abbr>` or a link. */
  labelHtml: string;
  valueHtml: string;
}

export interface FieldGroup {
  /** The extension's prefix (`eo`, `proj`…); `''` for core STAC fields, listed first. */
  extension: string;
  /** HTML; `''` for core STAC fields. */
  labelHtml: string;
  fields: FieldRow[];
}

/** Fields the item view already shows in its heading. */
const SHOWN_IN_HEADING = new Set(['title']);

export function itemPropertyGroups(item: StacItemLike): FieldGroup[] {
  const groups = StacFields.formatItemProperties(
    { ...item, properties: item.properties ?? {} },
    (key) => !SHOWN_IN_HEADING.has(key),
  );
  return groups
    .map((group) => ({
      extension: group.extension,
      labelHtml: group.label,
      fields: Object.entries(group.properties).map(([key, field]) => ({
        key,
        labelHtml: field.label,
        valueHtml:
          typeof field.formatted === 'string' ? field.formatted : escapeHtml(String(field.value)),
      })),
    }))
    .filter((group) => group.fields.length > 0);
}

/**
 * A media type in words (`Cloud-Optimized GeoTIFF image`, `NetCDF`), as HTML (escaped);
 * an unknown type comes back as itself.
 */
export function mediaTypeHtml(type: string): string {
  return StacFields.Formatters.formatMediaType(type, null, {});
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
