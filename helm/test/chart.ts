import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Built by scripts/helm.sh. */
export const HELM = join(ROOT, '.styx', 'bin', 'helm');
/** kubernetes-validate (PyPI) in the project virtualenv: the Kubernetes JSON schemas, offline. */
export const KUBERNETES_VALIDATE = join(ROOT, '.venv', 'bin', 'kubernetes-validate');
/** The Kubernetes version the chart is rendered for: the test kube-apiserver's. */
export const KUBE_VERSION = '1.33.0';
export const VALUES_DIR = fileURLToPath(new URL('./values/', import.meta.url));

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are read field by field
  [field: string]: any;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The chart as `helm dependency update` would leave it, but with the stub in place of the
 * zero-to-jupyterhub chart: helm/styx copied to a temporary folder (without a charts/ folder a
 * real `helm dependency update` may have filled), helm/jupyterhub-stub as its charts/jupyterhub.
 */
export async function stageChart(): Promise<{ dir: string; remove(): Promise<void> }> {
  const tmp = await mkdtemp(join(tmpdir(), 'styx-chart-'));
  const dir = join(tmp, 'styx');
  await cp(join(ROOT, 'helm', 'styx'), dir, {
    recursive: true,
    filter: (source) => !source.startsWith(join(ROOT, 'helm', 'styx', 'charts')),
  });
  await cp(join(ROOT, 'helm', 'jupyterhub-stub'), join(dir, 'charts', 'jupyterhub'), {
    recursive: true,
  });
  return { dir, remove: () => rm(tmp, { recursive: true, force: true }) };
}

export interface RenderOptions {
  /** Values files in helm/test/values/, by name without `.yaml`. */
  values?: string[];
  set?: string[];
  namespace?: string;
  /**
   * Render against this cluster (`--dry-run=server`): `lookup` then reads the objects already
   * there, as `helm upgrade` does.
   */
  kubeconfig?: string;
}

function valueArgs(options: RenderOptions): string[] {
  return [
    ...(options.values ?? []).flatMap((name) => ['-f', join(VALUES_DIR, `${name}.yaml`)]),
    ...(options.set ?? []).flatMap((s) => ['--set', s]),
  ];
}

export function helmTemplate(
  chartDir: string,
  options: RenderOptions = {},
): Promise<CommandResult> {
  return run(HELM, [
    'template',
    'styx',
    chartDir,
    '--namespace',
    options.namespace ?? 'styx',
    '--kube-version',
    KUBE_VERSION,
    ...(options.kubeconfig ? ['--dry-run=server', '--kubeconfig', options.kubeconfig] : []),
    ...valueArgs(options),
  ]);
}

export function helmLint(chartDir: string, options: RenderOptions = {}): Promise<CommandResult> {
  return run(HELM, ['lint', chartDir, '--kube-version', KUBE_VERSION, ...valueArgs(options)]);
}

/** Renders the chart and parses every object; throws with helm's message when it fails. */
export async function render(
  chartDir: string,
  options: RenderOptions = {},
): Promise<{ yaml: string; objects: KubeObject[] }> {
  const result = await helmTemplate(chartDir, options);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  const objects = parseAllDocuments(result.stdout)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`helm rendered bad YAML: ${doc.errors[0]}`);
      return doc.toJS() as KubeObject | null;
    })
    .filter((o): o is KubeObject => o !== null);
  return { yaml: result.stdout, objects };
}

/** Checks rendered YAML against the Kubernetes schemas, strictly (unknown fields refused). */
export async function validateOffline(yaml: string): Promise<CommandResult> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-validate-'));
  const file = join(dir, 'rendered.yaml');
  await writeFile(file, yaml);
  try {
    return await run(KUBERNETES_VALIDATE, ['-k', KUBE_VERSION, '--strict', '--quiet', file]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The objects of the Styx chart itself, not of the (stub) jupyterhub chart. */
export function styxObjects(objects: KubeObject[]): KubeObject[] {
  return objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'styx');
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
}

/** The pod templates of the rendered workloads, with the workload they belong to. */
export function podTemplates(
  objects: KubeObject[],
): { owner: KubeObject; spec: KubeObject['spec'] }[] {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind))
    .map((owner) => ({ owner, spec: owner.spec.template }));
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

/** A container's environment with each Secret reference resolved against the rendered Secrets. */
export function resolvedEnv(
  container: { env?: EnvVar[] },
  objects: KubeObject[],
  external: Record<string, Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (!ref) {
      env[variable.name] = variable.value ?? '';
      continue;
    }
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === ref.name);
    const value = secret
      ? Buffer.from(secret.data?.[ref.key] ?? '', 'base64').toString('utf8')
      : external[ref.name]?.[ref.key];
    if (value === undefined || value === '')
      throw new Error(`${variable.name}: no key ${ref.key} in the Secret ${ref.name}`);
    env[variable.name] = value;
  }
  return env;
}
