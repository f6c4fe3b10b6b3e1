/**
 * The typing indicator I send (XEP-0085): "composing" on the first keystroke, "paused" after a
 * quiet spell, "active" once the message is sent or the text is cleared. One state change, one
 * command: keystrokes in a burst send nothing more. The timer is injected, so tests drive it.
 */
export type SentChatState = 'active' | 'composing' | 'paused';

export interface TypingTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const PAUSE_AFTER_MS = 5_000;

export interface TypingSignal {
  /** The composer's text changed (to `text`). */
  input(text: string): void;
  /** The message went out, or the conversation closed. */
  reset(): void;
  dispose(): void;
}

export function createTypingSignal(
  send: (state: SentChatState) => void,
  timers: TypingTimers,
  pauseAfterMs = PAUSE_AFTER_MS,
): TypingSignal {
  let state: SentChatState = 'active';
  let timer: unknown;
  const move = (next: SentChatState): void => {
    if (next === state) return;
    state = next;
    send(next);
  };
  const stopTimer = (): void => {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
  };
  return {
    input(text) {
      stopTimer();
      if (text.trim() === '') {
        move('active');
        return;
      }
      move('composing');
      timer = timers.set(() => {
        timer = undefined;
        move('paused');
      }, pauseAfterMs);
    },
    reset() {
      stopTimer();
      move('active');
    },
    dispose() {
      stopTimer();
    },
  };
}
