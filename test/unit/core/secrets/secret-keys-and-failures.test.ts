/**
 * The pure parts of the secret store: keychain account names, argument checks, and how native
 * failures are classified and redacted. (Pure, so no Secret Service is started here.)
 */
import { describe, expect, it } from 'vitest';
import {
  assertStorableSecret,
  keychainAccount,
  normalizeMailbox,
  oauthRefreshTokenKey,
  passwordKey,
} from '../../../../src-main/core/secrets/secret-store.js';
import {
  classifyKeytarFailure,
  describeThrown,
  redactDetail,
  unavailableMessage,
} from '../../../../src-main/core/secrets/keytar-failure.js';
import { keytarApiOf } from '../../../../src-main/core/secrets/keytar-store.js';
import { SecretStoreArgumentError } from '../../../../src-main/core/secrets/errors.js';

describe('keychain accounts', () => {
  it('uses the normalised mailbox for the password and oauth:<mailbox> for the refresh token', () => {
    expect(keychainAccount(passwordKey('Dana@Contoso.com'))).toBe('dana@contoso.com');
    expect(keychainAccount(oauthRefreshTokenKey(' Dana@Contoso.com'))).toBe(
      'oauth:dana@contoso.com',
    );
  });

  it.each([
    ['', 'name@domain'],
    ['   ', 'name@domain'],
    ['dana', 'name@domain'],
    ['@contoso.com', 'name@domain'],
    ['dana@', 'name@domain'],
    ['da na@contoso.com', '":", spaces or control'],
    ['oauth:dana@contoso.com', '":", spaces or control'],
    ['dana\u0007@contoso.com', '":", spaces or control'],
    [`${'a'.repeat(310)}@contoso.com`, 'at most 320'],
  ])('rejects the mailbox %j', (mailbox, message) => {
    expect(() => normalizeMailbox(mailbox)).toThrow(SecretStoreArgumentError);
    expect(() => normalizeMailbox(mailbox)).toThrow(message);
  });

  it('accepts a 320-character address', () => {
    const mailbox = `${'a'.repeat(308)}@contoso.com`;
    expect(mailbox).toHaveLength(320);
    expect(normalizeMailbox(mailbox)).toBe(mailbox);
  });
});

describe('storable secrets', () => {
  it('refuses empty secrets and NUL characters, accepts the rest', () => {
    expect(() => {
      assertStorableSecret('');
    }).toThrow(/empty secret/);
    expect(() => {
      assertStorableSecret('a\u0000b');
    }).toThrow(/NUL/);
    expect(() => {
      assertStorableSecret(' 비밀 \n');
    }).not.toThrow();
  });
});

describe('keytar failures', () => {
  it.each([
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-secret-service'],
    ['Could not connect: No such file or directory', 'no-secret-service'],
    [
      'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
      'no-secret-service',
    ],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'service-error'],
    ['Unlocked keyring', 'service-error'],
  ])('classifies %j as %s', (detail, reason) => {
    expect(classifyKeytarFailure(detail)).toBe(reason);
  });

  it('redacts every occurrence of a secret and caps the length', () => {
    expect(redactDetail('bad value hunter2 near hunter2\n', ['hunter2'])).toBe(
      'bad value [redacted] near [redacted]',
    );
    expect(redactDetail('nothing to hide', ['', 'absent'])).toBe('nothing to hide');
    const long = redactDetail('x'.repeat(1000), []);
    expect(long).toBe(`${'x'.repeat(300)}…`);
  });

  it('describes whatever was thrown', () => {
    expect(describeThrown(new Error('boom'))).toBe('boom');
    expect(describeThrown('text')).toBe('text');
    expect(describeThrown({ secret: 'x' })).toBe('unknown error');
  });

  it('builds a message naming the operation, the advice and the detail', () => {
    expect(
      unavailableMessage('reading the password', 'no-secret-service', 'Could not connect'),
    ).toBe(
      'The OS keychain is unavailable for reading the password: no Secret Service is reachable ' +
        '(on Linux, run Beacon in a desktop session with gnome-keyring or KWallet). (Could not connect)',
    );
    expect(unavailableMessage('deleting the password', 'service-error', undefined)).toBe(
      'The OS keychain is unavailable for deleting the password: the keychain reported an error.',
    );
  });
});

describe('finding the keytar API in a loaded module', () => {
  const api = {
    getPassword: () => Promise.resolve(null),
    setPassword: () => Promise.resolve(),
    deletePassword: () => Promise.resolve(false),
  };

  it('accepts the CommonJS default export and a plain namespace', () => {
    expect(keytarApiOf({ default: api })).toBe(api);
    expect(keytarApiOf(api)).toBe(api);
  });

  it('rejects modules without the three functions', () => {
    expect(keytarApiOf(undefined)).toBeUndefined();
    expect(keytarApiOf({ default: { getPassword: api.getPassword } })).toBeUndefined();
    expect(keytarApiOf({ ...api, setPassword: 'no' })).toBeUndefined();
  });
});
