/** The tab bar's keyboard: arrows wrap around, Home and End jump, other keys are left alone. */
import { describe, expect, it } from 'vitest';
import { TABS, tabAfterKey } from '../../../src-renderer/features/nav/tabs.js';

describe('tabAfterKey', () => {
  it('has Today, Voicemail and Contacts in that order', () => {
    expect(TABS).toEqual(['today', 'voicemail', 'contacts']);
  });

  it('moves right and left, wrapping at the ends', () => {
    expect(tabAfterKey('today', 'ArrowRight')).toBe('voicemail');
    expect(tabAfterKey('contacts', 'ArrowRight')).toBe('today');
    expect(tabAfterKey('today', 'ArrowLeft')).toBe('contacts');
    expect(tabAfterKey('voicemail', 'ArrowLeft')).toBe('today');
  });

  it('jumps to the first and last with Home and End', () => {
    expect(tabAfterKey('voicemail', 'Home')).toBe('today');
    expect(tabAfterKey('today', 'End')).toBe('contacts');
  });

  it('ignores keys that are not the tab bar’s', () => {
    expect(tabAfterKey('today', 'Enter')).toBeUndefined();
    expect(tabAfterKey('today', 'ArrowDown')).toBeUndefined();
  });
});
