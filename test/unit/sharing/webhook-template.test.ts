import { describe, expect, it } from 'vitest';
import type { Presence, Webhook } from '../../../src-main/core/contract.js';
import { AVAILABILITIES } from '../../../src-main/core/contract.js';
import {
  presenceColour,
  presenceKey,
  presenceValues,
} from '../../../src-main/sharing/presence-values.js';
import { isJsonBody, renderHook, usesSecret } from '../../../src-main/sharing/webhooks/template.js';
import { checkHookUrl } from '../../../src-main/sharing/webhooks/url-policy.js';
import { networkProblemOf, statusProblemOf } from '../../../src-main/sharing/webhooks/problem.js';
import { hookMatches } from '../../../src-main/sharing/webhooks/webhook-part.js';
import { stateColour } from '../../../scripts/icons/palette.js';

const busy: Presence = {
  availability: 'busy',
  idle: false,
  oof: true,
  note: 'Line 1\r\nX-Injected: yes "quoted" \\',
  activity: { kind: 'busy-until', until: '2026-12-03T15:00:00.000Z' },
  activityText: 'Busy until 15:00',
  source: 'manual',
};

function hook(overrides: Partial<Webhook>): Webhook {
  return {
    id: 'h',
    on: 'any',
    url: 'https://light.example/x',
    method: 'POST',
    headers: {},
    ...overrides,
  };
}

describe('presence values', () => {
  it('carry the tray colour of every state, idle-and-available as amber like the tray', () => {
    for (const availability of AVAILABILITIES)
      expect(presenceColour({ availability, idle: false })).toBe(
        stateColour(availability, 'light'),
      );
    expect(presenceColour({ availability: 'available', idle: true })).toBe(
      stateColour('inactive', 'light'),
    );
    expect(presenceColour({ availability: 'busy', idle: true })).toBe(stateColour('busy', 'light'));
  });

  it('are equal for presences that differ only in what a light cannot show', () => {
    const a = presenceValues(busy);
    expect(a).toEqual({
      availability: 'busy',
      activity: 'Busy until 15:00',
      until: '2026-12-03T15:00:00.000Z',
      oof: true,
      colour: '#c4314b',
      note: busy.note,
    });
    const b = presenceValues({
      ...busy,
      source: 'automatic',
      nextChange: '2026-12-03T16:00:00.000Z',
    });
    expect(presenceKey(b)).toBe(presenceKey(a));
    expect(presenceKey(presenceValues({ ...busy, note: 'other' }))).not.toBe(presenceKey(a));
  });
});

describe('webhook templates', () => {
  it('escape each value for where it stands', () => {
    const request = renderHook(
      hook({
        url: 'https://light.example/set?s={{availability}}&n={{ note }}&k={{secret}}',
        headers: { 'X-Note': '{{note}}', Authorization: 'Bearer {{secret}}' },
        body: '{"note":"{{note}}","colour":"{{colour}}","until":"{{until}}","x":"{{unknown}}"}',
      }),
      presenceValues(busy),
      's3cr&t',
    );
    expect(request.url).toBe(
      `https://light.example/set?s=busy&n=${encodeURIComponent(busy.note)}&k=s3cr%26t`,
    );
    expect(request.headers['X-Note']).toBe('Line 1 X-Injected: yes "quoted" \\');
    expect(request.headers.Authorization).toBe('Bearer s3cr&t');
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body ?? '')).toEqual({
      note: busy.note,
      colour: '#c4314b',
      until: '2026-12-03T15:00:00.000Z',
      x: '{{unknown}}',
    });
  });

  it('a text body is filled as it is, and a GET sends no body', () => {
    const text = renderHook(
      hook({ body: 'now {{availability}}: {{note}}' }),
      presenceValues(busy),
      undefined,
    );
    expect(text.body).toBe(`now busy: ${busy.note}`);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    const get = renderHook(hook({ method: 'GET', body: 'x' }), presenceValues(busy), undefined);
    expect(get.body).toBeUndefined();
  });

  it('tells a JSON body by its Content-Type first, then by its first character', () => {
    expect(isJsonBody({ headers: { 'Content-Type': 'application/json' }, body: 'a' })).toBe(true);
    expect(isJsonBody({ headers: { 'content-type': 'text/plain' }, body: '{}' })).toBe(false);
    expect(isJsonBody({ headers: {}, body: '  [1]' })).toBe(true);
    expect(isJsonBody({ headers: {}, body: 'state=busy' })).toBe(false);
  });

  it('knows which hooks need their secret', () => {
    expect(usesSecret(hook({ headers: { A: '{{ secret }}' } }))).toBe(true);
    expect(usesSecret(hook({ body: '{{note}}' }))).toBe(false);
  });

  it('matches a hook to its state, or any', () => {
    const values = presenceValues(busy);
    expect(hookMatches({ on: 'busy' }, values)).toBe(true);
    expect(hookMatches({ on: 'any' }, values)).toBe(true);
    expect(hookMatches({ on: 'in-a-meeting' }, values)).toBe(false);
  });
});

describe('webhook URL policy', () => {
  it.each([
    ['https://light.example/x', true],
    ['http://127.0.0.1:8080/x', true],
    ['http://127.8.9.10/x', true],
    ['http://localhost/x', true],
    ['http://[::1]:9/x', true],
    ['http://192.168.1.20/x', 'insecure-url'],
    ['http://localhost.example.com/x', 'insecure-url'],
    ['http://0.0.0.0:80/', 'insecure-url'],
    ['https://user:pw@light.example/', 'invalid-url'],
    ['ftp://light.example/', 'invalid-url'],
    ['light.example', 'invalid-url'],
  ])('%s', (url, expected) => {
    const checked = checkHookUrl(url);
    expect(checked.ok ? true : checked.problem).toBe(expected);
  });
});

describe('webhook problems', () => {
  it('read the cause chain', () => {
    const wrap = (code: string): Error =>
      new Error('fetch failed', { cause: Object.assign(new Error('x'), { code }) });
    expect(networkProblemOf(wrap('ECONNREFUSED'))).toBe('connection-refused');
    expect(networkProblemOf(wrap('ENOTFOUND'))).toBe('host-not-found');
    expect(networkProblemOf(wrap('SELF_SIGNED_CERT_IN_CHAIN'))).toBe('certificate');
    expect(networkProblemOf(wrap('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('certificate');
    expect(networkProblemOf(wrap('UND_ERR_HEADERS_TIMEOUT'))).toBe('timeout');
    expect(networkProblemOf(wrap('ECONNRESET'))).toBe('network');
    expect(networkProblemOf('odd')).toBe('network');
  });

  it('read the status', () => {
    expect(statusProblemOf(204)).toBeUndefined();
    expect(statusProblemOf(301)).toBe('redirect-refused');
    expect(statusProblemOf(404)).toBe('http-status');
    expect(statusProblemOf(503)).toBe('http-status');
  });
});
