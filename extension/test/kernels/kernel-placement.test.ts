import { describe, expect, it } from 'vitest';
import {
  kernelPlacement,
  placementSentence,
  shortPlacement,
} from '../../src/kernels/kernel-placement.js';

/** Kernel specs as the gateway serves them (kernels-gateway/src/kernels/kernel-specs.ts). */
const spec = (provisioner: string, runsOn: string) => ({
  display_name: `Python 3 (${provisioner})`,
  metadata: { styx: { provisioner, runsOn } },
});

describe('where a kernel runs', () => {
  it('reads the placement the gateway puts in each kernel spec', () => {
    expect(kernelPlacement(spec('podman', 'a podman container on the gateway host'))).toEqual({
      provisioner: 'podman',
      runsOn: 'a podman container on the gateway host',
    });
  });

  it('says nothing for kernel specs that are not the gateway’s', () => {
    expect(kernelPlacement({ display_name: 'Python 3', metadata: {} })).toBeNull();
    expect(kernelPlacement({ display_name: 'Python 3' })).toBeNull();
    expect(kernelPlacement(undefined)).toBeNull();
    expect(
      kernelPlacement({ metadata: { styx: { provisioner: 'local', runsOn: '  ' } } }),
    ).toBeNull();
    expect(kernelPlacement({ metadata: { styx: 'local' } })).toBeNull();
  });

  it('a short label for the toolbar, the whole sentence for the tooltip', () => {
    const cases: Array<[string, string, string]> = [
      ['local', 'a process on the gateway host', 'gateway host'],
      ['podman', 'a podman container on the gateway host', 'gateway container'],
      ['slurm', 'a Slurm job in partition gpu', 'Slurm'],
      ['kubernetes', 'a Kubernetes pod in namespace styx', 'Kubernetes'],
      ['ssh', 'a process on host hpc1', 'a process on host hpc1'],
    ];
    for (const [provisioner, runsOn, short] of cases) {
      expect(shortPlacement(kernelPlacement(spec(provisioner, runsOn))!)).toBe(short);
    }
    expect(
      placementSentence(
        'Python 3 (Slurm)',
        kernelPlacement(spec('slurm', 'a Slurm job in partition gpu'))!,
      ),
    ).toBe('Python 3 (Slurm) runs as a Slurm job in partition gpu');
  });
});
