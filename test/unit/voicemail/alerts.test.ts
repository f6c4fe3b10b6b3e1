import { describe, expect, it } from 'vitest';
import type { Snapshot, VoicemailItem } from '../../../src-main/core/contract.js';
import { noticeText } from '../../../src-main/core/reminders/notice-text.js';
import {
  EMPTY_VOICEMAIL_MEMORY,
  planVoicemailAlerts,
  unreadVoicemailCount,
  type VoicemailAlertMemory,
} from '../../../src-main/voicemail/alerts/plan.js';
import { createVoicemailAlertService } from '../../../src-main/voicemail/alerts/alert-service.js';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { sampleSnapshot } from '../core/sample-snapshot.js';

function vm(id: string, extra: Partial<VoicemailItem> = {}): VoicemailItem {
  return {
    id,
    kind: 'voicemail',
    receivedAt: '2026-11-27T09:00:00.000Z',
    isRead: false,
    callerName: 'Kim Minji',
    callerNumber: '+82 2 312 3456',
    durationSeconds: 27,
    transcript: '',
    audio: { state: 'not-loaded' },
    ...extra,
  };
}

/** Online, with a voicemail list the latest refresh just read (unless `patch` says otherwise). */
function snap(items: VoicemailItem[], patch: Partial<Snapshot> = {}): Snapshot {
  const sample = sampleSnapshot();
  const listed =
    sample.connection.lastSuccessAt === undefined
      ? {}
      : { voicemailListedAt: sample.connection.lastSuccessAt };
  return { ...sample, ...listed, voicemail: items, ...patch };
}

/** An online Snapshot of a refresh at `at` whose voicemail read failed (last listed `listed`). */
function failedRead(items: VoicemailItem[], at: string, listed?: string): Snapshot {
  const s: Snapshot = {
    ...snap(items),
    connection: { state: 'online', lastSuccessAt: at },
  };
  if (listed === undefined) delete s.voicemailListedAt;
  else s.voicemailListedAt = listed;
  return s;
}

function run(
  snapshots: Snapshot[],
  memory: VoicemailAlertMemory = EMPTY_VOICEMAIL_MEMORY,
): string[][] {
  const out: string[][] = [];
  let m = memory;
  for (const s of snapshots) {
    const plan = planVoicemailAlerts(s, m);
    m = plan.memory;
    out.push(plan.due.map((n) => n.itemId));
  }
  return out;
}

describe('new voicemail alerts', () => {
  it('never announces what the first online list shows, then each new unread one once', () => {
    expect(
      run([
        snap([vm('a')], { connection: { state: 'connecting' } }),
        snap([vm('a'), vm('b')]),
        snap([vm('c'), vm('a'), vm('b')]),
        snap([vm('c'), vm('a'), vm('b')]),
        snap([vm('d', { isRead: true }), vm('e', { kind: 'missed-call' }), vm('c')]),
      ]),
    ).toEqual([[], [], ['c'], [], []]);
  });

  it('takes the first successful voicemail list as the baseline, whatever failed before it', () => {
    const first = '2026-11-27T09:00:00.000Z';
    const second = '2026-11-27T09:01:00.000Z';
    const third = '2026-11-27T09:02:00.000Z';
    const list = [vm('c'), vm('b'), vm('a')];
    expect(
      run([
        // Online, but the voicemail read failed: its empty list is no baseline.
        failedRead([], first),
        // Failed again, with a list from an earlier session's cache (listed long before).
        failedRead([vm('a')], second, '2026-11-20T08:00:00.000Z'),
        // The first list Exchange gave: the baseline, nothing announced.
        failedRead(list, third, third),
        // The next failure keeps what is known; a new one after it is announced once.
        failedRead([vm('d'), ...list], '2026-11-27T09:03:00.000Z', '2026-11-27T09:03:00.000Z'),
        failedRead([vm('d'), ...list], '2026-11-27T09:04:00.000Z', '2026-11-27T09:03:00.000Z'),
      ]),
    ).toEqual([[], [], [], ['d'], []]);
  });

  it('starts over after a sign-in to another account', () => {
    const other = {
      account: {
        mode: 'exchange' as const,
        mailbox: 'kim@contoso.example',
        displayName: 'Kim',
        signIn: 'signed-in' as const,
      },
    };
    expect(run([snap([vm('a')]), snap([vm('x')], other), snap([vm('y'), vm('x')], other)])).toEqual(
      [[], [], ['y']],
    );
  });

  it('says who called and for how long, in English and Korean, with Play when playable', () => {
    const plan = planVoicemailAlerts(
      snap([vm('n'), vm('a')]),
      planVoicemailAlerts(snap([vm('a')]), EMPTY_VOICEMAIL_MEMORY).memory,
    );
    const [notice] = plan.due;
    if (notice === undefined) throw new Error('expected a notice');
    expect(noticeText(notice, { locale: 'en-GB', timeZone: 'UTC' })).toEqual({
      title: 'Voicemail from Kim Minji (0:27)',
      body: 'Play it in Beacon.',
      actionLabel: 'Play',
    });
    expect(noticeText(notice, { locale: 'ko-KR', timeZone: 'Asia/Seoul' })).toEqual({
      title: 'Kim Minji 님의 음성 메시지 (0:27)',
      body: 'Beacon에서 들을 수 있습니다.',
      actionLabel: '재생',
    });
    const locked = planVoicemailAlerts(
      snap([vm('p', { kind: 'protected', callerName: undefined, durationSeconds: 75 })]),
      { account: 'exchange:alex@contoso.example', baselined: true, known: new Set() },
    ).due[0];
    if (locked === undefined) throw new Error('expected a notice');
    expect(noticeText(locked, { locale: 'en', timeZone: 'UTC' })).toEqual({
      title: 'Voicemail from +82 2 312 3456 (1:15)',
      body: 'Play it in Beacon.',
    });
  });

  it('counts unread voicemail for the tray, not read, missed or deleting ones', () => {
    expect(
      unreadVoicemailCount(
        snap([
          vm('a'),
          vm('b'),
          vm('c', { isRead: true }),
          vm('d', { kind: 'missed-call' }),
          vm('e', { deletingUntil: '2026-11-27T09:00:05.000Z' }),
        ]),
      ),
    ).toBe(2);
  });

  it('the service notifies once per item from the Snapshots it is given', () => {
    let current = snap([vm('a')]);
    const listeners = new Set<(s: Snapshot) => void>();
    const shown: Notice[] = [];
    const service = createVoicemailAlertService({
      api: {
        getSnapshot: () => current,
        subscribe: (l) => {
          listeners.add(l);
          return () => listeners.delete(l);
        },
      },
      notify: (n) => shown.push(n),
    });
    service.start();
    const push = (s: Snapshot): void => {
      current = s;
      for (const l of listeners) l(s);
    };
    push(snap([vm('b'), vm('a')]));
    push(snap([vm('b'), vm('a')]));
    service.stop();
    push(snap([vm('c'), vm('b'), vm('a')]));
    expect(shown.map((n) => n.id)).toEqual(['voicemail:b']);
  });
});
