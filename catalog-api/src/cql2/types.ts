/**
 * CQL2-JSON, the JSON encoding of OGC CQL2 (OGC 21-065r2 clause 8.2, JSON schema `cql2.json`).
 * Every value is plain JSON, so a parsed filter can be handed to JSON.stringify or PgSTAC as is.
 * Names follow the schema's `$defs`.
 */

/** `propertyRef`: a queryable, e.g. `{"property": "eo:cloud_cover"}`. */
export interface PropertyRef {
  property: string;
}

/**
 * `functionRef`: a call of a function that is not a CQL2 operator, e.g. `Buffer(geometry, 10)`.
 * The name keeps the case it was written in, as in the standard's examples (`Buffer`, `Foo`).
 */
export interface FunctionRef {
  op: string;
  args: Cql2Argument[];
}

/** `dateInstant`: a calendar date `YYYY-MM-DD`. */
export interface DateInstant {
  date: string;
}

/** `timestampInstant`: a UTC date and time `YYYY-MM-DDTHH:MM:SS[.fraction]Z`. */
export interface TimestampInstant {
  timestamp: string;
}

export type InstantInstance = DateInstant | TimestampInstant;

/** `intervalArray` items: an instant string, `'..'` for an open end, a property or a function. */
export type IntervalParameter = string | PropertyRef | FunctionRef;

/** `intervalInstance`: a time span between two instants. */
export interface IntervalInstance {
  interval: [IntervalParameter, IntervalParameter];
}

export type TemporalInstance = InstantInstance | IntervalInstance;

/** A GeoJSON position (RFC 7946 §3.1.1): x y, or x y z. */
export type Position = [number, number] | [number, number, number];

export interface PointGeometry {
  type: 'Point';
  coordinates: Position;
}

export interface LineStringGeometry {
  type: 'LineString';
  coordinates: Position[];
}

export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: Position[][];
}

export interface MultiPointGeometry {
  type: 'MultiPoint';
  coordinates: Position[];
}

export interface MultiLineStringGeometry {
  type: 'MultiLineString';
  coordinates: Position[][];
}

export interface MultiPolygonGeometry {
  type: 'MultiPolygon';
  coordinates: Position[][][];
}

/** The members a GEOMETRYCOLLECTION may hold (BNF rule `geometryLiteral`: no nested collections). */
export type SimpleGeometry =
  | PointGeometry
  | LineStringGeometry
  | PolygonGeometry
  | MultiPointGeometry
  | MultiLineStringGeometry
  | MultiPolygonGeometry;

export interface GeometryCollectionGeometry {
  type: 'GeometryCollection';
  geometries: SimpleGeometry[];
}

/** `geometryLiteral`: a GeoJSON geometry, written as WKT in CQL2-text. */
export type GeometryLiteral = SimpleGeometry | GeometryCollectionGeometry;

/** `bboxLiteral`: west, south, east, north — or with elevations, west, south, min, east, north, max. */
export interface BboxLiteral {
  bbox: [number, number, number, number] | [number, number, number, number, number, number];
}

export type SpatialInstance = GeometryLiteral | BboxLiteral;

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | 'div' | '^';

/** `arithmeticExpression`: always binary; `a - b - c` nests to the left. */
export interface ArithmeticExpression {
  op: ArithmeticOperator;
  args: [NumericOperand, NumericOperand];
}

/** `arithmeticOperands` items. */
export type NumericOperand = number | ArithmeticExpression | PropertyRef | FunctionRef;

/** Operand of CASEI/ACCENTI and the left side of LIKE. */
export type CharacterOperand = CharacterExpression | PropertyRef | FunctionRef;

export interface CaseInsensitive {
  op: 'casei';
  args: [CharacterOperand];
}

export interface AccentInsensitive {
  op: 'accenti';
  args: [CharacterOperand];
}

/** `characterExpression`: a string literal, possibly wrapped in CASEI/ACCENTI. */
export type CharacterExpression = string | CaseInsensitive | AccentInsensitive;

/** `patternExpression`: the right side of LIKE, a string literal possibly wrapped in CASEI/ACCENTI. */
export type PatternExpression =
  | string
  | { op: 'casei'; args: [PatternExpression] }
  | { op: 'accenti'; args: [PatternExpression] };

/** `scalarExpression`: what the binary comparison operators and IN compare. */
export type ScalarExpression =
  | CharacterExpression
  | NumericOperand
  | boolean
  | InstantInstance
  | PropertyRef
  | FunctionRef;

export type ComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>=';

export interface BinaryComparisonPredicate {
  op: ComparisonOperator;
  args: [ScalarExpression, ScalarExpression];
}

export interface LikePredicate {
  op: 'like';
  args: [CharacterOperand, PatternExpression];
}

export interface BetweenPredicate {
  op: 'between';
  args: [NumericOperand, NumericOperand, NumericOperand];
}

export interface InListPredicate {
  op: 'in';
  args: [ScalarExpression, ScalarExpression[]];
}

/** `isNullOperand`: anything but an array. */
export type IsNullOperand =
  | CharacterExpression
  | NumericOperand
  | Cql2Expression
  | SpatialInstance
  | TemporalInstance
  | PropertyRef;

export interface IsNullPredicate {
  op: 'isNull';
  args: [IsNullOperand];
}

export type ComparisonPredicate =
  | BinaryComparisonPredicate
  | LikePredicate
  | BetweenPredicate
  | InListPredicate
  | IsNullPredicate;

export type SpatialFunctionName =
  | 's_intersects'
  | 's_equals'
  | 's_disjoint'
  | 's_touches'
  | 's_within'
  | 's_overlaps'
  | 's_crosses'
  | 's_contains';

export type SpatialOperand = SpatialInstance | PropertyRef | FunctionRef;

export interface SpatialPredicate {
  op: SpatialFunctionName;
  args: [SpatialOperand, SpatialOperand];
}

export type TemporalFunctionName =
  | 't_after'
  | 't_before'
  | 't_contains'
  | 't_disjoint'
  | 't_during'
  | 't_equals'
  | 't_finishedBy'
  | 't_finishes'
  | 't_intersects'
  | 't_meets'
  | 't_metBy'
  | 't_overlappedBy'
  | 't_overlaps'
  | 't_startedBy'
  | 't_starts';

export type TemporalOperand = TemporalInstance | PropertyRef | FunctionRef;

export interface TemporalPredicate {
  op: TemporalFunctionName;
  args: [TemporalOperand, TemporalOperand];
}

export type ArrayFunctionName = 'a_equals' | 'a_contains' | 'a_containedBy' | 'a_overlaps';

/** `arrayExpression`: a JSON array whose items may be any CQL2 value, arrays included. */
export type Cql2Array = Cql2Argument[];

export type ArrayOperand = Cql2Array | PropertyRef | FunctionRef;

export interface ArrayPredicate {
  op: ArrayFunctionName;
  args: [ArrayOperand, ArrayOperand];
}

/** `andOrExpression`: n-ary, at least two operands. */
export interface AndOrExpression {
  op: 'and' | 'or';
  args: Cql2Expression[];
}

export interface NotExpression {
  op: 'not';
  args: [Cql2Expression];
}

/**
 * A CQL2 filter: the schema's top-level `cql2expression` — a condition that evaluates to a
 * Boolean (BNF rule `booleanExpression`).
 */
export type Cql2Expression =
  | AndOrExpression
  | NotExpression
  | ComparisonPredicate
  | SpatialPredicate
  | TemporalPredicate
  | ArrayPredicate
  | FunctionRef
  | boolean;

/** Any CQL2-JSON value: what a function argument or an array item may be. */
export type Cql2Argument =
  | CharacterExpression
  | NumericOperand
  | Cql2Expression
  | SpatialInstance
  | TemporalInstance
  | Cql2Array
  | PropertyRef;
