import { createHash } from 'node:crypto';
import type { Job } from '../jobs/job.js';
import type { ProcessDefinition } from '../processes/process.js';
import type { StoredFile } from './result-storage.js';

/** What the item builder needs of an input's catalog item. */
export interface InputItem {
  href: string;
  bbox?: number[];
  geometry?: unknown;
  properties?: { datetime?: string | null; start_datetime?: string; end_datetime?: string };
}

export interface PublishedOutput {
  /** The process output the file belongs to. */
  output: string;
  /** Its path in the job's output folder. */
  path: string;
  mediaType: string;
  stored: StoredFile;
}

export const PROCESSING_EXTENSION =
  'https://stac-extensions.github.io/processing/v1.2.0/schema.json';
export const FILE_EXTENSION = 'https://stac-extensions.github.io/file/v2.1.0/schema.json';
export const ALTERNATE_EXTENSION =
  'https://stac-extensions.github.io/alternate-assets/v1.2.0/schema.json';

/**
 * The id of a user's results collection: `results-<name>`, the name kept when it is already
 * safe in a URL path segment and lower case, else made so with a short hash of the real name
 * (two users must never share one).
 */
export function resultsCollectionId(owner: string): string {
  const safe = owner
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (safe === owner && safe !== '') return `results-${safe}`;
  const hash = createHash('sha256').update(owner).digest('hex').slice(0, 8);
  return `results-${safe || 'user'}-${hash}`;
}

/** A user's results collection (STAC 1.0.0), created the first time one of their jobs ends. */
export function resultsCollection(owner: string) {
  return {
    type: 'Collection' as const,
    stac_version: '1.0.0',
    stac_extensions: [PROCESSING_EXTENSION],
    id: resultsCollectionId(owner),
    title: `${owner}'s results`,
    description: `What ${owner}'s Styx processing jobs produced: one item per job, its output files as assets, with the process, inputs and job that made them.`,
    keywords: ['styx', 'results', 'processing'],
    license: 'proprietary',
    extent: {
      spatial: { bbox: [[-180, -90, 180, 90]] },
      temporal: { interval: [[null, null]] },
    },
    'styx:owner': owner,
    links: [],
  };
}

/**
 * The STAC item for a finished job: one asset per output file, placed where and when its inputs
 * are (the union of their footprints and times, when they came from catalog items; else the
 * whole world and the job's end), and saying how it was made: the processing extension's
 * lineage and software, the job, process and inputs, `derived_from` links to the input items.
 */
export function resultItem(options: {
  job: Job;
  process: ProcessDefinition;
  outputs: PublishedOutput[];
  inputItems: InputItem[];
  /** The processing service's public URL, ending with '/'. */
  processingUrl: string;
  /** The catalog's URL, ending with '/': where the item's collection is. */
  catalogUrl: string;
  finished: string;
  /** The processing service's own version (`processing:software`). */
  serviceVersion?: string;
}) {
  const { job, process, outputs, inputItems, processingUrl, catalogUrl, finished } = options;
  const collection = resultsCollectionId(job.owner);
  const place = footprint(inputItems);
  const time = period(inputItems, finished);
  const usesAlternate = outputs.some((o) => o.stored.alternate);
  const assets: Record<string, Record<string, unknown>> = {};
  for (const o of outputs) {
    let key = o.path.replace(/[^\w.-]+/g, '_');
    while (key in assets) key = `_${key}`;
    assets[key] = {
      href: o.stored.href,
      type: o.mediaType,
      title: `${o.output}: ${o.path}`,
      roles: ['data'],
      'file:size': o.stored.size,
      'file:checksum': o.stored.checksum,
      'styx:output': o.output,
      ...(o.stored.alternate
        ? { alternate: { [o.stored.alternate.name]: { href: o.stored.alternate.href } } }
        : {}),
    };
  }
  const inputsText = inputItems.length ? ` from ${inputItems.map((i) => i.href).join(', ')}` : '';
  return {
    type: 'Feature' as const,
    stac_version: '1.0.0',
    stac_extensions: [
      PROCESSING_EXTENSION,
      FILE_EXTENSION,
      ...(usesAlternate ? [ALTERNATE_EXTENSION] : []),
    ],
    id: job.id,
    collection,
    geometry: place.geometry,
    bbox: place.bbox,
    properties: {
      title: `${process.title} · ${finished.slice(0, 16).replace('T', ' ')}`,
      ...time,
      created: job.created,
      updated: finished,
      'processing:lineage': `Produced by the Styx process ${process.id} ${process.version} (job ${job.id})${inputsText}.`,
      // Processing extension v1.2.0: software name → version, both what ran and what ran it.
      'processing:software': {
        ...(options.serviceVersion ? { 'styx-processing': options.serviceVersion } : {}),
        [`styx:${process.id}`]: process.version,
      },
      'processing:facility': 'Styx',
      'processing:datetime': finished,
      'styx:job_id': job.id,
      'styx:process_id': process.id,
      'styx:process_version': process.version,
      'styx:inputs': job.inputs,
      'styx:owner': job.owner,
      'styx:footprint': place.known ? 'inputs' : 'unknown',
    },
    links: [
      // STAC Item §collection: an item naming its collection links to it (the catalog serves
      // its own URL for it in place of this one).
      {
        rel: 'collection',
        href: `${catalogUrl}collections/${encodeURIComponent(collection)}`,
        type: 'application/json',
      },
      ...inputItems.map((i) => ({
        rel: 'derived_from',
        href: i.href,
        type: 'application/geo+json',
      })),
      {
        rel: 'via',
        href: `${processingUrl}jobs/${job.id}`,
        type: 'application/json',
        title: 'the job that made it',
      },
      {
        rel: 'related',
        href: `${processingUrl}processes/${process.id}`,
        type: 'application/json',
        title: 'the process',
      },
    ],
    assets,
  };
}

const WORLD = [-180, -90, 180, 90];

function footprint(items: InputItem[]): { geometry: unknown; bbox: number[]; known: boolean } {
  const boxes = items
    .map((i) => i.bbox)
    .filter((b): b is number[] => Array.isArray(b) && b.length >= 4);
  if (items.length === 1 && items[0]?.geometry && boxes.length === 1) {
    return { geometry: items[0].geometry, bbox: boxes[0] as number[], known: true };
  }
  const known = boxes.length > 0;
  const [w, s, e, n] = known
    ? boxes.reduce(
        (acc, b) => {
          const [bw, bs, be, bn] = b.length === 6 ? [b[0], b[1], b[3], b[4]] : b;
          return [
            Math.min(acc[0] as number, bw as number),
            Math.min(acc[1] as number, bs as number),
            Math.max(acc[2] as number, be as number),
            Math.max(acc[3] as number, bn as number),
          ];
        },
        [
          Number.POSITIVE_INFINITY,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
        ],
      )
    : WORLD;
  const geometry = {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
  return { geometry, bbox: [w, s, e, n] as number[], known };
}

/** The inputs' time span; without one, the moment the job ended. */
function period(items: InputItem[], finished: string): Record<string, string | null> {
  const times = items.flatMap((i) => {
    const p = i.properties ?? {};
    return [p.start_datetime ?? p.datetime, p.end_datetime ?? p.datetime].filter(
      (t): t is string => typeof t === 'string',
    );
  });
  if (times.length === 0) return { datetime: finished };
  const sorted = [...times].sort();
  const start = sorted[0] as string;
  const end = sorted[sorted.length - 1] as string;
  return start === end
    ? { datetime: start }
    : { datetime: null, start_datetime: start, end_datetime: end };
}
