/** Long addresses wrap after "@" and dots, never inside a word, and sentences stay whole. */
import { describe, expect, it } from 'vitest';
import { addressParts } from '../../../src-renderer/features/header/address-breaks.js';

describe('addressParts', () => {
  it('breaks after @ and after each dot of an address', () => {
    expect(addressParts('alexandra.wilber@subsidiary.contoso.com')).toEqual([
      'alexandra.',
      'wilber@',
      'subsidiary.',
      'contoso.',
      'com',
    ]);
  });

  it('keeps the text around an address whole, and a sentence’s full stop where it is', () => {
    expect(addressParts('Signed in as Alex (alex@contoso.com).')).toEqual([
      'Signed in as Alex (alex@',
      'contoso.',
      'com).',
    ]);
    expect(addressParts('Alex Wilber')).toEqual(['Alex Wilber']);
    expect(addressParts('')).toEqual(['']);
  });

  it('loses no character', () => {
    const text = 'x.y@a.b.c and more. Done.';
    expect(addressParts(text).join('')).toBe(text);
  });
});
