import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HUB_CONFIG, VENV_BIN } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * STYX_SPAWNER as JupyterHub reads it (traitlets' PyFileConfigLoader, the real dockerspawner
 * and batchspawner): the spawner class each value gives, and every setting the config makes on
 * DockerSpawner and SlurmSpawner is a real trait of that class (traitlets only warns about a
 * misspelt one, and the setting would silently do nothing).
 */
const LOAD = `
import json, sys
from traitlets.config.loader import PyFileConfigLoader
cfg = PyFileConfigLoader(sys.argv[1]).load_config()
cls = cfg.JupyterHub.spawner_class
if isinstance(cls, str):
    from importlib.metadata import entry_points
    (ep,) = [e for e in entry_points(group="jupyterhub.spawners") if e.name == cls]
    cls = ep.load()
traits = set(cls.class_trait_names())
unknown = {
    section: sorted(set(cfg[section].keys()) - traits)
    for section in ("Spawner", "DockerSpawner", "SlurmSpawner", "SimpleLocalProcessSpawner")
    if section in cfg and any(c.__name__ == section for c in cls.mro())
}
print(json.dumps({"class": cls.__name__, "bases": [c.__name__ for c in cls.mro()],
                  "unknown": unknown,
                  "docker": {k: v for k, v in cfg.DockerSpawner.items()} if "DockerSpawner" in cfg else None,
                  "slurm": {k: v for k, v in cfg.SlurmSpawner.items()} if "SlurmSpawner" in cfg else None,
                  "env_keep": cfg.Spawner.get("env_keep")}, default=str))
`;

describe('STYX_SPAWNER', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'styx-spawner-config-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const load = async (env: Record<string, string>) =>
    JSON.parse(
      (
        await run(join(VENV_BIN, 'python'), ['-c', LOAD, HUB_CONFIG], {
          env: {
            PATH: process.env.PATH ?? '',
            HOME: dataDir,
            STYX_DATA_DIR: dataDir,
            STYX_PROCESSING: 'off',
            ...env,
          },
        })
      ).stdout,
    );

  it('keeps local processes by default', async () => {
    const config = await load({});
    expect(config.class).toBe('SimpleLocalProcessSpawner');
    expect(config.unknown).toEqual({ Spawner: [], SimpleLocalProcessSpawner: [] });
  });

  it("gives podman: DockerSpawner on podman's API, in the host network, containers removed", async () => {
    const config = await load({
      STYX_SPAWNER: 'podman',
      STYX_DOCKER_HOST: 'unix:///run/styx/podman.sock',
      STYX_SPAWNER_IMAGE: 'localhost/styx/notebook:0.1.0',
    });
    expect(config.class).toBe('StyxPodmanSpawner');
    expect(config.bases).toContain('DockerSpawner');
    expect(config.unknown).toEqual({ Spawner: [], DockerSpawner: [] });
    expect(config.docker).toMatchObject({
      client_kwargs: { base_url: 'unix:///run/styx/podman.sock' },
      network_name: 'host',
      ip: '127.0.0.1',
      image: 'localhost/styx/notebook:0.1.0',
      remove: true,
    });
  });

  it("gives slurm: batchspawner's SlurmSpawner with the partition and SLURM_CONF", async () => {
    const config = await load({ STYX_SPAWNER: 'slurm', STYX_SPAWNER_SLURM_PARTITION: 'jupyter' });
    expect(config.class).toBe('StyxSlurmSpawner');
    expect(config.bases).toContain('SlurmSpawner');
    expect(config.unknown).toEqual({ Spawner: [], SlurmSpawner: [] });
    expect(config.slurm).toMatchObject({ req_partition: 'jupyter', exec_prefix: '' });
    expect(config.env_keep).toContain('SLURM_CONF');
  });

  it('stops the Hub with a sentence for an unknown spawner', async () => {
    const failure = await load({ STYX_SPAWNER: 'kubernetes' }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain(
      "STYX_SPAWNER must be local, podman or slurm, not 'kubernetes'",
    );
  });
});
