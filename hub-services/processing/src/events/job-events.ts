import { createHash } from 'node:crypto';
import type { Job } from '../jobs/job.js';
import { statusInfo } from '../ogc.js';

/**
 * Where the runner tells the world a job changed (status or progress): a message broker when
 * configured, nothing otherwise. `publish` never throws and never waits on the broker.
 */
export interface JobEvents {
  publish(job: Job): void;
  /** Sends what it still can (for a short while), then lets go of the broker. */
  close(): Promise<void>;
}

export const NO_JOB_EVENTS: JobEvents = {
  publish: () => {},
  close: async () => {},
};

/**
 * A job's change as a CloudEvent in its JSON format (CloudEvents 1.0, json-format §3): `type`
 * `org.styx.job.<status>` (the spec asks for a reverse-DNS prefix), the job's OGC statusInfo
 * (OGC API – Processes §7.12: jobID, processID, status, progress, message, the times and the
 * job's links) and its owner as `data`. The id is the same for the same state of the same job,
 * so a consumer can drop a redelivered duplicate (the spec: source + id identify an event).
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

/** AMQP 0-9-1 §4.2.5.3: a routing key is a short string, 255 bytes at most. */
const LONGEST_OWNER_WORD = 200;

/**
 * The word an owner is in routing keys, so that a consumer can bind `job.<word>.*`. Bytes other
 * than ASCII letters, digits, `_` and `-` are percent-encoded from UTF-8 (`a.b` → `a%2eb`):
 * the word never holds the topic separators and wildcards (`.`, `*`, `#`), and no two owners
 * share a word. A name too long for a routing key becomes `~` and its SHA-256 (`~` itself is
 * always encoded, so no short name looks like one).
 */
export function ownerWord(owner: string): string {
  let word = '';
  for (const byte of Buffer.from(owner, 'utf8')) {
    const c = String.fromCharCode(byte);
    word += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0')}`;
  }
  if (word.length <= LONGEST_OWNER_WORD) return word;
  return `~${createHash('sha256').update(owner, 'utf8').digest('hex')}`;
}

/** The AMQP topic routing key of a job's events: `job.<owner word>.<status>`. */
export function routingKey(job: Pick<Job, 'owner' | 'status'>): string {
  return `job.${ownerWord(job.owner)}.${job.status}`;
}
