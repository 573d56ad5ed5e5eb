import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { useSignal } from '../panel/use-signal.js';
import { describeSource } from './describe-source.js';
import type { IMountsModel } from './tokens.js';
import type { Mount } from './types.js';

/** Opens a folder of the home (`data/<name>`) in the file browser; the host decides how. */
export type OpenPath = (path: string) => void;

/**
 * The mounts view: every dataset mounted in the user's home, with its state, folder, driver and
 * source; a click opens the folder in the file browser, "Unmount" removes it.
 */
export class MountsPanel extends ReactWidget {
  constructor(
    private readonly model: IMountsModel,
    private readonly trans: TranslationBundle,
    private readonly openPath: OpenPath,
  ) {
    super();
    this.addClass('styx-MountsPanel');
  }

  protected render(): React.ReactElement {
    return <MountsView model={this.model} trans={this.trans} openPath={this.openPath} />;
  }
}

function MountsView(props: {
  model: IMountsModel;
  trans: TranslationBundle;
  openPath: OpenPath;
}): React.ReactElement {
  const { model, trans, openPath } = props;
  useSignal(model.changed);
  return (
    <div className="styx-MountsView">
      <div className="styx-MountsHeader">
        <span className="styx-MountsTitle">{trans.__('Mounted datasets')}</span>
        <button
          type="button"
          className="styx-Button styx-RefreshMounts"
          title={trans.__('List the mounts again')}
          onClick={() => void model.refresh()}
        >
          {trans.__('Refresh')}
        </button>
      </div>
      {model.error ? (
        <p className="styx-Message styx-mod-error" role="alert">
          {model.error}
        </p>
      ) : null}
      {model.loaded && model.mounts.length === 0 ? (
        <p className="styx-Message">
          {trans.__(
            'Nothing is mounted. "Mount" on an item or a collection in the catalog panel puts its files in data/ in your home.',
          )}
        </p>
      ) : null}
      <ul className="styx-MountList" aria-label={trans.__('Mounted datasets')}>
        {model.mounts.map((mount) => (
          <MountRow
            key={mount.name}
            mount={mount}
            busy={model.pending.has(mount.name)}
            trans={trans}
            onOpen={() => openPath(mount.path)}
            onUnmount={() => void model.unmount(mount.name).catch(() => undefined)}
          />
        ))}
      </ul>
    </div>
  );
}

function MountRow(props: {
  mount: Mount;
  busy: boolean;
  trans: TranslationBundle;
  onOpen: () => void;
  onUnmount: () => void;
}): React.ReactElement {
  const { mount, busy, trans, onOpen, onUnmount } = props;
  return (
    <li className={`styx-MountRow styx-mod-${mount.state}`} data-mount-name={mount.name}>
      <div className="styx-MountRow-main">
        <button
          type="button"
          className="styx-MountRow-path"
          title={trans.__('Show %1 in the file browser', mount.path)}
          onClick={onOpen}
          disabled={mount.state !== 'mounted'}
        >
          {mount.path}
        </button>
        <span className="styx-MountRow-state">
          {mount.state === 'mounted' ? trans.__('mounted') : trans.__('failed')}
        </span>
        <button
          type="button"
          className="styx-Button styx-Unmount"
          title={trans.__('Unmount: %1 goes away (the data stays where it is)', mount.path)}
          disabled={busy}
          onClick={onUnmount}
        >
          {busy ? trans.__('Unmounting…') : trans.__('Unmount')}
        </button>
      </div>
      <div className="styx-MountRow-meta">
        <span className="styx-MountRow-driver">{mount.driver}</span>
        <span className="styx-MountRow-source">{describeSource(mount.source)}</span>
      </div>
      {mount.message ? <div className="styx-MountRow-message">{mount.message}</div> : null}
    </li>
  );
}
