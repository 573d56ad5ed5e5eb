import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../catalog-api/src/config.js';
import { loadEnvironmentsConfig } from '../../hub-services/environments/src/config.js';
import { loadHealthConfig } from '../../hub-services/health/src/config.js';
import {
  buildJobManifest,
  jobNetworkPolicy,
} from '../../hub-services/processing/src/backends/kubernetes/job-manifest.js';
import { loadProcessingConfig } from '../../hub-services/processing/src/config.js';
import { loadGatewayConfig } from '../../kernels-gateway/src/config.js';
import { buildKernelPod } from '../../kernels-gateway/src/provisioners/kernel-pod.js';
import {
  type EnvVar,
  find,
  helmTemplate,
  type KubeObject,
  podTemplates,
  render,
  resolvedEnv,
  stageChart,
  styxObjects,
  validateOffline,
} from './chart.js';

/** Every values file the chart is rendered with, and the objects each gives. */
const CASES = ['default', 'external', 'external-url', 'slurm', 'environments'] as const;
type Case = (typeof CASES)[number];

let chart: Awaited<ReturnType<typeof stageChart>>;
const rendered = new Map<Case, { yaml: string; objects: KubeObject[] }>();

beforeAll(async () => {
  chart = await stageChart();
  for (const name of CASES) {
    rendered.set(name, await render(chart.dir, { values: name === 'default' ? [] : [name] }));
  }
});
afterAll(() => chart?.remove());

function objectsOf(name: Case): KubeObject[] {
  const r = rendered.get(name);
  if (!r) throw new Error(`${name} was not rendered`);
  return r.objects;
}

function container(objects: KubeObject[], deployment: string): { env: EnvVar[] } & KubeObject {
  return find(objects, 'Deployment', deployment).spec.template.spec.containers[0];
}

/** The Secrets an operator made beforehand, as the values files name them. */
const OPERATOR_SECRETS = {
  'catalog-database': { url: 'postgres://styx:pw@db.example.org:5432/styx' },
  'styx-results-credentials': { accessKeyId: 'AKIA-TEST', secretAccessKey: 'secret-test' },
  'slurm-jwt': { token: 'a-slurm-jwt-token' },
};

describe('helm template', () => {
  it.each(CASES)('%s: every object passes the Kubernetes 1.33 schemas, strictly', async (name) => {
    const result = await validateOffline(rendered.get(name)?.yaml ?? '');
    expect(result.stdout + result.stderr).not.toMatch(/ERROR|WARN/);
    expect(result.code).toBe(0);
  });

  it('renders no CRDs and nothing cluster-wide', () => {
    for (const name of CASES) {
      const kinds = styxObjects(objectsOf(name)).map((o) => o.kind);
      expect(kinds).not.toContain('CustomResourceDefinition');
      expect(kinds).not.toContain('ClusterRole');
      expect(kinds).not.toContain('ClusterRoleBinding');
      expect(kinds).not.toContain('Namespace');
    }
  });
});

describe('the Hub and its services', () => {
  it('declares each Styx service to the Hub at its Service, and the pod reads its token from the Hub Secret', () => {
    const objects = objectsOf('default');
    const hubSecret = find(objects, 'Secret', 'hub');
    for (const [name, port] of [
      ['catalog', 8081],
      ['processing', 8084],
      ['kernels', 8085],
    ] as const) {
      const service = find(objects, 'Service', `styx-${name}`);
      expect(service.spec.ports[0].port).toBe(port);
      const c = container(objects, `styx-${name}`);
      // The image's entry point (tini, then styx-service) picks the service from STYX_SERVICE.
      expect(c.command).toBeUndefined();
      const env = c.env;
      expect(env.find((e) => e.name === 'STYX_SERVICE')?.value).toBe(name);
      const token = env.find((e) => e.name === 'JUPYTERHUB_API_TOKEN')?.valueFrom?.secretKeyRef;
      expect(token).toEqual({ name: 'hub', key: `hub.services.${name}.apiToken` });
      expect(Buffer.from(hubSecret.data[token?.key ?? ''], 'base64').toString()).toHaveLength(64);
    }
  });

  it('the catalog reads the rendered environment as a Hub service on PostgreSQL', () => {
    const objects = objectsOf('default');
    const config = loadConfig(resolvedEnv(container(objects, 'styx-catalog'), objects));
    expect(config.hub?.name).toBe('catalog');
    expect(config.hub?.apiUrl).toBe('http://hub:8081/hub/api/');
    expect(config.routePrefix).toBe('/services/catalog/');
    expect(config.publicUrl).toBe('http://localhost:8080/services/catalog/');
    expect({ host: config.host, port: config.port }).toEqual({ host: '0.0.0.0', port: 8081 });
    expect(config.database).toMatchObject({
      kind: 'postgres',
      readUrl: expect.stringMatching(
        /^postgres:\/\/styx:[A-Za-z0-9]{32}@styx-postgresql:5432\/styx$/,
      ),
    });
  });

  it('the probes ask /livez and /readyz under each prefix', () => {
    const objects = objectsOf('environments');
    for (const name of ['catalog', 'processing', 'kernels', 'health', 'environments']) {
      const c = container(objects, `styx-${name}`);
      expect(c.startupProbe.httpGet).toEqual({ path: `/services/${name}/livez`, port: 'http' });
      expect(c.livenessProbe.httpGet).toEqual({ path: `/services/${name}/livez`, port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: `/services/${name}/readyz`, port: 'http' });
    }
  });
});

describe('processing on the Kubernetes job backend', () => {
  it('reads its environment as the Kubernetes backend, its work folder being the work claim', () => {
    const objects = objectsOf('default');
    const deployment = find(objects, 'Deployment', 'styx-processing');
    const c = container(objects, 'styx-processing');
    const config = loadProcessingConfig(resolvedEnv(c, objects));
    expect(config.backend).toEqual({
      kind: 'kubernetes',
      namespace: 'styx',
      workClaim: 'styx-processing-work',
      imagePullPolicy: 'IfNotPresent',
      runAsUser: 1000,
      ttlSecondsAfterFinished: 86400,
    });
    // JobManifestOptions.workDir: the claim's root, mounted there in the service's pod.
    const workVolume = deployment.spec.template.spec.volumes.find(
      (v: KubeObject) => v.persistentVolumeClaim?.claimName === 'styx-processing-work',
    );
    const mount = c.volumeMounts.find((m: { name: string }) => m.name === workVolume.name);
    expect(mount.mountPath).toBe(config.workDir);
    expect(find(objects, 'PersistentVolumeClaim', 'styx-processing-work').spec.accessModes).toEqual(
      ['ReadWriteMany'],
    );
    expect(config.catalog?.url).toBe('http://styx-catalog:8081/services/catalog/');
    expect(config.results).toEqual({ kind: 'posix', dir: '/data/processing/results' });
    expect(deployment.spec.template.spec.serviceAccountName).toBe('styx-processing');
  });

  it('the Role grants exactly what the backend calls, in its namespace, to its service account only', () => {
    const objects = styxObjects(objectsOf('default'));
    const roles = objects.filter(
      (o) => o.kind === 'Role' && o.metadata.name === 'styx-processing-jobs',
    );
    expect(roles).toHaveLength(1);
    const rules = roles[0]?.rules.map((r: KubeObject) => ({
      apiGroups: r.apiGroups,
      resources: r.resources,
      verbs: [...r.verbs].sort(),
    }));
    expect(rules).toEqual([
      {
        apiGroups: ['batch'],
        resources: ['jobs'],
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'watch'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(JSON.stringify(rules)).not.toContain('*');
    const binding = find(objects, 'RoleBinding', 'styx-processing-jobs');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: 'styx-processing-jobs',
    });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'styx-processing', namespace: 'styx' },
    ]);
  });

  it("the jobs' NetworkPolicy is the backend's own and selects its job pods, none of the chart's", () => {
    const objects = objectsOf('default');
    const policy = find(objects, 'NetworkPolicy', 'styx-jobs-no-network');
    const expected = jobNetworkPolicy('styx');
    expect(policy.spec).toEqual(expected.spec);
    const job = buildJobManifest(
      {
        jobId: 'j1',
        owner: 'alice',
        image: 'example/job',
        command: ['true'],
        env: {},
        inputs: [],
        outputs: { hostPath: '/data/processing/jobs/j1/outputs', containerPath: '/out' },
        resources: {},
      },
      {
        namespace: 'styx',
        workClaim: 'styx-processing-work',
        workDir: '/data/processing/jobs',
      },
    );
    const selects = (labels: Record<string, string> | undefined) =>
      Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => labels?.[k] === v);
    expect(selects(job.spec?.template.metadata?.labels)).toBe(true);
    for (const { owner, spec } of podTemplates(objects))
      expect(selects(spec.metadata.labels), owner.metadata.name).toBe(false);
  });

  it('with Slurm: no Role for processing, no service account token, the JWT from its Secret', () => {
    const objects = objectsOf('slurm');
    expect(
      objects
        .filter((o) => ['Role', 'RoleBinding', 'ServiceAccount'].includes(o.kind))
        .map((o) => o.metadata.name),
    ).toEqual(['styx-health', 'styx-kernels', 'styx-kernels-pods', 'styx-kernels-pods']);
    const deployment = find(objects, 'Deployment', 'styx-processing');
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(false);
    const config = loadProcessingConfig(
      resolvedEnv(container(objects, 'styx-processing'), objects, OPERATOR_SECRETS),
    );
    expect(config.backend).toMatchObject({
      kind: 'slurm',
      url: 'https://slurm.example.org:6820/',
      user: 'styx',
      token: 'a-slurm-jwt-token',
    });
    expect(
      objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => o.metadata.name),
    ).toEqual(['styx-kernels-state', 'styx-processing-state']);
  });
});

describe('the kernels gateway', () => {
  it('reads its environment as a Hub service starting kernel pods in the release namespace, no local kernels', () => {
    const objects = objectsOf('default');
    const config = loadGatewayConfig(resolvedEnv(container(objects, 'styx-kernels'), objects));
    expect(config.hub?.name).toBe('kernels');
    expect(config.prefix).toBe('/services/kernels/');
    expect(config.local).toBe(false);
    expect(config.kubernetes).toEqual({
      namespace: 'styx',
      image: 'styx-notebook:0.1.0',
      launcherConfigMap: undefined,
      homeClaim: 'claim-{username}',
      runAsUser: 1000,
      imagePullPolicy: 'IfNotPresent',
    });
    expect(config.specs.map((s) => [s.name, s.provisioner, s.interruptMode])).toEqual([
      ['python3-kubernetes', 'kubernetes', 'message'],
    ]);
    // Kernel pods call home at the gateway's Service, under its prefix.
    expect(config.registrationUrl).toBe(
      'http://styx-kernels:8085/services/kernels/api/styx/kernel-registrations',
    );
    expect(config.cull?.idleMs).toBe(3_600_000);
  });

  it("points every user's server at it, with the server's own token allowed to use it", () => {
    const values = parse(readFileSync(join(chart.dir, 'values.yaml'), 'utf8')) as KubeObject;
    const singleuser = values.jupyterhub.singleuser;
    expect(singleuser.extraEnv.JUPYTER_GATEWAY_URL).toBe(
      'http://styx-kernels:8085/services/kernels',
    );
    expect(values.jupyterhub.hub.config.KubeSpawner.server_token_scopes).toContain(
      'access:services!service=kernels',
    );
    expect(values.jupyterhub.hub.extraConfig['styx-kernels-gateway']).toContain(
      'JUPYTER_GATEWAY_AUTH_TOKEN',
    );
    const egress = singleuser.networkPolicy.egress[0];
    const deployment = find(objectsOf('default'), 'Deployment', 'styx-kernels');
    expect(
      Object.entries(egress.to[0].podSelector.matchLabels).every(
        ([k, v]) => deployment.spec.template.metadata.labels[k] === v,
      ),
    ).toBe(true);
    expect(egress.ports).toEqual([{ port: 8085, protocol: 'TCP' }]);
  });

  it('the Role grants exactly what the Kubernetes provisioner calls, to the gateway only', () => {
    const objects = objectsOf('default');
    const role = find(objects, 'Role', 'styx-kernels-pods');
    expect(
      role.rules.map((r: KubeObject) => ({ resources: r.resources, verbs: [...r.verbs].sort() })),
    ).toEqual([
      { resources: ['pods'], verbs: ['create', 'delete', 'get'] },
      { resources: ['pods/log'], verbs: ['get'] },
    ]);
    expect(find(objects, 'RoleBinding', 'styx-kernels-pods').subjects).toEqual([
      { kind: 'ServiceAccount', name: 'styx-kernels', namespace: 'styx' },
    ]);
  });

  it("the kernel pods' NetworkPolicy selects the pods the provisioner builds, and only the gateway reaches them", () => {
    const objects = objectsOf('default');
    const policy = find(objects, 'NetworkPolicy', 'styx-kernel-pods');
    const pod = buildKernelPod(
      {
        kernelId: '0b5a6c1e-7d4f-4a7e-9a53-2f0b8c1d9e10',
        owner: 'alice',
        specName: 'python3-kubernetes',
        environment: {},
        workingDir: undefined,
        config: {},
      },
      {
        namespace: 'styx',
        image: 'styx-notebook:0.1.0',
        python: 'python3',
        home: '/home/jovyan',
        runAsUser: 1000,
      },
    );
    const selects = (labels: Record<string, string> | undefined) =>
      Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => labels?.[k] === v);
    expect(selects(pod.metadata?.labels)).toBe(true);
    for (const { owner, spec } of podTemplates(objects))
      expect(selects(spec.metadata.labels), owner.metadata.name).toBe(false);
    const gateway = find(objects, 'Deployment', 'styx-kernels');
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: gateway.spec.selector.matchLabels } }] },
    ]);
  });
});

describe('PostgreSQL and S3', () => {
  it('bundled by default: a StatefulSet reachable only from the catalog, its password in the Secret', () => {
    const objects = objectsOf('default');
    const statefulSet = find(objects, 'StatefulSet', 'styx-postgresql');
    const env = resolvedEnv(statefulSet.spec.template.spec.containers[0], objects);
    const url = resolvedEnv(container(objects, 'styx-catalog'), objects).STYX_DATABASE_URL;
    expect(url).toBe(`postgres://styx:${env.POSTGRES_PASSWORD}@styx-postgresql:5432/styx`);
    const policy = find(objects, 'NetworkPolicy', 'styx-postgresql');
    expect(policy.spec.podSelector.matchLabels).toEqual(statefulSet.spec.selector.matchLabels);
    const peer = (name: string) => ({
      podSelector: { matchLabels: find(objects, 'Deployment', name).spec.selector.matchLabels },
    });
    // The catalog, and health (its history, and its probe of the catalog's database).
    expect(policy.spec.ingress).toEqual([
      { from: [peer('styx-catalog'), peer('styx-health')], ports: [{ port: 'postgresql' }] },
    ]);
  });

  it("external (existingSecret): no StatefulSet, the catalog's URL from the operator's Secret, results in S3", () => {
    const objects = objectsOf('external');
    expect(objects.filter((o) => o.metadata.name === 'styx-postgresql')).toEqual([]);
    const env = container(objects, 'styx-catalog').env;
    expect(env.find((e) => e.name === 'STYX_DATABASE_URL')?.valueFrom).toEqual({
      secretKeyRef: { name: 'catalog-database', key: 'url' },
    });
    const config = loadProcessingConfig(
      resolvedEnv(container(objects, 'styx-processing'), objects, OPERATOR_SECRETS),
    );
    expect(config.results).toEqual({
      kind: 's3',
      endpoint: 'https://s3.example.org',
      region: 'eu-west-3',
      bucket: 'styx-results',
      prefix: 'jobs/',
      accessKeyId: 'AKIA-TEST',
      secretAccessKey: 'secret-test',
      publicUrl: 'https://data.example.org/styx-results',
    });
    expect(
      find(objects, 'PersistentVolumeClaim', 'styx-processing-work').spec.storageClassName,
    ).toBe('nfs-rwx');
  });

  it('external (URL): the chart keeps the URL and the S3 keys in its Secrets', () => {
    const objects = objectsOf('external-url');
    expect(objects.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const catalog = loadConfig(resolvedEnv(container(objects, 'styx-catalog'), objects));
    expect(catalog.database).toMatchObject({
      kind: 'postgres',
      readUrl: 'postgres://styx:s3cret@db.example.org:5432/styx',
    });
    const processing = loadProcessingConfig(
      resolvedEnv(container(objects, 'styx-processing'), objects),
    );
    expect(processing.results).toMatchObject({
      kind: 's3',
      accessKeyId: 'styx-access-key',
      secretAccessKey: 'styx-secret-key-value',
    });
  });
});

describe('every Styx pod', () => {
  it.each(CASES)(
    '%s: passes the restricted Pod Security Standard, with resources and probes',
    (name) => {
      for (const { owner, spec } of podTemplates(styxObjects(objectsOf(name)))) {
        const pod = spec.spec;
        const where = `${owner.kind} ${owner.metadata.name}`;
        expect(pod.securityContext.runAsNonRoot, where).toBe(true);
        expect(pod.securityContext.seccompProfile, where).toEqual({ type: 'RuntimeDefault' });
        expect(pod.hostNetwork ?? false, where).toBe(false);
        for (const volume of pod.volumes ?? []) expect(volume.hostPath, where).toBeUndefined();
        for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
          expect(c.securityContext, `${where} ${c.name}`).toMatchObject({
            allowPrivilegeEscalation: false,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          });
          expect(c.securityContext.capabilities.add, where).toBeUndefined();
          expect(c.resources.requests, where).toMatchObject({
            cpu: expect.anything(),
            memory: expect.anything(),
          });
          expect(c.resources.limits, where).toMatchObject({ memory: expect.anything() });
          expect(c.readinessProbe, where).toBeDefined();
          expect(c.livenessProbe, where).toBeDefined();
        }
      }
    },
  );

  it("the services' pods may reach the Hub (its NetworkPolicy admits this label); no one else reaches them", () => {
    const objects = objectsOf('default');
    for (const name of ['catalog', 'processing']) {
      const deployment = find(objects, 'Deployment', `styx-${name}`);
      expect(deployment.spec.template.metadata.labels['hub.jupyter.org/network-access-hub']).toBe(
        'true',
      );
      const policy = find(objects, 'NetworkPolicy', `styx-${name}`);
      expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const peers = policy.spec.ingress.flatMap((rule: KubeObject) =>
        rule.from.map((peer: KubeObject) => peer.podSelector.matchLabels),
      );
      const other = name === 'catalog' ? 'processing' : 'catalog';
      expect(peers).toEqual([
        { app: 'jupyterhub', release: 'styx', component: 'proxy' },
        { app: 'jupyterhub', release: 'styx', component: 'hub' },
        find(objects, 'Deployment', `styx-${other}`).spec.selector.matchLabels,
        find(objects, 'Deployment', 'styx-health').spec.selector.matchLabels,
      ]);
    }
  });
});

/** The Secret styx-hub's keys, decoded. */
function styxHub(objects: KubeObject[]): Record<string, string> {
  const secret = find(objects, 'Secret', 'styx-hub');
  return Object.fromEntries(
    Object.entries(secret.data as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );
}

/** Whether a NetworkPolicy's ingress admits a pod with these labels (on the policy's pods). */
function admits(policy: KubeObject, labels: Record<string, string>): boolean {
  return policy.spec.ingress.some((rule: KubeObject) =>
    rule.from.some((peer: KubeObject) =>
      Object.entries(peer.podSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v),
    ),
  );
}

const execFileAsync = promisify(execFile);
const ROOT_DIR = join(import.meta.dirname, '..', '..');

interface HubConfigReport {
  services: { name: string; url: string; api_token: string }[];
  roles: { name: string; scopes: string[]; services: string[] }[];
  profile_list_callable: boolean;
  profile_list?: Record<string, unknown>[];
  spawner?: Record<string, unknown>;
  refused?: { type: string; status: number; message: string } | null;
  calls: { path: string; authorization: string; body: Record<string, unknown> }[];
}

/**
 * The rendered styx-hub Secret's files, run as z2jh runs jupyterhub_config.d (with the project
 * venv's JupyterHub and tornado), the environments service played on a loopback port.
 */
async function runHubConfig(
  objects: KubeObject[],
  jupyterhub: 5 | 6 = 6,
): Promise<HubConfigReport> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-hub-config-'));
  try {
    for (const [key, text] of Object.entries(styxHub(objects)))
      await writeFile(join(dir, key), text);
    const port = await freePort();
    // The service's URL is the in-cluster one; here the same path on loopback.
    const settings = JSON.parse(styxHub(objects)['styx.json'] ?? '{}');
    if (settings.environments)
      settings.environments.api = settings.environments.api.replace(
        'http://styx-environments:8087',
        `http://127.0.0.1:${port}`,
      );
    await writeFile(join(dir, 'styx.json'), JSON.stringify(settings));
    const { stdout } = await execFileAsync(
      join(ROOT_DIR, '.venv', 'bin', 'python'),
      [
        join(ROOT_DIR, 'helm', 'test', 'hub-config-check.py'),
        join(dir, 'styx_hub.py'),
        dir,
        String(port),
        ...(jupyterhub === 5 ? ['5'] : []),
      ],
      { timeout: 60_000 },
    );
    return JSON.parse(stdout) as HubConfigReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the Hub configuration the chart adds (files/styx_hub.py in the Secret styx-hub)', () => {
  it('is mounted into the Hub pod where z2jh runs jupyterhub_config.d, the file as the chart holds it', () => {
    const values = parse(readFileSync(join(chart.dir, 'values.yaml'), 'utf8')) as KubeObject;
    const hub = values.jupyterhub.hub;
    const volumes = Object.fromEntries(hub.extraVolumes.map((v: KubeObject) => [v.name, v.secret]));
    expect(volumes['styx-hub-config']).toEqual({
      secretName: 'styx-hub',
      items: [{ key: 'styx_hub.py', path: 'styx_hub.py' }],
    });
    expect(volumes['styx-hub']).toEqual({ secretName: 'styx-hub' });
    expect(hub.extraVolumeMounts).toEqual([
      {
        name: 'styx-hub-config',
        mountPath: '/usr/local/etc/jupyterhub/jupyterhub_config.d',
        readOnly: true,
      },
      { name: 'styx-hub', mountPath: '/usr/local/etc/jupyterhub/styx', readOnly: true },
    ]);
    expect(styxHub(objectsOf('default'))['styx_hub.py']).toBe(
      readFileSync(join(chart.dir, 'files', 'styx_hub.py'), 'utf8'),
    );
  });

  it('by default declares health with its role and token, and leaves profile_list alone', async () => {
    const objects = objectsOf('default');
    const report = await runHubConfig(objects);
    const token = styxHub(objects)['health.apiToken'];
    expect(token).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(report.services).toEqual([
      { name: 'catalog', url: 'http://styx-catalog:8081' },
      {
        name: 'health',
        url: 'http://styx-health:8086',
        display: true,
        oauth_no_confirm: true,
        api_token: token,
      },
    ]);
    expect(report.roles).toEqual([
      expect.objectContaining({
        name: 'styx-health',
        scopes: ['access:services!service=kernels'],
        services: ['health'],
      }),
    ]);
    expect(report.profile_list_callable).toBe(false);
    // The health pod holds the token the Hub was given.
    const env = resolvedEnv(container(objects, 'styx-health'), objects);
    expect(env.JUPYTERHUB_API_TOKEN).toBe(token);
  });

  it('with environments: its service and role, profile_list as a function of the spawner, the choice enforced and applied', async () => {
    const objects = objectsOf('environments');
    const report = await runHubConfig(objects);
    const token = styxHub(objects)['environments.apiToken'];
    expect(report.services.map((s) => s.name)).toEqual(['catalog', 'health', 'environments']);
    expect(report.services[2]).toMatchObject({
      url: 'http://styx-environments:8087',
      api_token: token,
    });
    expect(resolvedEnv(container(objects, 'styx-environments'), objects).JUPYTERHUB_API_TOKEN).toBe(
      token,
    );
    expect(report.roles.find((r) => r.name === 'styx-environments')).toMatchObject({
      scopes: [
        'access:services!service=environments',
        'list:users',
        'read:users',
        'read:servers',
        'servers',
        'groups',
      ],
      services: ['environments'],
    });
    expect(report.profile_list_callable).toBe(true);
    // KubeSpawner's form shows display_name and description as HTML: escaped.
    expect(report.profile_list).toEqual([
      {
        slug: 'gpu-small',
        display_name: 'GPU &lt;small&gt;',
        description: 'One GPU &amp; 8 GiB (2 CPU, 8G memory, 1 GPU)',
        default: true,
      },
    ]);
    expect(report.spawner).toEqual({
      mem_limit: '8G',
      cpu_limit: 2,
      image: 'registry.example.org/styx-gpu:1',
      environment: {
        JUPYTER_GATEWAY_URL: 'http://styx-kernels:8085/services/kernels',
        STYX_PROFILE: 'gpu-small',
      },
      extra_resource_limits: { 'nvidia.com/gpu': '1' },
      volumes: [
        { name: 'home', persistentVolumeClaim: { claimName: 'claim-alice' } },
        { name: 'styx-mount-0', persistentVolumeClaim: { claimName: 'era5' } },
      ],
      volume_mounts: [
        { name: 'home', mountPath: '/home/jovyan' },
        { name: 'styx-mount-0', mountPath: '/data/era5', readOnly: true },
      ],
    });
    // The service's 403 is the user's, with its sentence.
    expect(report.refused).toEqual({
      type: 'jupyterhub.spawner.SpawnException',
      status: 403,
      message: "profile 'forbidden' is not allowed for alice",
    });
    expect(report.calls.map((c) => [c.path, c.body.profile ?? null])).toEqual([
      ['spawn-options', null],
      ['spawns', 'gpu-small'],
      ['spawns', 'forbidden'],
      ['stops', null],
    ]);
    for (const call of report.calls) expect(call.authorization).toBe(`token ${token}`);
    expect(report.calls[0]?.body).toEqual({ user: 'alice', admin: false, groups: ['hydro'] });
  });

  it("on JupyterHub 5 (z2jh 4.x's Hub, which has no SpawnException) the refusal is the same 403 and sentence", async () => {
    const report = await runHubConfig(objectsOf('environments'), 5);
    expect(report.refused).toEqual({
      type: 'builtins.SpawnException',
      status: 403,
      message: "profile 'forbidden' is not allowed for alice",
    });
  });

  it('refuses health or environments declared in jupyterhub.hub.services too', async () => {
    const result = await helmTemplate(chart.dir, {
      set: ['jupyterhub.hub.services.health.url=http://styx-health:8086'],
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('jupyterhub.hub.services.health: the chart declares health');
  });
});

describe('system health', () => {
  it('reads the rendered environment as a Hub service probing every in-cluster component, its history in PostgreSQL', () => {
    const objects = objectsOf('default');
    const env = resolvedEnv(container(objects, 'styx-health'), objects);
    const config = loadHealthConfig(env);
    const catalogUrl = resolvedEnv(container(objects, 'styx-catalog'), objects).STYX_DATABASE_URL;
    expect(config.hub?.name).toBe('health');
    expect(config.hub?.prefix).toBe('/services/health/');
    expect({ host: config.host, port: config.port }).toEqual({ host: '0.0.0.0', port: 8086 });
    expect(config.database).toEqual({ kind: 'postgres', url: catalogUrl });
    expect(config.targets).toEqual({
      hubApiUrl: 'http://hub:8081/hub/api/',
      hubPublicUrl: 'http://proxy-public/',
      catalogUrl: 'http://styx-catalog:8081/services/catalog/',
      catalogDatabaseUrl: catalogUrl,
      processingUrl: 'http://styx-processing:8084/services/processing/',
      kernels: {
        url: 'http://styx-kernels:8085/services/kernels/',
        token: env.JUPYTERHUB_API_TOKEN,
        kernelName: undefined,
      },
      storage: undefined,
      containerHost: undefined,
      slurm: undefined,
      kubernetes: true,
      amqpUrl: undefined,
    });
    expect(config.webhooks).toBeUndefined();
    expect(env.STYX_HEALTH_WEBHOOK_SECRET).toMatch(/^[A-Za-z0-9]{40}$/);
    // Its service account, for the Kubernetes probe, is bound to nothing.
    const deployment = find(objects, 'Deployment', 'styx-health');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('styx-health');
    expect(
      objects.filter(
        (o) =>
          o.kind === 'RoleBinding' && o.subjects.some((s: KubeObject) => s.name === 'styx-health'),
      ),
    ).toEqual([]);
  });

  it('with S3 and webhooks: the S3 probe on the results bucket, alerts signed with the generated secret', () => {
    const objects = objectsOf('environments');
    const config = loadHealthConfig(resolvedEnv(container(objects, 'styx-health'), objects));
    expect(config.targets.storage).toEqual({
      endpoint: 'https://s3.example.org',
      region: 'us-east-1',
      bucket: 'styx-results',
      prefix: 'styx-health/',
      accessKeyId: 'styx-access-key',
      secretAccessKey: 'styx-secret-key-value',
    });
    const secret = Buffer.from(find(objects, 'Secret', 'styx-health').data.webhookSecret, 'base64');
    expect(config.webhooks).toMatchObject({
      urls: ['https://alerts.example.org/styx', 'https://chat.example.org/hook'],
      secret: secret.toString(),
    });
    expect(config.overrides).toEqual({ 'catalog-search': { intervalMs: 600000 } });
  });

  it('without the kernel start or the Kubernetes probe: neither, no role for the kernels, no service account token', async () => {
    const { objects } = await render(chart.dir, {
      set: ['health.probes.kernelStart=false', 'health.probes.kubernetes=false'],
    });
    const config = loadHealthConfig(resolvedEnv(container(objects, 'styx-health'), objects));
    expect(config.overrides).toEqual({ 'kernels-start': { enabled: false } });
    expect(config.targets.kubernetes).toBe(false);
    expect(JSON.parse(styxHub(objects)['styx.json'] ?? '').roles).toEqual([]);
    const pod = find(objects, 'Deployment', 'styx-health').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
    expect(
      objects.filter((o) => o.metadata.name === 'styx-health' && o.kind === 'ServiceAccount'),
    ).toEqual([]);
  });

  it('its NetworkPolicies: the Hub and the proxy reach it; it reaches what it probes', () => {
    const objects = objectsOf('default');
    const health = find(objects, 'Deployment', 'styx-health').spec.template.metadata.labels;
    // The Hub's and the proxy's own policies (z2jh) admit these labels.
    expect(health['hub.jupyter.org/network-access-hub']).toBe('true');
    expect(health['hub.jupyter.org/network-access-proxy-http']).toBe('true');
    for (const name of ['styx-catalog', 'styx-processing', 'styx-kernels', 'styx-postgresql'])
      expect(admits(find(objects, 'NetworkPolicy', name), health), name).toBe(true);
    const own = find(objects, 'NetworkPolicy', 'styx-health');
    expect(own.spec.podSelector.matchLabels).toEqual(
      find(objects, 'Deployment', 'styx-health').spec.selector.matchLabels,
    );
    expect(admits(own, { app: 'jupyterhub', release: 'styx', component: 'hub' })).toBe(true);
    expect(admits(own, { app: 'jupyterhub', release: 'styx', component: 'proxy' })).toBe(true);
    expect(
      admits(own, { app: 'jupyterhub', release: 'styx', component: 'singleuser-server' }),
    ).toBe(false);
  });

  it('health.enabled=false: no health objects, not declared to the Hub, no database access', async () => {
    const { objects } = await render(chart.dir, { set: ['health.enabled=false'] });
    expect(
      styxObjects(objects).filter(
        (o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'health',
      ),
    ).toEqual([]);
    expect(JSON.parse(styxHub(objects)['styx.json'] ?? '')).toEqual({
      services: [],
      roles: [],
      environments: null,
    });
    expect(find(objects, 'NetworkPolicy', 'styx-postgresql').spec.ingress[0].from).toHaveLength(1);
  });
});

describe('environments', () => {
  it('is off by default: no objects, no profile_list', () => {
    const objects = objectsOf('default');
    expect(objects.filter((o) => o.metadata.name === 'styx-environments')).toEqual([]);
    expect(JSON.parse(styxHub(objects)['styx.json'] ?? '').environments).toBeNull();
  });

  it('when on, reads the rendered environment as a Hub service on PostgreSQL; the Hub and the proxy reach it', () => {
    const objects = objectsOf('environments');
    const config = loadEnvironmentsConfig(
      resolvedEnv(container(objects, 'styx-environments'), objects),
    );
    expect(config.hub?.name).toBe('environments');
    expect(config.hub?.prefix).toBe('/services/environments/');
    expect({ host: config.host, port: config.port }).toEqual({ host: '0.0.0.0', port: 8087 });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: resolvedEnv(container(objects, 'styx-catalog'), objects).STYX_DATABASE_URL,
    });
    expect(config.pollIntervalMs).toBe(30_000);
    expect(find(objects, 'Service', 'styx-environments').spec.ports[0].port).toBe(8087);
    const labels = find(objects, 'Deployment', 'styx-environments').spec.template.metadata.labels;
    expect(labels['hub.jupyter.org/network-access-hub']).toBe('true');
    expect(admits(find(objects, 'NetworkPolicy', 'styx-postgresql'), labels)).toBe(true);
    const own = find(objects, 'NetworkPolicy', 'styx-environments');
    expect(admits(own, { app: 'jupyterhub', release: 'styx', component: 'hub' })).toBe(true);
    expect(admits(own, { app: 'jupyterhub', release: 'styx', component: 'proxy' })).toBe(true);
    expect(admits(own, find(objects, 'Deployment', 'styx-health').spec.selector.matchLabels)).toBe(
      false,
    );
  });
});

describe("the catalog's federated search", () => {
  it('is off by default', () => {
    const objects = objectsOf('default');
    expect(loadConfig(resolvedEnv(container(objects, 'styx-catalog'), objects)).federation).toBe(
      undefined,
    );
    expect(objects.filter((o) => o.metadata.name === 'styx-catalog-federation')).toEqual([]);
  });

  it('catalog.federation.providers reach the catalog as STYX_FEDERATION, from a Secret', () => {
    const objects = objectsOf('environments');
    const c = container(objects, 'styx-catalog');
    expect(c.env.find((e) => e.name === 'STYX_FEDERATION')?.valueFrom?.secretKeyRef).toEqual({
      name: 'styx-catalog-federation',
      key: 'providers.json',
    });
    expect(loadConfig(resolvedEnv(c, objects)).federation).toEqual([
      {
        id: 'peer',
        title: 'Partner catalog',
        type: 'stac',
        url: 'https://stac.example.org/api/',
        timeoutMs: 8000,
        headers: { 'x-api-key': 'partner-key' },
      },
      {
        id: 'ceos',
        title: 'CEOS WGISS',
        type: 'opensearch',
        url: 'https://cwic.example.org/opensearch/description.xml',
        timeoutMs: 5000,
      },
    ]);
    // A changed list restarts the catalog.
    const annotations = find(objects, 'Deployment', 'styx-catalog').spec.template.metadata
      .annotations;
    expect(annotations['checksum/federation']).toMatch(/^[0-9a-f]{64}$/);
    expect(annotations['checksum/federation']).not.toBe(
      find(objectsOf('default'), 'Deployment', 'styx-catalog').spec.template.metadata.annotations[
        'checksum/federation'
      ],
    );
  });

  it('refuses a provider id given twice', async () => {
    const provider = (i: number) => [
      `catalog.federation.providers[${i}].id=peer`,
      `catalog.federation.providers[${i}].title=Peer`,
      `catalog.federation.providers[${i}].type=stac`,
      `catalog.federation.providers[${i}].url=https://peer.example.org/`,
    ];
    const result = await helmTemplate(chart.dir, { set: [...provider(0), ...provider(1)] });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('catalog.federation.providers: the id "peer" is given twice');
  });
});

describe('tracing', () => {
  const styxDeployments = (objects: KubeObject[]) =>
    styxObjects(objects).filter(
      (o) => o.kind === 'Deployment' && o.metadata.name.startsWith('styx-'),
    );

  it('off by default: every Styx pod has the OpenTelemetry SDK disabled and no endpoint', () => {
    const deployments = styxDeployments(objectsOf('default'));
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      'styx-catalog',
      'styx-health',
      'styx-kernels',
      'styx-processing',
    ]);
    for (const d of deployments) {
      const env = resolvedEnv(d.spec.template.spec.containers[0], objectsOf('default'));
      expect(env.OTEL_SDK_DISABLED, d.metadata.name).toBe('true');
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT, d.metadata.name).toBeUndefined();
    }
  });

  it('tracing.otlpEndpoint: every Styx pod exports to it under its own service name', () => {
    const objects = objectsOf('environments');
    const deployments = styxDeployments(objects);
    expect(deployments).toHaveLength(5);
    for (const d of deployments) {
      const env = resolvedEnv(d.spec.template.spec.containers[0], objects);
      expect(env, d.metadata.name).toMatchObject({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.observability:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_SERVICE_NAME: d.metadata.name,
        OTEL_RESOURCE_ATTRIBUTES: 'service.namespace=styx,k8s.namespace.name=styx',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        // The health service links admins to a probe's trace there.
        STYX_TRACE_URL: 'https://jaeger.example.org/trace/{traceId}',
      });
      expect(env.OTEL_SDK_DISABLED).toBeUndefined();
    }
  });
});
