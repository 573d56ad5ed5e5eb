import { createHmac } from 'node:crypto';
import { startKubeApiServer, startRabbitMq, startSlurm } from '@styx/testing';
import { describe, expect, it } from 'vitest';
import { amqpCheck } from '../../src/probes/adapters/amqp.js';
import { kubernetesCheck } from '../../src/probes/adapters/kubernetes.js';
import { slurmCheck } from '../../src/probes/adapters/slurm.js';
import type { Probe } from '../../src/probes/probe.js';
import { runProbe } from '../../src/probes/run-probe.js';

const probeOf = (check: Probe['check']): Probe => ({
  id: 'adapter',
  component: 'messaging',
  tier: 'live',
  description: 'adapter under test',
  intervalMs: 1000,
  timeoutMs: 20_000,
  failuresToOpen: 1,
  passesToClose: 1,
  audience: 'admin',
  check,
});

/** A token slurmctld's auth/jwt accepts (HS256 with the cluster's key, the user in `sun`). */
function slurmToken(key: Buffer, user: string): string {
  const iat = Math.floor(Date.now() / 1000);
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iat, exp: iat + 600, sun: user })}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

/**
 * The adapters the fault injection does not start, each against the real server: RabbitMQ
 * (scripts/rabbitmq.sh), a one-node Slurm with slurmrestd (scripts/slurm.sh), and
 * kube-apiserver on etcd. Each passes while the server runs, and fails with a reason after.
 */
describe('probe adapters against real servers', () => {
  it('AMQP: connects to RabbitMQ, and says why not once it is stopped', async () => {
    const broker = await startRabbitMq();
    const check = amqpCheck(broker.url);
    try {
      const up = await runProbe(probeOf(check));
      expect(up.status).toBe('pass');
      expect(up.message).toMatch(/RabbitMQ/);
    } finally {
      await broker.stop();
    }
    const down = await runProbe(probeOf(check));
    expect(down.status).toBe('fail');
    expect(down.message).toMatch(/ECONNREFUSED/);
  });

  it('Slurm: slurmrestd ping and diag answer, and a bad token is a failure', async () => {
    const slurm = await startSlurm();
    try {
      const up = await runProbe(
        probeOf(
          slurmCheck({ url: slurm.url, user: 'root', token: slurmToken(slurm.jwtKey, 'root') }),
        ),
      );
      expect(up.status, up.message).toBe('pass');
      expect(up.message).toMatch(/^slurmctld .+ up; \d+ running, \d+ pending$/);
      const refused = await runProbe(
        probeOf(
          slurmCheck({
            url: slurm.url,
            user: 'root',
            token: slurmToken(Buffer.from('another key'), 'root'),
          }),
        ),
      );
      expect(refused.status).toBe('fail');
    } finally {
      await slurm.stop();
    }
  });

  it('Kubernetes: the API server answers /version with the credentials given', async () => {
    const server = await startKubeApiServer();
    const check = kubernetesCheck(server.kubeConfig);
    try {
      const up = await runProbe(probeOf(check));
      expect(up.status, up.message).toBe('pass');
      // Built from its Go module, the server carries no release stamp (v0.0.0-master+…).
      expect(up.message).toMatch(/^Kubernetes v\d/);
    } finally {
      await server.stop();
    }
    const down = await runProbe(probeOf(check));
    expect(down.status).toBe('fail');
  });
});
