/**
 * The demo peers speak the window's language: their status notes, the bot's answers and the
 * echo's lead-in come from the provider in English or Korean, and a language switch sends the
 * notes again and changes the next answer, while the text the echo repeats stays the user's own.
 */
import { describe, expect, it } from 'vitest';
import type { ImPresence, IncomingMessage } from '../../../src-main/im/provider.js';
import {
  DEMO_BOT,
  DEMO_ECHO,
  DemoImProvider,
  type DemoProviderOptions,
} from '../../../src-main/im/demo/demo-provider.js';
import { demoWordsFor } from '../../../src-main/im/demo/demo-words.js';

const HANGUL = /[\uac00-\ud7a3]/;

/** A clock whose timers run when the test moves time on. */
function manualClock(): DemoProviderOptions['clock'] & { advance(ms: number): void } {
  let now = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  return {
    now: () => now,
    setTimer(at, fn) {
      const timer = { at, fn, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    advance(ms) {
      now += ms;
      for (const timer of timers.filter((t) => t.live && t.at <= now).sort((a, b) => a.at - b.at)) {
        timer.live = false;
        timer.fn();
      }
    },
  };
}

function network(locale?: string) {
  const clock = manualClock();
  const provider = new DemoImProvider({
    clock,
    contacts: [],
    replyDelayMs: 300,
    ...(locale === undefined ? {} : { locale }),
  });
  const notes = new Map<string, string | undefined>();
  const presenceEvents: [string, ImPresence | undefined][] = [];
  const messages: IncomingMessage[] = [];
  provider.on('presence', (address, presence) => {
    presenceEvents.push([address, presence]);
    notes.set(address, presence?.status);
  });
  provider.on('message', (m) => messages.push(m));
  const answer = async (to: string, body: string): Promise<string | undefined> => {
    await provider.send(to, body);
    clock.advance(300);
    return messages.at(-1)?.body;
  };
  return { provider, notes, presenceEvents, messages, answer };
}

describe("the demo peers' words", () => {
  it('are English in an English window', async () => {
    const n = network('en-GB');
    await n.provider.connect();
    expect(n.notes.get(DEMO_BOT)).toBe('Send me a message: I answer');
    expect(n.notes.get(DEMO_ECHO)).toBe('I repeat what you write');
    expect(await n.answer(DEMO_BOT, 'hi')).toBe(
      'Hello! I am the demo bot. Sign in to your IM account in Settings to chat with real colleagues.',
    );
    expect(await n.answer(DEMO_ECHO, 'one & two')).toBe('You wrote: one & two');
  });

  it('are English when no language is given', async () => {
    const n = network();
    await n.provider.connect();
    expect(n.notes.get(DEMO_BOT)).toBe('Send me a message: I answer');
  });

  it("are Korean in a Korean window; the echo repeats the user's text as written", async () => {
    const n = network('ko-KR');
    await n.provider.connect();
    expect(n.notes.get(DEMO_BOT)).toBe('메시지를 보내 주시면 답장해 드려요');
    expect(n.notes.get(DEMO_ECHO)).toBe('보내신 글을 그대로 따라 해요');
    expect(await n.answer(DEMO_BOT, '안녕')).toBe(
      '안녕하세요! 저는 데모 봇이에요. 설정의 메신저에서 계정에 로그인하면 실제 동료와 대화할 수 있어요.',
    );
    expect(await n.answer(DEMO_ECHO, 'Hello there')).toBe('보내신 글: Hello there');
  });

  it('follow a language switch: the notes again at once, the next answer in the new language', async () => {
    const n = network('en');
    await n.provider.connect();
    expect(await n.answer(DEMO_BOT, 'one')).toMatch(/^Hello! I am the demo bot/);
    n.presenceEvents.length = 0;

    n.provider.setLocale('ko');
    expect(n.presenceEvents).toEqual([
      [DEMO_BOT, { availability: 'available', status: '메시지를 보내 주시면 답장해 드려요' }],
      [DEMO_ECHO, { availability: 'busy', status: '보내신 글을 그대로 따라 해요' }],
    ]);
    // The bot goes on with its next line, in Korean.
    expect(await n.answer(DEMO_BOT, 'two')).toBe(
      '연락 주셔서 반가워요. 위에 있는 동료들의 상태는 일정에서 가져와요.',
    );
    // The answer sent before the switch stays in the language it was sent in.
    expect(n.messages[0]?.body).toMatch(/^Hello! I am the demo bot/);

    // The same language again sends nothing; back to English sends the English notes.
    n.presenceEvents.length = 0;
    n.provider.setLocale('ko-KR');
    expect(n.presenceEvents).toEqual([]);
    n.provider.setLocale('en-US');
    expect(n.notes.get(DEMO_BOT)).toBe('Send me a message: I answer');
    expect(await n.answer(DEMO_BOT, 'three')).toBe(
      'Try "Tell me when available" on a contact who is in a meeting.',
    );
  });

  it('a switch while disconnected sends no presence, and connecting sends the new notes', async () => {
    const n = network('en');
    n.provider.setLocale('ko');
    expect(n.presenceEvents).toEqual([]);
    await n.provider.connect();
    expect(n.notes.get(DEMO_ECHO)).toBe('보내신 글을 그대로 따라 해요');
  });

  it('are, in Korean, Korean and different from the English, line for line', () => {
    const en = demoWordsFor('en');
    const ko = demoWordsFor('ko');
    expect(ko.botLines).toHaveLength(en.botLines.length);
    const pairs: [string, string][] = [
      [en.botStatus, ko.botStatus],
      [en.echoStatus, ko.echoStatus],
      [en.echoLead, ko.echoLead],
      ...en.botLines.map((line, i): [string, string] => [line, ko.botLines[i] ?? '']),
    ];
    for (const [english, korean] of pairs) {
      expect(korean).not.toBe(english);
      expect(korean).toMatch(HANGUL);
    }
    // A tag that is no language falls back to English instead of failing.
    expect(demoWordsFor('not a tag!').language).toBe('en');
  });
});
