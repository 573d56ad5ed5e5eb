import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { StacCollection, StacItem } from '../../src/catalog/stac-types.js';
import { generateDemoCatalog } from '../../src/demo/index.js';
import { demoFileHref } from '../../src/stac/links.js';
import { FIXTURE_SCALE } from './fixture-scale.js';
import { BASE_URL } from './public-url.js';

export interface Fixture {
  collections: StacCollection[];
  items: StacItem[];
}

let cached: Promise<Fixture> | undefined;

function scratchDir(): string {
  const dir = inject('scratchDir');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The fixture's items as JavaScript objects: the generator is deterministic, so regenerating it
 * gives the very items the global set-up loaded. Tests compute their expectations from these,
 * independently of PgSTAC.
 */
export function fixture(): Promise<Fixture> {
  // Written to a private folder, with the hrefs the global set-up gave the files it loaded.
  cached ??= generateDemoCatalog({
    dataDir: mkdtempSync(join(scratchDir(), 'fixture-')),
    hrefFor: demoFileHref(BASE_URL),
    scale: FIXTURE_SCALE,
  }) as unknown as Promise<Fixture>;
  return cached;
}

/** Does a [w,s,e,n] bbox intersect another? (Item bboxes equal their geometry's bounds.) */
export function bboxesIntersect(a: number[], b: number[]): boolean {
  return a[0]! <= b[2]! && a[2]! >= b[0]! && a[1]! <= b[3]! && a[3]! >= b[1]!;
}

export function itemRange(item: StacItem): [number, number] {
  const p = item.properties;
  const start = Date.parse((p.start_datetime ?? p.datetime) as string);
  const end = Date.parse((p.end_datetime ?? p.datetime) as string);
  return [start, end];
}
