import { Type } from 'typebox';
import { columnInput, seriesInput } from './csv-series-inputs.js';
import type { ProcessDefinition } from './process.js';

/**
 * Runs in the job's container (Debian's python3, standard library only): the days a CSV series
 * (a gauge's or virtual station's `water_level_m`, say) stands above a threshold — how many,
 * the longest spell and when it began, the peak — written to exceedance.json.
 */
const SCRIPT = `
import csv, json, sys
path, column, threshold = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(path, newline="") as f:
    rows = list(csv.DictReader(f))
if not rows or column not in rows[0]:
    sys.exit(f"the series has no column {column!r} (columns: {', '.join(rows[0]) if rows else 'none'})")
print("styx:progress 40", flush=True)
series = [(r.get("date") or r.get("datetime"), float(r[column])) for r in rows if r[column] not in ("", "NaN", "nan")]
above, longest, start, run, run_start = 0, 0, None, 0, None
for date, value in series:
    if value > threshold:
        above += 1
        run += 1
        run_start = run_start or date
        if run > longest:
            longest, start = run, run_start
    else:
        run, run_start = 0, None
peak = max(series, key=lambda s: s[1]) if series else (None, None)
result = {"column": column, "threshold": threshold, "values": len(series), "above": above,
          "longest_spell": longest, "longest_spell_start": start, "peak": peak[1], "peak_date": peak[0]}
with open("/outputs/exceedance.json", "w") as f:
    json.dump(result, f)
print(f"{above} of {len(series)} values of {column} above {threshold}", flush=True)
`;

export const riverThresholdExceedance: ProcessDefinition = {
  id: 'river-threshold-exceedance',
  version: '1.0.0',
  title: 'River threshold exceedance',
  description:
    'How often and how long a water-level (or discharge) series given as CSV stands above a threshold: the count of values above it, the longest spell and its start, the peak and its date.',
  keywords: ['hydrology', 'time series', 'flood'],
  jobControlOptions: ['sync-execute', 'async-execute', 'dismiss'],
  inputs: {
    series: seriesInput,
    threshold: {
      title: 'Threshold',
      description: 'The level (in the column’s unit) above which a value counts.',
      schema: Type.Number(),
    },
    column: columnInput('The column to read.'),
  },
  outputs: {
    exceedance: {
      title: 'Exceedance',
      description: 'values, above, longest_spell (and its start), peak (and its date)',
      schema: Type.Object({
        column: Type.String(),
        threshold: Type.Number(),
        values: Type.Integer(),
        above: Type.Integer(),
        longest_spell: Type.Integer(),
        longest_spell_start: Type.Union([Type.String(), Type.Null()]),
        peak: Type.Union([Type.Number(), Type.Null()]),
        peak_date: Type.Union([Type.String(), Type.Null()]),
      }),
      jsonFile: 'exceedance.json',
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
    String(values.threshold),
  ],
};
