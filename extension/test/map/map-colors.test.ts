import { describe, expect, it } from 'vitest';
import { parseCssColor } from '../../src/map/map-colors.js';

describe('parseCssColor', () => {
  it('reads the hex forms', () => {
    expect(parseCssColor('#1976d2')).toEqual([25, 118, 210, 255]);
    expect(parseCssColor(' #FFF ')).toEqual([255, 255, 255, 255]);
    expect(parseCssColor('#0000ff80')).toEqual([0, 0, 255, 128]);
    expect(parseCssColor('#f008')).toEqual([255, 0, 0, 136]);
  });

  it('reads rgb() and rgba(), with commas or spaces, numbers or percentages', () => {
    expect(parseCssColor('rgb(25, 118, 210)')).toEqual([25, 118, 210, 255]);
    expect(parseCssColor('rgba(0, 0, 0, 0.5)')).toEqual([0, 0, 0, 128]);
    expect(parseCssColor('rgb(100% 0% 0% / 50%)')).toEqual([255, 0, 0, 128]);
  });

  it('returns null for what it does not read', () => {
    expect(parseCssColor('tomato')).toBeNull();
    expect(parseCssColor('#12345')).toBeNull();
    expect(parseCssColor('rgb(1, 2)')).toBeNull();
    expect(parseCssColor('var(--jp-brand-color1)')).toBeNull();
  });
});
