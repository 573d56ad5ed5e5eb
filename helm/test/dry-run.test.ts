import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKubeApiServer } from '@styx/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { find, type KubeObject, podTemplates, render, stageChart, styxObjects } from './chart.js';
import { ManifestApi } from './kube-api.js';

/**
 * The rendered chart against a real kube-apiserver (scripts/kube-apiserver.sh, on etcd): every
 * object goes through the server's validation (unknown fields refused) and admission with a
 * server-side dry run, in a namespace that enforces the restricted Pod Security Standard. The
 * server has no nodes: nothing runs, and CRDs are absent (the chart renders none).
 */
const CASES = ['default', 'external', 'external-url', 'slurm', 'environments'] as const;

let kube: Awaited<ReturnType<typeof startKubeApiServer>>;
let api: ManifestApi;
let chart: Awaited<ReturnType<typeof stageChart>>;

beforeAll(async () => {
  [kube, chart] = await Promise.all([startKubeApiServer(), stageChart()]);
  api = ManifestApi.forConfig(kube.kubeConfig);
});
afterAll(async () => {
  await Promise.all([kube?.stop(), chart?.remove()]);
});

async function restrictedNamespace(name: string): Promise<void> {
  const answer = await api.send(
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    },
    { dryRun: false },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  // A cluster's service-account controller makes `default`; the test server runs only the Job
  // controller.
  await createAll(
    [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } }],
    false,
  );
}

async function createAll(objects: KubeObject[], dryRun: boolean): Promise<void> {
  for (const object of objects) {
    const answer = await api.send(object, { dryRun });
    const what = `${object.kind} ${object.metadata.name}: ${answer.body?.message ?? ''}`;
    expect(answer.status, what).toBe(201);
    expect(answer.warnings, what).toEqual([]);
  }
}

/**
 * A Pod of each workload's template, as its controller would create it: a StatefulSet's pod
 * also gets a volume for each of its claim templates.
 */
function podsOf(objects: KubeObject[], namespace: string): KubeObject[] {
  return podTemplates(objects).map(({ owner, spec }) => {
    const name = `${owner.metadata.name}-0`;
    const claims = (owner.spec.volumeClaimTemplates ?? []).map((claim: KubeObject) => ({
      name: claim.metadata.name,
      persistentVolumeClaim: { claimName: `${claim.metadata.name}-${name}` },
    }));
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels: spec.metadata.labels },
      spec: { ...spec.spec, volumes: [...(spec.spec.volumes ?? []), ...claims] },
    };
  });
}

describe('server-side dry run on a real kube-apiserver', () => {
  it.each(CASES)(
    '%s: every object is accepted, strictly, with no warning, and every pod is admitted as restricted',
    async (name) => {
      const namespace = `styx-${name}`;
      await restrictedNamespace(namespace);
      const { objects } = await render(chart.dir, {
        namespace,
        values: name === 'default' ? [] : [name],
      });
      // helm template leaves the namespace to the client, as `helm install --namespace` does.
      const placed = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
      await createAll(placed, true);
      // Pods need their service account to exist: that one is created for real.
      const accounts = placed.filter((o) => o.kind === 'ServiceAccount');
      await createAll(accounts, false);
      await createAll(podsOf(styxObjects(placed), namespace), true);
    },
  );

  it('the namespace really enforces the restricted standard (a root pod is refused)', async () => {
    await restrictedNamespace('styx-enforce');
    const { objects } = await render(chart.dir, { namespace: 'styx-enforce' });
    const [pod] = podsOf([find(objects, 'Deployment', 'styx-catalog')], 'styx-enforce');
    if (!pod) throw new Error('no catalog pod');
    pod.spec.securityContext = { runAsNonRoot: false, runAsUser: 0 };
    const answer = await api.send(pod, { dryRun: true });
    expect(answer.status).toBe(403);
    expect(answer.body.message).toContain('violates PodSecurity "restricted:latest"');
  });

  it('a misspelt field is refused by the server (fieldValidation=Strict)', async () => {
    const { objects } = await render(chart.dir, { namespace: 'styx-enforce' });
    const service = structuredClone(find(objects, 'Service', 'styx-catalog'));
    service.metadata.namespace = 'styx-enforce';
    service.spec.selectr = service.spec.selector;
    const answer = await api.send(service, { dryRun: true });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain('unknown field "spec.selectr"');
  });
});

describe('the processing and kernels service accounts, bound for real', () => {
  const namespace = 'styx-rbac';
  const processing = `system:serviceaccount:${namespace}:styx-processing`;
  const kernels = `system:serviceaccount:${namespace}:styx-kernels`;

  beforeAll(async () => {
    await restrictedNamespace(namespace);
    const { objects } = await render(chart.dir, { namespace });
    const rbac = objects
      .filter((o) => ['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind))
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
    expect(rbac.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'Role styx-kernels-pods',
      'Role styx-processing-jobs',
      'RoleBinding styx-kernels-pods',
      'RoleBinding styx-processing-jobs',
      'ServiceAccount styx-health',
      'ServiceAccount styx-kernels',
      'ServiceAccount styx-processing',
    ]);
    await createAll(rbac, false);
  });

  async function allowed(attributes: Record<string, string>, user = processing): Promise<boolean> {
    const answer = await api.send(
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        metadata: { name: '' },
        spec: { user, groups: ['system:serviceaccounts'], resourceAttributes: attributes },
      },
      { dryRun: false },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.status.allowed === true;
  }

  // What KubernetesBackend calls: createNamespacedJob, readNamespacedJob, listNamespacedJob and
  // its watch (the informer), patchNamespacedJob (cancel), deleteNamespacedJob (remove),
  // listNamespacedPod and readNamespacedPodLog.
  it.each([
    ['create', 'batch', 'jobs', ''],
    ['get', 'batch', 'jobs', ''],
    ['list', 'batch', 'jobs', ''],
    ['watch', 'batch', 'jobs', ''],
    ['patch', 'batch', 'jobs', ''],
    ['delete', 'batch', 'jobs', ''],
    ['list', '', 'pods', ''],
    ['get', '', 'pods', 'log'],
  ])('may %s %s/%s %s in its namespace', async (verb, group, resource, subresource) => {
    expect(await allowed({ namespace, verb, group, resource, subresource })).toBe(true);
  });

  it.each([
    ['list', 'batch', 'jobs', 'default'],
    ['create', '', 'pods', namespace],
    ['delete', '', 'pods', namespace],
    ['create', '', 'pods/exec', namespace],
    ['get', '', 'secrets', namespace],
    ['list', '', 'secrets', namespace],
    ['create', 'networking.k8s.io', 'networkpolicies', namespace],
    ['update', 'batch', 'jobs', namespace],
    ['create', 'rbac.authorization.k8s.io', 'rolebindings', namespace],
    ['list', '', 'nodes', ''],
  ])('may not %s %s/%s in %j', async (verb, group, resource, ns) => {
    const [name, subresource] = resource.split('/');
    expect(
      await allowed({
        verb,
        group,
        resource: name ?? resource,
        subresource: subresource ?? '',
        ...(ns ? { namespace: ns } : {}),
      }),
    ).toBe(false);
  });

  // What KubernetesProvisioner calls: createNamespacedPod, readNamespacedPod,
  // deleteNamespacedPod, readNamespacedPodLog.
  it.each([
    ['create', 'pods', ''],
    ['get', 'pods', ''],
    ['delete', 'pods', ''],
    ['get', 'pods', 'log'],
  ])('the kernels gateway may %s %s %s in its namespace', async (verb, resource, subresource) => {
    expect(await allowed({ namespace, verb, group: '', resource, subresource }, kernels)).toBe(
      true,
    );
  });

  it.each([
    ['create', '', 'pods', 'default'],
    ['list', '', 'pods', namespace],
    ['create', '', 'pods/exec', namespace],
    ['get', '', 'secrets', namespace],
    ['create', 'batch', 'jobs', namespace],
    ['list', '', 'nodes', ''],
  ])('the kernels gateway may not %s %s/%s in %j', async (verb, group, resource, ns) => {
    const [name, subresource] = resource.split('/');
    expect(
      await allowed(
        {
          verb,
          group,
          resource: name ?? resource,
          subresource: subresource ?? '',
          ...(ns ? { namespace: ns } : {}),
        },
        kernels,
      ),
    ).toBe(false);
  });
});

describe("the health service's account, for the Kubernetes probe", () => {
  const namespace = 'styx-rbac';
  const health = `system:serviceaccount:${namespace}:styx-health`;

  async function review(spec: Record<string, unknown>): Promise<boolean> {
    const answer = await api.send(
      {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        metadata: { name: '' },
        spec: {
          user: health,
          groups: ['system:serviceaccounts', 'system:authenticated'],
          ...spec,
        },
      },
      { dryRun: false },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.status.allowed === true;
  }

  it('may read /version, which is all the probe asks', async () => {
    expect(await review({ nonResourceAttributes: { path: '/version', verb: 'get' } })).toBe(true);
  });

  it.each([
    ['list', 'pods'],
    ['get', 'secrets'],
    ['list', 'configmaps'],
  ])('may not %s %s', async (verb, resource) => {
    expect(await review({ resourceAttributes: { namespace, verb, group: '', resource } })).toBe(
      false,
    );
  });
});

describe('an upgrade against the cluster (helm template --dry-run=server, lookup)', () => {
  it("keeps the database password, the Hub's service tokens and health's webhook secret it finds there", async () => {
    const namespace = 'styx-upgrade';
    await restrictedNamespace(namespace);
    const first = await render(chart.dir, { namespace });
    const secrets = first.objects
      .filter((o) => o.kind === 'Secret')
      .map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
    await createAll(secrets, false);
    const dir = await mkdtemp(join(tmpdir(), 'styx-kubeconfig-'));
    try {
      const kubeconfig = join(dir, 'config');
      await writeFile(kubeconfig, kube.kubeConfig.exportConfig());
      const again = await render(chart.dir, { namespace, kubeconfig });
      const fresh = await render(chart.dir, { namespace: 'styx-elsewhere' });
      for (const name of ['styx-postgresql', 'hub', 'styx-hub', 'styx-health']) {
        expect(find(again.objects, 'Secret', name).data).toEqual(
          find(first.objects, 'Secret', name).data,
        );
        expect(find(fresh.objects, 'Secret', name).data).not.toEqual(
          find(first.objects, 'Secret', name).data,
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
