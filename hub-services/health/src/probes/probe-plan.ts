import type { KernelsGatewayTarget } from './adapters/kernels-gateway.js';
import type { ObjectStorageTarget } from './adapters/object-storage.js';
import type { SlurmTarget } from './adapters/slurm.js';
import type { Audience, Component, ProbeDefinition, Tier } from './probe.js';

/** What each kind of probe talks to; one adapter per kind (./adapters). */
export type ProbeTarget =
  | { kind: 'hub-api'; url: string }
  | { kind: 'service-readiness'; url: string }
  | { kind: 'catalog-search'; url: string }
  | { kind: 'catalog-database'; url: string }
  | { kind: 'object-storage'; storage: ObjectStorageTarget }
  | { kind: 'container-api'; host: string }
  | { kind: 'slurm'; slurm: SlurmTarget }
  | { kind: 'kubernetes' }
  | { kind: 'kernels-gateway'; gateway: KernelsGatewayTarget }
  | { kind: 'amqp'; url: string };

export interface PlannedProbe extends ProbeDefinition {
  target: ProbeTarget;
}

/** The components that are there: each present one is probed, the others are not. */
export interface ProbeTargets {
  hubApiUrl?: string | undefined;
  /** The Hub's public address (the proxy). */
  hubPublicUrl?: string | undefined;
  catalogUrl?: string | undefined;
  catalogDatabaseUrl?: string | undefined;
  processingUrl?: string | undefined;
  kernels?: KernelsGatewayTarget | undefined;
  storage?: ObjectStorageTarget | undefined;
  containerHost?: string | undefined;
  slurm?: SlurmTarget | undefined;
  kubernetes?: boolean | undefined;
  amqpUrl?: string | undefined;
}

export interface ProbeTimings {
  /** live and ready probes. */
  intervalMs: number;
  /** deep probes (they do real work: a kernel, an object). */
  deepIntervalMs: number;
  timeoutMs: number;
  failuresToOpen: number;
  passesToClose: number;
}

/** Per-probe overrides by id (STYX_HEALTH_PROBES), applied last. */
export type ProbeOverrides = Record<
  string,
  Partial<
    Pick<
      ProbeDefinition,
      'intervalMs' | 'timeoutMs' | 'failuresToOpen' | 'passesToClose' | 'audience'
    >
  > & {
    enabled?: boolean;
  }
>;

const slash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/**
 * The probes for what is configured (pure: tested without servers). Audience: a probe of a
 * public component is public (its status counts for everyone); the rest are for admins.
 */
export function planProbes(
  targets: ProbeTargets,
  timings: ProbeTimings,
  overrides: ProbeOverrides = {},
): PlannedProbe[] {
  const planned: PlannedProbe[] = [];
  const add = (
    id: string,
    component: Component,
    tier: Tier,
    description: string,
    target: ProbeTarget,
    audience: Audience = 'public',
  ) =>
    planned.push({
      id,
      component,
      tier,
      description,
      target,
      audience,
      intervalMs: tier === 'deep' ? timings.deepIntervalMs : timings.intervalMs,
      timeoutMs: timings.timeoutMs,
      failuresToOpen: timings.failuresToOpen,
      passesToClose: timings.passesToClose,
    });
  if (targets.hubApiUrl)
    add('hub-api', 'notebooks', 'live', 'JupyterHub answers on its API', {
      kind: 'hub-api',
      url: targets.hubApiUrl,
    });
  if (targets.hubPublicUrl)
    add('hub-proxy', 'notebooks', 'ready', 'JupyterHub answers through its public proxy', {
      kind: 'hub-api',
      url: new URL('hub/api/', slash(targets.hubPublicUrl)).href,
    });
  if (targets.catalogUrl) {
    add('catalog-ready', 'catalog', 'ready', 'The catalog API and its database are ready', {
      kind: 'service-readiness',
      url: targets.catalogUrl,
    });
    add('catalog-search', 'catalog', 'deep', 'A STAC item search answers', {
      kind: 'catalog-search',
      url: targets.catalogUrl,
    });
  }
  if (targets.catalogDatabaseUrl)
    add(
      'catalog-database',
      'catalog',
      'ready',
      "The catalog's PostgreSQL answers and has PgSTAC",
      { kind: 'catalog-database', url: targets.catalogDatabaseUrl },
      'admin',
    );
  if (targets.processingUrl)
    add(
      'processing-ready',
      'processing',
      'ready',
      'The processing service and its job store are ready',
      {
        kind: 'service-readiness',
        url: targets.processingUrl,
      },
    );
  if (targets.storage)
    add(
      'object-storage',
      'storage',
      'deep',
      `An object is written to, read from and deleted from s3://${targets.storage.bucket}`,
      { kind: 'object-storage', storage: targets.storage },
    );
  if (targets.containerHost)
    add(
      'container-api',
      'containers',
      'live',
      "The container engine's API (podman) answers",
      { kind: 'container-api', host: targets.containerHost },
      'admin',
    );
  if (targets.slurm)
    add(
      'slurm',
      'hpc',
      'ready',
      'slurmrestd and slurmctld answer (ping, diag)',
      { kind: 'slurm', slurm: targets.slurm },
      'admin',
    );
  if (targets.kubernetes)
    add(
      'kubernetes-api',
      'kubernetes',
      'live',
      'The Kubernetes API server answers',
      { kind: 'kubernetes' },
      'admin',
    );
  if (targets.kernels) {
    add(
      'kernels-ready',
      'kernels',
      'ready',
      'The kernels gateway is ready',
      { kind: 'service-readiness', url: targets.kernels.url },
      'admin',
    );
    add(
      'kernels-start',
      'kernels',
      'deep',
      'A kernel starts and stops through the kernels gateway',
      { kind: 'kernels-gateway', gateway: targets.kernels },
      'admin',
    );
  }
  if (targets.amqpUrl)
    add(
      'amqp',
      'messaging',
      'live',
      'The AMQP broker accepts a connection',
      { kind: 'amqp', url: targets.amqpUrl },
      'admin',
    );
  return planned
    .map((probe) => {
      const o = overrides[probe.id];
      if (!o) return probe;
      const { enabled: _enabled, ...rest } = o;
      return { ...probe, ...rest };
    })
    .filter((probe) => overrides[probe.id]?.enabled !== false);
}

/** Ids an override names that no probe has: a typo an operator wants to hear about. */
export function unknownOverrides(
  planned: readonly PlannedProbe[],
  overrides: ProbeOverrides,
): string[] {
  const ids = new Set(planned.map((p) => p.id));
  return Object.keys(overrides).filter((id) => !ids.has(id));
}
