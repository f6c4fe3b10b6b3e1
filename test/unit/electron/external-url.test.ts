import { describe, expect, it } from 'vitest';
import { vetExternalUrl } from '../../../src-main/electron/os/external-url.js';

describe('links Beacon may open', () => {
  it.each([
    [
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
    ],
    ['https://example.com', 'https://example.com/'],
    ['HTTPS://Example.COM/Path?q=1#frag', 'https://example.com/Path?q=1#frag'],
    ['https://example.com:8443/x', 'https://example.com:8443/x'],
    ['https://пример.рф/', 'https://xn--e1afmkfd.xn--p1ai/'],
    ['https://zoom.example/j/123?pwd=a b', 'https://zoom.example/j/123?pwd=a%20b'],
    [
      'msteams:/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
      'msteams:/l/meetup-join/19%3ameeting_abc%40thread.v2/0',
    ],
    [
      'msteams://teams.microsoft.com/l/chat/0/0?users=alex@contoso.example',
      'msteams://teams.microsoft.com/l/chat/0/0?users=alex@contoso.example',
    ],
    ['sip:alex@contoso.example', 'sip:alex@contoso.example'],
    ['SIP:alex@contoso.example;transport=tls', 'sip:alex@contoso.example;transport=tls'],
    ['tel:+1-555-0100', 'tel:+1-555-0100'],
    ['tel:+1 (555) 010-0123', 'tel:+1 (555) 010-0123'],
    ['tel:5550100;ext=12', 'tel:5550100;ext=12'],
    ['tel:5550100;phone-context=example.com', 'tel:5550100;phone-context=example.com'],
  ])('%s opens as %s', (raw, href) => {
    expect(vetExternalUrl(raw)).toBe(href);
  });
});

describe('links Beacon refuses to open', () => {
  it.each([
    ['plain http', 'http://example.com/'],
    ['http dressed as https in the path', 'http://example.com/https://ok'],
    ['a local file', 'file:///etc/passwd'],
    ['a Windows file path', 'C:\\Windows\\System32\\calc.exe'],
    ['a UNC path', '\\\\server\\share\\run.exe'],
    ['script', 'javascript:alert(1)'],
    ['script in capitals', 'JaVaScRiPt:alert(1)'],
    ['script after a tab the parser would drop', 'java\tscript:alert(1)'],
    ['script after a newline the parser would drop', 'https://ok.example/\njavascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['an SMB share', 'smb://server/share'],
    ['an SMB share via file', 'file://server/share/x.exe'],
    ['another app', 'ms-settings:privacy'],
    ['a search handler', 'search-ms:query=x&crumb=location:\\\\evil\\share'],
    ['a custom scheme', 'beacon://do-something'],
    ['ftp', 'ftp://example.com/x'],
    ['mailto (not on the list)', 'mailto:alex@contoso.example'],
    ['a relative path', '/etc/passwd'],
    ['no scheme', 'example.com'],
    ['empty', ''],
    ['blank', '   '],
    ['leading space', ' https://example.com/'],
    ['trailing newline', 'https://example.com/\n'],
    ['a NUL byte', 'https://example.com/\u0000'],
    ['DEL', 'https://example.com/\u007F'],
    ['a C1 control', 'https://example.com/\u0085'],
    ['a right-to-left override', 'https://example.com/\u202Eexe.txt'],
    ['a zero-width space', 'https://exa\u200Bmple.com/'],
    ['a user name that reads like the host', 'https://teams.microsoft.com@evil.example/'],
    ['a password', 'https://user:secret@example.com/'],
    ['an empty user name with a password', 'https://:secret@example.com/'],
    ['https without a host', 'https:///'],
    ['https with spaces in the host', 'https://exa mple.com/'],
    ['credentials in a Teams link', 'msteams://user:secret@teams.microsoft.com/'],
    ['an empty Teams link', 'msteams:'],
    ['an empty telephone link', 'tel:'],
    ['a telephone link without digits', 'tel:+()-'],
    ['a telephone link with letters', 'tel:1-800-FLOWERS'],
    ['a telephone link with a query', 'tel:5550100?call=1'],
    ['a telephone link with a fragment', 'tel:5550100#x'],
    ['a telephone link with a script', 'tel:555;javascript:alert(1)'],
    ['a telephone link with an authority', 'tel://5550100'],
    ['a SIP link with an authority', 'sip://evil.example/x'],
    ['a SIP link with quotes', 'sip:"a"@b'],
    ['an empty SIP link', 'sip:'],
  ])('%s', (_case, raw) => {
    expect(vetExternalUrl(raw)).toBeNull();
  });

  it('refuses a link longer than 2048 characters', () => {
    const raw = `https://example.com/${'a'.repeat(2048)}`;
    expect(vetExternalUrl(raw)).toBeNull();
  });

  it('accepts a link of exactly 2048 characters', () => {
    const prefix = 'https://example.com/';
    const raw = `${prefix}${'a'.repeat(2048 - prefix.length)}`;
    expect(vetExternalUrl(raw)).toBe(raw);
  });

  it('refuses a link that only grows past the limit when normalised', () => {
    const prefix = 'https://example.com/';
    // Each space becomes %20 in the path.
    const raw = `${prefix}${' '.repeat(1000)}x`;
    expect(vetExternalUrl(raw)).toBeNull();
  });
});
