/**
 * The footer and the failed Refresh say why, in English and in Korean: an unknown host, an
 * untrusted certificate (which one), a deadline, a busy Exchange, the server's pause, and a
 * refresh that has been running for a while.
 */
import { describe, expect, it } from 'vitest';
import type { Connection, Failure } from '../../../src-main/core/contract.js';
import { connectionText } from '../../../src-renderer/features/footer/connection-text.js';
import { failureSentence } from '../../../src-renderer/features/settings/sign-in-text.js';
import { actionErrorText } from '../../../src-renderer/format/action-error.js';
import { en } from '../../../src-renderer/i18n/index.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const NOW = Date.parse('2026-11-27T14:05:00.000Z');
const LAST = '2026-11-27T14:02:00.000Z';
const at = (seconds: number): string => new Date(NOW + seconds * 1000).toISOString();
const clock = (iso: string): string =>
  new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
const PRINT =
  'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

function footer(connection: Connection, t = en): string {
  return connectionText(connection, NOW, t, clock);
}

const failed = (failure: Failure, extra: Partial<Connection> = {}): Connection => ({
  state: failure.reason === 'tls-untrusted' ? 'stale' : 'offline',
  lastSuccessAt: LAST,
  error: { kind: 'transport', message: 'English for logs' },
  failure,
  ...extra,
});

describe('the footer says why a refresh failed', () => {
  it.each([
    [
      { reason: 'host-not-found', host: 'mail.contoso.com' },
      "Can't find mail.contoso.com",
      'mail.contoso.com을(를) 찾을 수 없습니다',
    ],
    [
      { reason: 'timeout', host: 'mail.contoso.com', seconds: 30 },
      "Exchange didn't answer in 30 s",
      'Exchange가 30초 안에 응답하지 않았습니다',
    ],
    [
      { reason: 'timeout', host: 'mail.contoso.com' },
      "Exchange didn't answer in time",
      'Exchange가 제시간에 응답하지 않았습니다',
    ],
    [
      { reason: 'timeout', host: 'mail.contoso.com', seconds: 0.3 },
      "Exchange didn't answer in 0.3 s",
      'Exchange가 0.3초 안에 응답하지 않았습니다',
    ],
    [
      {
        reason: 'tls-untrusted',
        host: 'mail.contoso.com',
        certificate: { subject: 'CN=mail.contoso.com', fingerprint256: PRINT },
      },
      'The server’s certificate isn’t trusted (CN=mail.contoso.com, SHA-256 AB:CD:EF:01:23…)',
      '서버의 인증서를 신뢰할 수 없습니다 (CN=mail.contoso.com, SHA-256 AB:CD:EF:01:23…)',
    ],
    [
      { reason: 'tls-untrusted', host: 'mail.contoso.com' },
      'The server’s certificate isn’t trusted',
      '서버의 인증서를 신뢰할 수 없습니다',
    ],
    [
      { reason: 'unreachable', host: 'mail.contoso.com' },
      'mail.contoso.com could not be reached',
      'mail.contoso.com에 연결할 수 없습니다',
    ],
    [
      { reason: 'server-busy' },
      'Exchange is busy, retrying…',
      'Exchange 서버가 사용 중입니다. 다시 시도하는 중…',
    ],
  ] as const)('%j', (failure, english, korean) => {
    const connection = failed(
      failure,
      failure.reason === 'server-busy'
        ? { error: { kind: 'http-status', message: 'HTTP 503' }, state: 'stale' }
        : {},
    );
    expect(footer(connection)).toBe(english);
    expect(footer(connection, ko)).toBe(korean);
  });

  it('adds the countdown to the next attempt', () => {
    const connection = failed(
      { reason: 'host-not-found', host: 'mail.contoso.com' },
      { retryAt: at(40) },
    );
    expect(footer(connection)).toBe("Can't find mail.contoso.com — retrying in 40 s");
    expect(footer(connection, ko)).toBe(
      'mail.contoso.com을(를) 찾을 수 없습니다 — 40초 후에 다시 시도합니다',
    );
  });

  it('a 503 (no EWS busy kind) is still "Exchange is busy"', () => {
    const connection: Connection = {
      state: 'stale',
      error: { kind: 'http-status', message: 'HTTP 503' },
      failure: { reason: 'server-busy' },
      retryAt: at(12),
    };
    expect(footer(connection)).toBe('Exchange is busy, retrying in 12 seconds');
  });
});

describe('the server asked for a pause', () => {
  it('counts the minutes left, then the seconds', () => {
    const busy = failed(
      { reason: 'server-busy' },
      { state: 'stale', error: { kind: 'throttled', message: '' } },
    );
    expect(footer({ ...busy, pausedUntil: at(3 * 60 + 20) })).toBe(
      'The server asked Beacon to pause — 4 min left',
    );
    expect(footer({ ...busy, pausedUntil: at(3 * 60 + 20) }, ko)).toBe(
      '서버가 Beacon에 잠시 멈추도록 요청했습니다 — 4분 남음',
    );
    expect(footer({ ...busy, pausedUntil: at(45) })).toBe(
      'The server asked Beacon to pause — 45 s left',
    );
    // A pause that has passed says nothing more.
    expect(footer({ ...busy, pausedUntil: at(-1) })).toBe('Exchange is busy, retrying…');
  });
});

describe('a refresh in flight', () => {
  it('keeps "Updated" for the first two seconds, then counts', () => {
    const online: Connection = { state: 'online', lastSuccessAt: LAST };
    expect(footer({ ...online, updatingSince: at(-1.5) })).toBe('Updated 14:02');
    expect(footer({ ...online, updatingSince: at(-12.4) })).toBe('Updating… 12 s');
    expect(footer({ ...online, updatingSince: at(-12.4) }, ko)).toBe('업데이트하는 중… 12초');
  });

  it('counts over a failure on screen too, but never over a refused sign-in', () => {
    const down = failed({ reason: 'host-not-found', host: 'mail.contoso.com' });
    expect(footer({ ...down, updatingSince: at(-3) })).toBe('Updating… 3 s');
    expect(footer({ state: 'auth-required', updatingSince: at(-3) })).toBe(
      'Exchange refused the sign-in',
    );
  });
});

describe('the failed Refresh and sign-in say which certificate was refused', () => {
  const failure: Failure = {
    reason: 'tls-untrusted',
    host: 'mail.contoso.com',
    certificate: { subject: 'CN=mail.contoso.com, O=Contoso', fingerprint256: PRINT },
  };

  it('in English', () => {
    expect(failureSentence(failure, en)).toBe(
      `The certificate of mail.contoso.com is not trusted, so Beacon did not send your password. It names CN=mail.contoso.com, O=Contoso; its SHA-256 fingerprint is ${PRINT}.`,
    );
    expect(en.footer.refreshFailed(actionErrorText({ code: 'server-error', failure }, en))).toMatch(
      /^Refresh did not work: The certificate of mail\.contoso\.com is not trusted/,
    );
  });

  it('in Korean', () => {
    expect(failureSentence(failure, ko)).toBe(
      `mail.contoso.com의 인증서를 신뢰할 수 없어 Beacon이 암호를 보내지 않았습니다. 인증서 이름은 CN=mail.contoso.com, O=Contoso이고 SHA-256 지문은 ${PRINT}입니다.`,
    );
    expect(
      ko.footer.refreshFailed(
        actionErrorText(
          { code: 'server-error', failure: { reason: 'host-not-found', host: 'x.invalid' } },
          ko,
        ),
      ),
    ).toBe(
      '새로 고치지 못했습니다: x.invalid을(를) 찾을 수 없습니다. 주소와 네트워크를 확인하세요.',
    );
  });
});
