import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The root's tsx (hub-services/testing/src → the repository root). */
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

export interface ServiceProcess {
  output(): string;
  /** SIGTERM, and waits for the exit (its graceful close). */
  stop(): Promise<void>;
  exited(): boolean;
}

/** A Styx service as its own process (`tsx src/server.ts` in its workspace), as the Hub starts it. */
export function startServiceProcess(
  workspaceDir: string,
  env: Record<string, string>,
): ServiceProcess {
  let output = '';
  const child: ChildProcess = spawn(TSX, ['src/server.ts'], {
    cwd: workspaceDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  return {
    output: () => output,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
