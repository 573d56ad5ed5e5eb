import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { HubIdentity } from '@styx/hub-auth';
import { podmanCliEnv, startPodmanService, VENV_BIN } from '@styx/testing';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildProcessingApp } from '../../src/app.js';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ResultPublisher } from '../../src/jobs/output-collection.js';
import { DEPLOY_SCOPE } from '../../src/ogc.js';
import { BUILTIN_PROCESSES } from '../../src/processes/index.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';
import { cwlFixture, UNSUPPORTED } from '../support/cwl-corpus.js';

const run = promisify(execFile);
const CWLTOOL = join(VENV_BIN, 'cwltool');
const FIXTURES = fileURLToPath(new URL('../fixtures/cwl/', import.meta.url));
const BASE = 'http://styx.test/services/processing/';
const user = (name: string, scopes: string[] = [], admin = false): HubIdentity => ({
  kind: 'user',
  name,
  admin,
  groups: [],
  scopes: ['access:services', ...scopes],
});
const TOKENS = [
  { token: 'ada-token-123456', identity: user('ada', [DEPLOY_SCOPE]) },
  { token: 'cy-token-1234567', identity: user('cy', [DEPLOY_SCOPE]) },
  { token: 'bob-token-123456', identity: user('bob') },
  { token: 'root-token-12345', identity: user('root', [DEPLOY_SCOPE], true) },
];
const ADA = 'ada-token-123456';

const CSV = 'date,water_level_m\n2024-01-01,2.5\n2024-01-02,\n2024-01-03,3.25\n2024-01-04,4\n';
const FOLDER: Record<string, string> = {
  'a.txt': 'alpha\n',
  'b.csv': 'x,y\n1,2\n',
  'c.json': '{}',
};

/** What cwltool reports for a File output, and what Styx's results say of one, made comparable. */
interface FileFacts {
  basename: string;
  size: number;
  sha1: string;
}
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/**
 * Processes deployed from CWL (OGC API – Processes Part 2) on real podman, checked against the
 * reference runner: cwltool runs the same package on the same inputs in the same image (its
 * podman mode, on the project's podman), and every output file must come out with the same
 * name, size and content. The packages' outputs include the command line each was given.
 */
describe('CWL application packages, against cwltool', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let files: Server;
  let dataUrl: string;
  let dir: string;
  let db: PGlite;
  let app: FastifyInstance;
  let runner: JobRunner;
  let cwltoolEnv: NodeJS.ProcessEnv;

  // Until results go to storage, a job's output files are linked where the job wrote them.
  const publisher: ResultPublisher = {
    publish: async (_job, _process, outputs) => ({
      files: await Promise.all(
        outputs.map(async (f) => ({
          href: pathToFileURL(f.hostPath).href,
          type: 'application/octet-stream',
          size: (await stat(f.hostPath)).size,
        })),
      ),
    }),
    discard: async () => {},
  };

  async function service() {
    const store = new JobStore(db);
    await store.migrate();
    const registry = new ProcessRegistry(db, BUILTIN_PROCESSES);
    await registry.load();
    runner = new JobRunner({
      store,
      backend: DockerBackend.connect(podman.host),
      registry,
      publisher,
      workDir: join(dir, 'jobs'),
      maxUnfinishedPerUser: 10,
      inputLocations: [dataUrl],
      pollMs: 300,
      log: pino({ level: 'silent' }),
    });
    app = await buildProcessingApp({ store, runner, baseUrl: BASE, staticTokens: TOKENS });
    await runner.startPolling();
  }

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    token?: string,
    body?: string | object,
    contentType?: string,
  ) =>
    app.inject({
      method,
      url: `/${path}`,
      headers: {
        ...(token ? { authorization: `token ${token}` } : {}),
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(body === undefined ? {} : { payload: body }),
    });

  beforeAll(async () => {
    podman = await startPodmanService();
    dir = await mkdtemp(join(tmpdir(), 'styx-cwl-'));
    await mkdir(join(dir, 'data', 'folder'), { recursive: true });
    await writeFile(join(dir, 'data', 'levels.csv'), CSV);
    for (const [name, text] of Object.entries(FOLDER))
      await writeFile(join(dir, 'data', 'folder', name), text);
    files = createServer(async (req, res) => {
      try {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        if (!path.startsWith('/data/') || path.includes('..')) throw new Error('no');
        res.writeHead(200).end(await readFile(join(dir, path)));
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    dataUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/data/`;
    db = await PGlite.create();
    await service();
    // cwltool's podman mode asks for --userns=keep-id, which only rootless podman has; these
    // tests run podman as root. A `podman` first on cwltool's PATH drops that one option.
    const shims = join(dir, 'shims');
    await mkdir(shims);
    const realPodman = (await run('sh', ['-c', 'command -v podman'])).stdout.trim();
    await writeFile(
      join(shims, 'podman'),
      `#!/bin/sh\nfor a; do shift; [ "$a" = --userns=keep-id ] || set -- "$@" "$a"; done\nexec ${realPodman} "$@"\n`,
      { mode: 0o755 },
    );
    cwltoolEnv = { ...process.env, PATH: `${shims}:${process.env.PATH}`, ...podmanCliEnv() };
  });
  afterAll(async () => {
    runner?.stop();
    await app?.close();
    await db?.close();
    await new Promise((resolve) => files?.close(resolve));
    await podman?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function finished(location: string) {
    for (;;) {
      const job = (await call('GET', location.replace(BASE, ''), ADA)).json();
      if (!['accepted', 'running'].includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Runs the package with cwltool; inputs given as Styx takes them (URLs under dataUrl). */
  async function cwltool(pkg: string, inputs: Record<string, unknown>) {
    const work = await mkdtemp(join(dir, 'cwltool-'));
    const local = (href: string) => join(dir, 'data', href.slice(dataUrl.length));
    const job = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [
        k,
        typeof v === 'string' && v.startsWith(dataUrl)
          ? { class: 'File', path: local(v) }
          : Array.isArray(v)
            ? { class: 'Directory', path: join(dir, 'data', 'folder') }
            : v,
      ]),
    );
    await writeFile(join(work, 'job.json'), JSON.stringify(job));
    const { stdout } = await run(
      CWLTOOL,
      [
        '--quiet',
        '--podman',
        '--outdir',
        join(work, 'out'),
        join(FIXTURES, pkg),
        join(work, 'job.json'),
      ],
      { cwd: work, maxBuffer: 10 * 1024 * 1024, env: cwltoolEnv },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  async function facts(value: unknown): Promise<FileFacts | FileFacts[] | null> {
    if (value === null || value === undefined) return null;
    if (Array.isArray(value)) {
      const all = (await Promise.all(value.map(facts))).flat() as FileFacts[];
      return all.sort((a, b) => a.basename.localeCompare(b.basename));
    }
    const v = value as Record<string, unknown>;
    if (v.class === 'Directory') {
      const root = fileURLToPath(String(v.location));
      const names = await readdir(root, { recursive: true, withFileTypes: true });
      return facts(
        names
          .filter((d) => d.isFile())
          .map((d) => ({
            class: 'File',
            location: pathToFileURL(join(d.parentPath, d.name)).href,
          })),
      );
    }
    const path = fileURLToPath(String(v.location ?? v.href));
    const bytes = await readFile(path);
    return { basename: basename(path), size: bytes.length, sha1: sha1(bytes) };
  }

  const cases: Array<{ pkg: string; contentType: string; inputs: () => Record<string, unknown> }> =
    [
      {
        pkg: 'echo-args.cwl',
        contentType: 'application/cwl+yaml',
        inputs: () => ({
          series: `${dataUrl}levels.csv`,
          threshold: 0.25,
          name: 'garonne',
          verbose: true,
          quiet: false,
          label: 'two words',
        }),
      },
      {
        pkg: 'series-summary.cwl',
        contentType: 'application/cwl+json',
        inputs: () => ({ series: `${dataUrl}levels.csv` }),
      },
      {
        pkg: 'folder-listing.cwl',
        contentType: 'application/ogcapppkg+json',
        inputs: () => ({
          folder: Object.keys(FOLDER).map((name) => `${dataUrl}folder/${name}`),
        }),
      },
    ];

  for (const c of cases) {
    it(`deploys ${c.pkg} as ${c.contentType} and runs it as cwltool does`, async () => {
      const yaml = cwlFixture(c.pkg);
      const body =
        c.contentType === 'application/cwl+json'
          ? JSON.stringify(parseYaml(yaml))
          : c.contentType === 'application/ogcapppkg+json'
            ? JSON.stringify({
                executionUnit: { value: yaml, mediaType: 'application/cwl+yaml' },
              })
            : yaml;
      const deployed = await call('POST', 'processes', ADA, body, c.contentType);
      expect(deployed.statusCode, deployed.body).toBe(201);
      const id = c.pkg.replace('.cwl', '');
      expect(deployed.headers.location).toBe(`${BASE}processes/${id}`);
      const description = (await call('GET', `processes/${id}`)).json();
      expect(Object.keys(description.inputs)).toEqual(
        Object.keys(Array.isArray(parseYaml(yaml).inputs) ? {} : parseYaml(yaml).inputs).length
          ? Object.keys(parseYaml(yaml).inputs)
          : (parseYaml(yaml).inputs as Array<{ id: string }>).map((i) => i.id),
      );

      const inputs = c.inputs();
      const execution = await call(
        'POST',
        `processes/${id}/execution`,
        ADA,
        { inputs },
        'application/json',
      );
      expect(execution.statusCode, execution.body).toBe(201);
      const [job, reference] = await Promise.all([
        finished(String(execution.headers.location)),
        cwltool(c.pkg, inputs),
      ]);
      expect(job.status, job.message).toBe('successful');
      const results = (await call('GET', `jobs/${job.jobID}/results`, ADA)).json();
      expect(Object.keys(results).sort()).toEqual(Object.keys(reference).sort());
      for (const output of Object.keys(reference)) {
        expect(await facts(results[output]), output).toEqual(await facts(reference[output]));
      }
    });
  }

  it('gives the echo tool the command line cwltool gives it', async () => {
    const jobs = (await call('GET', 'jobs', ADA)).json().jobs;
    const echo = jobs.find((j: { processID: string }) => j.processID === 'echo-args');
    const results = (await call('GET', `jobs/${echo.jobID}/results`, ADA)).json();
    const args = JSON.parse(await readFile(fileURLToPath(results.args.href), 'utf8'));
    expect(args).toEqual([
      'first',
      '--mode',
      '--verbose',
      '--name=garonne',
      '--file',
      'levels.csv',
      '0.25',
      '-k',
      'fixed',
      '-n',
      '7',
      '--joined=glued',
      '--label',
      'two words',
    ]);
  });

  it('refuses what is outside the subset with a 400 naming it, though cwltool accepts it', async () => {
    for (const { feature, cwl, named } of UNSUPPORTED) {
      const file = join(dir, `unsupported-${feature.replace(/\W+/g, '-')}.cwl`);
      await writeFile(file, cwl);
      const validated = await run(CWLTOOL, ['--validate', file]).then(
        () => 'valid',
        (error: { stderr?: string }) => `invalid: ${error.stderr}`,
      );
      expect(validated, feature).toBe('valid');
      const response = await call('POST', 'processes', ADA, cwl, 'application/cwl+yaml');
      expect(response.statusCode, feature).toBe(400);
      expect(response.json().detail, feature).toContain(named);
    }
    expect((await call('GET', 'processes/outside')).statusCode).toBe(404);
  });

  it('deploys, replaces and undeploys only with the right, and only its owner or an admin', async () => {
    const pkg = cwlFixture('folder-listing.cwl').replace('id: folder-listing', 'id: owned');
    expect(
      (await call('POST', 'processes', undefined, pkg, 'application/cwl+yaml')).statusCode,
    ).toBe(401);
    const bob = await call('POST', 'processes', 'bob-token-123456', pkg, 'application/cwl+yaml');
    expect(bob.statusCode).toBe(403);
    expect(bob.json().detail).toContain(DEPLOY_SCOPE);
    expect((await call('POST', 'processes', ADA, pkg, 'text/plain')).statusCode).toBe(415);
    expect((await call('POST', 'processes', ADA, pkg, 'application/cwl+yaml')).statusCode).toBe(
      201,
    );
    const again = await call('POST', 'processes', ADA, pkg, 'application/cwl+yaml');
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toContain('duplicated-process');
    expect((await call('GET', 'processes/owned/package')).body).toBe(pkg);

    const relabelled = pkg.replace('id: owned', 'id: owned\nlabel: Folder listing, relabelled');
    const cy = await call(
      'PUT',
      'processes/owned',
      'cy-token-1234567',
      relabelled,
      'application/cwl+yaml',
    );
    expect(cy.statusCode).toBe(403);
    expect(cy.json().detail).toContain('deployed by ada');
    expect(
      (
        await call(
          'PUT',
          'processes/owned',
          ADA,
          pkg.replace('id: owned', 'id: other'),
          'application/cwl+yaml',
        )
      ).statusCode,
    ).toBe(409);
    expect(
      (await call('PUT', 'processes/owned', ADA, relabelled, 'application/cwl+yaml')).statusCode,
    ).toBe(204);
    expect((await call('GET', 'processes/owned')).json().title).toBe('Folder listing, relabelled');
    expect(
      (await call('DELETE', 'processes/river-level-statistics', 'root-token-12345')).statusCode,
    ).toBe(403);
    expect((await call('DELETE', 'processes/owned', 'cy-token-1234567')).statusCode).toBe(403);

    // Deployed processes survive a restart of the service.
    runner.stop();
    await app.close();
    await service();
    expect((await call('GET', 'processes/owned')).json().title).toBe('Folder listing, relabelled');
    expect((await call('DELETE', 'processes/owned', 'root-token-12345')).statusCode).toBe(204);
    expect((await call('GET', 'processes/owned')).statusCode).toBe(404);
    const ids = (await call('GET', 'processes')).json().processes.map((p: { id: string }) => p.id);
    expect(ids).toEqual([
      'river-level-statistics',
      'river-threshold-exceedance',
      'echo-args',
      'folder-listing',
      'series-summary',
    ]);
  });
});
