/**
 * The Teams line in Settings › Connection to Exchange: nothing while off or starting, "Teams is
 * showing your Beacon status" while on, and for a failure why (in English and Korean) and when
 * Beacon tries again.
 */
import { describe, expect, it } from 'vitest';
import { TEAMS_PUBLISHING_PROBLEMS } from '../../../src-main/core/contract.js';
import { teamsStatusLine } from '../../../src-renderer/features/settings/teams-status-text.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const clock = (iso: string): string => `<${iso.slice(11, 16)}>`;

describe('teamsStatusLine', () => {
  it('says nothing while off or starting, and that Teams shows the status while on', () => {
    expect(teamsStatusLine(undefined, en, clock)).toBeUndefined();
    expect(teamsStatusLine({ publishing: 'off' }, en, clock)).toBeUndefined();
    expect(teamsStatusLine({ publishing: 'starting' }, en, clock)).toBeUndefined();
    expect(teamsStatusLine({ publishing: 'on' }, en, clock)).toEqual({
      text: 'Teams is showing your Beacon status.',
      failing: false,
    });
  });

  it('says an organisation’s refusal and when Beacon tries again', () => {
    const teams = {
      publishing: 'failing',
      reason: 'not-allowed',
      retryAt: '2025-06-10T17:12:00.000Z',
    } as const;
    expect(teamsStatusLine(teams, en, clock)).toEqual({
      text: 'Teams is not accepting Beacon’s status: your organisation has not allowed it. Ask your administrator. Beacon will try again at <17:12>.',
      failing: true,
    });
    expect(teamsStatusLine(teams, ko, clock)?.text).toBe(
      'Teams가 Beacon의 상태를 받지 않습니다. 조직에서 허용하지 않았습니다. 관리자에게 문의하세요. <17:12>에 다시 시도합니다.',
    );
  });

  it('has its own words for every reason, in both languages, and a retry without a time', () => {
    for (const t of [en, ko]) {
      const texts = TEAMS_PUBLISHING_PROBLEMS.map(
        (reason) => teamsStatusLine({ publishing: 'failing', reason }, t, clock)?.text,
      );
      expect(new Set(texts).size).toBe(TEAMS_PUBLISHING_PROBLEMS.length);
      for (const text of texts) expect(text?.endsWith(t.protocol.teamsRetry)).toBe(true);
    }
  });
});
