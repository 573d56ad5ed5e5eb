import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podmanCliEnv } from '@styx/testing';

/** A small kernel image for the tests: Debian's own ipykernel on the set-up's base image. */
export const TEST_KERNEL_IMAGE = 'localhost/styx/kernel-test:latest';

const CONTAINERFILE = `FROM localhost/styx/base:latest
RUN apt-get update && apt-get install -y --no-install-recommends python3-ipykernel && rm -rf /var/lib/apt/lists/*
`;

function podman(args: string[], stdin?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, { env: { ...process.env, ...podmanCliEnv() } });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
    child.stdin.end(stdin ?? '');
  });
}

/** Builds the image once per machine (about 20 s: apt inside the build). */
export async function ensureKernelImage(): Promise<string> {
  if ((await podman(['image', 'exists', TEST_KERNEL_IMAGE])).code === 0) return TEST_KERNEL_IMAGE;
  const context = mkdtempSync(join(tmpdir(), 'styx-kernel-image-'));
  // The Containerfile as a file: `-f -` needs a /dev/stdin that a piped child may not have.
  writeFileSync(join(context, 'Containerfile'), CONTAINERFILE);
  const built = await podman([
    'build',
    '-t',
    TEST_KERNEL_IMAGE,
    '-f',
    join(context, 'Containerfile'),
    context,
  ]);
  rmSync(context, { recursive: true, force: true });
  if (built.code !== 0) throw new Error(`building ${TEST_KERNEL_IMAGE} failed:\n${built.output}`);
  return TEST_KERNEL_IMAGE;
}
