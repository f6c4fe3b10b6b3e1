/** Tab inside the open status panel: focus wraps around and never leaves it. */
import { describe, expect, it } from 'vitest';
import { focusTrapTarget } from '../../../src-renderer/features/header/focus-trap.js';

const ITEMS = ['status', 'expiry', 'note', 'apply', 'close'];

describe('focusTrapTarget', () => {
  it('wraps from the last to the first, and back with Shift', () => {
    expect(focusTrapTarget(ITEMS, 'close', false)).toBe('status');
    expect(focusTrapTarget(ITEMS, 'status', true)).toBe('close');
  });

  it('lets the browser move between two elements of the panel', () => {
    expect(focusTrapTarget(ITEMS, 'expiry', false)).toBeUndefined();
    expect(focusTrapTarget(ITEMS, 'note', true)).toBeUndefined();
  });

  it('brings focus back into the panel from outside', () => {
    expect(focusTrapTarget(ITEMS, 'elsewhere', false)).toBe('status');
    expect(focusTrapTarget(ITEMS, 'elsewhere', true)).toBe('close');
    expect(focusTrapTarget<string>([], 'elsewhere', false)).toBeUndefined();
  });
});
