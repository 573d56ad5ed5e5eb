import { describe, expect, it } from 'vitest';
import { itemPropertyGroups, mediaTypeHtml } from '../../src/panel/item-fields.js';

const item = {
  id: 'a',
  collection: 'c1',
  properties: {
    title: 'A title',
    datetime: '2023-05-01T10:00:00Z',
    platform: 'swot',
    'eo:cloud_cover': 12.5,
    'proj:epsg': 32631,
    'swot:pass': 12,
    description: 'Water <script>alert(1)</script> **levels**',
  },
};

describe('itemPropertyGroups', () => {
  it('groups properties by STAC extension, core fields first, as STAC Browser does', () => {
    const groups = itemPropertyGroups(item);
    expect(groups.map((g) => g.extension)).toEqual(['', 'eo', 'proj', 'swot']);
    expect(groups.find((g) => g.extension === 'eo')?.labelHtml).toBe('Electro-Optical');
  });

  it('labels and formats known fields (units, links) and leaves the heading fields out', () => {
    const fields = itemPropertyGroups(item).flatMap((g) => g.fields);
    const byKey = new Map(fields.map((f) => [f.key, f]));
    expect(byKey.has('title')).toBe(false);
    expect(byKey.get('eo:cloud_cover')?.labelHtml).toBe('Cloud Cover');
    expect(byKey.get('eo:cloud_cover')?.valueHtml).toContain('%');
    expect(byKey.get('proj:epsg')?.valueHtml).toContain('EPSG:32631');
    expect(byKey.get('swot:pass')?.labelHtml).toBe('Pass');
  });

  it('renders Markdown descriptions without the HTML they contain', () => {
    const description = itemPropertyGroups(item)
      .flatMap((g) => g.fields)
      .find((f) => f.key === 'description');
    expect(description?.valueHtml).toContain('<strong>levels</strong>');
    expect(description?.valueHtml).not.toContain('<script>');
  });

  it('copes with an item without properties', () => {
    expect(itemPropertyGroups({ id: 'x' })).toEqual([]);
  });
});

describe('mediaTypeHtml', () => {
  it('names common formats', () => {
    expect(mediaTypeHtml('image/tiff; application=geotiff; profile=cloud-optimized')).toBe(
      'Cloud-Optimized GeoTIFF image',
    );
    expect(mediaTypeHtml('application/x-netcdf')).toBe('NetCDF');
  });
});
