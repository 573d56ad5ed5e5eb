import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import { componentRows, type Light, lightOf } from './health-status.js';
import type { IHealthModel } from './tokens.js';

/** The status bar item: a green, amber or red light and a few words; a click opens the panel. */
export class HealthIndicator extends ReactWidget {
  constructor(
    private readonly model: IHealthModel,
    private readonly trans: TranslationBundle,
    private readonly open: () => void,
  ) {
    super();
    this.addClass('styx-HealthIndicator');
  }

  protected render(): React.ReactElement {
    return <IndicatorView model={this.model} trans={this.trans} open={this.open} />;
  }
}

function IndicatorView({
  model,
  trans,
  open,
}: {
  model: IHealthModel;
  trans: TranslationBundle;
  open: () => void;
}) {
  useSignal(model.changed);
  const light = model.error && !model.document ? 'unknown' : lightOf(model.document);
  const failing = componentRows(model.document)
    .filter((row) => row.light === 'red')
    .map((row) => row.component);
  const words: Record<Light, string> = {
    green: trans.__('Styx: all systems working'),
    amber: trans.__('Styx: degraded'),
    red: trans.__('Styx: %1 down', failing.join(', ') || trans.__('a component')),
    unknown: trans.__('Styx: status unknown'),
  };
  return (
    <button
      type="button"
      className="styx-HealthIndicator-button"
      data-light={light}
      title={model.error ?? words[light]}
      onClick={open}
    >
      <span className={`styx-HealthLight styx-HealthLight-${light}`} aria-hidden="true" />
      <span>{words[light]}</span>
    </button>
  );
}
