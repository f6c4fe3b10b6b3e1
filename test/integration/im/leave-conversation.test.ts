/**
 * Leaving a conversation's view closes the conversation in the core: the window's real store over
 * the real companion (the demo mailbox on the schema-strict simulator, the demo IM peers). The
 * core then saves it to Conversation History once and drops it from the Snapshot; a view that
 * opens again at once (React's development remount) closes nothing, and a chat opened but never
 * used sends nothing.
 */
import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../../src-main/core/contract.js';
import { DEMO_BOT, DEMO_ECHO } from '../../../src-main/im/demo/demo-provider.js';
import type { Bridge } from '../../../src-renderer/bridge/bridge.js';
import { createAppStore, type AppStore } from '../../../src-renderer/store/app-store.js';
import { ALEX, started, useCompanionHarness, type TestCompanion } from '../companion/support.js';

const h = useCompanionHarness();

interface Window {
  test: TestCompanion;
  store: AppStore;
  /** Every command the window sent, in order. */
  sent: CommandInput[];
  /** Their answers, still coming or come. */
  answers: Promise<unknown>[];
}

/** The window's store, its bridge straight to the companion (what the shells carry), recorded. */
async function windowOnCore(): Promise<Window> {
  const test = await started(await h.companion());
  const sent: CommandInput[] = [];
  const answers: Promise<unknown>[] = [];
  const { companion } = test;
  const bridge: Bridge = {
    getSnapshot: () => companion.getSnapshot(),
    subscribe: (listener) => companion.subscribe(listener),
    execute: (command) => {
      sent.push(command);
      const answer = companion.execute(command);
      answers.push(answer);
      return answer;
    },
  };
  return { test, store: createAppStore(bridge), sent, answers };
}

async function chatWith(w: Window, peer: string, body: string): Promise<void> {
  await w.test.ok({ type: 'send-message', to: peer, body });
  await w.test.advanceTo(w.test.clock.now() + 2000);
  expect(open(w)).toContain(peer);
}

const open = (w: Window): string[] =>
  w.test.companion.getSnapshot().conversations.map((c) => c.with);

/** Lets the store's deferred close go out, and the core finish what it started. */
async function settle(w: Window): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.all(w.answers);
  await w.test.companion.whenIdle();
}

async function savedSubjects(): Promise<string[]> {
  const items = await h.admin.conversationHistory(ALEX);
  return items.map((i) => i.subject).filter((s) => !s.includes('Megan Bowen'));
}

describe('leaving a conversation view', () => {
  it('Back closes the conversation: saved to Conversation History once, gone from the Snapshot', async () => {
    const w = await windowOnCore();
    await chatWith(w, DEMO_ECHO, 'hello');
    w.store.getState().showConversation(DEMO_ECHO);
    expect(w.store.getState().conversationShown).toBe(DEMO_ECHO);

    w.store.getState().leaveConversation(DEMO_ECHO);
    await settle(w);
    expect(w.sent.filter((c) => c.type === 'close-conversation')).toEqual([
      { type: 'close-conversation', with: DEMO_ECHO },
    ]);
    expect(open(w)).toEqual([]);
    expect(await savedSubjects()).toEqual(['Conversation with Beacon Demo Echo']);
    expect(w.store.getState().conversationShown).toBeUndefined();
  });

  it('opening another conversation closes the one left, not the one opened', async () => {
    const w = await windowOnCore();
    await chatWith(w, DEMO_ECHO, 'one');
    await chatWith(w, DEMO_BOT, 'two');
    w.store.getState().showConversation(DEMO_ECHO);
    // A notice opened the bot's conversation in the same place: the view left the echo's.
    w.store.getState().leaveConversation(DEMO_ECHO);
    w.store.getState().showConversation(DEMO_BOT);
    await settle(w);
    expect(open(w)).toEqual([DEMO_BOT]);
    expect(await savedSubjects()).toEqual(['Conversation with Beacon Demo Echo']);
  });

  it('a view that opens again at once (a remount) closes nothing', async () => {
    const w = await windowOnCore();
    await chatWith(w, DEMO_ECHO, 'still here');
    w.store.getState().showConversation(DEMO_ECHO);
    w.store.getState().leaveConversation(DEMO_ECHO);
    w.store.getState().showConversation(DEMO_ECHO);
    await settle(w);
    expect(w.sent.filter((c) => c.type === 'close-conversation')).toEqual([]);
    expect(open(w)).toEqual([DEMO_ECHO]);
    expect(await savedSubjects()).toEqual([]);
  });

  it('a chat opened and left without a word sends nothing (the core holds no conversation)', async () => {
    const w = await windowOnCore();
    w.store.getState().showConversation(DEMO_BOT);
    w.store.getState().leaveConversation(DEMO_BOT);
    await settle(w);
    expect(w.sent).toEqual([]);
    expect(w.store.getState().actions['chat-signal'].error).toBeUndefined();
  });
});
