import { Poll } from '@lumino/polling';
import { type ISignal, Signal } from '@lumino/signaling';
import type { FetchFunction } from '../catalog/client.js';
import { HealthClient } from './health-client.js';
import type { IHealthModel } from './tokens.js';
import type { HealthDocument, Incident, LatencyPoint, ProbeRun, UptimeReport } from './types.js';

/**
 * Styx's health as the health service last reported it. /health is cheap (served from the
 * service's cache) and polled every 30 s; uptime and incidents change slowly and are read every
 * fifth poll, and at once when the status changes.
 */
export class HealthModel implements IHealthModel {
  private readonly client: HealthClient;
  private readonly changedSignal = new Signal<this, void>(this);
  private readonly poll: Poll;
  private doc: HealthDocument | null = null;
  private uptimeReport: UptimeReport | null = null;
  private incidentList: Incident[] = [];
  private lastError: string | null = null;
  private latencyByProbe = new Map<string, LatencyPoint[]>();
  private readonly busy = new Set<string>();
  private readonly lastRuns = new Map<string, ProbeRun>();
  private polls = 0;
  private disposed = false;

  constructor(options: HealthModel.IOptions) {
    this.client = new HealthClient(options.healthUrl, options.fetch);
    this.poll = new Poll({
      factory: () => this.refresh(),
      frequency: { interval: options.pollInterval ?? 30_000, backoff: true, max: 300_000 },
      standby: 'when-hidden',
      name: '@styx/jupyterlab:health',
    });
  }

  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }
  get healthUrl(): string {
    return this.client.healthUrl;
  }
  get document(): HealthDocument | null {
    return this.doc;
  }
  get uptime(): UptimeReport | null {
    return this.uptimeReport;
  }
  get incidents(): readonly Incident[] {
    return this.incidentList;
  }
  get error(): string | null {
    return this.lastError;
  }
  get latencies(): ReadonlyMap<string, readonly LatencyPoint[]> {
    return this.latencyByProbe;
  }
  get running(): ReadonlySet<string> {
    return this.busy;
  }
  get runs(): ReadonlyMap<string, ProbeRun> {
    return this.lastRuns;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  async refresh(): Promise<void> {
    try {
      const previous = this.doc?.status;
      this.doc = await this.client.health();
      if (this.polls % 5 === 0 || previous !== this.doc.status) {
        [this.uptimeReport, this.incidentList] = await Promise.all([
          this.client.uptime(90),
          this.client.incidents(),
        ]);
        // Probe entries are in the answer only for admins: only they may read latencies.
        const probes = probeIds(this.doc);
        const points = await Promise.all(probes.map((id) => this.client.latency(id, 48)));
        this.latencyByProbe = new Map(probes.map((id, i) => [id, points[i] ?? []]));
      }
      this.polls += 1;
      this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.changedSignal.emit();
    }
  }

  async runNow(probeId: string): Promise<ProbeRun> {
    this.busy.add(probeId);
    this.changedSignal.emit();
    try {
      const run = await this.client.runNow(probeId);
      this.lastRuns.set(probeId, run);
      return run;
    } finally {
      this.busy.delete(probeId);
      await this.refresh();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.poll.dispose();
    Signal.clearData(this);
  }
}

/** The probe ids an (admin's) answer lists: its entries other than `<component>:availability`. */
function probeIds(document: HealthDocument): string[] {
  return Object.values(document.checks)
    .flat()
    .map((check) => check['styx:probe'])
    .filter((id): id is string => typeof id === 'string');
}

export namespace HealthModel {
  export interface IOptions {
    /** The health service's base URL, ending with '/'. */
    healthUrl: string;
    fetch: FetchFunction;
    /** Milliseconds between polls of /health; 30 s by default. */
    pollInterval?: number;
  }
}
