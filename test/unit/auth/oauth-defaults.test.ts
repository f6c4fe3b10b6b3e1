/**
 * The build's default client id: an organisation's own registration (BEACON_OAUTH_CLIENT_ID at
 * build time) when it is a client id, else Beacon's. Pure decisions only; the build writes the
 * value in (electron.vite.config.ts), and an unbuilt run reads the same variable.
 */
import { describe, expect, it } from 'vitest';
import { BEACON_CLIENT_ID, chooseClientId } from '../../../src-main/auth/oauth/defaults.js';

describe('the default OAuth client id', () => {
  it('takes an organisation’s registration when it is a client id', () => {
    expect(chooseClientId('0f6e2a41-7c0b-4d7e-9a7e-3a5d2e1b9c00')).toBe(
      '0f6e2a41-7c0b-4d7e-9a7e-3a5d2e1b9c00',
    );
    expect(chooseClientId('  beacon-desktop ')).toBe('beacon-desktop');
  });

  it('keeps Beacon’s own when none is given or the value is not a client id', () => {
    expect(chooseClientId(undefined)).toBe(BEACON_CLIENT_ID);
    expect(chooseClientId('')).toBe(BEACON_CLIENT_ID);
    expect(chooseClientId('two words')).toBe(BEACON_CLIENT_ID);
    expect(chooseClientId('"><script>')).toBe(BEACON_CLIENT_ID);
    expect(chooseClientId('x'.repeat(129))).toBe(BEACON_CLIENT_ID);
  });
});
