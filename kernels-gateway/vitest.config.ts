import { defineConfig } from 'vitest/config';

/**
 * Projects: pure units (framing, signing, environment, paths); kernels on the local provisioner
 * with a real ipykernel, driven by JupyterLab's own client and by a real Jupyter Server in
 * gateway mode; podman kernels against real podman; Slurm kernels on a real Slurm; mounts (symlinks, rclone on a real MinIO).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'local',
          include: ['test/local/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'podman',
          include: ['test/podman/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
      {
        // Kernels as batch jobs on a real one-node Slurm (scripts/slurm.sh), through slurmrestd.
        test: {
          name: 'slurm',
          include: ['test/slurm/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Kernel pods on a real kube-apiserver (no nodes: pods are admitted, stay unscheduled).
        test: {
          name: 'kubernetes',
          include: ['test/kubernetes/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 150_000,
        },
      },
      {
        test: {
          name: 'mounts',
          include: ['test/mounts/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
