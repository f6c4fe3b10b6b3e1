import { describe, expect, it } from 'vitest';
import {
  checkAccess,
  checkHost,
  checkOrigin,
  corsHeaders,
} from '../../../src-main/sharing/api/guard.js';
import { bearerFrom, tokenHint, tokenMatches } from '../../../src-main/sharing/api/token.js';

const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('the Host check', () => {
  it('knows only 127.0.0.1 and localhost on its own port', () => {
    expect(checkHost('127.0.0.1:48090', 48_090)).toEqual({ ok: true });
    expect(checkHost('LOCALHOST:48090', 48_090)).toEqual({ ok: true });
  });

  it('refuses rebound names, other ports and bare hosts with 421', () => {
    for (const host of [
      'evil.example:48090',
      '127.0.0.1:48091',
      '127.0.0.1',
      'localhost',
      '[::1]:48090',
    ])
      expect(checkHost(host, 48_090)).toEqual({ ok: false, status: 421 });
  });

  it('refuses a missing or malformed Host with 400', () => {
    for (const host of [undefined, '', '127.0.0.1:48090, evil.example', 'a b'])
      expect(checkHost(host, 48_090)).toEqual({ ok: false, status: 400 });
  });
});

describe('the Origin check', () => {
  const allowed = ['https://intranet.example'];
  it('lets non-browser clients through, listed origins in, and refuses the rest', () => {
    expect(checkOrigin(undefined, allowed)).toEqual({ kind: 'none' });
    expect(checkOrigin('https://intranet.example', allowed)).toEqual({
      kind: 'allowed',
      origin: 'https://intranet.example',
    });
    expect(checkOrigin('https://intranet.example.evil', allowed)).toEqual({ kind: 'refused' });
    expect(checkOrigin('null', allowed)).toEqual({ kind: 'refused' });
    expect(checkOrigin('https://intranet.example', [])).toEqual({ kind: 'refused' });
  });

  it('allows GET only and never credentials', () => {
    const headers = corsHeaders('https://intranet.example', true);
    expect(headers['Access-Control-Allow-Methods']).toBe('GET');
    expect(headers).not.toHaveProperty('Access-Control-Allow-Credentials');
    expect(corsHeaders('https://intranet.example', false)).toEqual({
      'Access-Control-Allow-Origin': 'https://intranet.example',
      Vary: 'Origin',
    });
  });
});

describe('the token check', () => {
  const access = (authorization: string | undefined, write: boolean, openRead: boolean) =>
    checkAccess({ authorization, token: TOKEN, write, openRead });

  it('writes always need the token', () => {
    expect(access(undefined, true, true)).toBe('missing');
    expect(access(`Bearer ${TOKEN}`, true, false)).toBe('granted');
    expect(access(`Bearer ${TOKEN}x`, true, false)).toBe('wrong');
  });

  it('reads need it unless reading is open; a wrong one is wrong either way', () => {
    expect(access(undefined, false, false)).toBe('missing');
    expect(access(undefined, false, true)).toBe('granted');
    expect(access('Bearer nope', false, true)).toBe('wrong');
    expect(access(`Basic ${TOKEN}`, false, true)).toBe('wrong');
  });

  it('compares whole tokens only, and shows four characters as the hint', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(0, -1), TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(bearerFrom(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerFrom(`bearer ${TOKEN}`)).toBeUndefined();
    expect(bearerFrom(`Bearer ${TOKEN} extra`)).toBeUndefined();
    expect(tokenHint(TOKEN)).toBe('NOPQ');
  });
});
