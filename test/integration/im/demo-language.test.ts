/**
 * The demo peers follow the window's language through the core: a companion whose settings say
 * Korean starts them in Korean, and changing the language setting changes their notes in the
 * Snapshot at once and the bot's next answer, while answers already in the chat stay as sent.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_BOT, DEMO_ECHO } from '../../../src-main/im/demo/demo-provider.js';
import { started, useCompanionHarness, type TestCompanion } from '../companion/support.js';

const h = useCompanionHarness();
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function note(test: TestCompanion, address: string): string | undefined {
  return test.companion.getSnapshot().contacts.find((c) => c.address === address)?.presence.note;
}

function bodies(test: TestCompanion, peer: string): string[] {
  const found = test.companion.getSnapshot().conversations.find((c) => c.with === peer);
  return (found?.messages ?? []).filter((m) => m.direction === 'in').map((m) => m.body);
}

async function answered(test: TestCompanion, to: string, body: string): Promise<void> {
  await test.ok({ type: 'send-message', to, body });
  await test.advanceTo(test.clock.now() + 2000);
}

describe("the demo peers in the window's language", () => {
  it('a companion set to Korean starts them in Korean', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-demo-ko-'));
    dirs.push(dataDir);
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ locale: 'ko' }));
    const test = await started(await h.companion({ dataDir }));
    expect(test.companion.getSnapshot().settings.locale).toBe('ko');
    expect(note(test, DEMO_BOT)).toBe('메시지를 보내 주시면 답장해 드려요');
    expect(note(test, DEMO_ECHO)).toBe('보내신 글을 그대로 따라 해요');
    await answered(test, DEMO_ECHO, 'Hello');
    expect(bodies(test, DEMO_ECHO)).toEqual(['보내신 글: Hello']);
  });

  it('a language switch changes the notes at once and the next answer', async () => {
    const test = await started(await h.companion());
    expect(note(test, DEMO_BOT)).toBe('Send me a message: I answer');
    await answered(test, DEMO_BOT, 'one');

    await test.ok({ type: 'update-settings', settings: { locale: 'ko' } });
    expect(note(test, DEMO_BOT)).toBe('메시지를 보내 주시면 답장해 드려요');
    expect(note(test, DEMO_ECHO)).toBe('보내신 글을 그대로 따라 해요');
    await answered(test, DEMO_BOT, 'two');
    expect(bodies(test, DEMO_BOT)).toEqual([
      'Hello! I am the demo bot. Sign in to your IM account in Settings to chat with real colleagues.',
      '연락 주셔서 반가워요. 위에 있는 동료들의 상태는 일정에서 가져와요.',
    ]);

    // Back to the system's language (en-GB here).
    await test.ok({ type: 'update-settings', settings: { locale: null } });
    expect(note(test, DEMO_ECHO)).toBe('I repeat what you write');
    await answered(test, DEMO_BOT, 'three');
    expect(bodies(test, DEMO_BOT).at(-1)).toBe(
      'Try "Tell me when available" on a contact who is in a meeting.',
    );
  });
});
