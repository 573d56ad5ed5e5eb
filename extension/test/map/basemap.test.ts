import { describe, expect, it } from 'vitest';
import countries from 'world-atlas/countries-110m.json';
import { decodeNaturalEarth, isTileUrlTemplate, tileUrls } from '../../src/map/basemap.js';

describe('decodeNaturalEarth', () => {
  it('gives land polygons and the borders between countries', () => {
    const data = decodeNaturalEarth(
      countries as unknown as Parameters<typeof decodeNaturalEarth>[0],
    );
    const land = data.land.type === 'FeatureCollection' ? data.land.features : [data.land];
    expect(land.length).toBeGreaterThan(0);
    expect(
      land.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'),
    ).toBe(true);
    expect(data.borders.coordinates.length).toBeGreaterThan(100);
  });
});

describe('tile URL templates', () => {
  it('accepts http(s) templates with {z}, {x} and {y}', () => {
    expect(isTileUrlTemplate('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(true);
    expect(isTileUrlTemplate('https://tile.example/{z}/{y}/{x}')).toBe(true);
    expect(isTileUrlTemplate('https://tile.example/{z}/{x}.png')).toBe(false);
    expect(isTileUrlTemplate('file:///tiles/{z}/{x}/{y}.png')).toBe(false);
    expect(isTileUrlTemplate('')).toBe(false);
    expect(isTileUrlTemplate(null)).toBe(false);
  });

  it('spreads {s} over the a, b and c subdomains', () => {
    expect(tileUrls('https://{s}.tile.example/{z}/{x}/{y}.png')).toEqual([
      'https://a.tile.example/{z}/{x}/{y}.png',
      'https://b.tile.example/{z}/{x}/{y}.png',
      'https://c.tile.example/{z}/{x}/{y}.png',
    ]);
    expect(tileUrls(' https://t.example/{z}/{x}/{y}.png ')).toEqual([
      'https://t.example/{z}/{x}/{y}.png',
    ]);
  });
});
