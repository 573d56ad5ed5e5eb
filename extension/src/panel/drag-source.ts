/**
 * Dragging out of the panel, as JupyterLab's file browser does it: a press alone is a click;
 * the drag starts only once the pointer has moved a few pixels with the button held.
 */
import type * as React from 'react';
import type { DropTarget } from '../codegen/index.js';

/** Starts a Lumino drag of `target` from the pointer position of `event`. */
export type StartDrag = (target: DropTarget, event: React.MouseEvent | MouseEvent) => void;

/** Pixels the pointer moves before a press becomes a drag (the file browser's threshold). */
export const DRAG_THRESHOLD = 5;

export function beyondDragThreshold(dx: number, dy: number, threshold = DRAG_THRESHOLD): boolean {
  return Math.abs(dx) > threshold || Math.abs(dy) > threshold;
}

/**
 * Call from `onMouseDown`: watches the pointer until the button is released, and starts the
 * drag of `target()` if it moved past the threshold first. `target` is called only then, so a
 * search is built from the form as it is when the drag begins.
 */
export function watchForDrag(
  event: React.MouseEvent,
  startDrag: StartDrag | undefined,
  target: () => DropTarget | null,
): void {
  if (!startDrag || event.button !== 0) {
    return;
  }
  const { clientX, clientY } = event;
  const document = event.currentTarget.ownerDocument;
  const onMove = (move: MouseEvent) => {
    // The button was released outside the window (no mouseup came): no drag.
    if ((move.buttons & 1) === 0) {
      stop();
      return;
    }
    if (!beyondDragThreshold(move.clientX - clientX, move.clientY - clientY)) {
      return;
    }
    stop();
    const dropTarget = target();
    if (dropTarget) {
      startDrag(dropTarget, move);
    }
  };
  const stop = () => {
    document.removeEventListener('mousemove', onMove, true);
    document.removeEventListener('mouseup', stop, true);
  };
  document.addEventListener('mousemove', onMove, true);
  document.addEventListener('mouseup', stop, true);
}
