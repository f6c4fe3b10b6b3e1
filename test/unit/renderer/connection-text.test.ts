/** The footer's sentence for each connection state the core reports. */
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src-main/core/contract.js';
import { connectionText } from '../../../src-renderer/features/footer/connection-text.js';
import { en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const NOW = Date.parse('2026-11-27T14:05:00.000Z');
const LAST = '2026-11-27T13:45:00.000Z';
/** A fixed 24-hour clock in UTC, so the expectations do not depend on the machine's zone. */
const utcClock = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));

function text(connection: Connection, t = en): string {
  return connectionText(connection, NOW, t, utcClock);
}

const inSeconds = (seconds: number): string => new Date(NOW + seconds * 1000).toISOString();

describe('connectionText', () => {
  it('says it is connecting while the first refresh runs', () => {
    expect(text({ state: 'connecting' })).toBe('Connecting to Exchange…');
  });

  it('says when the data on screen was last updated while online', () => {
    expect(text({ state: 'online', lastSuccessAt: LAST })).toBe('Updated 13:45');
  });

  it('says it is still connecting when online has not yet produced a success', () => {
    expect(text({ state: 'online' })).toBe('Connecting to Exchange…');
  });

  it('names a busy Exchange, and counts down to the retry', () => {
    const busy = { kind: 'server-busy', message: 'ErrorServerBusy' };
    expect(text({ state: 'stale', error: busy, retryAt: inSeconds(40) })).toBe(
      'Exchange is busy, retrying in 40 seconds',
    );
    expect(text({ state: 'stale', error: busy })).toBe('Exchange is busy, retrying…');
    const throttled = { kind: 'throttled', message: 'too many requests' };
    expect(text({ state: 'stale', error: throttled, retryAt: inSeconds(5) })).toBe(
      'Exchange is busy, retrying in 5 seconds',
    );
  });

  it('rounds the seconds left up, so it never says "0 seconds" while time remains', () => {
    const busy = { kind: 'server-busy', message: '' };
    expect(text({ state: 'stale', error: busy, retryAt: inSeconds(39.2) })).toBe(
      'Exchange is busy, retrying in 40 seconds',
    );
    expect(text({ state: 'stale', error: busy, retryAt: inSeconds(0.1) })).toBe(
      'Exchange is busy, retrying in 1 second',
    );
  });

  it('never counts below zero when the retry is overdue', () => {
    const failed = { kind: 'transport', message: 'ECONNRESET' };
    expect(text({ state: 'stale', error: failed, retryAt: inSeconds(-3) })).toBe(
      'Could not update, retrying in 0 seconds',
    );
  });

  it('says an update failed for other errors, with or without a retry planned', () => {
    const failed = { kind: 'transport', message: 'ECONNRESET' };
    expect(text({ state: 'stale', error: failed, retryAt: inSeconds(12) })).toBe(
      'Could not update, retrying in 12 seconds',
    );
    expect(text({ state: 'stale', error: failed })).toBe('Could not update');
    expect(text({ state: 'stale' })).toBe('Could not update');
  });

  it('says which data is shown while offline', () => {
    expect(text({ state: 'offline', lastSuccessAt: LAST })).toBe('Offline — showing 13:45 data');
    expect(text({ state: 'offline' })).toBe('Offline');
  });

  it('asks for a new sign-in when Exchange refused the credentials', () => {
    expect(text({ state: 'auth-required', lastSuccessAt: LAST })).toBe(
      'Exchange refused the sign-in',
    );
  });

  it('names a tenant policy block and an expired sign-in instead of a refusal', () => {
    const refused = (reason: 'ews-blocked' | 'sign-in-expired' | 'wrong-password') =>
      text({ state: 'auth-required', lastSuccessAt: LAST, failure: { reason } });
    expect(refused('ews-blocked')).toBe('Your organisation’s policy blocks Beacon’s EWS access');
    expect(refused('sign-in-expired')).toBe('Your sign-in has expired. Sign in again in Settings.');
    expect(refused('wrong-password')).toBe('Exchange refused the sign-in');
    expect(text({ state: 'auth-required', failure: { reason: 'ews-blocked' } }, ko)).toBe(
      '조직 정책이 Beacon의 EWS 액세스를 차단합니다',
    );
  });

  it('speaks the catalogue of the window language', () => {
    expect(text({ state: 'offline', lastSuccessAt: LAST }, ko)).toBe(
      '오프라인 — 13:45 기준 데이터를 표시하는 중',
    );
  });
});
