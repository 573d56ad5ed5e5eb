import { describe, expect, it } from 'vitest';
import { beyondDragThreshold, DRAG_THRESHOLD } from '../../src/panel/drag-source.js';

describe('beyondDragThreshold', () => {
  it('keeps a press with a small jitter a click, as the file browser does', () => {
    expect(DRAG_THRESHOLD).toBe(5);
    expect(beyondDragThreshold(0, 0)).toBe(false);
    expect(beyondDragThreshold(5, -5)).toBe(false);
  });

  it('starts a drag once the pointer moves further along either axis', () => {
    expect(beyondDragThreshold(6, 0)).toBe(true);
    expect(beyondDragThreshold(0, -6)).toBe(true);
  });
});
