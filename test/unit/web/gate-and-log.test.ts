/** The web shell's pure pieces: one Host, the cookie's name, the log line. */
import { describe, expect, it } from 'vitest';
import { logLine } from '../../../src-main/core/log-file.js';
import { checkRequest, cookieNameFor, hasOneHost } from '../../../src-main/web/security.js';

const TOKEN = 'A'.repeat(43);

describe('hasOneHost', () => {
  it('counts Host headers in any case', () => {
    expect(hasOneHost(['Host', '127.0.0.1:80', 'Accept', '*/*'])).toBe(true);
    expect(hasOneHost(['Host', '127.0.0.1:80', 'host', 'evil.test'])).toBe(false);
    expect(hasOneHost(['HOST', 'a', 'Accept', 'b', 'Host', 'a'])).toBe(false);
    expect(hasOneHost(['Accept', '*/*'])).toBe(false);
  });
});

describe('cookieNameFor', () => {
  it('is beacon_ and 8 hex of the folder, different per folder', () => {
    expect(cookieNameFor('/a')).toMatch(/^beacon_[0-9a-f]{8}$/);
    expect(cookieNameFor('/a')).toBe(cookieNameFor('/a'));
    expect(cookieNameFor('/a')).not.toBe(cookieNameFor('/b'));
  });

  it("the gate reads only its own shell's cookie", () => {
    const input = {
      host: '127.0.0.1:9',
      origin: undefined,
      authorization: undefined,
      queryToken: null,
      cookie: `beacon_token=${TOKEN}; ${cookieNameFor('/b')}=${TOKEN}`,
    };
    expect(checkRequest(input, 9, TOKEN, cookieNameFor('/a'))).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest(input, 9, TOKEN, cookieNameFor('/b'))).toEqual({ ok: true, via: 'cookie' });
  });
});

describe('logLine', () => {
  it('keeps one line and blanks known secrets and credential shapes', () => {
    expect(logLine('a\nb')).toBe('a b');
    expect(logLine(`GET /?token=${TOKEN}&x=1`)).toBe('GET /?token=[redacted]&x=1');
    expect(logLine(`saw ${TOKEN} here`, [TOKEN])).toBe('saw [redacted] here');
    expect(logLine('Authorization: Bearer abc.def')).toBe('Authorization: Bearer [redacted]');
    expect(logLine('password=hunter2 next')).toBe('password=[redacted] next');
    expect(logLine('https://alex:hunter2@mail.example/EWS')).toBe(
      'https://[redacted]@mail.example/EWS',
    );
    expect(logLine('connection: online → offline')).toBe('connection: online → offline');
  });
});
