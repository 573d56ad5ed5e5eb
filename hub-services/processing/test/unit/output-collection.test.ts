import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'typebox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Job } from '../../src/jobs/job.js';
import {
  collectOutputs,
  OutputError,
  type OutputFile,
  type ResultPublisher,
} from '../../src/jobs/output-collection.js';
import type { ProcessDefinition, ProcessOutput } from '../../src/processes/process.js';

const job = { id: 'job-1', owner: 'ada' } as Job;

const processWith = (outputs: Record<string, ProcessOutput>): ProcessDefinition => ({
  id: 'p',
  version: '1',
  title: 'p',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: {},
  outputs,
  image: 'i',
  resources: {},
  command: () => [],
});

const files = (
  glob: string[],
  kind: 'File' | 'File[]' | 'Directory',
  optional = false,
): ProcessOutput => ({
  title: '',
  description: '',
  schema: Type.Any(),
  files: { glob, kind, optional },
});

/** Publishes under a fixed base, recording what it was given. */
class RecordingPublisher implements ResultPublisher {
  published: OutputFile[] = [];
  async publish(_job: Job, _process: ProcessDefinition, given: OutputFile[]) {
    this.published = given;
    return {
      files: given.map((f) => ({ href: `https://results/${f.path}`, type: 'image/tiff', size: 3 })),
      item: 'https://catalog/items/job-1',
      warning: 'the catalog was slow',
    };
  }
  async discard() {}
}

describe('the outputs of a finished job', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'styx-outputs-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('are read from the JSON file the job wrote', async () => {
    await writeFile(join(dir, 'stats.json'), '{"mean": 2.5}');
    const process = processWith({
      stats: { title: '', description: '', schema: Type.Any(), jsonFile: 'stats.json' },
    });
    expect(await collectOutputs(job, process, dir, undefined)).toEqual({
      outputs: { stats: { mean: 2.5 } },
    });
  });

  it('fail the job, naming the output, when its JSON is missing or broken', async () => {
    const process = processWith({
      stats: { title: '', description: '', schema: Type.Any(), jsonFile: 'stats.json' },
    });
    await expect(collectOutputs(job, process, dir, undefined)).rejects.toThrow(
      /output 'stats' \(stats.json\) is missing or not JSON/,
    );
    await writeFile(join(dir, 'stats.json'), '{"mean":');
    await expect(collectOutputs(job, process, dir, undefined)).rejects.toBeInstanceOf(OutputError);
  });

  it('publish matched files and give their links, with the result item and its warning', async () => {
    await mkdir(join(dir, 'maps', 'tiles'), { recursive: true });
    await writeFile(join(dir, 'level.tif'), 'II*');
    await writeFile(join(dir, 'maps', 'a.tif'), 'II*');
    await writeFile(join(dir, 'maps', 'tiles', 'b.tif'), 'II*');
    await writeFile(join(dir, 'notes.txt'), 'not an output');
    const publisher = new RecordingPublisher();
    const process = processWith({
      level: files(['level.tif'], 'File'),
      maps: files(['maps'], 'Directory'),
      missing: files(['*.nc'], 'File[]', true),
    });
    const collected = await collectOutputs(job, process, dir, publisher);
    expect(publisher.published.map((f) => [f.output, f.path, f.hostPath])).toEqual([
      ['level', 'level.tif', join(dir, 'level.tif')],
      ['maps', 'maps/a.tif', join(dir, 'maps', 'a.tif')],
      ['maps', 'maps/tiles/b.tif', join(dir, 'maps', 'tiles', 'b.tif')],
    ]);
    expect(collected).toEqual({
      outputs: {
        level: { href: 'https://results/level.tif', type: 'image/tiff', 'file:size': 3 },
        maps: [
          { href: 'https://results/maps/a.tif', type: 'image/tiff', 'file:size': 3 },
          { href: 'https://results/maps/tiles/b.tif', type: 'image/tiff', 'file:size': 3 },
        ],
        missing: null,
      },
      resultItem: 'https://catalog/items/job-1',
      warning: 'the catalog was slow',
    });
  });

  it('fail the job when a required file is missing or one file matches twice', async () => {
    await writeFile(join(dir, 'a.tif'), '');
    await writeFile(join(dir, 'b.tif'), '');
    const publisher = new RecordingPublisher();
    await expect(
      collectOutputs(job, processWith({ map: files(['*.nc'], 'File') }), dir, publisher),
    ).rejects.toThrow("wrote nothing matching *.nc for its output 'map'");
    await expect(
      collectOutputs(job, processWith({ map: files(['*.tif'], 'File') }), dir, publisher),
    ).rejects.toThrow("output 'map' is one file but 2 match *.tif");
    const many = await collectOutputs(
      job,
      processWith({ maps: files(['*.tif'], 'File[]') }),
      dir,
      publisher,
    );
    expect(many.outputs.maps).toHaveLength(2);
  });

  it('fail the job when files are wanted but no results storage is configured', async () => {
    await writeFile(join(dir, 'a.tif'), '');
    await expect(
      collectOutputs(job, processWith({ map: files(['a.tif'], 'File') }), dir, undefined),
    ).rejects.toThrow('no results storage configured');
  });
});
