import type { JobSpec } from '../job-backend.js';
import { shellJoin, shellQuote } from './shell-quote.js';

/** How the HPC cluster runs containers. */
export type ContainerRuntime =
  | {
      kind: 'apptainer' | 'singularity';
      /** Where the cluster keeps SIF images: `localhost/styx/base:latest` → `<dir>/localhost_styx_base_latest.sif`. */
      imageDir: string;
    }
  | { kind: 'podman' };

export interface SbatchOptions {
  runtime: ContainerRuntime;
  partition?: string;
  /** Where Slurm writes the job's stdout and stderr (`%j` is the Slurm job id). */
  logPath: string;
  /** A wall-time limit, in minutes. */
  timeLimitMinutes?: number;
}

/** The SIF file an image name maps to on the cluster. */
export function sifPath(imageDir: string, image: string): string {
  return `${imageDir.replace(/\/$/, '')}/${image.replace(/[^A-Za-z0-9.-]+/g, '_')}.sif`;
}

/**
 * The command that runs the job's container on a compute node: the same isolation as the
 * docker backend (inputs read-only, one writable output folder, no network, the job's
 * environment only), in the runtime's own words.
 */
export function containerCommand(spec: JobSpec, runtime: ContainerRuntime): string[] {
  const env = Object.entries(spec.env).sort(([a], [b]) => a.localeCompare(b));
  if (runtime.kind === 'podman') {
    return [
      'podman',
      'run',
      '--rm',
      '--init',
      '--network',
      'none',
      '--name',
      `styx-job-${spec.jobId}`,
      ...spec.inputs.flatMap((i) => ['--volume', `${i.hostPath}:${i.containerPath}:ro`]),
      '--volume',
      `${spec.outputs.hostPath}:${spec.outputs.containerPath}:rw`,
      '--workdir',
      spec.outputs.containerPath,
      ...env.flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      ...(spec.resources.cpus !== undefined ? ['--cpus', String(spec.resources.cpus)] : []),
      ...(spec.resources.memoryMiB !== undefined
        ? ['--memory', `${spec.resources.memoryMiB}m`]
        : []),
      spec.image,
      ...spec.command,
    ];
  }
  // Apptainer/Singularity: --containall (no host home, /tmp or environment), --cleanenv, a
  // private network namespace with no interfaces; Slurm already holds the CPU and memory.
  return [
    runtime.kind,
    'exec',
    '--containall',
    '--cleanenv',
    '--no-home',
    '--net',
    '--network',
    'none',
    ...spec.inputs.flatMap((i) => ['--bind', `${i.hostPath}:${i.containerPath}:ro`]),
    '--bind',
    `${spec.outputs.hostPath}:${spec.outputs.containerPath}:rw`,
    '--pwd',
    spec.outputs.containerPath,
    ...env.flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    sifPath(runtime.imageDir, spec.image),
    ...spec.command,
  ];
}

/**
 * The batch script for `sbatch` (or slurmrestd's `script`): Slurm directives from the job's
 * resources, then the container command, every word quoted for the shell. Pure: the tests run
 * the script's quoting through bash itself.
 */
export function buildSbatchScript(spec: JobSpec, options: SbatchOptions): string {
  const directives = [
    `--job-name=styx-${spec.jobId}`,
    `--output=${options.logPath}`,
    '--ntasks=1',
    ...(spec.resources.cpus !== undefined
      ? [`--cpus-per-task=${Math.ceil(spec.resources.cpus)}`]
      : []),
    ...(spec.resources.memoryMiB !== undefined ? [`--mem=${spec.resources.memoryMiB}M`] : []),
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.timeLimitMinutes !== undefined ? [`--time=${options.timeLimitMinutes}`] : []),
  ];
  const command = shellJoin(containerCommand(spec, options.runtime));
  const run =
    options.runtime.kind === 'podman'
      ? [
          // On cancel Slurm signals every process of the job, podman's client included, which
          // may then fail to pass the signal on; the container is stopped through podman
          // itself (SIGTERM to the job, SIGKILL 10 s later), and the client's exit is the job's.
          `trap ${shellQuote(`podman stop --time 10 ${shellQuote(`styx-job-${spec.jobId}`)} >/dev/null 2>&1 || true`)} TERM`,
          `${command} &`,
          'child=$!',
          'while :; do',
          '  wait "$child" && status=0 || status=$?',
          '  kill -0 "$child" 2>/dev/null || break',
          'done',
          'exit "$status"',
        ]
      : [`exec ${command}`];
  return [
    '#!/bin/bash',
    ...directives.map((d) => `#SBATCH ${shellQuote(d)}`),
    'set -uo pipefail',
    `# Styx job ${spec.jobId} for ${spec.owner}`,
    ...run,
    '',
  ].join('\n');
}
