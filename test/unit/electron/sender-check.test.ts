import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../src-main/electron/ipc/sender-check.js';

const APP_ORIGIN = 'app://beacon';

const mainFrame = (url: string) => ({ url, isMainFrame: true });

describe('IPC is answered for the app page', () => {
  it.each([
    'app://beacon',
    'app://beacon/',
    'app://beacon/index.html',
    'app://beacon/index.html?view=tray#today',
    'app://beacon/assets/../index.html',
    // An empty port is no port: the parser drops it.
    'app://beacon:/',
  ])('%s', (url) => {
    expect(isTrustedSender(mainFrame(url), APP_ORIGIN)).toBe(true);
  });

  it('the app origin may be given with a trailing slash', () => {
    expect(isTrustedSender(mainFrame('app://beacon/index.html'), 'app://beacon/')).toBe(true);
  });
});

describe('IPC is refused for anything else', () => {
  it.each([
    ['a lookalike host', 'app://beacon.evil/'],
    ['a host with a trailing dot', 'app://beacon./'],
    ['a longer host', 'app://beacons/'],
    ['a subdomain', 'app://x.beacon/'],
    ['user info before another host', 'app://beacon@evil/'],
    ['user info before the right host', 'app://evil@beacon/'],
    ['a password before the right host', 'app://x:y@beacon/'],
    ['a backslash trick', 'app://beacon\\@evil/'],
    ['a port', 'app://beacon:80/'],
    ['an escaped dot', 'app://beacon%2eevil/'],
    [
      'a host in capitals (the scheme is registered as standard, so real ones are lower case)',
      'app://BEACON/',
    ],
    ['no authority', 'app:beacon'],
    ['an empty host', 'app:///beacon'],
    ['another scheme, same host', 'https://beacon/'],
    ['a scheme that starts the same', 'apps://beacon/'],
    ['a local file', 'file:///'],
    ['a local file named like the app', 'file:///beacon/index.html'],
    ['a blank page', 'about:blank'],
    ['the developer tools', 'devtools://devtools/bundled/inspector.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['a blob URL of the app', 'blob:app://beacon/1234'],
    ['a javascript URL', 'javascript:alert(1)'],
    ['a web page', 'https://example.com/'],
    ['the web shell on loopback', 'http://127.0.0.1:5173/'],
    ['an empty URL', ''],
    ['not a URL', 'beacon'],
  ])('%s: %s', (_case, url) => {
    expect(isTrustedSender(mainFrame(url), APP_ORIGIN)).toBe(false);
  });

  it('a subframe of the app page', () => {
    expect(
      isTrustedSender({ url: 'app://beacon/index.html', isMainFrame: false }, APP_ORIGIN),
    ).toBe(false);
  });

  it('a frame that no longer exists (null)', () => {
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
  });

  it('no frame at all (undefined)', () => {
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
  });

  it('an app origin that does not parse trusts nothing', () => {
    expect(isTrustedSender(mainFrame('app://beacon/'), 'not a url')).toBe(false);
  });

  it('an app origin without a host trusts nothing, not even a page without one', () => {
    expect(isTrustedSender(mainFrame('app:index.html'), 'app:')).toBe(false);
  });
});
