import { Type } from 'typebox';
import { columnInput, seriesInput } from './csv-series-inputs.js';
import type { ProcessDefinition } from './process.js';

/**
 * Runs in the job's container (Debian's python3, standard library only): reads a CSV series
 * (the demo's gauges and virtual stations have `date` and `water_level_m` columns), writes
 * statistics.json, and reports progress as `styx:progress <percent>` lines.
 */
const SCRIPT = `
import csv, json, statistics, sys
path, column = sys.argv[1], sys.argv[2]
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
print("styx:progress 30", flush=True)
if not rows or column not in rows[0]:
    sys.exit(f"the series has no column {column!r} (columns: {', '.join(rows[0]) if rows else 'none'})")
values = [float(r[column]) for r in rows if r[column] not in ("", "NaN", "nan")]
if not values:
    sys.exit(f"the column {column!r} has no values")
dates = [r.get("date") or r.get("datetime") for r in rows]
result = {
    "column": column,
    "count": len(values),
    "min": min(values),
    "max": max(values),
    "mean": statistics.fmean(values),
    "median": statistics.median(values),
    "stdev": statistics.pstdev(values),
    "first": dates[0],
    "last": dates[-1],
}
print("styx:progress 90", flush=True)
with open("/outputs/statistics.json", "w") as f:
    json.dump(result, f)
print(f"{len(values)} values of {column}: mean {result['mean']:.3f}", flush=True)
`;

export const riverLevelStatistics: ProcessDefinition = {
  id: 'river-level-statistics',
  version: '1.0.0',
  title: 'River level statistics',
  description:
    'Count, minimum, maximum, mean, median and standard deviation of a water-level (or discharge) time series given as CSV, such as an in-situ gauge or an altimetry virtual station of the catalog.',
  keywords: ['hydrology', 'time series', 'statistics'],
  jobControlOptions: ['sync-execute', 'async-execute', 'dismiss'],
  inputs: {
    series: seriesInput,
    column: columnInput('The column to summarise.'),
  },
  outputs: {
    statistics: {
      title: 'Statistics',
      description: 'count, min, max, mean, median, stdev, first and last date',
      schema: Type.Object({
        column: Type.String(),
        count: Type.Integer(),
        min: Type.Number(),
        max: Type.Number(),
        mean: Type.Number(),
        median: Type.Number(),
        stdev: Type.Number(),
        first: Type.Union([Type.String(), Type.Null()]),
        last: Type.Union([Type.String(), Type.Null()]),
      }),
      jsonFile: 'statistics.json',
    },
  },
  image: 'localhost/styx/base:latest',
  resources: { cpus: 1, memoryMiB: 512 },
  command: (values, files) => [
    'python3',
    '-c',
    SCRIPT,
    files.series as string,
    typeof values.column === 'string' ? values.column : 'water_level_m',
  ],
};
