/**
 * "Mount" / "Unmount" on a catalog object: its files appear in (or leave) `data/<name>` in the
 * user's home. Shown only when the panel has a mounts model (under JupyterHub, with the kernels
 * gateway); disabled, with the reason as its tooltip, when the object cannot be mounted.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import { describeSource } from '../mounts/describe-source.js';
import type { MountPlan } from '../mounts/mount-plan.js';
import type { IMountsModel } from '../mounts/tokens.js';
import type { Mount } from '../mounts/types.js';
import { useSignal } from './use-signal.js';

export interface MountButtonProps {
  mounts: IMountsModel;
  trans: TranslationBundle;
  /** The mount made from this object, if any. */
  existing: (mounts: readonly Mount[]) => Mount | undefined;
  /** What a mount of it would ask for, given the names already taken. */
  plan: (taken: ReadonlySet<string>) => MountPlan;
}

export function MountButton(props: MountButtonProps): React.ReactElement | null {
  const { mounts, trans } = props;
  useSignal(mounts.changed);
  const [failure, setFailure] = React.useState<string | null>(null);
  if (!mounts.loaded) return null;
  const existing = props.existing(mounts.mounts);
  // Clicks and drags on the button are its own, not the row's (select, toggle, drag).
  const own = {
    onMouseDown: (event: React.MouseEvent) => event.stopPropagation(),
    onKeyDown: (event: React.KeyboardEvent) => event.stopPropagation(),
  };
  if (existing) {
    const busy = mounts.pending.has(existing.name);
    return (
      <span className="styx-MountAction">
        <button
          type="button"
          className="styx-Button styx-Unmount"
          title={trans.__('Mounted at %1 (%2); click to unmount', existing.path, existing.state)}
          disabled={busy}
          {...own}
          onClick={(event) => {
            event.stopPropagation();
            setFailure(null);
            mounts.unmount(existing.name).catch((error: Error) => setFailure(error.message));
          }}
        >
          {busy ? trans.__('Unmounting…') : trans.__('Unmount')}
        </button>
        <code className="styx-MountPath">{existing.path}</code>
        {failure && <span className="styx-MountFailure">{failure}</span>}
      </span>
    );
  }
  const plan = props.plan(new Set(mounts.mounts.map((m) => m.name)));
  const busy = plan.ok && mounts.pending.has(plan.request.name);
  return (
    // A disabled button shows no tooltip in every browser: the reason is on its wrapper too.
    <span className="styx-MountAction" title={plan.ok ? undefined : plan.reason}>
      <button
        type="button"
        className="styx-Button styx-Mount"
        title={
          plan.ok
            ? trans.__(
                'Mount %1 at data/%2 in your home, for the file browser and every kernel',
                describeSource(plan.request.source),
                plan.request.name,
              )
            : plan.reason
        }
        disabled={!plan.ok || busy}
        aria-disabled={!plan.ok}
        {...own}
        onClick={(event) => {
          event.stopPropagation();
          if (!plan.ok) return;
          setFailure(null);
          mounts.mount(plan.request).catch((error: Error) => setFailure(error.message));
        }}
      >
        {busy ? trans.__('Mounting…') : trans.__('Mount')}
      </button>
      {failure && (
        <span className="styx-MountFailure" role="alert">
          {failure}
        </span>
      )}
    </span>
  );
}
