import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { buildKernelPod, type KernelPodOptions } from './kernel-pod.js';
import type {
  KernelProvisioner,
  LaunchPlan,
  LaunchRequest,
  ProvisionedKernel,
} from './provisioner.js';
import { waitForExit } from './wait-for-exit.js';

export interface KubernetesProvisionerOptions extends Omit<KernelPodOptions, 'image'> {
  kubeConfig: KubeConfig;
  defaultImage: string;
}

interface PodKernel extends ProvisionedKernel {
  kind: 'kubernetes';
  namespace: string;
  name: string;
}

/**
 * Kernels as pods (kubespawner's way, for kernels): the client made once and shared; an
 * unscheduled pod is a kernel still starting. Kubernetes has no API to signal a container, so
 * kernel specs for pods interrupt with messages (`interruptMode: message`), and "terminate" is
 * a graceful delete.
 */
export class KubernetesProvisioner implements KernelProvisioner {
  readonly kind = 'kubernetes';
  private readonly core: CoreV1Api;

  constructor(private readonly options: KubernetesProvisionerOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  describe(): string {
    return `a Kubernetes pod in namespace ${this.options.namespace}`;
  }

  async preLaunch(request: LaunchRequest): Promise<LaunchPlan> {
    const c = request.config;
    return {
      request,
      pod: buildKernelPod(request, {
        ...this.options,
        image: typeof c.image === 'string' ? c.image : this.options.defaultImage,
        cpu: typeof c.cpu === 'string' ? c.cpu : this.options.cpu,
        memory: typeof c.memory === 'string' ? c.memory : this.options.memory,
      }),
    };
  }

  async launch(plan: LaunchPlan): Promise<ProvisionedKernel> {
    const pod = plan.pod as ReturnType<typeof buildKernelPod>;
    const namespace = pod.metadata?.namespace as string;
    await this.core.createNamespacedPod({ namespace, body: pod });
    const kernel: PodKernel = { kind: 'kubernetes', namespace, name: pod.metadata?.name as string };
    return kernel;
  }

  async poll(kernel: ProvisionedKernel): Promise<number | undefined> {
    const pod = await this.read(kernel as PodKernel);
    if (!pod) return -1;
    const phase = pod.status?.phase;
    if (phase === 'Pending' || phase === 'Running' || phase === undefined) return undefined;
    return pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode ?? -1;
  }

  async pending(kernel: ProvisionedKernel): Promise<boolean> {
    const pod = await this.read(kernel as PodKernel);
    return pod?.status?.phase === undefined || pod.status.phase === 'Pending';
  }

  wait(kernel: ProvisionedKernel, timeoutMs: number): Promise<number | undefined> {
    return waitForExit(() => this.poll(kernel), timeoutMs, 250);
  }

  async sendSignal(_kernel: ProvisionedKernel, signal: NodeJS.Signals): Promise<void> {
    throw new Error(
      `Kubernetes cannot send ${signal} to a pod; this kernel spec must interrupt by message`,
    );
  }

  async terminate(kernel: ProvisionedKernel): Promise<void> {
    await this.delete(kernel as PodKernel, 5);
  }

  async kill(kernel: ProvisionedKernel): Promise<void> {
    await this.delete(kernel as PodKernel, 0);
  }

  async cleanup(kernel: ProvisionedKernel): Promise<void> {
    await this.delete(kernel as PodKernel, 0);
  }

  async logs(kernel: ProvisionedKernel): Promise<string> {
    const k = kernel as PodKernel;
    try {
      return await this.core.readNamespacedPodLog({
        name: k.name,
        namespace: k.namespace,
        tailLines: 30,
      });
    } catch {
      return '';
    }
  }

  private async read(kernel: PodKernel) {
    try {
      return await this.core.readNamespacedPod({ name: kernel.name, namespace: kernel.namespace });
    } catch (error) {
      if ((error as { code?: number }).code === 404) return undefined;
      throw error;
    }
  }

  private async delete(kernel: PodKernel, gracePeriodSeconds: number): Promise<void> {
    try {
      await this.core.deleteNamespacedPod({
        name: kernel.name,
        namespace: kernel.namespace,
        gracePeriodSeconds,
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
}
