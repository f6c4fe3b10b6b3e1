/** The typing indicator: one command per change of state, paused after a quiet spell. */
import { describe, expect, it } from 'vitest';
import {
  createTypingSignal,
  type SentChatState,
  type TypingTimers,
} from '../../../src-renderer/features/chat/typing-signal.js';

/** Timers driven by hand: `advance` fires what is due. */
function manualTimers(): TypingTimers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    set(fn, ms) {
      next += 1;
      due.set(next, { at: now + ms, fn });
      return next;
    },
    clear(handle) {
      due.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...due])
        if (timer.at <= now) {
          due.delete(id);
          timer.fn();
        }
    },
    pending: () => due.size,
  };
}

describe('createTypingSignal', () => {
  it('sends composing once for a burst of keystrokes, then paused after the quiet spell', () => {
    const sent: SentChatState[] = [];
    const timers = manualTimers();
    const signal = createTypingSignal((s) => sent.push(s), timers, 5000);
    signal.input('h');
    timers.advance(1000);
    signal.input('he');
    timers.advance(1000);
    signal.input('hel');
    expect(sent).toEqual(['composing']);
    timers.advance(4999);
    expect(sent).toEqual(['composing']);
    timers.advance(1);
    expect(sent).toEqual(['composing', 'paused']);
    signal.input('hell');
    expect(sent).toEqual(['composing', 'paused', 'composing']);
  });

  it('goes back to active when the text is cleared or the message is sent', () => {
    const sent: SentChatState[] = [];
    const timers = manualTimers();
    const signal = createTypingSignal((s) => sent.push(s), timers, 5000);
    signal.input('hi');
    signal.input('');
    expect(sent).toEqual(['composing', 'active']);
    signal.input('again');
    signal.reset();
    expect(sent).toEqual(['composing', 'active', 'composing', 'active']);
    expect(timers.pending()).toBe(0);
  });

  it('sends nothing for whitespace, and nothing after it is disposed', () => {
    const sent: SentChatState[] = [];
    const timers = manualTimers();
    const signal = createTypingSignal((s) => sent.push(s), timers, 5000);
    signal.input('   ');
    expect(sent).toEqual([]);
    signal.input('x');
    signal.dispose();
    timers.advance(10_000);
    expect(sent).toEqual(['composing']);
  });
});
