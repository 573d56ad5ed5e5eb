import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Kubernetes API, for the Kubernetes backend's unit tests. The real
 * kube-apiserver (test/kubernetes) has no controller manager and no kubelet, so no Job there ever
 * runs; this plays the part they would play. It serves only what the backend calls — jobs
 * (create, read, list and watch with label selectors and resource versions, merge-patch,
 * delete) and pods (list, log) in one namespace — and plays each job's life as the Job
 * controller and the kubelet would: a pod starts after a moment, runs, and the Job completes,
 * or fails with exit code 3 when its command says `fail`, is OOM-killed when it says `oom`, or
 * keeps running when it says `sleep-long` until a deadline is set: then the pod gets SIGTERM and
 * is deleted, and the Job fails with DeadlineExceeded.
 */
export async function startFakeKubeApi(namespace: string) {
  // Kubernetes objects as JSON, read and written freely by a fake that only plays their parts.
  // biome-ignore lint/suspicious/noExplicitAny: untyped API objects in a test stand-in
  type Obj = Record<string, any>;
  const jobs = new Map<string, Obj>();
  const pods = new Map<string, Obj>();
  /** Every job event with its resource version: a watch from version N replays what followed. */
  const events: Array<{ version: number; type: string; object: Obj }> = [];
  const watchers = new Map<ServerResponse, (job: Obj) => boolean>();
  let version = 1;
  let watchesRefused = false;
  const counts = { watches: 0, jobReads: 0, jobLists: 0, podLists: 0 };
  const jobsPath = `/apis/batch/v1/namespaces/${namespace}/jobs`;
  const podsPath = `/api/v1/namespaces/${namespace}/pods`;

  const snapshot = (job: Obj) => JSON.parse(JSON.stringify(job));
  const emit = (type: 'ADDED' | 'MODIFIED' | 'DELETED', job: Obj) => {
    version += 1;
    job.metadata.resourceVersion = String(version);
    const event = { version, type, object: snapshot(job) };
    events.push(event);
    for (const [w, selects] of watchers)
      if (selects(event.object)) w.write(`${JSON.stringify({ type, object: event.object })}\n`);
  };
  const matches = (selector: string) => (job: Obj) =>
    selector
      .split(',')
      .filter(Boolean)
      .every((term) => {
        const [key, value] = term.split('=');
        return job.metadata.labels?.[key as string] === value;
      });
  const json = (res: ServerResponse, code: number, body: unknown) =>
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const status = (res: ServerResponse, code: number, reason: string, message: string) =>
    json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code });
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? JSON.parse(text) : {};
  };
  const condition = (type: string, reason?: string) => ({
    type,
    status: 'True',
    lastTransitionTime: new Date().toISOString(),
    ...(reason ? { reason } : {}),
  });

  const terminate = (job: Obj, exitCode: number, reason: string) => {
    const pod = pods.get(job.metadata.name);
    if (!pod) return;
    pod.status = {
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: [{ name: 'job', state: { terminated: { exitCode, reason } } }],
    };
  };
  const complete = (job: Obj) => {
    terminate(job, 0, 'Completed');
    // As Kubernetes does: completionTime for a Job that succeeded only.
    job.status = {
      ...job.status,
      active: 0,
      ready: 0,
      succeeded: 1,
      completionTime: new Date().toISOString(),
      conditions: [condition('Complete')],
    };
    emit('MODIFIED', job);
  };
  const fail = (job: Obj, reason: string) => {
    job.status = {
      ...job.status,
      active: 0,
      ready: 0,
      failed: 1,
      conditions: [condition('Failed', reason)],
    };
    emit('MODIFIED', job);
  };

  const live = (job: Obj) => {
    const name = job.metadata.name;
    const command: string[] = job.spec.template.spec.containers[0].command;
    // The controller creates the pod at once; it waits for a node for a moment.
    pods.set(name, {
      metadata: {
        name: `${name}-abcde`,
        labels: {
          ...job.spec.template.metadata.labels,
          'job-name': name,
          'batch.kubernetes.io/job-name': name,
        },
        creationTimestamp: new Date().toISOString(),
      },
      spec: { ...job.spec.template.spec },
      status: { phase: 'Pending' },
      log: '',
    });
    job.status = { active: 1, ready: 0, startTime: new Date().toISOString() };
    emit('MODIFIED', job);
    setTimeout(() => {
      const pod = pods.get(name);
      if (!pod || job.status.conditions) return;
      pod.spec.nodeName = 'node-1';
      pod.status = { phase: 'Running' };
      pod.log = `started ${command.join(' ')}\n`;
      job.status = { ...job.status, ready: 1 };
      emit('MODIFIED', job);
      if (command.includes('sleep-long')) return;
      setTimeout(() => {
        if (!jobs.has(name) || job.status.conditions) return;
        const pod = pods.get(name) as Obj;
        if (command.includes('fail')) {
          pod.log += 'reading series\nno column salinity\n';
          terminate(job, 3, 'Error');
          fail(job, 'BackoffLimitExceeded');
        } else if (command.includes('oom')) {
          terminate(job, 137, 'OOMKilled');
          fail(job, 'BackoffLimitExceeded');
        } else {
          pod.log += 'done\n';
          complete(job);
        }
      }, 150);
    }, 100);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    if (path === jobsPath && req.method === 'GET') {
      const selects = matches(url.searchParams.get('labelSelector') ?? '');
      if (url.searchParams.get('watch') === 'true') {
        counts.watches += 1;
        if (watchesRefused) return status(res, 500, 'InternalError', 'etcd is not reachable');
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.flushHeaders();
        // From the version asked for: what happened since is sent first.
        const from = Number(url.searchParams.get('resourceVersion') || version);
        for (const e of events)
          if (e.version > from && selects(e.object))
            res.write(`${JSON.stringify({ type: e.type, object: e.object })}\n`);
        watchers.set(res, selects);
        req.on('close', () => watchers.delete(res));
        return;
      }
      counts.jobLists += 1;
      return json(res, 200, {
        kind: 'JobList',
        apiVersion: 'batch/v1',
        metadata: { resourceVersion: String(version) },
        items: [...jobs.values()].filter(selects).map(snapshot),
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
          `Job.batch "${job.metadata.name}" is invalid: spec.template.spec.containers[0].image: Required value`,
        );
      job.metadata.uid = `uid-${version}`;
      job.metadata.creationTimestamp = new Date().toISOString();
      job.status = {};
      jobs.set(job.metadata.name, job);
      emit('ADDED', job);
      live(job);
      return json(res, 201, snapshot(job));
    }
    if (path.startsWith(`${jobsPath}/`)) {
      const name = decodeURIComponent(path.slice(jobsPath.length + 1));
      const job = jobs.get(name);
      if (!job) return status(res, 404, 'NotFound', `jobs.batch "${name}" not found`);
      if (req.method === 'GET') {
        counts.jobReads += 1;
        return json(res, 200, snapshot(job));
      }
      if (req.method === 'PATCH') {
        if (req.headers['content-type'] !== 'application/merge-patch+json')
          return status(res, 415, 'UnsupportedMediaType', String(req.headers['content-type']));
        const patch = await body(req);
        job.metadata.annotations = { ...job.metadata.annotations, ...patch.metadata?.annotations };
        job.spec = { ...job.spec, ...patch.spec };
        emit('MODIFIED', job);
        json(res, 200, snapshot(job));
        if (patch.spec?.activeDeadlineSeconds !== undefined && !job.status.conditions) {
          // The deadline passes: the Job controller deletes the pod (the kubelet sends SIGTERM)
          // and marks the Job failed.
          setTimeout(() => {
            const pod = pods.get(name);
            if (pod) pod.log += 'got SIGTERM\n';
            terminate(job, 143, 'Error');
            setTimeout(() => {
              pods.delete(name);
              fail(job, 'DeadlineExceeded');
            }, 50);
          }, 100);
        }
        return;
      }
      if (req.method === 'DELETE') {
        if (url.searchParams.get('propagationPolicy') !== 'Background')
          return status(res, 400, 'BadRequest', 'this fake expects propagationPolicy=Background');
        jobs.delete(name);
        pods.delete(name);
        emit('DELETED', job);
        return json(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
      }
    }
    if (path === podsPath && req.method === 'GET') {
      counts.podLists += 1;
      const selects = matches(url.searchParams.get('labelSelector') ?? '');
      return json(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(version) },
        items: [...pods.values()].filter(selects).map(({ log: _log, ...pod }) => pod),
      });
    }
    if (path.startsWith(`${podsPath}/`) && path.endsWith('/log')) {
      const podName = path.slice(podsPath.length + 1, -'/log'.length);
      const pod = [...pods.values()].find((p) => p.metadata.name === podName);
      if (!pod) return status(res, 404, 'NotFound', `pods "${podName}" not found`);
      // As kube-apiserver does for a pod on no node yet: nothing, and no content type.
      if (!pod.spec.nodeName) return res.writeHead(200).end();
      const container = url.searchParams.get('container');
      if (container && container !== 'job')
        return status(res, 400, 'BadRequest', `container ${container} is not valid for pod`);
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
    /** The API server goes away for a while: open watches break, new ones are refused. */
    breakWatches() {
      watchesRefused = true;
      for (const w of watchers.keys()) w.destroy();
      watchers.clear();
    },
    healWatches() {
      watchesRefused = false;
    },
    get openWatches() {
      return watchers.size;
    },
    close: async () => {
      for (const w of watchers.keys()) w.end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
