import type { Logger } from 'pino';
import type { HealthStore, MaintenanceWindow } from '../history/health-store.js';
import type { Probe, ProbeResult } from '../probes/probe.js';
import { runProbe } from '../probes/run-probe.js';
import { inMaintenance } from './maintenance.js';
import { INITIAL_STATE, nextProbeState, type ProbeState } from './probe-state.js';

export interface HealthMonitorOptions {
  probes: readonly Probe[];
  store: HealthStore;
  /** The webhook receivers every incident event is queued for. */
  alertTargets: readonly string[];
  /** Called when an alert was queued (the deliverer sends it at once). */
  onAlertQueued?: () => void;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/**
 * Runs every probe in the background on its own interval (each one's timer starts again when
 * its check ends, so a slow component is never checked twice at once), keeps the latest result
 * of each in memory for /health, writes every result to the history, and opens and closes
 * incidents. Started once by server.ts (and by tests); /health only reads the cache.
 */
export class HealthMonitor {
  readonly probes: readonly Probe[];
  readonly #store: HealthStore;
  readonly #options: HealthMonitorOptions;
  readonly #latest = new Map<string, ProbeResult>();
  readonly #states = new Map<string, ProbeState>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #running = new Map<string, Promise<ProbeResult>>();
  #maintenance: MaintenanceWindow[] = [];
  #stopped = true;
  readonly #now: () => Date;

  constructor(options: HealthMonitorOptions) {
    this.probes = options.probes;
    this.#store = options.store;
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Picks up the last results and open incidents from the history, then starts the probes. */
  async start(): Promise<void> {
    const known = new Set(this.probes.map((p) => p.id));
    for (const result of await this.#store.latestResults()) {
      if (known.has(result.probeId)) this.#latest.set(result.probeId, result);
    }
    for (const incident of await this.#store.openIncidents()) {
      this.#states.set(incident.probeId, { ...INITIAL_STATE, openIncidentId: incident.id });
    }
    await this.refreshMaintenance();
    this.#stopped = false;
    for (const probe of this.probes) this.#schedule(probe, 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#running.values()]);
    await Promise.allSettled(this.probes.map((p) => p.close?.()));
  }

  latest(): ReadonlyMap<string, ProbeResult> {
    return this.#latest;
  }

  maintenance(): readonly MaintenanceWindow[] {
    return this.#maintenance;
  }

  /** Re-reads the maintenance windows (after an admin changed them). */
  async refreshMaintenance(): Promise<void> {
    this.#maintenance = await this.#store.maintenanceWindows(this.#now());
  }

  /** "Run now": one check outside the schedule (joins a check already under way). */
  runNow(probeId: string): Promise<ProbeResult> | undefined {
    const probe = this.probes.find((p) => p.id === probeId);
    return probe ? this.#run(probe) : undefined;
  }

  #schedule(probe: Probe, delayMs: number): void {
    if (this.#stopped) return;
    const timer = setTimeout(() => {
      void this.#run(probe).finally(() => this.#schedule(probe, probe.intervalMs));
    }, delayMs);
    timer.unref?.();
    this.#timers.set(probe.id, timer);
  }

  #run(probe: Probe): Promise<ProbeResult> {
    const running = this.#running.get(probe.id);
    if (running) return running;
    const work = this.#check(probe).finally(() => this.#running.delete(probe.id));
    this.#running.set(probe.id, work);
    return work;
  }

  async #check(probe: Probe): Promise<ProbeResult> {
    const result = await runProbe(probe, this.#now);
    this.#latest.set(probe.id, result);
    try {
      await this.#store.record(result);
      await this.#track(probe, result);
    } catch (error) {
      // The history's database may be the component that is down: the cache still serves.
      this.#options.log.error({ err: error, probe: probe.id }, 'could not record a health result');
    }
    return result;
  }

  async #track(probe: Probe, result: ProbeResult): Promise<void> {
    const state = this.#states.get(probe.id) ?? INITIAL_STATE;
    const window = inMaintenance(this.#maintenance, probe.component, result.at);
    const { state: next, transition } = nextProbeState(state, result.status, {
      failuresToOpen: probe.failuresToOpen,
      passesToClose: probe.passesToClose,
      inMaintenance: window !== undefined,
    });
    const targets = this.#options.alertTargets;
    if (transition === 'open') {
      const incident = await this.#store.openIncident(probe, result, targets);
      next.openIncidentId = incident.id;
      this.#options.log.warn(
        { probe: probe.id, incident: incident.id, reason: result.message },
        `incident opened: ${probe.description}`,
      );
      if (targets.length > 0) this.#options.onAlertQueued?.();
    } else if (transition === 'close' && state.openIncidentId !== undefined) {
      await this.#store.closeIncident(state.openIncidentId, result.at, targets);
      this.#options.log.info(
        { probe: probe.id, incident: state.openIncidentId },
        `incident closed: ${probe.description}`,
      );
      next.openIncidentId = undefined;
      if (targets.length > 0) this.#options.onAlertQueued?.();
    } else if (result.status === 'fail' && window && state.consecutiveFailures === 0) {
      this.#options.log.info(
        { probe: probe.id, maintenance: window.id },
        'failing during a maintenance window: no incident',
      );
    }
    this.#states.set(probe.id, next);
  }
}
