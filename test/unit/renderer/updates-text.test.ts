/** The footer's word on how changes arrive, in English and Korean. */
import { describe, expect, it } from 'vitest';
import { updatesText } from '../../../src-renderer/features/footer/updates-text.js';
import { en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const LAST = '2026-11-27T13:45:00.000Z';

describe('updatesText', () => {
  it('says Live while Exchange streams or is pulled for changes', () => {
    expect(
      updatesText({ state: 'online', lastSuccessAt: LAST, updates: { mode: 'streaming' } }, en),
    ).toBe('Live');
    expect(
      updatesText(
        { state: 'online', lastSuccessAt: LAST, updates: { mode: 'pull', everyMinutes: 60 } },
        ko,
      ),
    ).toBe('실시간');
  });

  it('says how often Beacon checks when it must poll', () => {
    const polling = {
      state: 'online' as const,
      lastSuccessAt: LAST,
      updates: { mode: 'polling' as const, everyMinutes: 15 },
    };
    expect(updatesText(polling, en)).toBe('Checking every 15 min');
    expect(updatesText(polling, ko)).toBe('15분마다 확인');
  });

  it('says nothing without a mode (demo, signed out) or while the data is not current', () => {
    expect(updatesText({ state: 'online', lastSuccessAt: LAST }, en)).toBeUndefined();
    expect(
      updatesText({ state: 'stale', lastSuccessAt: LAST, updates: { mode: 'streaming' } }, en),
    ).toBeUndefined();
  });
});
