import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/processing/backends/job-backend.js';
import {
  buildJobManifest,
  jobName,
  jobNetworkPolicy,
  labelValue,
} from '../../src/processing/backends/kubernetes/job-manifest.js';

const spec: JobSpec = {
  jobId: '0B7C5A52-1111-4222-8333-444455556666',
  owner: 'Ada Lovelace@example.org',
  image: 'localhost/styx/base:latest',
  command: ['python3', '-c', 'print(1)'],
  env: { STYX_JOB_ID: 'j', LANG: 'C.UTF-8' },
  inputs: [{ hostPath: '/work/jobs/j/inputs/series', containerPath: '/inputs/series' }],
  outputs: { hostPath: '/work/jobs/j/outputs', containerPath: '/outputs' },
  resources: { cpus: 1.5, memoryMiB: 2048 },
};
const options = {
  namespace: 'styx-jobs',
  workClaim: 'styx-work',
  workDir: '/work/jobs/',
  imagePullPolicy: 'Never' as const,
  ttlSecondsAfterFinished: 3600,
  runAsUser: 1000,
};

describe('the Kubernetes Job of a Styx job', () => {
  const manifest = buildJobManifest(spec, options);
  const pod = manifest.spec?.template.spec;
  const container = pod?.containers[0];

  it('is a valid batch/v1 Job by the Kubernetes OpenAPI schemas, and so is the network policy', () => {
    expect(() => new Job(manifest as never).validate()).not.toThrow();
    expect(() =>
      new NetworkPolicy(jobNetworkPolicy('styx-jobs') as never).validate(),
    ).not.toThrow();
    // The schemas are really checked: a wrong type is refused.
    expect(() =>
      new Job({
        ...manifest,
        spec: { ...manifest.spec, backoffLimit: 'none' },
      } as never).validate(),
    ).toThrow();
  });

  it('mounts the inputs read-only and one output folder from the shared claim, and nothing else writable', () => {
    expect(container?.volumeMounts).toEqual([
      { name: 'work', mountPath: '/inputs/series', subPath: 'j/inputs/series', readOnly: true },
      { name: 'work', mountPath: '/outputs', subPath: 'j/outputs' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod?.volumes?.[0]).toEqual({
      name: 'work',
      persistentVolumeClaim: { claimName: 'styx-work' },
    });
    expect(container?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container?.workingDir).toBe('/outputs');
    expect(() =>
      buildJobManifest(
        { ...spec, outputs: { hostPath: '/etc', containerPath: '/outputs' } },
        options,
      ),
    ).toThrow('not under the work folder');
  });

  it('runs once, with its resources as requests and limits, labelled for the shared watch', () => {
    expect(manifest.spec?.backoffLimit).toBe(0);
    expect(pod?.restartPolicy).toBe('Never');
    expect(container?.resources).toEqual({
      requests: { cpu: '1.5', memory: '2048Mi' },
      limits: { cpu: '1.5', memory: '2048Mi' },
    });
    expect(container?.imagePullPolicy).toBe('Never');
    expect(manifest.metadata?.name).toBe('styx-0b7c5a52-1111-4222-8333-444455556666');
    expect(manifest.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'styx',
      'styx.io/job': spec.jobId,
    });
    expect(manifest.metadata?.annotations?.['styx.io/owner']).toBe('Ada Lovelace@example.org');
  });

  it('turns any user name into a label value and any job id into a DNS name', () => {
    const label = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
    for (const name of ['ada', 'Ada Lovelace@example.org', '-x-', 'é'.repeat(80), 'a'.repeat(70)]) {
      const value = labelValue(name);
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(label);
    }
    expect(labelValue('ada')).toBe('ada');
    expect(labelValue('a b')).not.toBe(labelValue('a_b'));
    expect(jobName('x'.repeat(80))).toHaveLength(63);
    expect(jobName('ABC_def')).toBe('styx-abc-def');
  });
});
