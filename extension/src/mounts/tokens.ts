/**
 * The mounts model's public surface: the catalog panel's Mount / Unmount buttons, the mounts
 * view and the drop handlers read it; only the model talks to the kernels gateway.
 */
import { Token } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import type { ISignal } from '@lumino/signaling';
import type { Mount, MountRequest } from './types.js';

export interface IMountsModel extends IDisposable {
  /** The kernels gateway's base URL, ending with '/'. */
  readonly gatewayUrl: string;
  /** The user's mounts, as last listed. */
  readonly mounts: readonly Mount[];
  /** Whether the list has been loaded once (before that, nothing is known to be mounted). */
  readonly loaded: boolean;
  /** A sentence about the last failed request, or null. */
  readonly error: string | null;
  /** Names with a mount or unmount under way. */
  readonly pending: ReadonlySet<string>;
  /** Emitted whenever any of the above changes. */
  readonly changed: ISignal<IMountsModel, void>;
  /** Mounts a dataset; resolves with the new mount, or rejects with the gateway's reason. */
  mount(request: MountRequest): Promise<Mount>;
  /** Unmounts it; data/<name> goes away. */
  unmount(name: string): Promise<void>;
  refresh(): Promise<void>;
}

export const IMountsModel = new Token<IMountsModel>(
  '@styx/jupyterlab:IMountsModel',
  "The user's dataset mounts (data/<name> in their home) on the Styx kernels gateway.",
);
