/**
 * What the page tells the web shell about its user: activity (pointer or keyboard) and
 * visibility, so the shell can work out idle time. Activity is throttled: the first touch goes at
 * once, later ones within the interval are folded into one message at its end that carries the
 * time of the last touch (`at`), so the shell is never more than one interval behind.
 */

/** At most one activity message per this long. */
export const ACTIVITY_INTERVAL_MS = 30_000;

export type PageSignal =
  { type: 'activity'; at?: number } | { type: 'visibility'; visible: boolean };

export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ActivityReporter {
  /** The user did something. */
  touch(): void;
  /** Stops a pending message. */
  dispose(): void;
}

export function createActivityReporter(
  send: (signal: PageSignal) => void,
  clock: ThrottleClock,
  intervalMs: number = ACTIVITY_INTERVAL_MS,
): ActivityReporter {
  let lastSent: number | undefined;
  let pendingAt: number | undefined;
  let timer: unknown;

  const flush = (): void => {
    timer = undefined;
    if (pendingAt === undefined) return;
    send({ type: 'activity', at: pendingAt });
    pendingAt = undefined;
    lastSent = clock.now();
  };

  return {
    touch: () => {
      const now = clock.now();
      if (lastSent === undefined || now - lastSent >= intervalMs) {
        send({ type: 'activity' });
        lastSent = now;
        return;
      }
      pendingAt = now;
      timer ??= clock.setTimeout(flush, lastSent + intervalMs - now);
    },
    dispose: () => {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      pendingAt = undefined;
    },
  };
}

/** The events that count as the user at the page. Passive: listening never slows scrolling. */
export const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'];

/** The part of `document` this needs (structural, so Node tests can hand in their own). */
export interface SignalTarget {
  addEventListener(name: string, listener: () => void, options?: AddListenerOptions): void;
  removeEventListener(name: string, listener: () => void, options?: { capture?: boolean }): void;
  readonly visibilityState: string;
}

interface AddListenerOptions {
  passive?: boolean;
  capture?: boolean;
}

/** Listens on the document; returns the function that stops. */
export function installPageSignals(
  doc: SignalTarget,
  send: (signal: PageSignal) => void,
  clock: ThrottleClock,
): () => void {
  const reporter = createActivityReporter(send, clock);
  const onActivity = (): void => {
    reporter.touch();
  };
  const onVisibility = (): void => {
    send({ type: 'visibility', visible: doc.visibilityState === 'visible' });
  };
  for (const name of ACTIVITY_EVENTS)
    doc.addEventListener(name, onActivity, { passive: true, capture: true });
  doc.addEventListener('visibilitychange', onVisibility);
  return () => {
    reporter.dispose();
    for (const name of ACTIVITY_EVENTS)
      doc.removeEventListener(name, onActivity, { capture: true });
    doc.removeEventListener('visibilitychange', onVisibility);
  };
}
