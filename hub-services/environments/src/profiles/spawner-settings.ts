import type { Profile } from './profile.js';

const UNITS = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 } as const;

/** `4G` → bytes, as JupyterHub's ByteSpecification reads it. */
export function memoryBytes(memory: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)([KMGT])$/.exec(memory);
  if (!match) throw new Error(`not a memory size: ${memory}`);
  return Math.round(Number(match[1]) * UNITS[match[2] as keyof typeof UNITS]);
}

/**
 * What the Hub's pre_spawn_hook sets on the spawner, in the Spawner's own trait names
 * (`mem_limit`, `cpu_limit`, `environment`; `image` and `volumes` for the container spawners
 * that have them): one pure mapping, so that the hook stays a thin adapter.
 */
export interface SpawnerSettings {
  mem_limit: string;
  cpu_limit: number;
  image: string;
  environment: Record<string, string>;
  /** GPUs the server asks for (KubeSpawner extra_resource_limits nvidia.com/gpu). */
  gpu: number;
  mounts: Profile['mounts'];
}

export function spawnerSettings(profile: Profile): SpawnerSettings {
  return {
    mem_limit: profile.memory,
    cpu_limit: profile.cpu,
    image: profile.image,
    environment: {
      STYX_PROFILE: profile.slug,
      STYX_PROFILE_VERSION: String(profile.version),
      STYX_PROFILE_IMAGE: profile.image,
      STYX_PROFILE_GPU: String(profile.gpu),
      STYX_PROFILE_IDLE_TIMEOUT: String(profile.idleTimeout),
      STYX_PROFILE_MAX_AGE: String(profile.maxAge),
    },
    gpu: profile.gpu,
    mounts: profile.mounts,
  };
}
