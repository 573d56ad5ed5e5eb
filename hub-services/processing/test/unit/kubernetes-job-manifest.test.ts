import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/backends/job-backend.js';
import {
  buildJobManifest,
  cpuQuantity,
  jobName,
  jobNetworkPolicy,
  labelValue,
  memoryQuantity,
} from '../../src/backends/kubernetes/job-manifest.js';

/** Kubernetes' own rules (apimachinery validation): a DNS-1123 label, a label value. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const spec: JobSpec = {
  jobId: '0b7c5a52-1111-4222-8333-444455556666',
  owner: 'Ada Lovelace@example.org',
  image: 'localhost/styx/base:latest',
  command: ['python3', '-c', 'print(1)'],
  env: { STYX_JOB_ID: 'j', LANG: 'C.UTF-8' },
  inputs: [
    { hostPath: '/work/jobs/j/inputs/series', containerPath: '/inputs/series' },
    { hostPath: '/work/jobs/j/inputs/gauges/', containerPath: '/inputs/gauges' },
  ],
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
const valid = (manifest: unknown) => () => new Job(manifest as never).validate();

describe('the Kubernetes Job of a Styx job', () => {
  const manifest = buildJobManifest(spec, options);
  const pod = manifest.spec?.template.spec;
  const container = pod?.containers[0];

  it('is a valid batch/v1 Job by the Kubernetes OpenAPI schemas, and so is the network policy', () => {
    expect(valid(manifest)).not.toThrow();
    expect(
      valid(buildJobManifest({ ...spec, resources: {} }, { ...options, runAsUser: undefined })),
    ).not.toThrow();
    expect(() =>
      new NetworkPolicy(jobNetworkPolicy('styx-jobs') as never).validate(),
    ).not.toThrow();
    // The schemas are really checked: a wrong type, or a quantity Kubernetes cannot read, is refused.
    expect(valid({ ...manifest, spec: { ...manifest.spec, backoffLimit: 'none' } })).toThrow(
      'backoffLimit must be integer',
    );
    const lots = structuredClone(manifest);
    (lots.spec?.template.spec?.containers[0]?.resources?.limits as Record<string, string>).cpu =
      'lots';
    expect(valid(lots)).toThrow('must match format "quantity"');
  });

  it('mounts the inputs read-only and one output folder, as sub-paths of the shared claim', () => {
    expect(container?.volumeMounts).toEqual([
      { name: 'work', mountPath: '/inputs/series', subPath: 'j/inputs/series', readOnly: true },
      { name: 'work', mountPath: '/inputs/gauges', subPath: 'j/inputs/gauges', readOnly: true },
      { name: 'work', mountPath: '/outputs', subPath: 'j/outputs' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(pod?.volumes).toEqual([
      { name: 'work', persistentVolumeClaim: { claimName: 'styx-work' } },
      { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(container?.workingDir).toBe('/outputs');
    // Nothing outside the work folder, nor the work folder itself (every job's files).
    for (const hostPath of [
      '/etc',
      '/work/jobs',
      '/work/jobs/',
      '/work/jobs/../../etc',
      '/work/jobsx/a',
    ])
      expect(() =>
        buildJobManifest({ ...spec, outputs: { hostPath, containerPath: '/outputs' } }, options),
      ).toThrow('not inside the work folder');
    expect(() =>
      buildJobManifest(
        { ...spec, inputs: [{ hostPath: '/work/jobs/j/../../../root', containerPath: '/in' }] },
        options,
      ),
    ).toThrow('not inside the work folder');
  });

  it('runs without token, privileges, capabilities or a writable root, as a non-root user', () => {
    expect(pod?.automountServiceAccountToken).toBe(false);
    expect(pod?.enableServiceLinks).toBe(false);
    expect(container?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod?.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: 'OnRootMismatch',
    });
    // Without a user: the image's, still refused if it is root when asked so.
    const imageUser = buildJobManifest(spec, { ...options, runAsUser: undefined });
    expect(imageUser.spec?.template.spec?.securityContext).toEqual({
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const nonRoot = buildJobManifest(spec, {
      ...options,
      runAsUser: undefined,
      runAsNonRoot: true,
    });
    expect(nonRoot.spec?.template.spec?.securityContext?.runAsNonRoot).toBe(true);
    // The pause process is PID 1: SIGTERM on cancel reaches the job's own process.
    expect(pod?.shareProcessNamespace).toBe(true);
    expect(pod?.terminationGracePeriodSeconds).toBe(10);
  });

  it('runs once, with its resources as requests and limits, the image as it is on the node', () => {
    expect(manifest.spec?.backoffLimit).toBe(0);
    expect(manifest.spec?.ttlSecondsAfterFinished).toBe(3600);
    expect(pod?.restartPolicy).toBe('Never');
    expect(container?.resources).toEqual({
      requests: { cpu: '1500m', memory: '2048Mi' },
      limits: { cpu: '1500m', memory: '2048Mi' },
    });
    expect(container?.imagePullPolicy).toBe('Never');
    expect(container?.command).toEqual(['python3', '-c', 'print(1)']);
    expect(container?.env).toEqual([
      { name: 'LANG', value: 'C.UTF-8' },
      { name: 'STYX_JOB_ID', value: 'j' },
    ]);
    expect([cpuQuantity(2), cpuQuantity(0.25), cpuQuantity(1 / 3), cpuQuantity(0.0001)]).toEqual([
      '2',
      '250m',
      '334m',
      '1m',
    ]);
    // Nonsense is left for the API server to refuse (test/kubernetes), not rounded into sense.
    expect(cpuQuantity(-0.5)).toBe('-500m');
    expect([memoryQuantity(512), memoryQuantity(0.5)]).toEqual(['512Mi', '524288']);
    const odd = buildJobManifest(
      { ...spec, resources: { cpus: 1 / 3, memoryMiB: 100.5 } },
      options,
    );
    expect(valid(odd)).not.toThrow();
  });

  it('is named and labelled for the shared watch, whatever the owner is called', () => {
    expect(manifest.metadata?.name).toBe('styx-0b7c5a52-1111-4222-8333-444455556666');
    expect(manifest.metadata?.labels).toEqual({
      'app.kubernetes.io/managed-by': 'styx',
      'styx.io/job': spec.jobId,
      'styx.io/owner': labelValue('Ada Lovelace@example.org'),
    });
    // The pods carry the same labels: the network policy selects them.
    expect(manifest.spec?.template.metadata?.labels).toEqual(manifest.metadata?.labels);
    expect(jobNetworkPolicy('styx-jobs').spec.podSelector.matchLabels).toEqual({
      'app.kubernetes.io/managed-by': 'styx',
    });
    // The owner's name as it is, where any text may go.
    expect(manifest.metadata?.annotations?.['styx.io/owner']).toBe('Ada Lovelace@example.org');

    const hostile = [
      'ada',
      'Ada Lovelace@example.org',
      '-x-',
      '',
      '@@@',
      '../../etc/passwd',
      'a\nb=c,d',
      'é'.repeat(80),
      'a'.repeat(70),
      `${'b'.repeat(62)}-`,
    ];
    const values = hostile.map(labelValue);
    for (const value of values) {
      expect(value.length).toBeLessThanOrEqual(63);
      expect(value).toMatch(LABEL_VALUE);
      expect(value).not.toBe('');
    }
    // A name that is a label value already stays as it is; two names never share a value.
    expect(labelValue('ada')).toBe('ada');
    expect(new Set(values).size).toBe(hostile.length);
    expect(labelValue('a b')).not.toBe(labelValue('a_b'));
    expect(labelValue('a'.repeat(70))).not.toBe(labelValue('a'.repeat(71)));
    for (const name of hostile) {
      const job = buildJobManifest({ ...spec, owner: name }, options);
      expect(valid(job)).not.toThrow();
      expect(job.metadata?.labels?.['styx.io/owner']).toMatch(LABEL_VALUE);
    }
  });

  it('turns any job id into a DNS-1123 name of at most 63 characters', () => {
    for (const id of ['x'.repeat(80), 'ABC_def', 'a.b/c', `${'y'.repeat(57)}-z`, '---']) {
      const name = jobName(id);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(DNS_LABEL);
    }
    expect(jobName('x'.repeat(80))).toHaveLength(63);
    expect(jobName('ABC_def')).toBe('styx-abc-def');
  });
});
