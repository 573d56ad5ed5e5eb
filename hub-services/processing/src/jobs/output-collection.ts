import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listOutputs, matchOutputs } from '../processes/cwl/output-glob.js';
import type { ProcessDefinition } from '../processes/process.js';
import type { Job } from './job.js';

/** The job ended but what it wrote does not match its outputs: it fails, saying why. */
export class OutputError extends Error {}

/** A file a job wrote that one of its outputs names. */
export interface OutputFile {
  /** The process output it belongs to. */
  output: string;
  /** Relative to the job's output folder, '/'-separated. */
  path: string;
  /** Where it is on the service's side. */
  hostPath: string;
}

/** A published output file: its link, media type and size. */
export interface PublishedFile {
  href: string;
  type: string;
  size: number;
}

/**
 * Where a finished job's output files go (object storage or the local results folder) and how
 * they are registered (a STAC item in the owner's results collection): each file's link, in
 * the order given, and the item's URL when one was registered.
 */
export interface ResultPublisher {
  publish(
    job: Job,
    process: ProcessDefinition,
    files: OutputFile[],
  ): Promise<{ files: PublishedFile[]; item?: string; warning?: string }>;
  /** Forgets a dismissed job's results: its stored files and its catalog item. */
  discard(job: Job): Promise<void>;
}

export interface CollectedOutputs {
  outputs: Record<string, unknown>;
  resultItem?: string;
  warning?: string;
}

/**
 * The results of a finished job from its output folder: JSON outputs read from their file;
 * file outputs (CWL globs) matched there and published, their value being their link(s).
 * Throws OutputError when what the job wrote does not fit its outputs.
 */
export async function collectOutputs(
  job: Job,
  process: ProcessDefinition,
  outputsDir: string,
  publisher: ResultPublisher | undefined,
): Promise<CollectedOutputs> {
  const outputs: Record<string, unknown> = {};
  const files: OutputFile[] = [];
  const entries = await listOutputs(outputsDir).catch(() => []);
  /** The file outputs' kinds (File, File[], Directory), by output. */
  const kinds: Record<string, string> = {};
  for (const [name, output] of Object.entries(process.outputs)) {
    if (output.jsonFile) {
      try {
        outputs[name] = JSON.parse(await readFile(join(outputsDir, output.jsonFile), 'utf8'));
      } catch (error) {
        throw new OutputError(
          `the job ended but its output '${name}' (${output.jsonFile}) is missing or not JSON: ${(error as Error).message}`,
        );
      }
      continue;
    }
    if (!output.files) continue;
    const matched = matchOutputs(entries, output.files.glob);
    const wanted = output.files.kind === 'Directory';
    const found = matched.filter((e) => e.directory === wanted);
    if (found.length === 0) {
      if (output.files.optional) {
        outputs[name] = null;
        continue;
      }
      throw new OutputError(
        `the job ended but wrote nothing matching ${output.files.glob.join(', ')} for its output '${name}'`,
      );
    }
    if (output.files.kind !== 'File[]' && found.length > 1) {
      throw new OutputError(
        `output '${name}' is one ${wanted ? 'folder' : 'file'} but ${found.length} match ${output.files.glob.join(', ')}`,
      );
    }
    const paths = wanted
      ? entries
          .filter(
            (e) => !e.directory && e.path.startsWith(`${(found[0] as { path: string }).path}/`),
          )
          .map((e) => e.path)
      : found.map((e) => e.path);
    kinds[name] = output.files.kind;
    // Only regular files are listed (listOutputs leaves symbolic links out).
    for (const path of paths) files.push({ output: name, path, hostPath: join(outputsDir, path) });
  }
  if (files.length === 0 && Object.keys(kinds).length === 0) return { outputs };
  if (!publisher)
    throw new OutputError('this service has no results storage configured for file outputs');
  const published = await publisher.publish(job, process, files);
  for (const [name, kind] of Object.entries(kinds)) {
    const links = files
      .map((f, i) => ({ f, link: published.files[i] as PublishedFile }))
      .filter(({ f }) => f.output === name)
      .map(({ link }) => ({ href: link.href, type: link.type, 'file:size': link.size }));
    outputs[name] = kind === 'File' ? (links[0] ?? null) : links;
  }
  return {
    outputs,
    ...(published.item ? { resultItem: published.item } : {}),
    ...(published.warning ? { warning: published.warning } : {}),
  };
}
