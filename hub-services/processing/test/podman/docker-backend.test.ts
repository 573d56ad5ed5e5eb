import { randomUUID } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPodmanService } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerBackend } from '../../src/backends/docker/docker-backend.js';
import {
  type BackendStatus,
  type JobSpec,
  JobSubmitError,
} from '../../src/backends/job-backend.js';

const BASE = 'localhost/styx/base:latest';

/**
 * The docker backend against real podman (its Docker-compatible API), on the base image the
 * set-up builds: jobs run, print, write outputs, fail, get cancelled; inputs are read-only and
 * there is no network.
 */
describe('DockerBackend on podman', () => {
  let podman: Awaited<ReturnType<typeof startPodmanService>>;
  let backend: DockerBackend;
  let work: string;
  const refs: string[] = [];

  beforeAll(async () => {
    podman = await startPodmanService();
    backend = DockerBackend.connect(podman.host);
    work = await mkdtemp(join(tmpdir(), 'styx-jobs-'));
  });
  afterAll(async () => {
    for (const ref of refs) await backend.remove(ref).catch(() => {});
    await podman?.stop();
    await rm(work, { recursive: true, force: true });
  });

  async function job(command: string[], extra: Partial<JobSpec> = {}): Promise<JobSpec> {
    const jobId = randomUUID();
    const outputs = join(work, jobId, 'outputs');
    await mkdir(outputs, { recursive: true });
    return {
      jobId,
      owner: 'ada',
      image: BASE,
      command,
      env: { STYX_JOB_ID: jobId },
      inputs: [],
      outputs: { hostPath: outputs, containerPath: '/outputs' },
      resources: { cpus: 1, memoryMiB: 256 },
      ...extra,
    };
  }

  async function submit(spec: JobSpec): Promise<string> {
    const ref = await backend.submit(spec);
    refs.push(ref);
    return ref;
  }

  async function finished(ref: string, timeoutMs = 60_000): Promise<BackendStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await backend.status(ref);
      if (status.state === 'succeeded' || status.state === 'failed') return status;
      if (Date.now() > deadline) throw new Error(`job still ${status.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('runs a job that reads an input, prints progress and writes its output', async () => {
    const inputs = join(work, 'inputs');
    await mkdir(inputs, { recursive: true });
    await writeFile(join(inputs, 'levels.csv'), 'date,level_m\n2024-01-01,2.5\n2024-01-02,3.5\n');
    const script = [
      'import csv, json, os',
      'rows = list(csv.DictReader(open("/inputs/levels/levels.csv")))',
      'print("progress 50", flush=True)',
      'mean = sum(float(r["level_m"]) for r in rows) / len(rows)',
      'json.dump({"mean_level_m": mean, "job": os.environ["STYX_JOB_ID"]}, open("/outputs/stats.json", "w"))',
      'print("progress 100", flush=True)',
    ].join('\n');
    const spec = await job(['python3', '-c', script], {
      inputs: [{ hostPath: inputs, containerPath: '/inputs/levels' }],
    });
    const ref = await submit(spec);
    const status = await finished(ref);
    expect(status).toMatchObject({ state: 'succeeded', exitCode: 0 });
    expect(Date.parse(status.finishedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(status.startedAt ?? ''),
    );
    expect(await backend.logs(ref)).toBe('progress 50\nprogress 100\n');
    const out = JSON.parse(await readFile(join(spec.outputs.hostPath, 'stats.json'), 'utf8'));
    expect(out).toEqual({ mean_level_m: 3, job: spec.jobId });
  });

  it('keeps inputs read-only and the job off the network', async () => {
    const inputs = join(work, 'readonly');
    await mkdir(inputs, { recursive: true });
    await chmod(inputs, 0o777);
    const script = [
      'import socket',
      'try:\n    open("/inputs/x/new.txt", "w")\n    print("wrote")\nexcept OSError as e:\n    print("write refused:", e.strerror)',
      'try:\n    socket.create_connection(("1.1.1.1", 80), timeout=2)\n    print("online")\nexcept OSError:\n    print("no network")',
    ].join('\n');
    const ref = await submit(
      await job(['python3', '-c', script], {
        inputs: [{ hostPath: inputs, containerPath: '/inputs/x' }],
      }),
    );
    expect((await finished(ref)).state).toBe('succeeded');
    expect(await backend.logs(ref)).toBe('write refused: Read-only file system\nno network\n');
  });

  it('reports a failing job with its exit code and what it printed on stderr', async () => {
    const ref = await submit(
      await job([
        'python3',
        '-c',
        'import sys; print("no such band", file=sys.stderr); sys.exit(3)',
      ]),
    );
    expect(await finished(ref)).toMatchObject({
      state: 'failed',
      exitCode: 3,
      message: 'the job exited with code 3',
    });
    expect(await backend.logs(ref)).toContain('no such band');
  });

  it('cancels a running job: it gets SIGTERM and ends', async () => {
    const ref = await submit(await job(['sleep', '600']));
    await expect
      .poll(async () => (await backend.status(ref)).state, { timeout: 30_000 })
      .toBe('running');
    await backend.cancel(ref);
    const status = await finished(ref, 30_000);
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/stopped/);
    // SIGTERM reached the job (an init is PID 1), so it ended itself (143) rather than being
    // killed after the grace period (137).
    expect(status.exitCode).toBe(143);
    await backend.cancel(ref); // cancelling again is harmless
  });

  it('refuses an image that is not on the machine, never pulling it', async () => {
    const spec = await job(['true'], { image: 'localhost/styx/no-such-image:1' });
    await expect(backend.submit(spec)).rejects.toThrow(JobSubmitError);
    await expect(backend.submit(spec)).rejects.toThrow(/not on this machine/);
  });

  it('refuses a second container for the same job, and forgets removed ones', async () => {
    const spec = await job(['true']);
    const ref = await submit(spec);
    await expect(backend.submit(spec)).rejects.toThrow(/already has a container/);
    await finished(ref);
    await backend.remove(ref);
    expect((await backend.status(ref)).state).toBe('gone');
  });
});
