import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../catalog-api/src/config.js';
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
  type KubeObject,
  podTemplates,
  render,
  resolvedEnv,
  stageChart,
  styxObjects,
  validateOffline,
} from './chart.js';

/** Every values file the chart is rendered with, and the objects each gives. */
const CASES = ['default', 'external', 'external-url', 'slurm'] as const;
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

  it('the probes ask the landing pages the services serve under their prefixes', () => {
    const objects = objectsOf('default');
    for (const name of ['catalog', 'processing', 'kernels']) {
      const c = container(objects, `styx-${name}`);
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        expect(c[probe].httpGet).toEqual({ path: `/services/${name}/`, port: 'http' });
      }
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
    ).toEqual(['styx-kernels', 'styx-kernels-pods', 'styx-kernels-pods']);
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
    expect(policy.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: find(objects, 'Deployment', 'styx-catalog').spec.selector.matchLabels,
            },
          },
        ],
        ports: [{ port: 'postgresql' }],
      },
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
      ]);
    }
  });
});
