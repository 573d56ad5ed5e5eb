import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HubIdentity, hubAuth } from '@styx/hub-auth';
import Fastify, { type FastifyInstance } from 'fastify';
import { gatewayErrors } from '../../src/errors.js';
import { MountService, type MountServiceOptions } from '../../src/mounts/mount-service.js';
import { mountRoutes } from '../../src/routes/mounts.js';

const user = (name: string): HubIdentity => ({
  kind: 'user',
  name,
  admin: false,
  groups: [],
  scopes: [],
});

export const TOKENS = { alice: 'alice-token-123', bob: 'bob-token-456' } as const;
export const auth = (who: keyof typeof TOKENS) => ({ authorization: `token ${TOKENS[who]}` });

/** A scratch machine: homes, a data root the server shares, and the service's state dir. */
export interface MountSandbox {
  root: string;
  homes: string;
  dataRoot: string;
  stateDir: string;
  homeFor(user: string): string;
  cleanup(): Promise<void>;
}

export async function mountSandbox(): Promise<MountSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'styx-mounts-'));
  const homes = join(root, 'home');
  const dataRoot = join(root, 'shared-data');
  const stateDir = join(root, 'state');
  for (const name of ['alice', 'bob']) await mkdir(join(homes, name), { recursive: true });
  await mkdir(dataRoot, { recursive: true });
  return {
    root,
    homes,
    dataRoot,
    stateDir,
    homeFor: (name) => join(homes, name),
    async cleanup() {
      // Never delete through a mount that is still there: it could be anybody's data.
      const mountinfo = await readFile('/proc/self/mountinfo', 'utf8');
      const left = mountinfo.split('\n').filter((line) => line.split(' ')[4]?.startsWith(root));
      if (left.length > 0)
        throw new Error(`mounts left in ${root}, not deleted:\n${left.join('\n')}`);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The routes as the gateway serves them: its error handler, Hub auth with fixed tokens. */
export async function mountApp(
  box: MountSandbox,
  options: Partial<MountServiceOptions> = {},
): Promise<{ app: FastifyInstance; mounts: MountService }> {
  const mounts = new MountService({
    homeFor: box.homeFor,
    stateDir: box.stateDir,
    allowedPosixRoots: [box.dataRoot],
    ...options,
  });
  const app = Fastify();
  await app.register(gatewayErrors);
  await app.register(hubAuth, {
    staticTokens: [
      { token: TOKENS.alice, identity: user('alice') },
      { token: TOKENS.bob, identity: user('bob') },
    ],
  });
  await app.register(mountRoutes, { mounts });
  await app.ready();
  return { app, mounts };
}
