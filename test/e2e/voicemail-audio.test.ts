/**
 * The voicemail-audio route as Chromium's media stack uses it: a plain <audio> element in the
 * page the web shell serves, pointed at `voicemail-audio/<key>` for a file the companion really
 * fetched from the simulator and cached, plays (currentTime advances, no MediaError) and seeks
 * (which needs Range: the element asks for bytes from the middle and gets 206).
 * The full Voicemail view (waveform, buttons) is tested in voicemail.test.ts. Both backends: the
 * companion fetches the audio over EWS, then over Microsoft Graph, and the route is the same.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoicemailItem } from '../../src-main/core/contract.js';
import { BACKENDS, ZONE, startStack, type Stack } from './support.js';
import { serverErrors } from './server-errors.js';
import { openWindow, type OpenWindow } from './window-support.js';

/** Asks the companion for one caller's audio and waits until the Snapshot says it is ready. */
async function readyAudio(
  stack: Stack,
  caller: string,
): Promise<{ src: string; durationSeconds: number }> {
  const item = stack.companion
    .getSnapshot()
    .voicemail.find((v: VoicemailItem) => v.callerName === caller);
  if (item === undefined) throw new Error(`no voicemail from ${caller}`);
  const result = await stack.companion.execute({ type: 'prepare-voicemail-audio', id: item.id });
  expect(result.ok, JSON.stringify(result)).toBe(true);
  for (let i = 0; i < 200; i++) {
    const audio = stack.companion.getSnapshot().voicemail.find((v) => v.id === item.id)?.audio;
    if (audio?.state === 'ready') return { src: audio.src, durationSeconds: audio.durationSeconds };
    if (audio?.state === 'unplayable') throw new Error(`unplayable: ${audio.problem}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the audio from ${caller} never became ready`);
}

interface PlayReport {
  error: number | null;
  duration: number;
  playedTo: number;
  seekedTo: number;
  playedAfterSeek: number;
}

/**
 * Plays `src` in a fresh <audio>, then seeks to `seekTo` and plays on. Page code, written as a
 * script (the tests' TypeScript has no DOM types); it resolves with a PlayReport.
 */
const PLAY_AND_SEEK = `async ({ src, seekTo }) => {
  const audio = document.createElement('audio');
  audio.preload = 'auto';
  document.body.append(audio);
  const waitFor = (event) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ' + event + ' (error ' + (audio.error && audio.error.code) + ')')), 15000);
    audio.addEventListener(event, () => { clearTimeout(timer); resolve(); }, { once: true });
  });
  const until = async (test) => {
    const started = performance.now();
    while (!test()) {
      if (audio.error !== null) throw new Error('MediaError ' + audio.error.code);
      if (performance.now() - started > 15000) throw new Error('audio did not advance');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const loaded = waitFor('loadedmetadata');
  audio.src = src;
  await loaded;
  await audio.play();
  await until(() => audio.currentTime > 0.5);
  const playedTo = audio.currentTime;
  const seeked = waitFor('seeked');
  audio.currentTime = seekTo;
  await seeked;
  const seekedTo = audio.currentTime;
  await until(() => audio.currentTime > seekedTo + 0.3);
  const playedAfterSeek = audio.currentTime;
  audio.pause();
  return { error: audio.error ? audio.error.code : null, duration: audio.duration, playedTo, seekedTo, playedAfterSeek };
}`;

/** An <audio> pointed at an unknown key: the MediaError code it reports. */
const UNKNOWN_KEY_ERROR = `new Promise((resolve) => {
  const audio = document.createElement('audio');
  audio.addEventListener('error', () => resolve(audio.error ? audio.error.code : null));
  audio.src = 'voicemail-audio/' + 'x'.repeat(43);
})`;

function playAndSeek(page: Page, src: string, seekTo: number): Promise<PlayReport> {
  return page.evaluate<PlayReport>(`(${PLAY_AND_SEEK})(${JSON.stringify({ src, seekTo })})`);
}

describe.each(BACKENDS)(
  'voicemail-audio/<key> in Chromium, the mailbox over %s',
  { timeout: 60_000 },
  (backend) => {
    let stack: Stack;
    let window: OpenWindow;

    beforeAll(async () => {
      stack = await startStack({
        backend,
        chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
      });
      // The suite's backend really reads the mailbox (a fall-back to EWS would prove nothing).
      expect(stack.companion.getSnapshot().account.protocol).toBe(backend);
      window = await openWindow(stack, { locale: 'en-GB', timezoneId: ZONE });
      // The page's own clock is frozen by the window helper; media time must run for real.
      await window.context.clock.resume();
    }, 120_000);

    afterAll(async () => {
      await window.context.close();
      await stack.close();
    });

    it.each([
      ['Megan Bowen', 'MP3', 9],
      ['Contoso Pharmacy', 'WAV PCM', 3],
    ])(
      '%s (%s) plays, and seeking fetches the middle with a 206',
      async (caller, _format, seekTo) => {
        const { src, durationSeconds } = await readyAudio(stack, caller);
        expect(src).toMatch(/^voicemail-audio\/[A-Za-z0-9_-]{43}$/);
        const statuses: number[] = [];
        window.page.on('response', (response) => {
          if (response.url().includes(src)) statuses.push(response.status());
        });
        const report = await playAndSeek(window.page, src, seekTo);
        expect(report.error).toBeNull();
        expect(report.duration).toBeGreaterThan(durationSeconds - 1.5);
        expect(report.duration).toBeLessThanOrEqual(durationSeconds + 0.5);
        expect(report.playedTo).toBeGreaterThan(0.5);
        expect(report.seekedTo).toBeGreaterThanOrEqual(seekTo - 0.1);
        expect(report.playedAfterSeek).toBeGreaterThan(report.seekedTo);
        // Chromium's media loader always asks with Range; the shell answered with partial content.
        expect(statuses).toContain(206);
        expect(statuses.every((status) => status === 200 || status === 206)).toBe(true);
        expect(window.errors).toEqual([]);
      },
    );

    it('answers an unknown key with 404 and the element reports a MediaError', async () => {
      const code = await window.page.evaluate<number | null>(UNKNOWN_KEY_ERROR);
      expect(code).toBe(4); // MEDIA_ERR_SRC_NOT_SUPPORTED: nothing playable there
      window.errors.length = 0;
    });

    it('left no request the simulator answered with a server error of its own', async () => {
      expect(await serverErrors(stack.admin)).toEqual([]);
    });
  },
);
