import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { ProbeObservation } from '../probe.js';

/**
 * The Kubernetes API server's version (`GET /version`), with the credentials the services use
 * (in a pod its service account, elsewhere KUBECONFIG): the API answers and accepts them.
 */
export function kubernetesCheck(kubeConfig?: KubeConfig) {
  const config = kubeConfig ?? new KubeConfig();
  if (!kubeConfig) config.loadFromDefault();
  const api = config.makeApiClient(VersionApi);
  return async (_signal: AbortSignal): Promise<ProbeObservation> => {
    const info = await api.getCode();
    return { detail: `Kubernetes ${info.gitVersion}` };
  };
}
