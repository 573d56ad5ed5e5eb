import { spawn } from 'node:child_process';
import { ROOT } from './podman.js';

/**
 * Builds every image once for all suites with the project's own script (debootstrapped Debian
 * bases, then `podman build` of each Containerfile, reusing podman's layer cache), and prints how
 * long it took: CI's budget is the reason to watch it, not a pass/fail criterion.
 */
export default async function setup(): Promise<void> {
  const start = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', ['scripts/images.sh', 'build'], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`scripts/images.sh build exited with ${code}`)),
    );
  });
  console.log(`[images] all images built in ${((Date.now() - start) / 1000).toFixed(0)} s`);
}
