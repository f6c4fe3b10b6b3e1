/** The web shell's token leaves the page's address once the cookie is set. */
import { describe, expect, it } from 'vitest';
import { addressWithoutToken } from '../../../src-renderer/bridge/drop-token.js';

const TOKEN = 'A'.repeat(43);

describe('addressWithoutToken', () => {
  it('removes the token and keeps the rest', () => {
    expect(addressWithoutToken(`http://127.0.0.1:9/?token=${TOKEN}`)).toBe('/');
    expect(addressWithoutToken(`http://127.0.0.1:9/x?a=1&token=${TOKEN}#h`)).toBe('/x?a=1#h');
    expect(addressWithoutToken('http://127.0.0.1:9/?a=1')).toBeUndefined();
  });
});
