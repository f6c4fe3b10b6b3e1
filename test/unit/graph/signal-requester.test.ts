/**
 * Joining a call's cancel with a request's own: none is none, one is itself, two fire together
 * with the first one's reason, and a released join leaves no listener on a long-lived signal.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { joinSignals } from '../../../src-main/graph/signal-requester.js';

describe('joinSignals', () => {
  it('none given is none; one given (or the same one twice) is that signal itself', () => {
    expect(joinSignals(undefined, undefined).signal).toBeUndefined();
    const only = new AbortController().signal;
    expect(joinSignals(undefined, only).signal).toBe(only);
    expect(joinSignals(only, only).signal).toBe(only);
  });

  it('fires when either fires, with that one’s reason', () => {
    const session = new AbortController();
    const refresh = new AbortController();
    const joined = joinSignals(refresh.signal, session.signal);
    expect(joined.signal?.aborted).toBe(false);
    session.abort('closed');
    expect([joined.signal?.aborted, joined.signal?.reason]).toEqual([true, 'closed']);
    expect(refresh.signal.aborted).toBe(false);
  });

  it('is fired at once when one has fired already, and listens to nothing then', () => {
    const live = new AbortController();
    const joined = joinSignals(live.signal, AbortSignal.abort('gone'));
    expect([joined.signal?.aborted, joined.signal?.reason]).toEqual([true, 'gone']);
    expect(getEventListeners(live.signal, 'abort')).toHaveLength(0);
  });

  it('released, it leaves no listener on either signal and no longer follows them', () => {
    const session = new AbortController();
    const refresh = new AbortController();
    const joined = joinSignals(refresh.signal, session.signal);
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(1);
    joined.release();
    expect(getEventListeners(session.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(refresh.signal, 'abort')).toHaveLength(0);
    session.abort();
    expect(joined.signal?.aborted).toBe(false);
  });
});
