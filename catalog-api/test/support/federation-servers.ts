import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, waitForHttp } from '@styx/testing';
import { inject } from 'vitest';
import { stopChild } from '../../bench/processes.js';
import { type RunningServer, startStacFastapi } from '../../bench/servers.js';
import { VENV_BIN } from './listening-catalog.js';
import { adminQuery } from './postgres-server.js';

/**
 * The federation tests' peers, each a real server on a loopback port: stac-fastapi-pgstac on a
 * copy of the fixture database, pycsw as an OpenSearch server, and a small HTTP proxy that
 * delays, fails or records what federation sends.
 */

const run = promisify(execFile);

/** stac-fastapi-pgstac (the bench's peer, started the same way) on a copy of the fixture. */
export async function startStacFastapiPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const templateUrl = new URL(inject('postgresTemplateUrl'));
  const name = `styx_federation_${process.pid}`;
  const adminUrl = inject('postgresTemplateUrl').replace(/\/[^/]+$/, '/postgres');
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  let server: RunningServer;
  try {
    server = await startStacFastapi(VENV_BIN, {
      host: templateUrl.hostname,
      port: Number(templateUrl.port),
      name,
    });
  } catch (error) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    throw error;
  }
  return {
    url: `${server.baseUrl}/`,
    async close() {
      await stopChild(server.process.child);
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One OpenSearch record: a Dublin Core record with a footprint and a date. */
export interface OpenSearchRecord {
  id: string;
  title: string;
  keywords: string[];
  /** [west, south, east, north] */
  bbox: [number, number, number, number];
  datetime: string;
}

/** pycsw's own folder (scripts/requirements-pycsw.txt says why it is apart from .venv's). */
export const PYCSW_PATH = fileURLToPath(new URL('../../../.venv/opt/pycsw', import.meta.url));

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function dublinCore(r: OpenSearchRecord): string {
  const [w, s, e, n] = r.bbox;
  return `<?xml version="1.0" encoding="UTF-8"?>
<csw:Record xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dct="http://purl.org/dc/terms/" xmlns:ows="http://www.opengis.net/ows">
  <dc:identifier>${escapeXml(r.id)}</dc:identifier>
  <dc:title>${escapeXml(r.title)}</dc:title>
  <dc:type>dataset</dc:type>
  ${r.keywords.map((k) => `<dc:subject>${escapeXml(k)}</dc:subject>`).join('\n  ')}
  <dct:abstract>${escapeXml(r.title)}</dct:abstract>
  <dct:modified>${r.datetime}</dct:modified>
  <dct:temporal>${r.datetime}</dct:temporal>
  <ows:BoundingBox crs="urn:x-ogc:def:crs:EPSG:6.11:4326">
    <ows:LowerCorner>${s} ${w}</ows:LowerCorner>
    <ows:UpperCorner>${n} ${e}</ows:UpperCorner>
  </ows:BoundingBox>
</csw:Record>
`;
}

function pycswConfig(home: string, port: number): string {
  return `[server]
home=${home}
url=http://127.0.0.1:${port}/
mimetype=application/xml; charset=UTF-8
encoding=UTF-8
language=en-US
maxrecords=100
loglevel=WARNING
logfile=${join(home, 'pycsw.log')}
pretty_print=false
domainquerytype=list
domaincounts=false
profiles=apiso

[manager]
transactions=false
allowed_ips=127.0.0.1

[metadata:main]
identification_title=Styx test records (pycsw)
identification_abstract=Hydrology records served by pycsw over OpenSearch
identification_keywords=hydrology
identification_keywords_type=theme
identification_fees=None
identification_accessconstraints=None
provider_name=Styx tests
provider_url=http://127.0.0.1:${port}/
contact_name=Styx
contact_position=none
contact_address=none
contact_city=none
contact_stateorprovince=none
contact_postalcode=none
contact_country=none
contact_phone=none
contact_fax=none
contact_email=none@example.org
contact_url=http://127.0.0.1:${port}/
contact_hours=none
contact_instructions=none
contact_role=pointOfContact

[repository]
database=sqlite:///${join(home, 'records.db')}
table=records
`;
}

/**
 * pycsw 2.6 (OGC CSW, with OpenSearch and its Geo and Time extensions) on SQLite loaded with
 * `records` by its own pycsw-admin; `url` is its OpenSearch description document.
 */
export async function startPycsw(
  records: OpenSearchRecord[],
): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(PYCSW_PATH, 'pycsw'))) {
    throw new Error(`pycsw is not installed in ${PYCSW_PATH}; run \`bash scripts/setup.sh test\``);
  }
  const home = mkdtempSync(join(tmpdir(), 'styx-pycsw-'));
  const recordsDir = join(home, 'records');
  mkdirSync(recordsDir);
  for (const r of records) writeFileSync(join(recordsDir, `${r.id}.xml`), dublinCore(r));
  const port = await freePort();
  const config = join(home, 'pycsw.cfg');
  writeFileSync(config, pycswConfig(home, port));
  const env = { ...process.env, PYTHONPATH: PYCSW_PATH, PYCSW_CONFIG: config };
  const admin = join(PYCSW_PATH, 'bin', 'pycsw-admin.py');
  const python = `${VENV_BIN}python`;
  await run(python, [admin, '-c', 'setup_db', '-f', config], { env });
  await run(python, [admin, '-c', 'load_records', '-f', config, '-p', recordsDir], { env });
  // pycsw's WSGI app under the standard library's server, on loopback only.
  const child: ChildProcess = spawn(
    python,
    [
      '-c',
      `from wsgiref.simple_server import make_server
from pycsw.wsgi import application
make_server('127.0.0.1', ${port}, application).serve_forever()`,
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c) => {
    stderr = (stderr + String(c)).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}/?mode=opensearch&service=CSW&version=3.0.0&request=GetCapabilities`;
  try {
    await waitForHttp(url, {
      timeoutMs: 30_000,
      stillRunning: () => child.exitCode === null,
      what: 'pycsw',
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    url,
    async close() {
      await stopChild(child);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * An HTTP proxy in front of `target` that waits `delayMs` before relaying (a slow provider),
 * answers `failWith` itself (a broken one) or redirects to `redirectTo`, and records the
 * headers of every request.
 */
export async function startProxy(
  target: string,
  options: { delayMs?: number; failWith?: number; redirectTo?: string } = {},
): Promise<{ url: string; requests: IncomingHttpHeaders[]; close(): Promise<void> }> {
  const requests: IncomingHttpHeaders[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    requests.push(req.headers);
    const relay = () => {
      if (options.redirectTo) {
        res.writeHead(302, { location: `${options.redirectTo.replace(/\/$/, '')}${req.url}` });
        res.end();
        return;
      }
      if (options.failWith) {
        res.writeHead(options.failWith, { 'content-type': 'text/plain' });
        res.end('the test made this provider fail');
        return;
      }
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    };
    const timer = setTimeout(relay, options.delayMs ?? 0);
    res.on('close', () => clearTimeout(timer));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
