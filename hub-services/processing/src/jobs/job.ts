/**
 * A job as OGC API – Processes Part 1 sees it (statusInfo, §7.12): its status moves
 * accepted → running → successful | failed, and any of them may end as dismissed.
 */
export type JobStatus = 'accepted' | 'running' | 'successful' | 'failed' | 'dismissed';

export const UNFINISHED: readonly JobStatus[] = ['accepted', 'running'];

export interface Job {
  id: string;
  owner: string;
  processId: string;
  status: JobStatus;
  message: string | null;
  /** 0–100, as the job reports it. */
  progress: number | null;
  inputs: Record<string, unknown>;
  /** The results, once successful: output id → value. */
  outputs: Record<string, unknown> | null;
  /** The STAC item the results were registered as in the owner's results collection. */
  resultItem: string | null;
  /**
   * The W3C traceparent of the request that submitted it, when traced: staging, submission and
   * publishing happen later, in the runner's loop, and join that trace through it.
   */
  traceParent: string | null;
  /**
   * The application package of a deployed process as it was when the job was submitted: a
   * replaced or undeployed process does not change a job already running. Null for built-ins.
   */
  processPackage: ProcessPackage | null;
  backend: string;
  /** The backend's own reference (container id, Slurm job id…), once submitted. */
  backendRef: string | null;
  created: string;
  started: string | null;
  finished: string | null;
  updated: string;
}

export interface ProcessPackage {
  mediaType: string;
  document: string;
  deployedBy: string;
}

export function isFinished(status: JobStatus): boolean {
  return !UNFINISHED.includes(status);
}
