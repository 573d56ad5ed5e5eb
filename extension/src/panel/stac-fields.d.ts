/**
 * Types for @radiantearth/stac-fields (CommonJS, no types of its own): only what the panel
 * calls. Every string it returns is HTML with the STAC values escaped.
 */
declare module '@radiantearth/stac-fields' {
  namespace StacFields {
    type FieldFilter = ((key: string, path: (string | number)[]) => boolean) | null;

    interface FormattedField {
      /** HTML: the field's label, possibly an `<abbr>` or a link to its definition. */
      label: string;
      value: unknown;
      /** HTML, unless `Registry.externalRenderer` is set. */
      formatted: unknown;
    }

    interface FormattedGroup {
      /** The extension's prefix (`eo`, `proj`…), `''` for core STAC fields. */
      extension: string;
      /** HTML; `''` for core STAC fields. */
      label: string;
      properties: { [field: string]: FormattedField };
    }

    function formatItemProperties(
      item: object,
      filter?: FieldFilter,
      coreKey?: string,
    ): FormattedGroup[];
    function formatAsset(
      asset: object,
      context: object,
      filter?: FieldFilter,
      coreKey?: string,
    ): FormattedGroup[];
    function label(key: string, spec?: object | null): string;

    const Formatters: {
      allowHtmlInCommonMark: boolean;
      formatMediaType(value: string, field?: string | null, spec?: { shorten?: boolean }): string;
    };
    const Registry: {
      externalRenderer: boolean;
    };
  }
  export = StacFields;
}
