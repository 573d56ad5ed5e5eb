import { CoreV1Api } from '@kubernetes/client-node';
import { startKubeApiServer } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KernelSpecConfig } from '../../src/kernels/kernel-specs.js';
import { KubernetesProvisioner } from '../../src/provisioners/kubernetes-provisioner.js';
import { LOCAL_SPEC, startGateway, type TestGateway, USERS } from '../support/gateway.js';

const NAMESPACE = 'styx-kernels';

/**
 * Kernel pods on a real kube-apiserver, in a namespace enforcing the `restricted` Pod Security
 * Standard: the pod is admitted, waits unscheduled (no nodes run here) while the kernel shows as
 * starting, and is deleted when the queue limit passes. A kernel running in a pod is not
 * covered here (no kubelet); the local, podman and Slurm tests cover the protocol.
 */
describe('kernels as Kubernetes pods (real kube-apiserver)', () => {
  let cluster: Awaited<ReturnType<typeof startKubeApiServer>>;
  let core: CoreV1Api;
  let gateway: TestGateway;
  const pods = async () =>
    (
      await core.listNamespacedPod({
        namespace: NAMESPACE,
        labelSelector: 'app.kubernetes.io/name=styx-kernel',
      })
    ).items;

  beforeAll(async () => {
    cluster = await startKubeApiServer();
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    await core.createNamespace({
      body: {
        metadata: {
          name: NAMESPACE,
          labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
        },
      },
    });
    await core.createNamespacedServiceAccount({
      namespace: NAMESPACE,
      body: { metadata: { name: 'default' } },
    });
    const spec: KernelSpecConfig = {
      ...LOCAL_SPEC,
      name: 'python3-pod',
      provisioner: 'kubernetes',
      interruptMode: 'message',
    };
    gateway = await startGateway({
      specs: [LOCAL_SPEC, spec],
      provisioners: [
        new KubernetesProvisioner({
          kubeConfig: cluster.kubeConfig,
          namespace: NAMESPACE,
          defaultImage: 'localhost/styx/notebook:latest',
          python: 'python3',
          launcherConfigMap: 'styx-kernel-launcher',
          homeClaim: 'home-{username}',
          home: '/home/jovyan',
          runAsUser: 1000,
          memory: '2Gi',
        }),
      ],
      queueTimeoutMs: 4_000,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await cluster?.stop();
  });

  it('creates an admitted pod for the kernel, shows it starting while unscheduled, and withdraws it at the queue limit', async () => {
    const auth = { Authorization: `token ${USERS.alice.token}` };
    const starting = fetch(`${gateway.url}api/kernels`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'python3-pod' }),
    });
    let listed: Array<{ id: string; execution_state: string }> = [];
    for (let i = 0; i < 30 && listed.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      listed = (await (
        await fetch(`${gateway.url}api/kernels`, { headers: auth })
      ).json()) as typeof listed;
    }
    expect(listed.map((k) => k.execution_state)).toEqual(['starting']);
    const [pod] = await pods();
    expect(pod?.metadata?.labels).toMatchObject({
      'styx.kernel': listed[0]?.id,
      'styx.owner': 'alice',
    });
    expect(pod?.status?.phase).toBe('Pending');
    expect(
      pod?.spec?.volumes?.map((v) => v.persistentVolumeClaim?.claimName ?? v.configMap?.name),
    ).toEqual(['styx-kernel-launcher', 'home-alice']);
    const env = pod?.spec?.containers[0]?.env ?? [];
    expect(
      env.find((e) => e.name === 'STYX_KERNEL_ADVERTISE_IP')?.valueFrom?.fieldRef?.fieldPath,
    ).toBe('status.podIP');

    const response = await starting;
    expect(response.status).toBe(504);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /still waiting for resources/,
    );
    expect(await pods()).toEqual([]);
    expect(gateway.kernels.list('alice')).toEqual([]);
  });
});
