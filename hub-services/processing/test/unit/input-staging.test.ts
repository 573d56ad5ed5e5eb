import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StagingError, stageInputs } from '../../src/jobs/input-staging.js';
import { FileInputSchema, type ProcessInput } from '../../src/processes/process.js';

const inputs: Record<string, ProcessInput> = {
  series: { title: '', description: '', schema: FileInputSchema, file: { mediaType: 'text/csv' } },
  tiles: {
    title: '',
    description: '',
    schema: Type.Array(FileInputSchema),
    file: { mediaType: 'image/tiff', directory: true },
  },
  threshold: { title: '', description: '', schema: Type.Number() },
};

/** A file server on loopback: `/a/levels.csv`, `/b/levels.csv`, a redirect and a 404. */
describe('staging file inputs', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      if (request.url === '/moved.csv') {
        response.writeHead(302, { location: '/a/levels.csv' }).end();
      } else if (request.url?.endsWith('levels.csv') || request.url?.endsWith('.tif')) {
        response.end(`contents of ${request.url}`);
      } else response.writeHead(404).end('no such file');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(async () => {
    requested.length = 0;
    dir = await mkdtemp(join(tmpdir(), 'styx-staging-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('downloads each file input into its own folder and says where the job sees it', async () => {
    const staged = await stageInputs(
      { inputs: { series: { href: `${base}/a/levels.csv` }, threshold: 2 } },
      { inputs },
      dir,
    );
    expect(staged.paths).toEqual({ series: '/inputs/series/levels.csv' });
    expect(staged.mounts).toEqual([
      { hostPath: join(dir, 'series'), containerPath: '/inputs/series' },
    ]);
    expect(await readFile(join(dir, 'series', 'levels.csv'), 'utf8')).toBe(
      'contents of /a/levels.csv',
    );
  });

  it('numbers files of a folder input that have the same name, and makes names safe', async () => {
    const staged = await stageInputs(
      {
        inputs: {
          tiles: [`${base}/a/levels.csv`, `${base}/b/levels.csv`, `${base}/c/my%20tile%3B.tif`],
        },
      },
      { inputs },
      dir,
    );
    expect(staged.paths).toEqual({ tiles: '/inputs/tiles' });
    expect((await readdir(join(dir, 'tiles'))).sort()).toEqual([
      '2_levels.csv',
      'levels.csv',
      'my_tile_.tif',
    ]);
    expect(await readFile(join(dir, 'tiles', '2_levels.csv'), 'utf8')).toBe(
      'contents of /b/levels.csv',
    );
  });

  it('refuses to follow a redirect (it could lead outside the allowed locations)', async () => {
    const staging = stageInputs({ inputs: { series: `${base}/moved.csv` } }, { inputs }, dir);
    await expect(staging).rejects.toBeInstanceOf(StagingError);
    await expect(staging).rejects.toThrow(`could not download ${base}/moved.csv`);
    expect(requested).toEqual(['/moved.csv']);
  });

  it('fails when the server answers with an error', async () => {
    await expect(
      stageInputs({ inputs: { series: `${base}/gone.csv` } }, { inputs }, dir),
    ).rejects.toThrow(`could not download ${base}/gone.csv: HTTP 404`);
  });

  it('fails when the server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      stageInputs({ inputs: { series: `http://127.0.0.1:${port}/x.csv` } }, { inputs }, dir),
    ).rejects.toBeInstanceOf(StagingError);
  });
});
