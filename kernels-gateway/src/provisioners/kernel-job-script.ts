import type { LaunchRequest } from './provisioner.js';

export interface KernelJobOptions {
  /** The Python with ipykernel on the compute nodes. */
  python: string;
  /** The launcher as the nodes see it (a shared file system). */
  launcherPath: string;
  logPath: string;
  partition?: string | undefined;
  timeLimitMinutes?: number | undefined;
  cpus?: number | undefined;
  memoryMb?: number | undefined;
  /** The address the kernel binds on the node; the gateway must reach it. */
  bindIp: string;
}

/** POSIX single quotes: the only safe way to put a path into a shell script. */
function quote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * The slurmrestd submission of one kernel, as a pure function: a batch script that execs the
 * launcher (so the job is the kernel, and ending the job ends it), the job's resources, and its
 * environment, where the registration token travels (never in the script or on a command line).
 */
export function buildKernelJob(request: LaunchRequest, options: KernelJobOptions) {
  const script = [
    '#!/bin/sh',
    `exec ${quote(options.python)} ${quote(options.launcherPath)}`,
    '',
  ].join('\n');
  return {
    script,
    job: {
      name: `styx-kernel-${request.kernelId}`,
      current_working_directory: request.workingDir ?? '/tmp',
      standard_output: options.logPath,
      standard_error: options.logPath,
      environment: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        ...Object.fromEntries(
          Object.entries(request.environment).filter(
            ([key]) => !['PATH', 'HOME', 'TMPDIR'].includes(key),
          ),
        ),
        STYX_KERNEL_IP: options.bindIp,
      },
      ...(options.partition ? { partition: options.partition } : {}),
      ...(options.timeLimitMinutes ? { time_limit: options.timeLimitMinutes } : {}),
      ...(options.cpus ? { cpus_per_task: options.cpus } : {}),
      ...(options.memoryMb ? { memory_per_node: options.memoryMb } : {}),
    },
  };
}
