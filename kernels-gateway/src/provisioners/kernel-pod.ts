import type { V1Pod } from '@kubernetes/client-node';
import type { LaunchRequest } from './provisioner.js';

export interface KernelPodOptions {
  namespace: string;
  image: string;
  python: string;
  /**
   * A ConfigMap holding `styx_kernel_launcher.py`, mounted read-only at LAUNCHER_DIR; without it,
   * the image's own launcher there (the Styx notebook image ships it).
   */
  launcherConfigMap?: string | undefined;
  /** The user's home volume: a claim per user (`{username}` replaced), mounted at `home`. */
  homeClaim?: string | undefined;
  home: string;
  runAsUser: number;
  cpu?: string | undefined;
  memory?: string | undefined;
  imagePullPolicy?: 'Never' | 'IfNotPresent' | 'Always';
}

/** Where the launcher is in a kernel pod: the notebook image's copy, or the ConfigMap's. */
export const LAUNCHER_DIR = '/opt/styx/launcher';

/** A label value Kubernetes accepts (≤ 63 characters of [A-Za-z0-9._-], alphanumeric ends). */
export function labelValue(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '') || 'unknown';
}

/**
 * The pod of one kernel, as a pure function (kubespawner's `make_pod`): the launcher from a
 * ConfigMap, binding every interface and advertising the pod's IP (the downward API) so the
 * gateway can connect; the Pod Security Standard `restricted` (non-root, no privilege escalation,
 * every capability dropped, the runtime's seccomp profile); never restarted by the kubelet: a
 * kernel that ends is the gateway's to restart.
 */
export function buildKernelPod(request: LaunchRequest, options: KernelPodOptions): V1Pod {
  const env = Object.entries(request.environment)
    .filter(([key]) => !['PATH', 'HOME', 'TMPDIR'].includes(key))
    .map(([name, value]) => ({ name, value }));
  const claim = options.homeClaim?.replaceAll(
    '{username}',
    request.owner.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
  );
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `styx-kernel-${request.kernelId}`,
      namespace: options.namespace,
      labels: {
        'app.kubernetes.io/name': 'styx-kernel',
        'app.kubernetes.io/managed-by': 'styx-kernels-gateway',
        'styx.kernel': request.kernelId,
        'styx.owner': labelValue(request.owner),
      },
      annotations: { 'styx.owner': request.owner, 'styx.spec': request.specName },
    },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: options.runAsUser,
        fsGroup: options.runAsUser,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'kernel',
          image: options.image,
          imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
          command: [options.python, `${LAUNCHER_DIR}/styx_kernel_launcher.py`],
          workingDir: options.home,
          env: [
            ...env,
            { name: 'HOME', value: options.home },
            { name: 'STYX_KERNEL_IP', value: '0.0.0.0' },
            {
              name: 'STYX_KERNEL_ADVERTISE_IP',
              valueFrom: { fieldRef: { fieldPath: 'status.podIP' } },
            },
          ],
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
          ...(options.cpu || options.memory
            ? {
                resources: {
                  requests: {
                    ...(options.cpu ? { cpu: options.cpu } : {}),
                    ...(options.memory ? { memory: options.memory } : {}),
                  },
                  limits: { ...(options.memory ? { memory: options.memory } : {}) },
                },
              }
            : {}),
          volumeMounts: [
            ...(options.launcherConfigMap
              ? [{ name: 'launcher', mountPath: LAUNCHER_DIR, readOnly: true }]
              : []),
            ...(claim ? [{ name: 'home', mountPath: options.home }] : []),
          ],
        },
      ],
      volumes: [
        ...(options.launcherConfigMap
          ? [{ name: 'launcher', configMap: { name: options.launcherConfigMap } }]
          : []),
        ...(claim ? [{ name: 'home', persistentVolumeClaim: { claimName: claim } }] : []),
      ],
    },
  };
}
