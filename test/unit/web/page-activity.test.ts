/** The web shell's idle time: since the user last touched any connected Beacon page. */
import { describe, expect, it } from 'vitest';
import {
  activityTime,
  idleFromPages,
  MAX_ACTIVITY_LAG_MS,
  PageActivity,
} from '../../../src-main/web/page-activity.js';

const T0 = Date.parse('2026-12-03T10:00:00Z');

describe('idleFromPages', () => {
  it('is not idle when no page is connected', () => {
    expect(idleFromPages([], T0)).toEqual({ idleSeconds: 0, locked: false });
  });

  it('counts whole seconds since the latest activity across pages', () => {
    const pages = [{ lastActivityMs: T0 - 600_000 }, { lastActivityMs: T0 - 90_500 }];
    expect(idleFromPages(pages, T0)).toEqual({ idleSeconds: 90, locked: false });
  });

  it('never reports negative idle time for a stamp just ahead of the clock', () => {
    expect(idleFromPages([{ lastActivityMs: T0 + 2_000 }], T0).idleSeconds).toBe(0);
  });
});

describe('activityTime', () => {
  it('uses the arrival time when the page sent no stamp', () => {
    expect(activityTime(T0, undefined)).toBe(T0);
  });

  it('believes a late stamp within a minute', () => {
    expect(activityTime(T0, T0 - 20_000)).toBe(T0 - 20_000);
  });

  it('clamps a stamp from the future or from long ago', () => {
    expect(activityTime(T0, T0 + 3_600_000)).toBe(T0);
    expect(activityTime(T0, 0)).toBe(T0 - MAX_ACTIVITY_LAG_MS);
  });
});

describe('PageActivity', () => {
  it('starts each page active, grows idle time, and resets on activity', () => {
    let now = T0;
    let changes = 0;
    const pages = new PageActivity(
      () => now,
      () => changes++,
    );
    expect(pages.idle().idleSeconds).toBe(0);
    const page = pages.connect();
    expect(changes).toBe(1);
    now += 400_000;
    expect(pages.idle().idleSeconds).toBe(400);
    page.activity();
    expect(pages.idle().idleSeconds).toBe(0);
    now += 30_000;
    page.activity(now - 10_000);
    expect(pages.idle().idleSeconds).toBe(10);
    // An older stamp arriving late does not move the page back in time.
    page.activity(now - 50_000);
    expect(pages.idle().idleSeconds).toBe(10);
    expect(changes).toBe(4);
  });

  it('takes the most recent page, and is not idle once the last page closes', () => {
    let now = T0;
    const pages = new PageActivity(() => now);
    const old = pages.connect();
    now += 600_000;
    const fresh = pages.connect();
    now += 60_000;
    expect(pages.idle().idleSeconds).toBe(60);
    fresh.close();
    expect(pages.idle().idleSeconds).toBe(660);
    old.close();
    expect(pages.size).toBe(0);
    expect(pages.idle()).toEqual({ idleSeconds: 0, locked: false });
  });
});
