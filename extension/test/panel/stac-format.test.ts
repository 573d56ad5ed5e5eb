import { describe, expect, it } from 'vitest';
import {
  collectionBbox,
  collectionTimeSpan,
  formatBbox,
  formatDate,
  formatDateTime,
  formatFileSize,
  itemTime,
  roundBbox,
} from '../../src/panel/stac-format.js';

describe('dates and times', () => {
  it('writes dates as YYYY-MM-DD in UTC', () => {
    expect(formatDate('2023-01-01T23:30:00-02:00')).toBe('2023-01-02');
    expect(formatDate('not a date')).toBe('not a date');
  });

  it('writes instants in UTC', () => {
    expect(formatDateTime('2024-03-05T10:20:30.123Z')).toBe('2024-03-05 10:20:30 UTC');
  });

  it("gives an item's datetime, or its start–end range when datetime is null", () => {
    expect(itemTime({ datetime: '2024-01-01T00:00:00Z' })).toBe('2024-01-01 00:00:00 UTC');
    expect(
      itemTime({
        datetime: null,
        start_datetime: '2024-01-01T00:00:00Z',
        end_datetime: '2024-01-31T23:59:59Z',
      }),
    ).toBe('2024-01-01 – 2024-01-31');
    expect(itemTime({ datetime: null, start_datetime: '2024-01-01T00:00:00Z' })).toBe(
      '2024-01-01 – …',
    );
    expect(itemTime({})).toBe('');
  });

  it("gives a collection's overall temporal extent, open ends as null", () => {
    expect(
      collectionTimeSpan([
        ['2023-01-01T00:00:00Z', null],
        ['2023-02-01T00:00:00Z', '2023-03-01T00:00:00Z'],
      ]),
    ).toEqual({
      start: '2023-01-01',
      end: null,
    });
    expect(collectionTimeSpan([[null, null]])).toBeNull();
    expect(collectionTimeSpan(undefined)).toBeNull();
  });
});

describe('boxes', () => {
  it('rounds to two decimals, about a kilometre', () => {
    expect(roundBbox([1.23456, 43.10001, -0.004, 45])).toEqual([1.23, 43.1, 0, 45]);
  });

  it('drops the elevations of a 3D box', () => {
    expect(roundBbox([1, 2, -100, 3, 4, 500])).toEqual([1, 2, 3, 4]);
    expect(
      collectionBbox([
        [1, 2, -100, 3, 4, 500],
        [9, 9, 9, 9],
      ]),
    ).toEqual([1, 2, 3, 4]);
  });

  it('names each side', () => {
    expect(formatBbox([-1.5566, 43.2, 3.41, 45.999])).toBe('W -1.56 · S 43.2 · E 3.41 · N 46');
    expect(formatBbox([-1.5566, 43.2, 3.41, 45.999], 0)).toBe('W -2 · S 43 · E 3 · N 46');
  });

  it('has no spatial extent for a malformed box', () => {
    expect(collectionBbox([[1, 2, 3]])).toBeNull();
    expect(collectionBbox(undefined)).toBeNull();
  });
});

describe('formatFileSize', () => {
  it('uses the largest unit that keeps the number at least 1', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(1536)).toBe('1.5 kB');
    expect(formatFileSize(1024 * 1024 * 12.4)).toBe('12 MB');
    expect(formatFileSize(1024 ** 3 * 3.25)).toBe('3.3 GB');
  });

  it('does not write 1024 kB', () => {
    expect(formatFileSize(1024 * 1024 - 1)).toBe('1 MB');
  });

  it('gives nonsense back as it came', () => {
    expect(formatFileSize(-1)).toBe('-1');
    expect(formatFileSize(Number.NaN)).toBe('NaN');
  });
});
