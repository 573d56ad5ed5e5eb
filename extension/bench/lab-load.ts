/**
 * The extension's added JupyterLab load time: the same JupyterLab started twice, once seeing
 * only the Styx labextension and once seeing none, each page load timed in Debian's headless
 * Chromium from navigation to `app.restored` (every plugin activated, the layout restored).
 *
 *   npx tsx bench/lab-load.ts        (from extension/; part of `npm run bench -w extension`)
 *
 * Knob: BENCH_LAB_LOADS (page loads per case, default 7; the median is reported).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '@styx/testing';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tools/chromium.js';

const here = dirname(fileURLToPath(import.meta.url));
const venv = join(here, '..', '..', '.venv');
const installed = join(venv, 'share', 'jupyter', 'labextensions', '@styx', 'jupyterlab');
const loads = Number(process.env.BENCH_LAB_LOADS ?? 7);

export interface LabLoadResult {
  withoutMs: number;
  withMs: number;
  addedMs: number;
  styxBytes: number;
}

export async function measureLabLoad(): Promise<LabLoadResult> {
  const work = await mkdtemp(join(tmpdir(), 'styx-lab-load-'));
  try {
    const only = join(work, 'labextensions');
    await mkdir(join(only, '@styx'), { recursive: true });
    await symlink(installed, join(only, '@styx', 'jupyterlab'));
    const none = join(work, 'none');
    await mkdir(none);
    const without = await timeLab(none, work);
    const withStyx = await timeLab(only, work);
    return {
      withoutMs: without.ms,
      withMs: withStyx.ms,
      addedMs: withStyx.ms - without.ms,
      styxBytes: withStyx.styxBytes,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function timeLab(
  labextensions: string,
  work: string,
): Promise<{ ms: number; styxBytes: number }> {
  const port = await freePort();
  const root = await mkdtemp(join(work, 'root-'));
  const lab = spawn(
    join(venv, 'bin', 'jupyter'),
    [
      'lab',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${port}`,
      '--ServerApp.open_browser=False',
      '--IdentityProvider.token=',
      '--ServerApp.password=',
      '--ServerApp.disable_check_xsrf=True',
      `--ServerApp.root_dir=${root}`,
      '--LabApp.expose_app_in_browser=True',
      `--LabApp.workspaces_dir=${root}`,
      `--LabApp.user_settings_dir=${root}`,
      // traitlets takes a list from the command line as repeated flags, one element each.
      `--LabApp.labextensions_path=${labextensions}`,
      // Nothing for the panel to reach: its first request fails at once, as it would offline.
      '--ServerApp.log_level=WARN',
      // CI and this machine run as root; JupyterLab refuses that unless told.
      '--ServerApp.allow_root=True',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  lab.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/lab`, {
      timeoutMs: 60_000,
      stillRunning: () => lab.exitCode === null,
      what: 'JupyterLab',
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const times: number[] = [];
      let styxBytes = 0;
      for (let i = 0; i < loads + 1; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const bodies: Promise<number>[] = [];
        page.on('response', (response) => {
          if (response.url().includes('/extensions/@styx/')) {
            bodies.push(
              response.body().then(
                (body) => body.length,
                () => 0,
              ),
            );
          }
        });
        await page.goto(`http://127.0.0.1:${port}/lab?reset`);
        const ms = await page.evaluate(async () => {
          const w = window as unknown as { jupyterapp?: { restored: Promise<void> } };
          while (!w.jupyterapp) await new Promise((r) => setTimeout(r, 5));
          await w.jupyterapp.restored;
          return performance.now();
        });
        await page.waitForTimeout(200);
        const bytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
        // The first load warms the server's caches; it is not counted.
        if (i > 0) times.push(ms);
        styxBytes = Math.max(styxBytes, bytes);
        await context.close();
      }
      return { ms: median(times), styxBytes };
    } finally {
      await browser.close();
    }
  } finally {
    if (lab.exitCode === null) {
      const exited = new Promise((resolve) => lab.once('exit', resolve));
      lab.kill('SIGTERM');
      await exited;
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureLabLoad();
  console.log(
    `JupyterLab load (navigation → app.restored, median of ${loads}): without Styx ${result.withoutMs.toFixed(0)} ms, ` +
      `with Styx ${result.withMs.toFixed(0)} ms, added ${result.addedMs.toFixed(0)} ms; ` +
      `Styx's JavaScript and CSS: ${(result.styxBytes / 1024).toFixed(0)} KiB`,
  );
}
