/**
 * The re-cut of hub-services into packages holds: each package's own imports form no cycle, and
 * what the catalog installs in production (`npm install --omit=dev`) carries none of
 * processing's heavy clients (containers, Kubernetes, S3, AMQP).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HEAVY = ['dockerode', '@kubernetes/client-node', '@aws-sdk/client-s3', 'amqplib'];

/** Every package name in a workspace's production dependency tree, as npm resolves it. */
async function productionTree(workspace: string): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['ls', '--omit=dev', '--all', '--json', '--workspace', workspace],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  type Node = { dependencies?: Record<string, Node> };
  const names = new Set<string>();
  const walk = (node: Node) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (names.has(name)) continue;
      names.add(name);
      walk(child);
    }
  };
  walk(JSON.parse(stdout) as Node);
  return names;
}

describe('the hub-services packages', () => {
  for (const pkg of ['hub-auth', 'processing', 'testing', 'service-health', 'health']) {
    it(`${pkg}: its modules import each other without a cycle`, async () => {
      const graph = await madge(`${ROOT}hub-services/${pkg}/src`, {
        fileExtensions: ['ts'],
        tsConfig: `${ROOT}hub-services/${pkg}/tsconfig.json`,
        // Type-only imports count too: a module importing the types of what imports it is
        // the tangle the context modules exist to avoid.
        detectiveOptions: { ts: { skipTypeImports: false } },
      });
      expect(Object.keys(graph.obj()).length).toBeGreaterThan(3);
      expect(graph.circular()).toEqual([]);
    });
  }

  it('the catalog and hub-auth install none of dockerode, the Kubernetes, S3 or AMQP clients', async () => {
    const catalog = await productionTree('catalog-api');
    expect(catalog.has('@styx/hub-auth')).toBe(true);
    expect(catalog.has('fastify')).toBe(true);
    expect(HEAVY.filter((name) => catalog.has(name))).toEqual([]);
    const hubAuth = await productionTree('hub-services/hub-auth');
    expect(HEAVY.filter((name) => hubAuth.has(name))).toEqual([]);
    // The /livez, /readyz and /metrics plugin every service loads carries none of them either.
    const serviceHealth = await productionTree('hub-services/service-health');
    expect(serviceHealth.has('prom-client')).toBe(true);
    expect(HEAVY.filter((name) => serviceHealth.has(name))).toEqual([]);
    // The check sees them where they belong: processing does install them.
    const processing = await productionTree('hub-services/processing');
    expect(HEAVY.filter((name) => processing.has(name))).toEqual(HEAVY);
  }, 60_000);
});
