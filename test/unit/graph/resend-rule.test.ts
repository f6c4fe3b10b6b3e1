/**
 * The rule that decides whether a failed Graph request may be sent again: reads and Graph's
 * action POSTs after any transient failure; a create only when the server surely did not act.
 */
import { describe, expect, it } from 'vitest';
import { GraphError, type GraphErrorKind } from '../../../src-main/graph/errors.js';
import { envelopeRetry, mayResend } from '../../../src-main/graph/transport/resend-rule.js';

function error(kind: GraphErrorKind, options: { status?: number; code?: string } = {}): GraphError {
  const cause =
    options.code === undefined ? undefined : Object.assign(new Error('x'), { code: options.code });
  return new GraphError(kind, 'm', { status: options.status, cause });
}

describe('mayResend', () => {
  it.each([
    ['network, connection dropped', error('network', { code: 'UND_ERR_SOCKET' }), true, false],
    ['network, reset', error('network', { code: 'ECONNRESET' }), true, false],
    ['deadline after sending', error('timeout'), true, false],
    ['connection refused', error('network', { code: 'ECONNREFUSED' }), true, true],
    ['no such host', error('network', { code: 'ENOTFOUND' }), true, true],
    ['connect deadline', error('timeout', { code: 'UND_ERR_CONNECT_TIMEOUT' }), true, true],
    ['429', error('throttled', { status: 429 }), true, true],
    ['503', error('server', { status: 503 }), true, true],
    ['502 (a gateway may have passed it on)', error('server', { status: 502 }), true, false],
    ['504', error('server', { status: 504 }), true, false],
    ['our own pause, nothing sent', error('throttled'), true, true],
    ['500', error('server', { status: 500 }), false, false],
    ['aborted', error('aborted'), false, false],
  ])('%s: safe %s, never %s', (_name, failure, safe, never) => {
    expect(mayResend({}, failure)).toBe(safe);
    expect(mayResend({ retry: 'safe' }, failure)).toBe(safe);
    expect(mayResend({ retry: 'never' }, failure)).toBe(never);
  });

  it('an envelope holding one create is never resent blindly', () => {
    expect(envelopeRetry([{}, { retry: 'safe' }])).toBe('safe');
    expect(envelopeRetry([{}, { retry: 'never' }])).toBe('never');
    expect(envelopeRetry([])).toBe('safe');
  });
});
