import { type TSchema, Type } from 'typebox';

export type JobControl = 'sync-execute' | 'async-execute' | 'dismiss';

export interface ProcessInput {
  title: string;
  description: string;
  /** JSON Schema of the value (OGC API – Processes §7.11.2, "schema"). */
  schema: TSchema;
  /**
   * A file the job reads: the service downloads it and mounts it read-only. A directory input
   * is a list of files downloaded into one folder.
   */
  file?: { mediaType: string; directory?: boolean };
  optional?: boolean;
}

export interface ProcessOutput {
  title: string;
  description: string;
  schema: TSchema;
  /** The JSON file the job writes in its output folder that holds this output's value. */
  jsonFile?: string;
  /**
   * Or files the job writes (CWL `outputBinding.glob`): they are published to the results
   * storage and the output's value is their link(s).
   */
  files?: { glob: string[]; kind: 'File' | 'File[]' | 'Directory'; optional: boolean };
}

/** What a process is and how its job runs: the same for every backend. */
export interface ProcessDefinition {
  id: string;
  version: string;
  title: string;
  description: string;
  keywords: string[];
  jobControlOptions: JobControl[];
  inputs: Record<string, ProcessInput>;
  outputs: Record<string, ProcessOutput>;
  image: string;
  resources: { cpus?: number; memoryMiB?: number };
  /** Environment of the job, besides what Styx sets (STYX_JOB_ID…). */
  env?: Record<string, string>;
  /** Who deployed it (OGC API – Processes Part 2); built-in processes have none. */
  deployedBy?: string;
  /** The application package it was deployed from, kept with each of its jobs. */
  package?: { mediaType: string; document: string };
  /** The job's command, from its input values and where its file inputs are mounted. */
  command(values: Record<string, unknown>, files: Record<string, string>): string[];
}

/** A file output's value in the job's results: a link to the published file. */
export const FileOutputSchema = Type.Object({
  href: Type.String({ format: 'uri' }),
  type: Type.Optional(Type.String()),
  'file:size': Type.Optional(Type.Integer()),
});

/**
 * A file input's value: a URL, or OGC's qualified form `{ "href": … }`, which may name the
 * catalog item the file belongs to (`styx:item`, sent by the Jobs panel): the job's result item
 * then gets that item's footprint and time, and a `derived_from` link to it.
 */
export const FileInputSchema = Type.Union([
  Type.String({ format: 'uri', pattern: '^https?://' }),
  Type.Object({
    href: Type.String({ format: 'uri', pattern: '^https?://' }),
    type: Type.Optional(Type.String()),
    'styx:item': Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
  }),
]);

/** The catalog item a file input value names, if any. */
export function itemOf(value: unknown): string | undefined {
  const item = (value as { 'styx:item'?: unknown } | null)?.['styx:item'];
  return typeof item === 'string' ? item : undefined;
}

export function hrefOf(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { href: string }).href);
}
