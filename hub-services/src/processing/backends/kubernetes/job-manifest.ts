import type { V1Job } from '@kubernetes/client-node';
import type { JobSpec } from '../job-backend.js';

/** Labels on everything Styx creates: one watch selects them all, reconcile finds them again. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_JOB = 'styx.io/job';
export const LABEL_OWNER = 'styx.io/owner';

export interface JobManifestOptions {
  namespace: string;
  /**
   * The PersistentVolumeClaim shared with the processing service: its root is the service's
   * work folder, so a job's `<workDir>/<jobId>/inputs/<name>` and `…/outputs` are sub-paths.
   */
  workClaim: string;
  /** The service's work folder (JobSpec host paths start with it). */
  workDir: string;
  /** `Never` for images preloaded on the nodes (no registry), or `IfNotPresent`. */
  imagePullPolicy?: 'Never' | 'IfNotPresent' | 'Always';
  /** Finished Jobs (and their pods) are deleted by Kubernetes this long after they end. */
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
  /** Run as this non-root user (the image must allow it); unset: the image's user. */
  runAsUser?: number;
  serviceAccountName?: string;
}

/** A Kubernetes object name for a job: `styx-<job id>` (DNS-1123, at most 63 characters). */
export function jobName(jobId: string): string {
  return `styx-${jobId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * A label value for any Hub user name: at most 63 characters of `[A-Za-z0-9._-]`, starting
 * and ending with an alphanumeric; anything else is replaced, and a name that had to change
 * gets a short hash so two users never share a value.
 */
export function labelValue(name: string): string {
  let safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (safe !== name || safe.length > 63) {
    let hash = 0;
    for (const c of name) hash = (Math.imul(hash, 31) + (c.codePointAt(0) ?? 0)) >>> 0;
    safe = `${safe.slice(0, 54)}-${hash.toString(16).padStart(8, '0')}`.replace(
      /^[^A-Za-z0-9]+/,
      'u',
    );
  }
  return safe || 'user';
}

/** A host path under the work folder as a sub-path of the claim. */
function subPath(workDir: string, hostPath: string): string {
  const root = workDir.replace(/\/+$/, '');
  if (hostPath !== root && !hostPath.startsWith(`${root}/`))
    throw new Error(`${hostPath} is not under the work folder ${root}`);
  return hostPath.slice(root.length + 1);
}

/**
 * The batch/v1 Job for a Styx job: pure, validated against the Kubernetes schemas in the tests.
 * The same isolation as the other backends: inputs mounted read-only from the shared claim,
 * one writable output folder, no service-account token, no privilege escalation, no
 * capabilities, a read-only root file system with a scratch /tmp, CPU and memory requests and
 * limits, no retries (a failed job fails). The network is the namespace's: pair it with the
 * NetworkPolicy below.
 */
export function buildJobManifest(spec: JobSpec, options: JobManifestOptions): V1Job {
  const labels = {
    [MANAGED_BY]: 'styx',
    [LABEL_JOB]: spec.jobId,
    [LABEL_OWNER]: labelValue(spec.owner),
  };
  const resources: Record<string, string> = {};
  if (spec.resources.cpus !== undefined) resources.cpu = String(spec.resources.cpus);
  if (spec.resources.memoryMiB !== undefined) resources.memory = `${spec.resources.memoryMiB}Mi`;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(spec.jobId),
      namespace: options.namespace,
      labels,
      annotations: { 'styx.io/owner': spec.owner },
    },
    spec: {
      backoffLimit: 0,
      ...(options.ttlSecondsAfterFinished !== undefined
        ? { ttlSecondsAfterFinished: options.ttlSecondsAfterFinished }
        : {}),
      ...(options.activeDeadlineSeconds !== undefined
        ? { activeDeadlineSeconds: options.activeDeadlineSeconds }
        : {}),
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
          securityContext: {
            seccompProfile: { type: 'RuntimeDefault' },
            ...(options.runAsUser !== undefined
              ? { runAsNonRoot: true, runAsUser: options.runAsUser, fsGroup: options.runAsUser }
              : {}),
          },
          containers: [
            {
              name: 'job',
              image: spec.image,
              imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
              command: spec.command,
              workingDir: spec.outputs.containerPath,
              env: Object.entries(spec.env)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([name, value]) => ({ name, value })),
              resources: { requests: resources, limits: resources },
              securityContext: {
                allowPrivilegeEscalation: false,
                privileged: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                ...spec.inputs.map((input) => ({
                  name: 'work',
                  mountPath: input.containerPath,
                  subPath: subPath(options.workDir, input.hostPath),
                  readOnly: true,
                })),
                {
                  name: 'work',
                  mountPath: spec.outputs.containerPath,
                  subPath: subPath(options.workDir, spec.outputs.hostPath),
                },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            { name: 'work', persistentVolumeClaim: { claimName: options.workClaim } },
            { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
          ],
        },
      },
    },
  };
}

/**
 * The NetworkPolicy that keeps Styx's jobs off the network (as `--network none` does for
 * podman): no ingress, no egress, for every pod Styx starts in the namespace.
 */
export function jobNetworkPolicy(namespace: string) {
  return {
    apiVersion: 'networking.k8s.io/v1' as const,
    kind: 'NetworkPolicy' as const,
    metadata: { name: 'styx-jobs-no-network', namespace },
    spec: {
      podSelector: { matchLabels: { [MANAGED_BY]: 'styx' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    },
  };
}
