import { Poll } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { FetchFunction } from '../catalog/client.js';
import { ProcessingClient } from './processing-client.js';
import type { JobStatusInfo, ProcessDescription, ProcessSummary } from './types.js';

/**
 * The user's processes and jobs: what the Jobs panel shows. Polls the job list (faster while a
 * job is unfinished) and the selected job's logs; the panel only renders.
 */
export class JobsModel {
  private readonly client: ProcessingClient;
  private readonly changedSignal = new Signal<this, void>(this);
  private readonly poll: Poll;
  private processList: ProcessSummary[] = [];
  private descriptions = new Map<string, ProcessDescription>();
  private jobList: JobStatusInfo[] = [];
  private selectedId: string | null = null;
  private selectedLogs = '';
  private selectedResults: Record<string, unknown> | null = null;
  private lastError: string | null = null;

  constructor(options: JobsModel.IOptions) {
    this.client = new ProcessingClient(options.processingUrl, options.fetch);
    this.poll = new Poll({
      factory: () => this.refresh(),
      frequency: { interval: 2000, backoff: true, max: 30_000 },
      standby: 'when-hidden',
      name: '@styx/jupyterlab:jobs',
    });
  }

  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }
  get processingUrl(): string {
    return this.client.baseUrl;
  }
  get processes(): readonly ProcessSummary[] {
    return this.processList;
  }
  get jobs(): readonly JobStatusInfo[] {
    return this.jobList;
  }
  get selected(): JobStatusInfo | undefined {
    return this.jobList.find((j) => j.jobID === this.selectedId);
  }
  get logs(): string {
    return this.selectedLogs;
  }
  get results(): Record<string, unknown> | null {
    return this.selectedResults;
  }
  get error(): string | null {
    return this.lastError;
  }

  description(id: string): ProcessDescription | undefined {
    return this.descriptions.get(id);
  }

  async loadProcesses(): Promise<void> {
    await this.guard(async () => {
      this.processList = await this.client.processes();
      for (const p of this.processList)
        this.descriptions.set(p.id, await this.client.describe(p.id));
    });
  }

  async run(
    processId: string,
    inputs: Record<string, unknown>,
  ): Promise<JobStatusInfo | undefined> {
    let job: JobStatusInfo | undefined;
    await this.guard(async () => {
      job = await this.client.execute(processId, inputs);
      this.selectedId = job.jobID;
      await this.refresh();
    });
    return job;
  }

  async select(jobId: string | null): Promise<void> {
    this.selectedId = jobId;
    this.selectedLogs = '';
    this.selectedResults = null;
    this.changedSignal.emit();
    await this.refreshSelected();
  }

  async dismiss(jobId: string): Promise<void> {
    await this.guard(async () => {
      await this.client.dismiss(jobId);
      await this.refresh();
    });
  }

  /** One poll: the job list, then the selected job's logs and results. */
  async refresh(): Promise<void> {
    await this.guard(async () => {
      this.jobList = await this.client.jobs();
    });
    await this.refreshSelected();
  }

  dispose(): void {
    this.poll.dispose();
    Signal.clearData(this);
  }

  private async refreshSelected(): Promise<void> {
    const job = this.selected;
    if (!job) return;
    await this.guard(async () => {
      this.selectedLogs = await this.client.logs(job.jobID);
      this.selectedResults =
        job.status === 'successful' ? await this.client.results(job.jobID) : null;
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.changedSignal.emit();
    }
  }
}

export namespace JobsModel {
  export interface IOptions {
    processingUrl: string;
    fetch: FetchFunction;
  }
}
