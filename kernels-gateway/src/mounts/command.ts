import { execFile, spawn } from 'node:child_process';

export class CommandFailedError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly stderr: string,
    message: string,
  ) {
    super(message);
    this.name = 'CommandFailedError';
  }
}

/**
 * Runs a program without a shell (arguments are never parsed again) and with the environment
 * given, not the service's: rclone, for one, reads RCLONE_* and AWS_* variables, which must not
 * lend the service's own settings or credentials to a user's mount.
 */
export function runCommand(
  argv: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  const [file, ...args] = argv;
  if (!file) throw new Error('runCommand needs a program');
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        env: options.env ?? { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 1 << 20,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const said = stderr.trim().split('\n').slice(-5).join('\n') || error.message;
        reject(new CommandFailedError(argv, stderr, `${file} ${args[0] ?? ''} failed: ${said}`));
      },
    );
  });
}

/**
 * Runs a program that forks a daemon and exits once it is ready (`rclone mount --daemon`).
 * Its output is not piped: the daemon would inherit the pipes and hold them open for as long as
 * it lives, so waiting for them to close would wait for the unmount. Errors go to its log file.
 */
export function startDaemon(
  argv: readonly string[],
  options: { env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<void> {
  const [file, ...args] = argv;
  if (!file) throw new Error('startDaemon needs a program');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env, stdio: 'ignore', detached: true });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${file} ${args[0] ?? ''} exited with ${signal ?? `status ${code}`}`));
    });
  });
}
