import type { Probe } from '../probe.js';
import type { PlannedProbe } from '../probe-plan.js';
import { amqpCheck } from './amqp.js';
import { catalogDatabaseCheck } from './catalog-database.js';
import { catalogSearchCheck } from './catalog-search.js';
import { hubApiCheck } from './hub-api.js';
import { kernelsGatewayCheck } from './kernels-gateway.js';
import { kubernetesCheck } from './kubernetes.js';
import { objectStorageCheck } from './object-storage.js';
import { containerApiCheck } from './podman.js';
import { serviceReadinessCheck } from './service-readiness.js';
import { slurmCheck } from './slurm.js';

/** A planned probe with its adapter: the clients are created here, once, and shared by its checks. */
export function createProbe(planned: PlannedProbe): Probe {
  const { target, ...definition } = planned;
  switch (target.kind) {
    case 'hub-api':
      return { ...definition, check: hubApiCheck(target.url) };
    case 'service-readiness':
      return { ...definition, check: serviceReadinessCheck(target.url) };
    case 'catalog-search':
      return { ...definition, check: catalogSearchCheck(target.url) };
    case 'catalog-database':
      return { ...definition, ...catalogDatabaseCheck(target.url) };
    case 'object-storage':
      return { ...definition, ...objectStorageCheck(target.storage) };
    case 'container-api':
      return { ...definition, check: containerApiCheck(target.host) };
    case 'slurm':
      return { ...definition, check: slurmCheck(target.slurm) };
    case 'kubernetes':
      return { ...definition, check: kubernetesCheck() };
    case 'kernels-gateway':
      return { ...definition, check: kernelsGatewayCheck(target.gateway) };
    case 'amqp':
      return { ...definition, check: amqpCheck(target.url) };
  }
}
