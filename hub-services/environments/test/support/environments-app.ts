import { PGlite } from '@electric-sql/pglite';
import type { HubIdentity } from '@styx/hub-auth';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { GroupAdminStore } from '../../src/admins/group-admin-store.js';
import { buildEnvironmentsApp } from '../../src/app.js';
import type { HubServersClient } from '../../src/hub/hub-servers-client.js';
import { ProfileStore } from '../../src/profiles/profile-store.js';
import { QuotaStore } from '../../src/usage/quota-store.js';
import { UsageLedger } from '../../src/usage/usage-ledger.js';

const identity = (name: string, extra: Partial<HubIdentity> = {}): HubIdentity => ({
  kind: 'user',
  name,
  admin: false,
  groups: [],
  scopes: [],
  ...extra,
});

/**
 * Fixed tokens: an admin, users (alice in `gpu-users`; lena, named a delegated admin by the
 * tests that need one), and the spawn hook's service.
 */
export const TOKENS = {
  root: { token: 'root-token', identity: identity('root', { admin: true }) },
  lena: { token: 'lena-token', identity: identity('lena') },
  alice: { token: 'alice-token', identity: identity('alice', { groups: ['gpu-users'] }) },
  bob: { token: 'bob-token', identity: identity('bob') },
  hook: { token: 'hook-token', identity: identity('environments', { kind: 'service' }) },
};

/** The service on an in-memory PGlite, with a clock the test moves. */
export async function environmentsApp(options: { hubServers?: HubServersClient } = {}): Promise<{
  app: FastifyInstance;
  /** Its database (a test may close it to see the service not ready). */
  sql: PGlite;
  ledger: UsageLedger;
  clock: { now: Date };
  close(): Promise<void>;
  call(
    method: string,
    url: string,
    as?: keyof typeof TOKENS,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}> {
  const sql = await PGlite.create();
  const profiles = new ProfileStore(sql);
  const quotas = new QuotaStore(sql);
  const ledger = new UsageLedger(sql);
  const groupAdmins = new GroupAdminStore(sql);
  for (const store of [profiles, quotas, ledger, groupAdmins]) await store.migrate();
  const clock = { now: new Date('2026-12-07T10:00:00Z') };
  const app = await buildEnvironmentsApp({
    profiles,
    quotas,
    ledger,
    groupAdmins,
    baseUrl: 'http://styx.test/services/environments/',
    staticTokens: Object.values(TOKENS),
    hookService: 'environments',
    hubServers: options.hubServers,
    now: () => clock.now,
  });
  return {
    app,
    sql,
    ledger,
    clock,
    async close() {
      await app.close();
      await sql.close();
    },
    call: (method, url, as, body) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: as ? { authorization: `token ${TOKENS[as].token}` } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      }),
  };
}

export const gpuLarge = {
  slug: 'gpu-large',
  displayName: 'GPU, large',
  description: 'A GPU and 32 GiB for deep learning on rasters',
  image: 'quay.io/jupyter/pytorch-notebook:2026-11-30',
  cpu: 8,
  memory: '32G',
  gpu: 1,
  allowedGroups: ['gpu-users'],
};

export const small = {
  slug: 'small',
  displayName: 'Small',
  image: 'localhost/styx/notebook:latest',
  cpu: 1,
  memory: '2G',
};
