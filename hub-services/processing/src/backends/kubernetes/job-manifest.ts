import { posix } from 'node:path';
import type { V1Job } from '@kubernetes/client-node';
import type { JobSpec } from '../job-backend.js';

/** Labels on everything Styx creates: one watch selects them all, reconcile finds them again. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const LABEL_JOB = 'styx.io/job';
export const LABEL_OWNER = 'styx.io/owner';

/**
 * Where the files are: the JobSpec's host paths are paths on the processing service's side,
 * under its work folder `workDir`; that folder is the root of the PersistentVolumeClaim
 * `workClaim`, mounted there in the service's pod. So `<workDir>/<jobId>/inputs/<name>` is the
 * claim's sub-path `<jobId>/inputs/<name>`, and the job's pod mounts exactly those sub-paths.
 */
export interface JobManifestOptions {
  namespace: string;
  /** The PersistentVolumeClaim shared with the processing service (ReadWriteMany, or one node). */
  workClaim: string;
  /** The service's work folder, the claim's root on the service's side. */
  workDir: string;
  /** `Never` for images preloaded on the nodes (no registry), or `IfNotPresent`. */
  imagePullPolicy?: 'Never' | 'IfNotPresent' | 'Always';
  /** Finished Jobs (and their pods) are deleted by Kubernetes this long after they end. */
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
  /**
   * Run as this user, with it as the group of the claim's files too (it should be the service's
   * user, which staged the inputs and made the output folder); unset: the image's user.
   */
  runAsUser?: number;
  /**
   * Refuse to start a container that would run as root (the `restricted` Pod Security Standard
   * requires it). Default: true when `runAsUser` is set; with an image whose user is root and no
   * `runAsUser`, the kubelet then refuses to start the job.
   */
  runAsNonRoot?: boolean;
  /** Between SIGTERM and SIGKILL when a job is cancelled; 10 s, as the podman backend's stop. */
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
}

/** A Kubernetes object name for a job: `styx-<job id>` (DNS-1123, at most 63 characters). */
export function jobName(jobId: string): string {
  return `styx-${jobId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * A label value for any Hub user name: at most 63 characters of `[A-Za-z0-9._-]`, starting
 * and ending with an alphanumeric; anything else is replaced, and a name that had to change
 * gets a short hash of the original, so two users are very unlikely to share a value.
 */
export function labelValue(name: string): string {
  let safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  if (safe !== name || safe.length > 63 || safe === '') {
    let hash = 0;
    for (const c of name) hash = (Math.imul(hash, 31) + (c.codePointAt(0) ?? 0)) >>> 0;
    safe = `${safe.slice(0, 54)}-${hash.toString(16).padStart(8, '0')}`.replace(
      /^[^A-Za-z0-9]+/,
      'u',
    );
  }
  return safe;
}

/**
 * A host path strictly inside the work folder as a sub-path of the claim (the work folder itself
 * would hand the job every other job's files).
 */
function subPath(workDir: string, hostPath: string): string {
  const root = posix.normalize(workDir).replace(/\/+$/, '');
  const path = posix.normalize(hostPath).replace(/\/+$/, '');
  if (!path.startsWith(`${root}/`))
    throw new Error(`${hostPath} is not inside the work folder ${root}`);
  return path.slice(root.length + 1);
}

/**
 * Kubernetes quantities: whole CPUs as they are, fractions in millicores (rounded up: at least
 * 1m, the API's precision); memory in MiB, or bytes when a fraction of a MiB is asked for.
 * Nonsense (a negative amount) is passed on for the API server to refuse, saying why.
 */
export function cpuQuantity(cpus: number): string {
  if (Number.isInteger(cpus)) return String(cpus);
  return `${cpus > 0 ? Math.max(1, Math.ceil(cpus * 1000)) : Math.ceil(cpus * 1000)}m`;
}
export function memoryQuantity(mebibytes: number): string {
  return Number.isInteger(mebibytes) ? `${mebibytes}Mi` : String(Math.ceil(mebibytes * 1048576));
}

/**
 * The batch/v1 Job for a Styx job: pure, validated against the Kubernetes schemas in the tests.
 * The same isolation as the other backends: inputs mounted read-only from the shared claim,
 * one writable output folder, no service-account token, no privilege escalation, no
 * capabilities, a read-only root file system with a scratch /tmp, CPU and memory requests and
 * limits, no retries (a failed job fails). The network is the namespace's: pair it with the
 * NetworkPolicy below.
 *
 * The pod shares one process namespace, so its pause process is PID 1, as podman's `--init`
 * is for the podman backend: the job's command is not PID 1, which the kernel would shield from
 * a SIGTERM it does not handle, so a cancel stops it at once instead of after the grace period.
 */
export function buildJobManifest(spec: JobSpec, options: JobManifestOptions): V1Job {
  const labels = {
    [MANAGED_BY]: 'styx',
    [LABEL_JOB]: labelValue(spec.jobId),
    [LABEL_OWNER]: labelValue(spec.owner),
  };
  const resources: Record<string, string> = {};
  if (spec.resources.cpus !== undefined) resources.cpu = cpuQuantity(spec.resources.cpus);
  if (spec.resources.memoryMiB !== undefined)
    resources.memory = memoryQuantity(spec.resources.memoryMiB);
  const runAsNonRoot = options.runAsNonRoot ?? options.runAsUser !== undefined;
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
          shareProcessNamespace: true,
          terminationGracePeriodSeconds: options.terminationGracePeriodSeconds ?? 10,
          ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
          securityContext: {
            seccompProfile: { type: 'RuntimeDefault' },
            ...(runAsNonRoot ? { runAsNonRoot: true } : {}),
            // The group owns the output folder; changed at the claim's root only when it differs
            // (a recursive change on every start would walk every job's files on the claim).
            ...(options.runAsUser !== undefined
              ? {
                  runAsUser: options.runAsUser,
                  fsGroup: options.runAsUser,
                  fsGroupChangePolicy: 'OnRootMismatch',
                }
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
