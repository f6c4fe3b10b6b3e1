/**
 * Notices over the web shell's real socket: the companion on the schema-strict simulator, the
 * notice feed (reminders, voicemail alerts, IM) behind the shell. A voicemail dropped in through
 * the simulator's admin API reaches a connected page as exactly one `notice`, in plain text with
 * no bidirectional controls and in the page's language; a page that connects later is not sent it
 * again; a page's visibility reaches the core.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createNoticeFeed, type NoticeFeed } from '../../../src-main/core/notices/notice-feed.js';
import { hasBidiControls } from '../../../src-main/core/plain-text.js';
import { NoticeMessageSchema, type ServerMessage } from '../../../src-main/web/messages.js';
import { PageVisibility } from '../../../src-main/web/page-visibility.js';
import { startWebShell, type WebShell } from '../../../src-main/web/server.js';
import { ALEX, started, useCompanionHarness, type TestCompanion } from '../companion/support.js';
import { connect, type SocketClient } from './support.js';

const h = useCompanionHarness();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  test: TestCompanion;
  shell: WebShell;
  visible: boolean[];
  open(): Promise<SocketClient>;
}

async function start(): Promise<Running> {
  const test = await started(await h.companion());
  const feed: NoticeFeed = createNoticeFeed({ api: test.companion, clock: test.clock });
  feed.start();
  const visible: boolean[] = [];
  const visibility = new PageVisibility((v) => {
    visible.push(v);
    test.companion.setWindowVisible(v);
  });
  const shell = await startWebShell({
    api: test.companion,
    port: 0,
    staticDir: '/nonexistent',
    notices: feed,
    visibility,
  });
  cleanups.push(
    () => {
      feed.stop();
    },
    () => shell.close(),
  );
  return {
    test,
    shell,
    visible,
    open: async () => {
      const client = await connect(`ws://127.0.0.1:${shell.port}/ws?token=${shell.token}`);
      cleanups.push(async () => {
        client.socket.terminate();
        await client.closed;
      });
      return client;
    },
  };
}

/** Every message until none came for `quietMs`. */
async function drain(client: SocketClient, quietMs = 500): Promise<ServerMessage[]> {
  const seen: ServerMessage[] = [];
  for (;;) {
    try {
      seen.push(await client.next(quietMs));
    } catch {
      return seen;
    }
  }
}

const notices = (messages: ServerMessage[]): ServerMessage[] =>
  messages.filter((m) => m.type === 'notice');

describe('notices in the web shell', () => {
  it('sends a dropped-in voicemail to the page once, as plain text in its language', async () => {
    const running = await start();
    const { test } = running;
    const open = (): Promise<SocketClient> => running.open();
    const page = await open();
    page.send({ type: 'hello', timeZone: 'Asia/Seoul', locale: 'ko-KR' });
    await drain(page);

    await h.admin.dropVoicemail(ALEX, {
      callerName: '\u202EKim Minji\u202C <b>',
      callerNumber: '+82 2 555 0100',
      clip: 'diego',
    });
    await test.companion.refreshNow();
    const got = notices(await drain(page));

    expect(got).toHaveLength(1);
    const notice = NoticeMessageSchema.parse(got[0]);
    expect(notice.kind).toBe('voicemail');
    expect(notice.title.startsWith('Kim Minji <b> 님의 음성 메시지')).toBe(true);
    expect(hasBidiControls(notice.title)).toBe(false);
    expect(notice.body).toBe('Beacon에서 들을 수 있습니다.');
    expect(notice.actionLabel).toBe('재생');
    const item = test.companion
      .getSnapshot()
      .voicemail.find((v) => v.callerName?.includes('Kim Minji'));
    expect(notice.action).toEqual({ view: 'voicemail', id: item?.id, play: true });

    // A page that connects afterwards (a reconnect) is not sent the notice again.
    const later = await open();
    await test.companion.refreshNow();
    expect(notices(await drain(later))).toEqual([]);
    expect(notices(await drain(page))).toEqual([]);
  });

  it('tells the core whether any page is in sight', async () => {
    const running = await start();
    const { visible } = running;
    const open = (): Promise<SocketClient> => running.open();
    const page = await open();
    await drain(page, 200);
    expect(visible).toEqual([true]);
    page.send({ type: 'visibility', visible: false });
    await drain(page, 200);
    expect(visible).toEqual([true, false]);
    const other = await open();
    await drain(other, 200);
    expect(visible).toEqual([true, false, true]);
  });
});
