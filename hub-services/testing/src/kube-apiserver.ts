import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeConfig } from '@kubernetes/client-node';
import { freePort } from './free-port.js';

const KUBE_APISERVER = fileURLToPath(new URL('../../../.styx/bin/kube-apiserver', import.meta.url));
const KUBE_CONTROLLER_MANAGER = fileURLToPath(
  new URL('../../../.styx/bin/kube-controller-manager', import.meta.url),
);

/**
 * A real Kubernetes API server (built by scripts/kube-apiserver.sh) on Debian's etcd, on free
 * loopback ports, with a static admin token, and the real Job controller (kube-controller-manager
 * with `--controllers=job`): Jobs get their pods, deadlines and conditions as on a cluster. There
 * is no scheduler and no kubelet: pods are created, admitted and deleted, but none runs.
 */
export async function startKubeApiServer(): Promise<{
  kubeConfig: KubeConfig;
  stop(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'styx-kube-'));
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const token = randomBytes(24).toString('hex');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await writeFile(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  await writeFile(join(dir, 'tokens.csv'), `${token},styx-admin,styx-admin,system:masters\n`);
  const children: ChildProcess[] = [];
  let output = '';
  const run = (command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      output = (output + c.toString()).slice(-6000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  run('etcd', [
    '--data-dir',
    join(dir, 'etcd'),
    '--listen-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${peerPort}`,
    '--initial-cluster',
    `default=http://127.0.0.1:${peerPort}`,
  ]);
  const api = run(KUBE_APISERVER, [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--cert-dir=${join(dir, 'certs')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-cluster-ip-range=10.96.0.0/16',
  ]);
  const server = `https://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    // The server's own certificate is self-signed: readiness is asked without checking it.
    const ready = await new Promise<boolean>((resolve) => {
      const request = httpsGet(
        `${server}/readyz`,
        { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false },
        (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        },
      );
      request.on('error', () => resolve(false));
    });
    if (ready) break;
    if (api.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`kube-apiserver did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'styx-test', server, skipTLSVerify: true }],
    users: [{ name: 'styx-admin', token }],
    contexts: [{ name: 'styx-test', cluster: 'styx-test', user: 'styx-admin' }],
    currentContext: 'styx-test',
  });
  await writeFile(join(dir, 'kubeconfig'), kubeConfig.exportConfig());
  run(KUBE_CONTROLLER_MANAGER, [
    `--kubeconfig=${join(dir, 'kubeconfig')}`,
    '--controllers=job',
    '--leader-elect=false',
    '--secure-port=0',
  ]);
  return { kubeConfig, stop };
}
