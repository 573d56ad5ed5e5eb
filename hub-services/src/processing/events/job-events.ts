import type { Job } from '../jobs/job.js';
import { statusInfo } from '../ogc.js';

/**
 * Where the runner tells the world a job changed (status or progress): a message broker when
 * configured, nothing otherwise. `publish` never throws and never waits on the broker.
 */
export interface JobEvents {
  publish(job: Job): void;
  close(): Promise<void>;
}

export const NO_JOB_EVENTS: JobEvents = {
  publish: () => {},
  close: async () => {},
};

/**
 * A job's change as a CloudEvent (JSON format, specversion 1.0): `type`
 * `org.styx.job.<status>`, the job's OGC statusInfo and owner as `data`. The id is the same for
 * the same state of the same job, so a consumer can drop a redelivered duplicate.
 */
export function jobEvent(job: Job, baseUrl: string) {
  return {
    specversion: '1.0',
    id: `${job.id}/${job.status}/${job.progress ?? 0}/${job.updated}`,
    source: baseUrl,
    type: `org.styx.job.${job.status}`,
    subject: job.id,
    time: job.updated,
    datacontenttype: 'application/json',
    data: { ...statusInfo(job, baseUrl), owner: job.owner },
  };
}

/**
 * The AMQP topic routing key of a job's events: `job.<owner>.<status>`. The owner is escaped so
 * that a name with `.`, `*` or `#` stays one word and cannot match someone else's binding.
 */
export function routingKey(job: Pick<Job, 'owner' | 'status'>): string {
  const owner = job.owner.replace(
    /[^A-Za-z0-9_-]/g,
    (c) => `%${c.codePointAt(0)?.toString(16).padStart(2, '0')}`,
  );
  return `job.${owner}.${job.status}`;
}
