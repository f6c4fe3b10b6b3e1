/**
 * Idle time as the web shell can know it: only the pages connected to it report activity, so
 * the idle time is "since the user last touched any Beacon page". It is approximate by nature:
 * the browser cannot see the rest of the desktop, so typing in another app counts as idle.
 */
import type { IdleInput } from '../presence/index.js';

/** What the shell remembers of one connected page. */
export interface PageState {
  /** Epoch ms of the last activity the page reported (connecting counts as activity). */
  lastActivityMs: number;
}

/** How far in the past a page's own `at` may lie; older (or future) stamps are clamped. */
export const MAX_ACTIVITY_LAG_MS = 60_000;

const NOT_IDLE: IdleInput = { idleSeconds: 0, locked: false };

/**
 * Idle seconds = now − the latest activity across connected pages. No page connected → not
 * idle: nobody is looking, and the shell must not turn a closed tab into "Away".
 */
export function idleFromPages(pages: Iterable<PageState>, nowMs: number): IdleInput {
  let latest: number | undefined;
  for (const page of pages)
    if (latest === undefined || page.lastActivityMs > latest) latest = page.lastActivityMs;
  if (latest === undefined) return NOT_IDLE;
  return { idleSeconds: Math.max(0, Math.floor((nowMs - latest) / 1000)), locked: false };
}

/**
 * When an activity happened: the page's stamp when it sent one late (its throttle), but never in
 * the future and never more than a minute back (a page's clock is not trusted further).
 */
export function activityTime(receivedMs: number, at: number | undefined): number {
  if (at === undefined) return receivedMs;
  return Math.min(receivedMs, Math.max(receivedMs - MAX_ACTIVITY_LAG_MS, at));
}

/** The connected pages, each reporting through its own handle. */
export class PageActivity {
  readonly #pages = new Set<PageState>();
  readonly #now: () => number;
  readonly #onChange: () => void;

  /** `onChange` runs after every report, so the owner can tell the core at once. */
  constructor(now: () => number, onChange: () => void = () => undefined) {
    this.#now = now;
    this.#onChange = onChange;
  }

  /** A page connected: opening it is activity. */
  connect(): { activity(at?: number): void; close(): void } {
    const page: PageState = { lastActivityMs: this.#now() };
    this.#pages.add(page);
    this.#onChange();
    return {
      activity: (at) => {
        page.lastActivityMs = Math.max(page.lastActivityMs, activityTime(this.#now(), at));
        this.#onChange();
      },
      close: () => {
        this.#pages.delete(page);
        this.#onChange();
      },
    };
  }

  idle(): IdleInput {
    return idleFromPages(this.#pages, this.#now());
  }

  get size(): number {
    return this.#pages.size;
  }
}
