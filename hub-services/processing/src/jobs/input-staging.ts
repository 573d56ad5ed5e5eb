import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hrefOf, type ProcessDefinition } from '../processes/process.js';
import type { Job } from './job.js';

/** A file input could not be fetched: the job fails (the URL is the user's to fix). */
export class StagingError extends Error {}

/** Where a job's file inputs were put, for the job spec. */
export interface StagedInputs {
  /** Input name → where the job sees it: the file, or the folder of a directory input. */
  paths: Record<string, string>;
  /** One read-only mount per file input: `<inputs>/<name>` on `/inputs/<name>`. */
  mounts: Array<{ hostPath: string; containerPath: string }>;
}

/**
 * Downloads every file input of a job into `<inputsDir>/<input name>/`, each file named after
 * the last segment of its URL (made safe for a file system); two files of a directory input
 * with the same name are kept apart by a number (`2_name`). Throws StagingError when one cannot
 * be fetched: refused redirects, non-2xx answers and network errors alike.
 */
export async function stageInputs(
  job: Pick<Job, 'inputs'>,
  process: Pick<ProcessDefinition, 'inputs'>,
  inputsDir: string,
  fetcher: typeof fetch = fetch,
): Promise<StagedInputs> {
  const paths: Record<string, string> = {};
  const mounts: StagedInputs['mounts'] = [];
  for (const [name, input] of Object.entries(process.inputs)) {
    if (!input.file || job.inputs[name] === undefined) continue;
    const local = join(inputsDir, name);
    await mkdir(local, { recursive: true });
    const value = job.inputs[name];
    const names = new Set<string>();
    for (const href of (Array.isArray(value) ? value : [value]).map(hrefOf)) {
      let fileName = decodeURIComponent(new URL(href).pathname.split('/').pop() || name).replace(
        /[^\w.-]/g,
        '_',
      );
      for (let n = 2; names.has(fileName); n++) fileName = `${n}_${fileName}`;
      names.add(fileName);
      await download(href, join(local, fileName), fetcher);
    }
    mounts.push({ hostPath: local, containerPath: `/inputs/${name}` });
    paths[name] = input.file.directory ? `/inputs/${name}` : `/inputs/${name}/${[...names][0]}`;
  }
  return { paths, mounts };
}

async function download(href: string, path: string, fetcher: typeof fetch): Promise<void> {
  let response: Response;
  try {
    // No redirects: one could lead outside the allowed input locations.
    response = await fetcher(href, { redirect: 'error', signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new StagingError(`could not download ${href}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new StagingError(`could not download ${href}: HTTP ${response.status}`);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
}
