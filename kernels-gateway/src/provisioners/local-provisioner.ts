import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  KernelProvisioner,
  LaunchPlan,
  LaunchRequest,
  ProvisionedKernel,
} from './provisioner.js';
import { waitForExit } from './wait-for-exit.js';

export interface LocalProvisionerOptions {
  /** The Python with ipykernel (the project virtualenv's, by default). */
  python: string;
  /** kernels-gateway/launcher/styx_kernel_launcher.py */
  launcherPath: string;
  /** Where each kernel's output goes (`<kernel id>.log`). */
  logDir: string;
  /** The user's home: the kernel's HOME, and where it starts unless the client says otherwise. */
  homeFor?: ((owner: string) => string | undefined) | undefined;
}

interface LocalKernel extends ProvisionedKernel {
  kind: 'local';
  pid: number;
  logPath: string;
}

/**
 * Kernels as processes on the gateway's machine (jupyter_client's LocalProvisioner). Each starts
 * in its own process group, detached from the gateway, with its output in a log file rather than
 * a pipe: the kernel outlives a gateway restart, and a kill reaches whatever it spawned.
 * Every local kernel runs as the gateway's own OS user.
 */
export class LocalProvisioner implements KernelProvisioner {
  readonly kind = 'local';
  /** Exit codes of the kernels this process started and saw end (a restarted gateway has none). */
  private readonly exits = new Map<number, number>();
  /** The kernels this process started, until Node reports their exit. */
  private readonly children = new Map<number, Promise<number>>();

  constructor(private readonly options: LocalProvisionerOptions) {
    mkdirSync(options.logDir, { recursive: true });
  }

  describe(): string {
    return 'a process on the gateway host';
  }

  async preLaunch(request: LaunchRequest): Promise<LaunchPlan> {
    const python =
      typeof request.config.python === 'string' ? request.config.python : this.options.python;
    const home = this.options.homeFor?.(request.owner);
    if (home) mkdirSync(home, { recursive: true });
    return {
      request,
      argv: [python, this.options.launcherPath],
      env: { ...request.environment, ...(home ? { HOME: home } : {}) },
      cwd:
        request.workingDir && existsSync(request.workingDir)
          ? request.workingDir
          : (home ?? process.cwd()),
      logPath: join(this.options.logDir, `${request.kernelId}.log`),
    };
  }

  async launch(plan: LaunchPlan): Promise<ProvisionedKernel> {
    const [command, ...args] = plan.argv as [string, ...string[]];
    const logPath = plan.logPath as string;
    const log = openSync(logPath, 'a', 0o600);
    try {
      const child = spawn(command, args, {
        cwd: plan.cwd as string,
        env: plan.env as Record<string, string>,
        detached: true,
        stdio: ['ignore', log, log],
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      const pid = child.pid as number;
      this.children.set(
        pid,
        new Promise((resolve) =>
          child.once('exit', (code, signal) => {
            const exitCode = code ?? (signal ? 128 : -1);
            this.exits.set(pid, exitCode);
            this.children.delete(pid);
            resolve(exitCode);
          }),
        ),
      );
      child.unref();
      const kernel: LocalKernel = { kind: 'local', pid, logPath };
      return kernel;
    } finally {
      closeSync(log);
    }
  }

  async poll(kernel: ProvisionedKernel): Promise<number | undefined> {
    const { pid } = kernel as LocalKernel;
    const seen = this.exits.get(pid);
    if (seen !== undefined) return seen;
    if (isRunning(pid)) return undefined;
    // Our own child that has just gone: Node's exit event, with its code, is a moment away.
    const exit = this.children.get(pid);
    if (exit) return Promise.race([exit, sleep(1_000).then(() => -1)]);
    return -1;
  }

  wait(kernel: ProvisionedKernel, timeoutMs: number): Promise<number | undefined> {
    return waitForExit(() => this.poll(kernel), timeoutMs, 50);
  }

  async sendSignal(kernel: ProvisionedKernel, signal: NodeJS.Signals): Promise<void> {
    signalPid((kernel as LocalKernel).pid, signal);
  }

  async terminate(kernel: ProvisionedKernel): Promise<void> {
    signalGroup((kernel as LocalKernel).pid, 'SIGTERM');
  }

  /** SIGKILL to the whole group, and back once nothing of it runs any more. */
  async kill(kernel: ProvisionedKernel): Promise<void> {
    const { pid } = kernel as LocalKernel;
    signalGroup(pid, 'SIGKILL');
    const deadline = Date.now() + 2_000;
    while ((isRunning(pid) || groupMembers(pid).length > 0) && Date.now() < deadline)
      await sleep(20);
  }

  async cleanup(kernel: ProvisionedKernel, restart: boolean): Promise<void> {
    const { pid, logPath } = kernel as LocalKernel;
    // Whatever the kernel started in its group goes with it.
    signalGroup(pid, 'SIGKILL');
    this.exits.delete(pid);
    this.children.delete(pid);
    if (!restart) rmSync(logPath, { force: true });
  }

  async logs(kernel: ProvisionedKernel): Promise<string> {
    try {
      return readFileSync((kernel as LocalKernel).logPath, 'utf8')
        .split('\n')
        .slice(-30)
        .join('\n');
    } catch {
      return '';
    }
  }
}

/** Alive and not a zombie (a zombie still answers kill(pid, 0) until its parent reaps it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return statExists(`/proc/${pid}`);
  }
}

/** The live processes of a process group (Linux /proc), zombies left out. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return members;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the command's closing parenthesis: state, ppid, pgrp (proc(5)).
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

function statExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone: nothing to signal.
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    signalPid(pid, signal);
  }
}
