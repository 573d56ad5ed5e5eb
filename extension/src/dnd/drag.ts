import { MimeData } from '@lumino/coreutils';
import { Drag } from '@lumino/dragdrop';
import type { DropTarget } from '../codegen/index.js';
import { generateCode } from '../codegen/index.js';
import { STYX_DROP_MIME } from './mime.js';

/**
 * Starts a drag of a catalog object from a pointer position. Resolves with the action the drop
 * target took (`copy`) or `none` when the user let go elsewhere.
 */
export function startDrag(
  target: DropTarget,
  clientX: number,
  clientY: number,
): Promise<Drag.DropAction> {
  const mimeData = new MimeData();
  mimeData.setData(STYX_DROP_MIME, target);
  // Editors and other drop targets that only know text get the code itself.
  mimeData.setData('text/plain', generateCode(target).code);
  const drag = new Drag({
    mimeData,
    dragImage: dragImage(target),
    proposedAction: 'copy',
    supportedActions: 'copy',
  });
  return drag.start(clientX, clientY);
}

/** A small label that follows the pointer: what is being dragged. */
function dragImage(target: DropTarget): HTMLElement {
  const node = document.createElement('div');
  node.className = 'styx-DragImage';
  node.textContent = dragLabel(target);
  return node;
}

export function dragLabel(target: DropTarget): string {
  switch (target.kind) {
    case 'item':
      return `${target.item.collection ?? ''}/${target.item.id}`;
    case 'asset':
      return `${target.item.id} · ${target.assetKey}`;
    case 'collection':
      return target.collection.title ?? target.collection.id;
    case 'search':
      return 'search';
  }
}
