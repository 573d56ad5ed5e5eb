import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/**
 * The bench's child processes and clean-up: every process it starts is registered here, and
 * `cleanUp()` runs the registered clean-up steps (stop servers, stop PostgreSQL, remove temp
 * folders) in reverse order, once, on normal exit, on error and on SIGINT/SIGTERM.
 */
type Step = { name: string; run: () => Promise<void> };

const steps: Step[] = [];
let cleaning: Promise<void> | undefined;

export function onCleanUp(name: string, run: () => Promise<void>): void {
  steps.push({ name, run });
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`[bench] clean-up '${step.name}' failed: ${String(error)}\n`);
      }
    }
  })();
  return cleaning;
}

/**
 * Exits via clean-up on SIGINT/SIGTERM. Further signals are ignored while cleaning up: with
 * Ctrl-C the whole process group gets SIGINT, and npx/tsx relay more signals on top; clean-up
 * is bounded anyway (children get SIGKILL after a grace period; a last-resort timer exits).
 */
let signalled = false;

/** Was the bench stopped by a signal? (Then its partial results are not worth keeping.) */
export function interrupted(): boolean {
  return signalled;
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (cleaning) return;
      signalled = true;
      process.stderr.write(`\n[bench] ${signal}: stopping everything...\n`);
      setTimeout(() => process.exit(130), 30_000).unref();
      void cleanUp().finally(() => process.exit(130));
    });
  }
}

/** Waits for a child to exit; SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface Started {
  child: ChildProcess;
  /** The last few KB of the process's stdout+stderr, for error messages. */
  output(): string;
}

/** Spawns a long-running child whose stdout/stderr are kept (tail only) and stopped on clean-up. */
export function startChild(
  name: string,
  cmd: string,
  args: string[],
  options: SpawnOptions,
): Started {
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  onCleanUp(name, () => stopChild(child));
  return { child, output: () => tail };
}

export interface Completed {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall-clock time from spawn to exit, in seconds. */
  seconds: number;
}

/** Runs a command to completion, timing it from spawn to exit; stopped if the bench is. */
export async function runTimed(
  name: string,
  cmd: string,
  args: string[],
  options: SpawnOptions = {},
  timeoutMs = 300_000,
): Promise<Completed> {
  const started = performance.now();
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-20_000);
  });
  onCleanUp(name, () => stopChild(child));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  clearTimeout(timer);
  return { code, stdout, stderr, seconds: (performance.now() - started) / 1000 };
}
