import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { context, propagation, trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import pino from 'pino';
import { Type } from 'typebox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BackendStatus, JobBackend, JobSpec } from '../../src/backends/job-backend.js';
import type { Job } from '../../src/jobs/job.js';
import { JobRunner, type ResultPublisher } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import type { ProcessDefinition } from '../../src/processes/process.js';
import { ProcessRegistry } from '../../src/processes/process-registry.js';

/** A process with a file output, so that finishing its job publishes a result. */
const report: ProcessDefinition = {
  id: 'report',
  version: '1.0.0',
  title: 'Report',
  description: '',
  keywords: [],
  jobControlOptions: ['async-execute'],
  inputs: {},
  outputs: {
    report: {
      title: '',
      description: '',
      schema: Type.Object({ href: Type.String() }),
      files: { glob: ['report.txt'], kind: 'File', optional: false },
    },
  },
  image: 'localhost/styx/base:latest',
  resources: {},
  command: () => ['true'],
};

/** A backend in memory: a job "runs" by writing its output, and ends when told. */
class InstantBackend implements JobBackend {
  readonly kind = 'fake';
  readonly jobs = new Map<string, BackendStatus>();
  async findByJob(): Promise<string | undefined> {
    return undefined;
  }
  async submit(spec: JobSpec): Promise<string> {
    await writeFile(join(spec.outputs.hostPath, 'report.txt'), 'all rivers within bounds\n');
    this.jobs.set(`ref-${spec.jobId}`, { state: 'running' });
    return `ref-${spec.jobId}`;
  }
  async status(ref: string): Promise<BackendStatus> {
    return this.jobs.get(ref) ?? { state: 'gone' };
  }
  async logs(): Promise<string> {
    return '';
  }
  async cancel(): Promise<void> {}
  async remove(): Promise<void> {}
  endAll(): void {
    for (const ref of this.jobs.keys()) this.jobs.set(ref, { state: 'succeeded', exitCode: 0 });
  }
}

/** Records the trace each publication ran in (where the catalog POST would go out). */
class TracePublisher implements ResultPublisher {
  readonly tracesSeen: Array<string | undefined> = [];
  async publish(job: Job) {
    this.tracesSeen.push(trace.getActiveSpan()?.spanContext().traceId);
    return {
      files: [{ href: `https://results/${job.id}/report.txt`, type: 'text/plain', size: 25 }],
    };
  }
  async discard(): Promise<void> {}
}

/**
 * A job's later steps in the trace of the request that submitted it: the runner's loop runs
 * outside any request, so without the kept traceparent the publication (processing → catalog →
 * PostgreSQL) would be a trace of its own, not part of the click's. A real OpenTelemetry tracer
 * in memory stands for the SDK that @styx/tracing/register starts in the service.
 */
describe('job traces', { timeout: 30_000 }, () => {
  const exporter = new InMemorySpanExporter();
  let provider: NodeTracerProvider;
  let db: PGlite;
  let store: JobStore;
  let backend: InstantBackend;
  let publisher: TracePublisher;
  let runner: JobRunner;
  let workDir: string;

  beforeAll(() => {
    provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    provider.register();
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(async () => {
    exporter.reset();
    workDir = await mkdtemp(join(tmpdir(), 'styx-job-trace-'));
    db = await PGlite.create();
    store = new JobStore(db);
    await store.migrate();
    backend = new InstantBackend();
    publisher = new TracePublisher();
    runner = await newRunner();
  });
  afterEach(async () => {
    runner.stop();
    await db.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** A runner on the test's store, backend and publisher (a new one: the service restarted). */
  async function newRunner(): Promise<JobRunner> {
    const registry = new ProcessRegistry(db, [report]);
    await registry.load();
    return new JobRunner({
      store,
      backend,
      registry,
      publisher,
      workDir,
      maxUnfinishedPerUser: 10,
      inputLocations: [],
      log: pino({ level: 'silent' }),
    });
  }

  /** Submits as a request would: inside the request's span (fastify's, in the service). */
  async function submitInRequest(): Promise<{
    job: Job;
    requestTrace: string;
    requestSpan: string;
  }> {
    const tracer = trace.getTracer('test');
    return tracer.startActiveSpan('POST /processes/report/execution', async (span) => {
      const { job } = await runner.execute('ada', report, {});
      span.end();
      return {
        job,
        requestTrace: span.spanContext().traceId,
        requestSpan: span.spanContext().spanId,
      };
    });
  }

  async function finished(id: string): Promise<Job> {
    for (let i = 0; i < 100; i++) {
      await runner.tick();
      const job = await store.get(id);
      if (job && job.status !== 'accepted' && job.status !== 'running') return job;
      if (job?.status === 'running') backend.endAll();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the job did not end');
  }

  it("publishes a job's results in the trace of the request that submitted it", async () => {
    const { job, requestTrace, requestSpan } = await submitInRequest();
    expect(job.traceParent).toBe(`00-${requestTrace}-${requestSpan}-01`);
    // The runner's loop, outside any request (as its timer runs it): no span is active here.
    expect(trace.getActiveSpan()).toBeUndefined();
    const done = await finished(job.id);
    expect(done.status).toBe('successful');
    expect(publisher.tracesSeen).toEqual([requestTrace]);

    const spans = exporter.getFinishedSpans();
    const results = spans.find((s) => s.name === 'processing job results');
    expect(results?.spanContext().traceId).toBe(requestTrace);
    expect(results?.parentSpanContext?.spanId).toBe(requestSpan);
    expect(results?.attributes['styx.job.id']).toBe(job.id);
    const submit = spans.find((s) => s.name === 'processing job submit');
    expect(submit?.spanContext().traceId).toBe(requestTrace);
  });

  it('keeps the trace through a restart: the stored traceparent, read back by a new runner', async () => {
    const { job, requestTrace } = await submitInRequest();
    runner.stop();
    runner = await newRunner();
    expect((await store.get(job.id))?.traceParent).toContain(requestTrace);
    await finished(job.id);
    expect(publisher.tracesSeen.at(-1)).toBe(requestTrace);
  });

  it('starts a trace of its own for a job submitted outside any trace', async () => {
    const { job } = await runner.execute('ada', report, {});
    expect(job.traceParent).toBeNull();
    await finished(job.id);
    expect(publisher.tracesSeen).toHaveLength(1);
    expect(publisher.tracesSeen[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});
