import { execFile } from 'node:child_process';

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
