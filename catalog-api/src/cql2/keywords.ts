import type { ArrayFunctionName, SpatialFunctionName, TemporalFunctionName } from './types.js';

/**
 * The standard comparison functions of CQL2-text (OGC 21-065r2 Annex A rules `spatialFunction`,
 * `temporalFunction`, `arrayFunction`), keyed by their upper-case keyword, with the `op` name
 * the CQL2-JSON schema gives them. The JSON names are camel case where the keyword joins two
 * words (T_FINISHEDBY is "t_finishedBy"), so they cannot be derived by lower-casing.
 */
export const SPATIAL_FUNCTIONS: ReadonlyMap<string, SpatialFunctionName> = new Map([
  ['S_INTERSECTS', 's_intersects'],
  ['S_EQUALS', 's_equals'],
  ['S_DISJOINT', 's_disjoint'],
  ['S_TOUCHES', 's_touches'],
  ['S_WITHIN', 's_within'],
  ['S_OVERLAPS', 's_overlaps'],
  ['S_CROSSES', 's_crosses'],
  ['S_CONTAINS', 's_contains'],
]);

export const TEMPORAL_FUNCTIONS: ReadonlyMap<string, TemporalFunctionName> = new Map([
  ['T_AFTER', 't_after'],
  ['T_BEFORE', 't_before'],
  ['T_CONTAINS', 't_contains'],
  ['T_DISJOINT', 't_disjoint'],
  ['T_DURING', 't_during'],
  ['T_EQUALS', 't_equals'],
  ['T_FINISHEDBY', 't_finishedBy'],
  ['T_FINISHES', 't_finishes'],
  ['T_INTERSECTS', 't_intersects'],
  ['T_MEETS', 't_meets'],
  ['T_METBY', 't_metBy'],
  ['T_OVERLAPPEDBY', 't_overlappedBy'],
  ['T_OVERLAPS', 't_overlaps'],
  ['T_STARTEDBY', 't_startedBy'],
  ['T_STARTS', 't_starts'],
]);

export const ARRAY_FUNCTIONS: ReadonlyMap<string, ArrayFunctionName> = new Map([
  ['A_EQUALS', 'a_equals'],
  ['A_CONTAINS', 'a_contains'],
  ['A_CONTAINEDBY', 'a_containedBy'],
  ['A_OVERLAPS', 'a_overlaps'],
]);

/** WKT geometry keywords (BNF rule `spatialInstance`), which start a geometry literal. */
export const GEOMETRY_KEYWORDS: ReadonlySet<string> = new Set([
  'POINT',
  'LINESTRING',
  'POLYGON',
  'MULTIPOINT',
  'MULTILINESTRING',
  'MULTIPOLYGON',
  'GEOMETRYCOLLECTION',
]);

/**
 * Keywords that are written like a function call, `KEYWORD(...)`. Clause 8.1 lists them as
 * keywords, so a queryable with one of these names must be written in double quotes. INTERVAL
 * is not on that list, so a bare `interval` not followed by '(' stays a property name.
 */
export const CALL_KEYWORDS: ReadonlySet<string> = new Set([
  'CASEI',
  'ACCENTI',
  'DATE',
  'TIMESTAMP',
  'BBOX',
  ...GEOMETRY_KEYWORDS,
  ...SPATIAL_FUNCTIONS.keys(),
  ...TEMPORAL_FUNCTIONS.keys(),
  ...ARRAY_FUNCTIONS.keys(),
]);
