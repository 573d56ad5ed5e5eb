import { setTimeout as sleep } from 'node:timers/promises';

/**
 * jupyter_client's `wait`, for a provisioner that can only poll: the exit code once `poll`
 * gives one, or undefined when `timeoutMs` has passed first. `intervalMs` suits the backend
 * (a local pid is cheap to ask about; slurmrestd and the API server are not).
 */
export async function waitForExit(
  poll: () => Promise<number | undefined>,
  timeoutMs: number,
  intervalMs: number,
): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = await poll();
    if (code !== undefined || Date.now() >= deadline) return code;
    await sleep(intervalMs);
  }
}
