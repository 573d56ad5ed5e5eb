import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Kubernetes API, for the Kubernetes backend's tests: no kube-apiserver can
 * be built or run here (see the README). It serves only what the backend calls — jobs (create,
 * read, list, watch, merge-patch, delete) and pods (list, log) in one namespace — with list
 * resource versions and a chunked watch stream, and plays each job's life: a pod runs for a
 * moment, then the Job completes, or fails with exit code 3 when its command says `fail`, or
 * keeps running while its command says `sleep-long` until its deadline is set.
 */
export async function startFakeKubeApi(namespace: string) {
  type Obj = Record<string, any>;
  const jobs = new Map<string, Obj>();
  const pods = new Map<string, Obj>();
  const watchers = new Set<ServerResponse>();
  let version = 1;
  const counts = { watches: 0, jobReads: 0, lists: 0 };
  const jobsPath = `/apis/batch/v1/namespaces/${namespace}/jobs`;
  const podsPath = `/api/v1/namespaces/${namespace}/pods`;

  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', job: Obj) => {
    job.metadata.resourceVersion = String(++version);
    for (const w of watchers) w.write(`${JSON.stringify({ type, object: job })}\n`);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const status = (res: ServerResponse, code: number, reason: string, message: string) =>
    json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code });
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : {};
  };

  const finish = (job: Obj, outcome: 'Complete' | 'Failed', reason?: string, exitCode = 0) => {
    const pod = pods.get(job.metadata.name);
    if (pod) {
      pod.status = {
        phase: outcome === 'Complete' ? 'Succeeded' : 'Failed',
        containerStatuses: [
          {
            name: 'job',
            state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed' } },
          },
        ],
      };
    }
    job.status = {
      ...job.status,
      active: 0,
      ready: 0,
      completionTime: new Date().toISOString(),
      conditions: [{ type: outcome, status: 'True', ...(reason ? { reason } : {}) }],
    };
    emit('MODIFIED', job);
  };

  const live = (job: Obj) => {
    const name = job.metadata.name;
    const command: string[] = job.spec.template.spec.containers[0].command;
    setTimeout(() => {
      if (!jobs.has(name)) return;
      pods.set(name, {
        metadata: {
          name: `${name}-abcde`,
          labels: { 'job-name': name },
          creationTimestamp: new Date().toISOString(),
        },
        status: { phase: 'Running' },
        log: `started ${command.join(' ')}\n`,
      });
      job.status = { active: 1, ready: 1, startTime: new Date().toISOString() };
      emit('MODIFIED', job);
      if (command.includes('sleep-long')) return;
      setTimeout(() => {
        if (!jobs.has(name)) return;
        const pod = pods.get(name) as Obj;
        if (command.includes('fail')) {
          pod.log += 'no column salinity\n';
          finish(job, 'Failed', 'BackoffLimitExceeded', 3);
        } else {
          pod.log += 'done\n';
          finish(job, 'Complete');
        }
      }, 150);
    }, 100);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === jobsPath && req.method === 'GET') {
      const selector = url.searchParams.get('labelSelector') ?? '';
      const items = [...jobs.values()].filter((j) =>
        selector
          .split(',')
          .every((s) => !s || j.metadata.labels?.[s.split('=')[0] as string] === s.split('=')[1]),
      );
      if (url.searchParams.get('watch') === 'true') {
        counts.watches += 1;
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.flushHeaders();
        watchers.add(res);
        req.on('close', () => watchers.delete(res));
        return;
      }
      counts.lists += 1;
      return json(res, 200, {
        kind: 'JobList',
        apiVersion: 'batch/v1',
        metadata: { resourceVersion: String(version) },
        items,
      });
    }
    if (path === jobsPath && req.method === 'POST') {
      const job = await body(req);
      if (jobs.has(job.metadata.name))
        return status(
          res,
          409,
          'AlreadyExists',
          `jobs.batch "${job.metadata.name}" already exists`,
        );
      if (!job.spec?.template?.spec?.containers?.[0]?.image)
        return status(
          res,
          422,
          'Invalid',
          'spec.template.spec.containers[0].image: Required value',
        );
      job.metadata.uid = `uid-${version}`;
      job.metadata.creationTimestamp = new Date().toISOString();
      job.status = {};
      jobs.set(job.metadata.name, job);
      emit('ADDED', job);
      live(job);
      return json(res, 201, job);
    }
    if (path.startsWith(`${jobsPath}/`)) {
      const name = decodeURIComponent(path.slice(jobsPath.length + 1));
      const job = jobs.get(name);
      if (!job) return status(res, 404, 'NotFound', `jobs.batch "${name}" not found`);
      if (req.method === 'GET') {
        counts.jobReads += 1;
        return json(res, 200, job);
      }
      if (req.method === 'PATCH') {
        if (req.headers['content-type'] !== 'application/merge-patch+json')
          return status(res, 415, 'UnsupportedMediaType', String(req.headers['content-type']));
        const patch = await body(req);
        job.metadata.annotations = { ...job.metadata.annotations, ...patch.metadata?.annotations };
        job.spec = { ...job.spec, ...patch.spec };
        json(res, 200, job);
        emit('MODIFIED', job);
        if (patch.spec?.activeDeadlineSeconds !== undefined && !job.status.completionTime) {
          // The deadline passes: the pod gets SIGTERM and the Job fails.
          setTimeout(() => {
            const pod = pods.get(name);
            if (pod) pod.log += 'got SIGTERM\n';
            finish(job, 'Failed', 'DeadlineExceeded', 143);
          }, 100);
        }
        return;
      }
      if (req.method === 'DELETE') {
        jobs.delete(name);
        pods.delete(name);
        emit('DELETED', job);
        return json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
      }
    }
    if (path === podsPath && req.method === 'GET') {
      const jobNameLabel = (url.searchParams.get('labelSelector') ?? '').replace(/^job-name=/, '');
      const pod = pods.get(jobNameLabel);
      const { log: _log, ...visible } = pod ?? {};
      return json(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: pod ? [visible] : [],
      });
    }
    if (path.startsWith(`${podsPath}/`) && path.endsWith('/log')) {
      const podName = path.slice(podsPath.length + 1, -'/log'.length);
      const pod = [...pods.values()].find((p) => p.metadata.name === podName);
      if (!pod) return status(res, 404, 'NotFound', `pods "${podName}" not found`);
      const tail = Number(url.searchParams.get('tailLines') ?? 0);
      const lines = String(pod.log).split('\n');
      const text = tail ? lines.slice(-(tail + 1)).join('\n') : pod.log;
      return res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
    }
    status(res, 404, 'NotFound', `${req.method} ${path} is not served by the fake`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    jobs,
    close: async () => {
      for (const w of watchers) w.end();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
