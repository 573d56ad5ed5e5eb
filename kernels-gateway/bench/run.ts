/**
 * `npm run bench -w kernels-gateway`: what the gateway costs a user, against a plain local
 * Jupyter Server (its own local kernels, the peer) on the same machine in the same run:
 * kernel start (POST to the kernel answering), the `1+1` round trip (median, p90) and iopub
 * throughput, for the gateway's local provisioner seen directly and through a Jupyter Server
 * in gateway mode (as a Hub user's server uses it), and for podman and Slurm kernels when those
 * are installed. Goals (the issue's): local ≤ 10 % over the peer; a podman start ≤ 1.5 s.
 * Prints; fails no one. STYX_BENCH_ONLY=local skips podman and Slurm.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPodmanService, startSlurm } from '@styx/testing';
import type { KernelSpecConfig } from '../src/kernels/kernel-specs.js';
import { PodmanProvisioner } from '../src/provisioners/podman-provisioner.js';
import type { KernelProvisioner } from '../src/provisioners/provisioner.js';
import { SlurmProvisioner } from '../src/provisioners/slurm-provisioner.js';
import {
  clientSettings,
  LAUNCHER,
  LOCAL_SPEC,
  PYTHON,
  startGateway,
  USERS,
} from '../test/support/gateway.js';
import { startJupyterServer } from '../test/support/jupyter-server.js';
import { ensureKernelImage } from '../test/support/kernel-image.js';
import { measure, median, quantile, type Timings } from './measure.js';

const STARTS = Number(process.env.STYX_BENCH_STARTS ?? 8);
const ROUND_TRIPS = Number(process.env.STYX_BENCH_ROUND_TRIPS ?? 200);
const IOPUB = Number(process.env.STYX_BENCH_IOPUB ?? 3000);
const options = { starts: STARTS, roundTrips: ROUND_TRIPS, iopubMessages: IOPUB };
const log = (what: string) => (line: string) => process.stderr.write(`[bench] ${what}: ${line}\n`);

const results: Array<{ name: string; t: Timings }> = [];
const cleanups: Array<() => Promise<void>> = [];
try {
  // The peer: a plain Jupyter Server with its own local ipykernel.
  const plain = await startJupyterServer();
  cleanups.push(() => plain.stop());
  results.push({
    name: 'Jupyter Server, local kernels (peer)',
    t: await measure(clientSettings(plain.url, plain.token), 'python3', options, log('peer')),
  });

  const provisioners: KernelProvisioner[] = [];
  const specs: KernelSpecConfig[] = [LOCAL_SPEC];
  const only = process.env.STYX_BENCH_ONLY;
  if (only !== 'local') {
    try {
      const image = await ensureKernelImage();
      const podman = await startPodmanService();
      cleanups.push(() => podman.stop());
      provisioners.push(new PodmanProvisioner({ docker: podman.docker, launcherPath: LAUNCHER }));
      specs.push({ ...LOCAL_SPEC, name: 'podman', provisioner: 'podman', config: { image } });
    } catch (error) {
      log('podman')(`skipped: ${(error as Error).message.split('\n')[0]}`);
    }
    try {
      const slurm = await startSlurm();
      cleanups.push(() => slurm.stop());
      provisioners.push(
        new SlurmProvisioner({
          url: slurm.url,
          jwtKey: slurm.jwtKey,
          clusterUser: () => 'root',
          python: PYTHON,
          launcherPath: LAUNCHER,
          logDir: mkdtempSync(join(tmpdir(), 'styx-bench-slurm-')),
          partition: 'debug',
        }),
      );
      specs.push({ ...LOCAL_SPEC, name: 'slurm', provisioner: 'slurm', interruptMode: 'message' });
    } catch (error) {
      log('slurm')(`skipped: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  const gateway = await startGateway({ specs, provisioners });
  cleanups.push(() => gateway.close());
  const direct = clientSettings(gateway.url, USERS.alice.token);
  results.push({
    name: 'gateway, local provisioner',
    t: await measure(direct, 'python3', options, log('gateway local')),
  });
  const viaServer = await startJupyterServer({
    gateway: { url: gateway.url, token: USERS.alice.token },
  });
  cleanups.push(() => viaServer.stop());
  results.push({
    name: 'Jupyter Server in gateway mode → gateway, local',
    t: await measure(
      clientSettings(viaServer.url, viaServer.token),
      'python3',
      options,
      log('server → gateway'),
    ),
  });
  for (const spec of specs.slice(1)) {
    results.push({
      name: `gateway, ${spec.name} provisioner`,
      t: await measure(
        direct,
        spec.name,
        { ...options, starts: Math.min(STARTS, 4) },
        log(`gateway ${spec.name}`),
      ),
    });
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}

const peer = results[0]?.t as Timings;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const ratio = (v: number, p: number) => `${(v / p).toFixed(2)}×`;
console.log(
  `\nKernels: ${STARTS} starts, ${ROUND_TRIPS} round trips of 1+1, ${IOPUB} iopub messages per row (same machine, same run)\n`,
);
console.log(
  '| path | start median | vs peer | 1+1 median | 1+1 p90 | vs peer (median) | iopub msg/s | vs peer |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { name, t } of results) {
  console.log(
    `| ${name} | ${ms(median(t.startMs))} | ${ratio(median(t.startMs), median(peer.startMs))} | ${ms(median(t.roundTripMs))} | ${ms(quantile(t.roundTripMs, 0.9))} | ${ratio(median(t.roundTripMs), median(peer.roundTripMs))} | ${t.iopubPerSecond.toFixed(0)} | ${ratio(t.iopubPerSecond, peer.iopubPerSecond)} |`,
  );
}
process.exit(0);
