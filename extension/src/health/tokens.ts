/**
 * The health model's public surface: the status bar indicator and the health panel read it;
 * only the model talks to the health service.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { HealthDocument, Incident, LatencyPoint, ProbeRun, UptimeReport } from './types.js';

export interface IHealthModel extends IDisposable {
  /** The health service's base URL, ending with '/'. */
  readonly healthUrl: string;
  /** The last /health answer, or null before the first. */
  readonly document: HealthDocument | null;
  readonly uptime: UptimeReport | null;
  readonly incidents: readonly Incident[];
  /** A sentence about the last failed request, or null. */
  readonly error: string | null;
  /** Admins: each probe's hourly latency (48 h), by probe id. */
  readonly latencies: ReadonlyMap<string, readonly LatencyPoint[]>;
  /** Probe ids with a "run now" under way. */
  readonly running: ReadonlySet<string>;
  /** Admins: the result of the last "run now" of each probe (its trace, when traced). */
  readonly runs: ReadonlyMap<string, ProbeRun>;
  readonly changed: ISignal<IHealthModel, void>;
  refresh(): Promise<void>;
  /** Admins: runs a probe now; the status is read again after it. */
  runNow(probeId: string): Promise<ProbeRun>;
}

export const IHealthModel = new Token<IHealthModel>(
  '@styx/jupyterlab:IHealthModel',
  "Styx's system health: each component's status, 90-day uptime and incidents.",
);
