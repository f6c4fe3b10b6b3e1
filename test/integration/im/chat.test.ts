/**
 * Chat on the demo mailbox: the companion against the schema-strict simulator, with the demo
 * IM peers (product code, no server) on the companion's fake clock. Sending and its states,
 * typing, unread and read markers, notices while the window is hidden, Do not disturb holding
 * them, and finished conversations saved once to the simulator's Conversation History folder.
 */
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../src-main/core/contract.js';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { DEMO_BOT, DEMO_ECHO } from '../../../src-main/im/demo/demo-provider.js';
import {
  ALEX,
  NOW,
  started,
  useCompanionHarness,
  type TestCompanion,
} from '../companion/support.js';

const h = useCompanionHarness();
const SECOND = 1000;
const MINUTE = 60 * SECOND;

function conversation(test: TestCompanion, peer: string): Conversation {
  const found = test.companion.getSnapshot().conversations.find((c) => c.with === peer);
  if (found === undefined) throw new Error(`no conversation with ${peer}`);
  return found;
}

async function chatting(): Promise<{ test: TestCompanion; notices: Notice[] }> {
  const test = await started(await h.companion());
  const notices: Notice[] = [];
  test.companion.onNotice((n) => notices.push(n));
  return { test, notices };
}

/** Conversation History items other than the demo seed's own. */
async function savedConversations(): Promise<{ subject: string; body: string }[]> {
  const items = await h.admin.conversationHistory(ALEX);
  return items.filter((i) => !i.subject.includes('Megan Bowen'));
}

describe('chat with the demo peers', () => {
  it('a message goes sending → sent → delivered → displayed; the bot types and answers', async () => {
    const { test, notices } = await chatting();
    const at = test.clock.now();
    const sending = test.companion.execute({ type: 'send-message', to: DEMO_BOT, body: 'Hi bot' });
    // The message is on screen before the network answers.
    expect(conversation(test, DEMO_BOT).messages.map((m) => [m.body, m.state])).toEqual([
      ['Hi bot', 'sending'],
    ]);
    expect(await sending).toEqual({ ok: true });
    expect(conversation(test, DEMO_BOT).messages[0]?.state).toBe('sent');
    await test.advanceTo(at);
    expect(conversation(test, DEMO_BOT).messages[0]?.state).toBe('delivered');
    await test.advanceTo(at + 400);
    expect(conversation(test, DEMO_BOT).messages[0]?.state).toBe('displayed');
    expect(conversation(test, DEMO_BOT).typing).toBe(true);
    await test.advanceTo(at + 1200);
    const c = conversation(test, DEMO_BOT);
    expect(c.typing).toBe(false);
    expect(c.unread).toBe(1);
    expect(c.messages.map((m) => [m.direction, m.state])).toEqual([
      ['out', 'displayed'],
      ['in', 'delivered'],
    ]);
    // The window is hidden: the answer is a notice with the sender's name.
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'message', from: DEMO_BOT, name: 'Beacon Demo Bot' }),
    ]);

    await test.ok({ type: 'mark-conversation-read', with: DEMO_BOT });
    expect(conversation(test, DEMO_BOT).unread).toBe(0);
    expect(conversation(test, DEMO_BOT).messages[1]?.state).toBe('displayed');
  });

  it('the most recent conversation comes first, and a shown window gets no notice', async () => {
    const { test, notices } = await chatting();
    test.companion.setWindowVisible(true);
    await test.ok({ type: 'send-message', to: DEMO_BOT, body: 'one' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    await test.ok({ type: 'send-message', to: DEMO_ECHO, body: 'two' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    const { conversations } = test.companion.getSnapshot();
    expect(conversations.map((c) => c.with)).toEqual([DEMO_ECHO, DEMO_BOT]);
    expect(conversation(test, DEMO_ECHO).messages.at(-1)?.body).toBe('You wrote: two');
    expect(notices).toEqual([]);
  });

  it('Do not disturb holds notices and gives one summary when it ends', async () => {
    const { test, notices } = await chatting();
    await test.ok({
      type: 'set-manual-status',
      availability: 'do-not-disturb',
      expiry: 'never',
    });
    await test.ok({ type: 'send-message', to: DEMO_BOT, body: 'a' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    await test.ok({ type: 'send-message', to: DEMO_ECHO, body: 'b' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    expect(notices).toEqual([]);
    await test.ok({ type: 'reset-status' });
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'held-messages',
        messages: 2,
        names: ['Beacon Demo Echo', 'Beacon Demo Bot'],
      }),
    ]);
  });

  it('unknown conversations and an empty message are refused with a reason', async () => {
    const { test } = await chatting();
    const read = await test.companion.execute({ type: 'mark-conversation-read', with: 'x@y.z' });
    expect(read).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const empty = await test.companion.execute({ type: 'send-message', to: DEMO_BOT, body: '  ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-command' } });
    expect(test.companion.getSnapshot().conversations).toEqual([]);
  });
});

describe('conversation history', () => {
  it('close-conversation saves it once, in Lync form, every piece of text escaped', async () => {
    const { test } = await chatting();
    await test.ok({ type: 'send-message', to: DEMO_ECHO, body: '<b>hi</b> & "bye"' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    await test.ok({ type: 'close-conversation', with: DEMO_ECHO });
    await test.companion.whenIdle();
    const saved = await savedConversations();
    expect(saved).toHaveLength(1);
    expect(saved[0]?.subject).toBe('Conversation with Beacon Demo Echo');
    const body = saved[0]?.body ?? '';
    expect(body).toContain('&lt;b&gt;hi&lt;/b&gt; &amp; &quot;bye&quot;');
    expect(body).toContain('You wrote: &lt;b&gt;hi&lt;/b&gt;');
    expect(body).not.toContain('<b>hi</b>');
    expect(body).toContain('Alex Wilber');
    // 10:07 in Los Angeles, the viewer's zone.
    expect(body).toContain('10:07');
    expect(test.companion.getSnapshot().conversations).toEqual([]);
  });

  it('ten minutes of silence end a conversation: saved once, and a later one is a new item', async () => {
    const { test } = await chatting();
    await test.ok({ type: 'send-message', to: DEMO_BOT, body: 'first' });
    await test.advanceTo(NOW.getTime() + 9 * MINUTE);
    expect(await savedConversations()).toHaveLength(0);
    await test.advanceTo(NOW.getTime() + 12 * MINUTE);
    expect(await savedConversations()).toHaveLength(1);
    await test.advanceTo(NOW.getTime() + 30 * MINUTE);
    expect(await savedConversations()).toHaveLength(1);
    await test.ok({ type: 'send-message', to: DEMO_BOT, body: 'second' });
    await test.advanceTo(NOW.getTime() + 45 * MINUTE);
    const saved = await savedConversations();
    expect(saved).toHaveLength(2);
    expect(saved[1]?.body).toContain('second');
    expect(saved[1]?.body).not.toContain('first');
  });

  it('a failed save is retried with back-off and lands once', async () => {
    const { test } = await chatting();
    await h.admin.inject({ operation: 'CreateItem', kind: 'soap-fault', count: 1 });
    await test.ok({ type: 'send-message', to: DEMO_ECHO, body: 'keep me' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    const closedAt = test.clock.now();
    await test.ok({ type: 'close-conversation', with: DEMO_ECHO });
    await test.companion.whenIdle();
    expect(await savedConversations()).toHaveLength(0);
    expect(await h.admin.requestsFor('CreateItem')).toHaveLength(1);
    await test.advanceTo(closedAt + 31 * SECOND);
    expect(await savedConversations()).toHaveLength(1);
    await test.advanceTo(closedAt + 60 * MINUTE);
    expect(await savedConversations()).toHaveLength(1);
    expect(await h.admin.requestsFor('CreateItem')).toHaveLength(2);
  });

  it('with saveHistory off nothing is saved', async () => {
    const { test } = await chatting();
    await test.ok({ type: 'update-settings', settings: { im: { saveHistory: false } } });
    await test.ok({ type: 'send-message', to: DEMO_ECHO, body: 'private' });
    await test.advanceTo(test.clock.now() + 2 * SECOND);
    await test.ok({ type: 'close-conversation', with: DEMO_ECHO });
    await test.advanceTo(test.clock.now() + 30 * MINUTE);
    expect(await savedConversations()).toHaveLength(0);
    expect(await h.admin.requestsFor('CreateItem')).toHaveLength(0);
  });
});
