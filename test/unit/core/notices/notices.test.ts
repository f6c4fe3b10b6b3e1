/**
 * The place a notice opens (noticeView and its schema), a notice as the web page's `notice`
 * message (plain text, bounded, in the page's language), the feed passing each id on once, and
 * the web shell's "is any page in sight".
 */
import { describe, expect, it } from 'vitest';
import type { Api, Snapshot } from '../../../../src-main/core/contract.js';
import { createNoticeFeed } from '../../../../src-main/core/notices/notice-feed.js';
import { OpenViewSchema, noticeView } from '../../../../src-main/core/notices/open-view.js';
import { hasBidiControls } from '../../../../src-main/core/plain-text.js';
import type { Notice } from '../../../../src-main/core/reminders/notice.js';
import { MAX_NOTICE_TEXT, NoticeMessageSchema } from '../../../../src-main/web/messages.js';
import { noticeMessage } from '../../../../src-main/web/notice-message.js';
import { PageVisibility } from '../../../../src-main/web/page-visibility.js';
import { FakeSchedulerClock } from '../fake-scheduler-clock.js';
import { sampleSnapshot } from '../sample-snapshot.js';

const MESSAGE: Notice = {
  kind: 'message',
  id: 'message:bot@demo.beacon.invalid:1',
  from: 'bot@demo.beacon.invalid',
  name: '\u202EKim\u202C',
  preview: 'hello',
};
const VOICEMAIL: Notice = {
  kind: 'voicemail',
  id: 'voicemail:AAMk=',
  itemId: 'AAMk=',
  callerName: 'Megan Bowen',
  durationSeconds: 27,
  playable: true,
};

describe('noticeView', () => {
  it('opens the conversation, the voicemail (playing only for Play), the agenda, contacts or OOF', () => {
    expect(noticeView(MESSAGE)).toEqual({ view: 'conversation', with: MESSAGE.from });
    expect(noticeView(VOICEMAIL)).toEqual({ view: 'voicemail', id: 'AAMk=', play: false });
    expect(noticeView(VOICEMAIL, true)).toEqual({ view: 'voicemail', id: 'AAMk=', play: true });
    expect(noticeView({ ...VOICEMAIL, playable: false }, true)).toEqual({
      view: 'voicemail',
      id: 'AAMk=',
      play: false,
    });
    expect(
      noticeView({ kind: 'contact-available', id: 'a', address: 'x@y.test', name: 'X' }),
    ).toEqual({ view: 'conversation', with: 'x@y.test' });
    expect(noticeView({ kind: 'held-messages', id: 'h', messages: 2, names: ['A'] })).toEqual({
      view: 'contacts',
    });
    expect(noticeView({ kind: 'oof-still-on', id: 'o' })).toEqual({ view: 'oof' });
  });

  it('the schema refuses anything but a known place', () => {
    expect(OpenViewSchema.safeParse({ view: 'agenda' }).success).toBe(true);
    expect(OpenViewSchema.safeParse({ view: 'settings' }).success).toBe(false);
    expect(OpenViewSchema.safeParse({ view: 'agenda', url: 'https://x' }).success).toBe(false);
    expect(OpenViewSchema.safeParse({ view: 'conversation', with: '' }).success).toBe(false);
  });
});

describe('noticeMessage', () => {
  it('words a message in the page language, without bidirectional controls', () => {
    const en = noticeMessage(MESSAGE, { locale: 'en-GB', timeZone: 'UTC' });
    expect(en).toEqual({
      type: 'notice',
      id: MESSAGE.id,
      kind: 'message',
      title: 'Message from Kim',
      body: 'hello',
      action: { view: 'conversation', with: MESSAGE.from },
    });
    const ko = noticeMessage(MESSAGE, { locale: 'ko-KR', timeZone: 'UTC' });
    expect(ko.title).toBe('Kim 님의 메시지');
    expect(hasBidiControls(ko.title)).toBe(false);
  });

  it('gives a voicemail its Play and a length, and cuts long text to the schema bound', () => {
    const vm = noticeMessage(VOICEMAIL, { locale: 'en', timeZone: 'UTC' });
    expect(vm.title).toBe('Voicemail from Megan Bowen (0:27)');
    expect(vm.actionLabel).toBe('Play');
    expect(vm.action).toEqual({ view: 'voicemail', id: 'AAMk=', play: true });
    const long = noticeMessage(
      { ...VOICEMAIL, callerName: 'x'.repeat(2000) },
      { locale: 'en', timeZone: 'UTC' },
    );
    expect(Array.from(long.title)).toHaveLength(MAX_NOTICE_TEXT);
    expect(long.title.endsWith('\u2026')).toBe(true);
    expect(NoticeMessageSchema.safeParse(long).success).toBe(true);
  });
});

describe('createNoticeFeed', () => {
  it('passes each IM notice on once, to every subscriber, and nothing after stop', () => {
    const snapshot: Snapshot = sampleSnapshot();
    const imListeners = new Set<(n: Notice) => void>();
    const api: Pick<Api, 'getSnapshot' | 'subscribe'> & {
      onNotice(l: (n: Notice) => void): () => void;
    } = {
      getSnapshot: () => snapshot,
      subscribe: () => () => undefined,
      onNotice: (listener) => {
        imListeners.add(listener);
        return () => imListeners.delete(listener);
      },
    };
    const feed = createNoticeFeed({ api, clock: new FakeSchedulerClock(Date.now()) });
    const a: string[] = [];
    const b: string[] = [];
    feed.subscribe((n) => a.push(n.id));
    feed.subscribe((n) => b.push(n.id));
    feed.start();
    const im = (n: Notice): void => {
      for (const l of imListeners) l(n);
    };
    im(MESSAGE);
    im(MESSAGE);
    im({ ...MESSAGE, id: 'message:bot@demo.beacon.invalid:2' });
    expect(a).toEqual([MESSAGE.id, 'message:bot@demo.beacon.invalid:2']);
    expect(b).toEqual(a);
    feed.stop();
    expect(imListeners.size).toBe(0);
  });
});

describe('PageVisibility', () => {
  it('is visible while any page is, and reports only changes', () => {
    const changes: boolean[] = [];
    const pages = new PageVisibility((v) => changes.push(v));
    const one = pages.connect();
    const two = pages.connect();
    one.set(false);
    expect(pages.visible).toBe(true);
    two.set(false);
    two.set(true);
    two.close();
    one.close();
    one.set(true);
    expect(changes).toEqual([true, false, true, false]);
    expect(pages.visible).toBe(false);
  });
});
