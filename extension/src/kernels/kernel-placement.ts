/**
 * Where a kernel runs, as the Styx kernels gateway writes it into each kernel spec's metadata
 * (`metadata.styx = { provisioner, runsOn }`): a process or a container on the gateway host, a
 * Slurm job, a Kubernetes pod. Pure functions over the kernel spec model.
 */

export type Provisioner = 'local' | 'podman' | 'slurm' | 'kubernetes';

export interface KernelPlacement {
  provisioner: string;
  /** A phrase: "a podman container on the gateway host". */
  runsOn: string;
}

/** The few fields of a kernel spec this reads (JupyterLab's `KernelSpec.ISpecModel` has them). */
export interface KernelSpecLike {
  display_name?: string;
  metadata?: { [key: string]: unknown } | undefined;
}

/** The placement in a spec's metadata, or null for a kernel spec that is not the gateway's. */
export function kernelPlacement(spec: KernelSpecLike | null | undefined): KernelPlacement | null {
  const styx = spec?.metadata?.styx;
  if (!styx || typeof styx !== 'object') return null;
  const { provisioner, runsOn } = styx as { provisioner?: unknown; runsOn?: unknown };
  if (typeof runsOn !== 'string' || runsOn.trim() === '') return null;
  return {
    provisioner: typeof provisioner === 'string' ? provisioner : 'unknown',
    runsOn: runsOn.trim(),
  };
}

const SHORT: Record<string, string> = {
  local: 'gateway host',
  podman: 'gateway container',
  slurm: 'Slurm',
  kubernetes: 'Kubernetes',
};

/** A word or two for a toolbar: "container", "Slurm"; the phrase itself for others. */
export function shortPlacement(placement: KernelPlacement): string {
  return SHORT[placement.provisioner] ?? placement.runsOn;
}

/** The sentence of a tooltip: "Python 3 (podman) runs in a podman container on the gateway host". */
export function placementSentence(displayName: string, placement: KernelPlacement): string {
  return `${displayName} runs as ${placement.runsOn}`;
}
