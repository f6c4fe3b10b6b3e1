/** What a contact row says, and the chat line above the list, in English and Korean. */
import { describe, expect, it } from 'vitest';
import { ContactSchema, type Activity, type Contact } from '../../../src-main/core/contract.js';
import { MAX_CHAT_MESSAGE_LENGTH as CONTRACT_MAX } from '../../../src-main/core/contract.js';
import {
  contactActivity,
  imActionError,
  imFailureSentence,
  imLine,
  isFromCalendar,
} from '../../../src-renderer/features/contacts/contact-lines.js';
import { MAX_CHAT_MESSAGE_LENGTH } from '../../../src-renderer/features/chat/limits.js';
import { createFormatter } from '../../../src-renderer/format/formatter.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

const NOW = Date.parse('2025-06-10T17:07:00Z'); // Tue 10:07 in Los Angeles
const la = createFormatter('en-GB', 'America/Los_Angeles');
const laKo = createFormatter('ko', 'America/Los_Angeles');

function withPresence(activity: Activity, source: 'im' | 'calendar' | 'none'): Contact {
  return ContactSchema.parse({
    address: 'mina@contoso.example',
    name: 'Mina',
    groups: [],
    subscription: 'both',
    pendingOut: false,
    presence: {
      availability: 'in-a-meeting',
      activity,
      activityText: 'whatever the core said',
      note: '',
      oof: false,
      idle: false,
      source,
    },
    alertWhenAvailable: false,
    isDemo: false,
  });
}

describe('contactActivity', () => {
  it('says "In a meeting until 15:30" in the viewer zone', () => {
    const c = withPresence(
      { kind: 'in-a-meeting-until', until: '2025-06-10T22:30:00Z' },
      'calendar',
    );
    expect(contactActivity(c, en, la, NOW)).toBe('In a meeting until 15:30');
    expect(contactActivity(c, ko, laKo, NOW)).toBe(
      `${laKo.time('2025-06-10T22:30:00Z')}까지 회의 중`,
    );
  });

  it('names the day for an automatic reply that ends another day', () => {
    // Monday 16 June 09:00 in Los Angeles: within the week, so the weekday and the time.
    const c = withPresence({ kind: 'oof-until', until: '2025-06-16T16:00:00Z' }, 'calendar');
    expect(contactActivity(c, en, la, NOW)).toMatch(/^Out of office until Mon 09:00$/);
  });

  it('says nothing when nothing is known about the contact', () => {
    const c = withPresence({ kind: 'in-a-meeting-until', until: '2025-06-10T22:30:00Z' }, 'none');
    expect(contactActivity(c, en, la, NOW)).toBe('');
  });

  it('marks calendar-derived presence, and only that', () => {
    expect(isFromCalendar(withPresence({ kind: 'none' }, 'calendar'))).toBe(true);
    expect(isFromCalendar(withPresence({ kind: 'none' }, 'im'))).toBe(false);
  });
});

describe('imLine', () => {
  it('asks to sign in when chat is off, and says nothing when online', () => {
    expect(imLine({ state: 'off' }, en, la)).toEqual({ kind: 'sign-in', text: en.contacts.imOff });
    expect(imLine({ state: 'online', address: 'a@b.example' }, en, la)).toEqual({ kind: 'none' });
  });

  it('says when it retries, in the viewer zone', () => {
    const line = imLine({ state: 'offline', retryAt: '2025-06-10T21:05:00Z' }, en, la);
    expect(line).toEqual({ kind: 'status', text: 'Chat is offline — retrying at 14:05' });
    const koLine = imLine({ state: 'offline', retryAt: '2025-06-10T21:05:00Z' }, ko, laKo);
    expect(koLine.kind === 'status' && koLine.text).toBe(
      `대화 연결 끊김 — ${laKo.time('2025-06-10T21:05:00Z')}에 다시 시도합니다`,
    );
  });

  it('says a failure in words, naming the host', () => {
    expect(imLine({ state: 'failed', failure: { reason: 'wrong-password' } }, en, la)).toEqual({
      kind: 'failed',
      text: 'The chat server refused this address or password.',
    });
    expect(
      imFailureSentence({ reason: 'tls-untrusted', host: 'chat.contoso.example' }, en),
    ).toContain('chat.contoso.example');
    expect(imFailureSentence({ reason: 'unreachable', host: 'chat.contoso.example' }, ko)).toBe(
      'chat.contoso.example에 연결할 수 없습니다. 주소와 네트워크를 확인하세요.',
    );
  });

  it('words a refused command by its code when no failure says more', () => {
    expect(imActionError({ code: 'not-allowed' }, en)).toBe(
      'That is not possible while chat is not connected.',
    );
    expect(imActionError({ code: 'server-error', failure: { reason: 'timeout' } }, en)).toBe(
      en.contacts.failure.timeout,
    );
  });
});

describe('the renderer restates the contract', () => {
  it('with the same longest chat message', () => {
    expect(MAX_CHAT_MESSAGE_LENGTH).toBe(CONTRACT_MAX);
  });
});
