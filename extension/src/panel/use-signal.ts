import type { ISignal } from '@lumino/signaling';
import * as React from 'react';

/**
 * Renders the component again whenever `signal` is emitted: the model owns the state, the
 * component reads it from the model on each render.
 */
export function useSignal<T, U>(signal: ISignal<T, U>): void {
  const [, rerender] = React.useReducer((count: number) => count + 1, 0);
  React.useEffect(() => {
    const slot = () => rerender();
    signal.connect(slot);
    return () => {
      signal.disconnect(slot);
    };
  }, [signal]);
}
