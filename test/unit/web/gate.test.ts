/** The web shell's pure decisions: the request gate, asset paths and the message envelope. */
import { describe, expect, it } from 'vitest';
import { parseClientMessage } from '../../../src-main/web/messages.js';
import {
  bearerToken,
  checkRequest,
  cookieValue,
  isAllowedHost,
  isAllowedOrigin,
  tokensEqual,
  type GateInput,
} from '../../../src-main/web/security.js';
import { contentTypeFor, relativeAssetPath } from '../../../src-main/web/static-files.js';

const TOKEN = 'A'.repeat(43);
const PORT = 4567;
const base: GateInput = {
  host: `127.0.0.1:${PORT}`,
  origin: undefined,
  authorization: undefined,
  cookie: undefined,
  queryToken: null,
};

describe('checkRequest', () => {
  it.each<[string, Partial<GateInput>, ReturnType<typeof checkRequest>]>([
    ['no token', {}, { ok: false, status: 401, reason: 'Token required' }],
    ['empty query token', { queryToken: '' }, { ok: false, status: 401, reason: 'Token required' }],
    [
      'wrong query token',
      { queryToken: 'B'.repeat(43) },
      { ok: false, status: 403, reason: 'Wrong token' },
    ],
    [
      'prefix of the token',
      { queryToken: TOKEN.slice(0, 42) },
      { ok: false, status: 403, reason: 'Wrong token' },
    ],
    ['query token', { queryToken: TOKEN }, { ok: true, via: 'query' }],
    ['cookie', { cookie: `a=b; beacon_token=${TOKEN}` }, { ok: true, via: 'cookie' }],
    ['bearer', { authorization: `Bearer ${TOKEN}` }, { ok: true, via: 'bearer' }],
    [
      'basic auth is no token',
      { authorization: `Basic ${TOKEN}` },
      { ok: false, status: 401, reason: 'Token required' },
    ],
    [
      'foreign host',
      { host: 'evil.test', queryToken: TOKEN },
      { ok: false, status: 403, reason: 'Host not allowed' },
    ],
    [
      'no host',
      { host: undefined, queryToken: TOKEN },
      { ok: false, status: 403, reason: 'Host not allowed' },
    ],
    [
      'foreign origin',
      { origin: 'http://evil.test', queryToken: TOKEN },
      { ok: false, status: 403, reason: 'Origin not allowed' },
    ],
    [
      'foreign host before a missing token',
      { host: 'evil.test' },
      { ok: false, status: 403, reason: 'Host not allowed' },
    ],
  ])('%s', (_name, patch, expected) => {
    expect(checkRequest({ ...base, ...patch }, PORT, TOKEN)).toEqual(expected);
  });
});

describe('Host and Origin', () => {
  it('accepts only this port on 127.0.0.1 or localhost', () => {
    expect(isAllowedHost(`127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost(`LOCALHOST:${PORT}`, PORT)).toBe(true);
    expect(isAllowedHost('127.0.0.1', PORT)).toBe(false);
    expect(isAllowedHost(`127.0.0.1:${PORT + 1}`, PORT)).toBe(false);
    expect(isAllowedHost(`[::1]:${PORT}`, PORT)).toBe(false);
    expect(isAllowedHost(`localhost.evil.test:${PORT}`, PORT)).toBe(false);
  });

  it('accepts an absent Origin or this shell, nothing else', () => {
    expect(isAllowedOrigin(undefined, PORT)).toBe(true);
    expect(isAllowedOrigin(`http://127.0.0.1:${PORT}`, PORT)).toBe(true);
    expect(isAllowedOrigin(`http://localhost:${PORT}`, PORT)).toBe(true);
    expect(isAllowedOrigin('null', PORT)).toBe(false);
    expect(isAllowedOrigin(`http://127.0.0.1:${PORT}/`, PORT)).toBe(false);
    expect(isAllowedOrigin(`https://localhost:${PORT}`, PORT)).toBe(false);
  });
});

describe('token helpers', () => {
  it('compares tokens exactly, whatever their lengths', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN + 'A', TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('reads cookies and bearer headers', () => {
    expect(cookieValue('x=1; beacon_token=abc ; y=2', 'beacon_token')).toBe('abc');
    expect(cookieValue('not_beacon_token=abc', 'beacon_token')).toBeUndefined();
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
});

describe('relativeAssetPath', () => {
  it.each<[string, string | null]>([
    ['/', 'index.html'],
    ['/index.html', 'index.html'],
    ['/assets/app-1a2b.js', 'assets/app-1a2b.js'],
    ['/assets/', 'assets/index.html'],
    ['/a%20b.png', 'a b.png'],
    ['/../package.json', null],
    ['/%2e%2e/package.json', null],
    ['/assets/%2E%2E%2F%2E%2E%2Fpackage.json', null],
    ['/./index.html', null],
    ['/..%5cpackage.json', null],
    ['/%00', null],
    ['/%E0%A4%A', null],
    ['//etc/passwd', null],
    ['relative', null],
  ])('%s → %s', (input, expected) => {
    expect(relativeAssetPath(input)).toBe(expected);
  });

  it('names content types by extension', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/a.exe')).toBe('application/octet-stream');
  });
});

describe('parseClientMessage', () => {
  it('accepts a command envelope and leaves the command to the contract', () => {
    expect(parseClientMessage('{"type":"command","id":"1","command":{"type":"nope"}}')).toEqual({
      ok: true,
      message: { type: 'command', id: '1', command: { type: 'nope' } },
    });
  });

  it.each([
    ['not json', '{'],
    ['wrong type', '{"type":"subscribe","id":"1","command":{}}'],
    ['empty id', '{"type":"command","id":"","command":{}}'],
    ['long id', JSON.stringify({ type: 'command', id: 'i'.repeat(65), command: {} })],
    ['numeric id', '{"type":"command","id":1,"command":{}}'],
    ['extra key', '{"type":"command","id":"1","command":{},"x":1}'],
    ['array', '[]'],
    ['hello without a zone', '{"type":"hello","locale":"en"}'],
    ['hello with an unknown zone', '{"type":"hello","timeZone":"Mars/Olympus","locale":"en"}'],
    ['hello with a bad locale', '{"type":"hello","timeZone":"UTC","locale":"not a tag!"}'],
    ['hello with an extra key', '{"type":"hello","timeZone":"UTC","locale":"en","x":1}'],
    ['activity with a text stamp', '{"type":"activity","at":"now"}'],
    ['activity with a negative stamp', '{"type":"activity","at":-1}'],
    ['visibility without a value', '{"type":"visibility"}'],
  ])('refuses %s without echoing it', (_name, text) => {
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).not.toContain('iiiiiiii');
    expect(parsed.error.length).toBeLessThan(120);
  });

  it('accepts hello, activity and visibility from the page', () => {
    for (const message of [
      { type: 'hello', timeZone: 'Asia/Seoul', locale: 'ko-KR' },
      { type: 'activity' },
      { type: 'activity', at: 1_790_000_000_000 },
      { type: 'visibility', visible: false },
    ])
      expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it('tells a bad hello what a hello looks like', () => {
    const parsed = parseClientMessage('{"type":"hello","timeZone":"Nowhere/Land","locale":"en"}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain('"type":"hello"');
  });
});
