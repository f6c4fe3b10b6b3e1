import { describe, expect, it } from 'vitest';
import type { Snapshot, VoicemailItem } from '../../../src-main/core/contract.js';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { createNotifier } from '../../../src-main/electron/os/notifier.js';
import { trayModel } from '../../../src-main/electron/tray/tray-model.js';
import { trayStrings } from '../../../src-main/electron/tray/tray-strings.js';
import { createFakeElectron, fakeEvent } from '../../support/electron-fake.js';
import { sampleSnapshot } from '../core/sample-snapshot.js';

const voicemail: Notice = {
  kind: 'voicemail',
  id: 'voicemail:vm1',
  itemId: 'vm1',
  callerName: 'Kim Minji',
  durationSeconds: 27,
  playable: true,
};

function setUp() {
  const electron = createFakeElectron('darwin');
  const played: string[] = [];
  const joined: string[] = [];
  const notifier = createNotifier({
    electron: electron.platform,
    text: () => ({ title: 'Voicemail from Kim Minji (0:27)', body: '', actionLabel: 'Play' }),
    onOpen: () => undefined,
    onJoin: (id) => joined.push(id),
    onPlayVoicemail: (id) => played.push(id),
  });
  return { electron, notifier, played, joined };
}

describe('voicemail notices in the Electron shell', () => {
  it('Play (the first action) asks for that voicemail, never a join', () => {
    const { electron, notifier, played, joined } = setUp();
    notifier.show(voicemail);
    expect(electron.notifications[0]?.options.actions).toEqual([{ type: 'button', text: 'Play' }]);
    electron.notifications[0]?.emit('action', fakeEvent({ actionIndex: 0, selectionIndex: -1 }));
    expect(played).toEqual(['vm1']);
    expect(joined).toEqual([]);
  });

  it('offers no Play for a voicemail that cannot be played here', () => {
    const { electron, notifier } = setUp();
    notifier.show({ ...voicemail, playable: false });
    expect(electron.notifications[0]?.options.actions).toBeUndefined();
  });
});

describe('the tray tooltip with voicemail', () => {
  const item = (id: string, isRead: boolean): VoicemailItem => ({
    id,
    kind: 'voicemail',
    receivedAt: '2026-11-27T09:00:00.000Z',
    isRead,
    transcript: '',
    audio: { state: 'not-loaded' },
  });
  const options = (lang: 'en' | 'ko') => ({
    strings: trayStrings(lang),
    time: {
      locale: lang === 'en' ? 'en-GB' : 'ko-KR',
      timeZone: 'Europe/Berlin',
      now: new Date('2026-11-27T09:02:00Z'),
    },
    pinned: false,
    autostart: undefined,
  });

  it('counts unread voicemails in English and Korean', () => {
    const s: Snapshot = {
      ...sampleSnapshot(),
      presence: { ...sampleSnapshot().presence, oof: false },
      voicemail: [item('a', false), item('b', false), item('c', true)],
    };
    expect(trayModel(s, options('en')).tooltip).toMatch(/ · 2 new voicemails$/);
    expect(trayModel(s, options('ko')).tooltip).toMatch(/ · 새 음성 메시지 2개$/);
    const one = { ...s, voicemail: [item('a', false)] };
    expect(trayModel(one, options('en')).tooltip).toMatch(/ · 1 new voicemail$/);
    const none = { ...s, voicemail: [item('c', true)] };
    expect(trayModel(none, options('en')).tooltip).not.toMatch(/voicemail/);
  });
});
