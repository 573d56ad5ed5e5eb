import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HUB_CONFIG, VENV_BIN } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * Loads jupyterhub_config.py the way JupyterHub does (traitlets' PyFileConfigLoader) and builds
 * the authenticator it names, from the real JupyterHub and oauthenticator packages: the
 * production settings must be real traits of GenericOAuthenticator, not typos it would ignore.
 */
const LOAD = `
import json, sys
from traitlets.config.loader import PyFileConfigLoader
from traitlets import import_item
cfg = PyFileConfigLoader(sys.argv[1]).load_config()
cls = cfg.JupyterHub.authenticator_class
if isinstance(cls, str):
    from jupyterhub.auth import Authenticator
    from importlib.metadata import entry_points
    (ep,) = [e for e in entry_points(group="jupyterhub.authenticators") if e.name == cls]
    cls = ep.load()
auth = cls(config=cfg)
names = ["client_id", "authorize_url", "token_url", "userdata_url", "oauth_callback_url",
         "username_claim", "manage_groups", "auth_state_groups_key", "allow_all", "scope"]
out = {"class": cls.__name__, **{n: getattr(auth, n, None) for n in names},
       "allowed_groups": sorted(getattr(auth, "allowed_groups", [])),
       "admin_groups": sorted(getattr(auth, "admin_groups", [])),
       "services": [s["name"] for s in cfg.JupyterHub.services]}
print(json.dumps(out))
`;

describe('jupyterhub_config.py', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'styx-hub-config-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) =>
    run(join(VENV_BIN, 'python'), ['-c', LOAD, HUB_CONFIG], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dataDir,
        STYX_DATA_DIR: dataDir,
        STYX_PROCESSING: 'off',
        ...env,
      },
    });

  const oidc = {
    STYX_AUTHENTICATOR: 'oauth',
    STYX_PUBLIC_URL: 'https://styx.example.org/',
    STYX_OAUTH_CLIENT_ID: 'styx',
    STYX_OAUTH_CLIENT_SECRET: 'secret',
    STYX_OAUTH_AUTHORIZE_URL: 'https://idp.example.org/auth',
    STYX_OAUTH_TOKEN_URL: 'https://idp.example.org/token',
    STYX_OAUTH_USERDATA_URL: 'https://idp.example.org/userinfo',
    STYX_OAUTH_ADMIN_GROUPS: 'styx-admins',
    STYX_OAUTH_ALLOWED_GROUPS: 'styx-users,catalog-writers',
  };

  it('configures GenericOAuthenticator from the environment in production', async () => {
    const { stdout } = await load(oidc);
    expect(JSON.parse(stdout)).toEqual({
      class: 'GenericOAuthenticator',
      client_id: 'styx',
      authorize_url: 'https://idp.example.org/auth',
      token_url: 'https://idp.example.org/token',
      userdata_url: 'https://idp.example.org/userinfo',
      oauth_callback_url: 'https://styx.example.org/hub/oauth_callback',
      username_claim: 'preferred_username',
      manage_groups: true,
      auth_state_groups_key: 'oauth_user.groups',
      allow_all: false,
      scope: ['openid', 'profile', 'email'],
      allowed_groups: ['catalog-writers', 'styx-users'],
      admin_groups: ['styx-admins'],
      // The kernels gateway and the health service are on by default (STYX_KERNELS, STYX_HEALTH).
      services: ['catalog', 'kernels', 'health'],
    });
  });

  it('says which variable is missing instead of starting a Hub nobody can log in to', async () => {
    const { STYX_OAUTH_TOKEN_URL: _, ...partial } = oidc;
    const failure = await load(partial).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('needs STYX_OAUTH_TOKEN_URL');
  });

  it('refuses the dev admin token with a production identity provider', async () => {
    const failure = await load({ ...oidc, STYX_DEV_ADMIN_TOKEN: 'x'.repeat(40) }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      'STYX_DEV_ADMIN_TOKEN is for the local dev stack',
    );
  });

  it('uses the shared dev password locally, with the dev admin service when asked', async () => {
    const { stdout } = await load({ STYX_DEV_ADMIN_TOKEN: 'y'.repeat(40) });
    expect(JSON.parse(stdout)).toMatchObject({
      class: 'DevPasswordAuthenticator',
      allow_all: true,
      services: ['catalog', 'styx-dev-admin', 'kernels', 'health'],
    });
    const withProcessing = JSON.parse((await load({ STYX_PROCESSING: 'on' })).stdout);
    expect(withProcessing.services).toEqual(['catalog', 'processing', 'kernels', 'health']);
    const withoutKernels = JSON.parse(
      (await load({ STYX_KERNELS: 'off', STYX_HEALTH: 'off' })).stdout,
    );
    expect(withoutKernels.services).toEqual(['catalog']);
    const short = await load({ STYX_DEV_ADMIN_TOKEN: 'short' }).catch(
      (error: { code: number }) => error,
    );
    expect(short).toMatchObject({ code: 2 });
  });

  it('runs jupyterhub-idle-culler as a service only when STYX_CULL_IDLE_S asks', async () => {
    const culling = JSON.parse((await load({ STYX_CULL_IDLE_S: '3600' })).stdout);
    expect(culling.services).toContain('idle-culler');
    const failure = await load({ STYX_CULL_IDLE_S: '1h' }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      "STYX_CULL_IDLE_S must be a whole number of seconds (0 or more), not '1h'",
    );
  });
});
