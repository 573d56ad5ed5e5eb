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
  /** batchspawner's SlurmSpawner traits: the job's `#SBATCH` resources. */
  batch: {
    req_nprocs: string;
    req_memory: string;
    req_ngpus: string;
    /** The job's time limit: the profile's max age, else batchspawner's own default. */
    req_runtime: string | null;
  };
  /** KubeSpawner traits beyond mem/cpu limits: the GPU resource and the profile's mounts. */
  kubernetes: {
    extra_resource_limits: Record<string, string>;
    volumes: Array<{
      name: string;
      hostPath?: { path: string };
      persistentVolumeClaim?: { claimName: string };
    }>;
    volume_mounts: Array<{ name: string; mountPath: string; readOnly: boolean }>;
  };
}

/** `HH:MM:SS`, as sbatch --time reads it. */
export function slurmTime(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.ceil(seconds / 60);
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
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
    batch: {
      req_nprocs: String(Math.ceil(profile.cpu)),
      // Slurm's --mem takes the same K/M/G/T suffixes (powers of 1024).
      req_memory: profile.memory,
      req_ngpus: String(profile.gpu),
      req_runtime: profile.maxAge > 0 ? slurmTime(profile.maxAge) : null,
    },
    kubernetes: {
      extra_resource_limits: profile.gpu > 0 ? { 'nvidia.com/gpu': String(profile.gpu) } : {},
      // A source starting with '/' is a node path; anything else names a PersistentVolumeClaim.
      volumes: profile.mounts.map((m, i) =>
        m.source.startsWith('/')
          ? { name: `styx-mount-${i}`, hostPath: { path: m.source } }
          : { name: `styx-mount-${i}`, persistentVolumeClaim: { claimName: m.source } },
      ),
      volume_mounts: profile.mounts.map((m, i) => ({
        name: `styx-mount-${i}`,
        mountPath: m.target,
        readOnly: m.readOnly,
      })),
    },
  };
}
