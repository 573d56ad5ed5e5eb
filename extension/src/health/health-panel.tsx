import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import {
  componentRows,
  formatUptime,
  type Light,
  lightOf,
  probeTraceLink,
  sparklinePath,
  uptimeBars,
} from './health-status.js';
import type { IHealthModel } from './tokens.js';

/** The health panel: each component's status and 90-day uptime bars, then the incidents. */
export class HealthPanel extends ReactWidget {
  constructor(
    private readonly model: IHealthModel,
    private readonly trans: TranslationBundle,
  ) {
    super();
    this.addClass('styx-HealthPanel');
  }

  protected render(): React.ReactElement {
    return <HealthView model={this.model} trans={this.trans} />;
  }
}

function HealthView({ model, trans }: { model: IHealthModel; trans: TranslationBundle }) {
  useSignal(model.changed);
  const rows = componentRows(model.document);
  const today = new Date();
  const statusWords: Record<Light, string> = {
    green: trans.__('working'),
    amber: trans.__('degraded'),
    red: trans.__('down'),
    unknown: trans.__('unknown'),
  };
  const open = model.incidents.filter((i) => i.state === 'open');
  const closed = model.incidents.filter((i) => i.state === 'closed');
  return (
    <div className="styx-HealthPanel-body">
      <h2 className="styx-HealthPanel-title">
        <span
          className={`styx-HealthLight styx-HealthLight-${lightOf(model.document)}`}
          aria-hidden="true"
        />
        {trans.__('System health')}
      </h2>
      {model.error && <p className="styx-HealthPanel-error">{model.error}</p>}
      {!model.document && !model.error && <p>{trans.__('Asking the health service…')}</p>}
      <ul className="styx-HealthPanel-components">
        {rows.map((row) => {
          const uptime = model.uptime?.components.find(
            (c) => c.component === row.component,
          )?.uptime;
          return (
            <li
              key={row.component}
              className="styx-HealthPanel-component"
              data-component={row.component}
            >
              <div className="styx-HealthPanel-componentHead">
                <span
                  className={`styx-HealthLight styx-HealthLight-${row.light}`}
                  aria-hidden="true"
                />
                <span className="styx-HealthPanel-name">{row.component}</span>
                <span className="styx-HealthPanel-status">{statusWords[row.light]}</span>
                <span className="styx-HealthPanel-uptime" title={trans.__('uptime over 90 days')}>
                  {formatUptime(uptime)}
                </span>
              </div>
              {row.maintenance && (
                <div className="styx-HealthPanel-maintenance">
                  {trans.__('Maintenance: %1', row.maintenance)}
                </div>
              )}
              <div
                className="styx-HealthPanel-bars"
                role="img"
                aria-label={trans.__('90-day uptime of %1', row.component)}
              >
                {uptimeBars(model.uptime, row.component, 90, today).map((bar) => (
                  <span
                    key={bar.day}
                    className={`styx-HealthPanel-bar styx-HealthLight-${bar.light}`}
                    title={`${bar.day}: ${formatUptime(bar.uptime)}`}
                  />
                ))}
              </div>
              {row.probes.length > 0 && (
                <ul className="styx-HealthPanel-probes">
                  {row.probes.map((probe) => (
                    <li key={probe.id} title={probe.description}>
                      <span
                        className={`styx-HealthLight styx-HealthLight-${probe.light}`}
                        aria-hidden="true"
                      />
                      <code>{probe.id}</code>
                      {probe.latencyMs !== undefined && <span> {probe.latencyMs} ms</span>}
                      <LatencySparkline
                        points={model.latencies.get(probe.id) ?? []}
                        label={trans.__('latency of %1 over 48 hours', probe.id)}
                      />
                      <button
                        type="button"
                        className="jp-Button styx-HealthPanel-run"
                        disabled={model.running.has(probe.id)}
                        onClick={() => void model.runNow(probe.id).catch(() => undefined)}
                      >
                        {model.running.has(probe.id) ? trans.__('Running…') : trans.__('Run now')}
                      </button>
                      {probe.output && (
                        <span className="styx-HealthPanel-output"> {probe.output}</span>
                      )}
                      <TraceLink
                        href={probeTraceLink(probe, model.runs.get(probe.id))}
                        label={trans.__('trace')}
                        title={trans.__('The trace of the last check of %1', probe.id)}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <h3>{trans.__('Incidents')}</h3>
      {model.incidents.length === 0 && <p>{trans.__('No incident in the last 90 days.')}</p>}
      <ul className="styx-HealthPanel-incidents">
        {[...open, ...closed].map((incident) => (
          <li key={incident.id} data-state={incident.state}>
            <span
              className={`styx-HealthLight styx-HealthLight-${incident.state === 'open' ? 'red' : 'green'}`}
              aria-hidden="true"
            />
            <strong>{incident.component}</strong> {incident.description}
            <div className="styx-HealthPanel-when">
              {incident.state === 'open'
                ? trans.__('since %1', new Date(incident.openedAt).toLocaleString())
                : trans.__(
                    '%1 – %2',
                    new Date(incident.openedAt).toLocaleString(),
                    new Date(incident.closedAt ?? incident.openedAt).toLocaleString(),
                  )}
            </div>
            {incident.message && <div className="styx-HealthPanel-output">{incident.message}</div>}
            <TraceLink
              href={incident.traceUrl ?? undefined}
              label={trans.__('trace')}
              title={trans.__('The trace of the check that opened this incident')}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A link to a trace in the trace UI (Jaeger, …), in a new tab; nothing without an address. */
function TraceLink({
  href,
  label,
  title,
}: {
  href: string | undefined;
  label: string;
  title: string;
}) {
  if (!href) return null;
  return (
    <a
      className="styx-HealthPanel-trace"
      href={href}
      target="_blank"
      rel="noreferrer"
      title={title}
    >
      {label}
    </a>
  );
}

/** Hourly average latency as a small line; its title gives the last hour's figures. */
function LatencySparkline({
  points,
  label,
}: {
  points: readonly { hour: string; avgMs: number; maxMs: number }[];
  label: string;
}) {
  if (points.length === 0) return null;
  const last = points[points.length - 1];
  return (
    <svg
      className="styx-HealthPanel-sparkline"
      width={60}
      height={14}
      viewBox="0 0 60 14"
      role="img"
      aria-label={label}
    >
      <title>{`${label}: ${last?.avgMs} ms average, ${last?.maxMs} ms worst in the last hour`}</title>
      <path
        d={sparklinePath(
          points.map((p) => p.avgMs),
          60,
          14,
        )}
        fill="none"
        strokeWidth={1}
      />
    </svg>
  );
}
