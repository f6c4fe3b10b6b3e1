/**
 * Voicemail in the window, measured in Chromium against the web shell, the companion and the
 * simulator (the e2e stack):
 * - 200 voicemails in the Snapshot → the list rendered and painted, on opening the tab (≤ 100 ms);
 * - GetItem requests to read the details of 200 new voicemails (the simulator's request log);
 * - Play → the audio element is `playing`, for a 60 s MP3 not yet cached (≤ 300 ms), with the
 *   core's part (until the audio is ready) and when the peaks follow;
 * - peak RSS of the web shell process (`npm run web`, its own demo mailbox) while playing;
 * - the audio cache's size after 200 plays with a 10 MB cap.
 * The 60 s MP3 is the committed 12.6 s clip's bytes five times over (MP3 frames stand alone), sent
 * through the simulator's admin API; no tool beyond Chromium is needed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { TRAY_WINDOW_SIZE } from '../../src-main/electron/window/tray-window.js';
import {
  ALEX,
  CHROMIUM_PATH,
  REPO_ROOT,
  buildRenderer,
  startStack,
  type Stack,
} from '../e2e/support.js';
import { markdownTable, median } from './stats.js';

const AUTOPLAY = '--autoplay-policy=no-user-gesture-required';
const LIST_RUNS = 15;
const PLAY_RUNS = 7;
const CACHE_PLAYS = 200;
const CACHE_CAP_MB = 10;
const CLIP = readFileSync(path.join(REPO_ROOT, 'assets/voicemail/voicemail-1.mp3'));

async function refreshUntil(stack: Stack, done: () => boolean): Promise<void> {
  for (let i = 0; i < 40 && !done(); i += 1) {
    await stack.companion.execute({ type: 'refresh-now' });
    await stack.companion.whenIdle();
  }
  if (!done()) throw new Error('the companion did not list the dropped voicemail');
}

async function dropVoicemails(stack: Stack, count: number, offsetMinutes: number): Promise<void> {
  const base = stack.clock.now() - offsetMinutes * 60_000;
  for (let i = 0; i < count; i += 1)
    await stack.admin.dropVoicemail(ALEX, {
      callerName: `Caller ${String(offsetMinutes)}-${String(i)}`,
      callerNumber: `+1425555${String(1000 + i).slice(-4)}`,
      clip: 'diego',
      isRead: true,
      received: new Date(base - i * 60_000).toISOString(),
    });
}

async function openVoicemailWindow(stack: Stack, page: Page): Promise<void> {
  await page.goto(stack.shell.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/**
 * Today → Voicemail, timed in the page from the click to the frame after the list is drawn; the
 * list is virtual (the rows in sight are drawn), and `rows` is the size it announces.
 */
async function listRenderMs(page: Page): Promise<{ ms: number; rows: number }> {
  await page.getByRole('tab', { name: 'Today', exact: true }).click();
  await page.getByRole('tabpanel').waitFor();
  const json = await page.evaluate<string>(`(async () => {
    const tab = document.getElementById('tab-voicemail');
    const start = performance.now();
    tab.click();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const first = document.querySelector('.vm-item');
    return JSON.stringify({
      ms: performance.now() - start,
      rows: first === null ? 0 : Number(first.getAttribute('aria-setsize')),
    });
  })()`);
  return JSON.parse(json) as { ms: number; rows: number };
}

/** Play pressed on a voicemail whose audio is not cached → the audio element's `playing`. */
async function playStartMs(stack: Stack, page: Page, caller: string): Promise<number> {
  const item = stack.companion.getSnapshot().voicemail.find((v) => v.callerName === caller);
  if (item?.audio.state !== 'not-loaded')
    throw new Error(`${caller}: audio is ${String(item?.audio.state)}, not uncached`);
  await page.getByTestId('voicemail-row').filter({ hasText: caller }).click();
  await page.getByTestId('voicemail-play').waitFor();
  const json = await page.evaluate<string>(`new Promise((resolve) => {
    const start = performance.now();
    document.addEventListener('playing', () => resolve(JSON.stringify(performance.now() - start)), {
      capture: true,
      once: true,
    });
    document.querySelector('[data-testid="voicemail-play"]').click();
  })`);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Voicemail', exact: true }).click();
  return JSON.parse(json) as number;
}

async function windowBenches(): Promise<string[][]> {
  const stack = await startStack({ chromiumArgs: [AUTOPLAY] });
  try {
    const present = stack.companion.getSnapshot().voicemail.length;
    await dropVoicemails(stack, 200 - present, 600);
    await stack.admin.clearRequests();
    await refreshUntil(stack, () => stack.companion.getSnapshot().voicemail.length >= 200);
    // GetItems for the new items' details (the simulator's request log).
    const getItems = (await stack.admin.requestsFor('GetItem')).length;

    const context = await stack.browser.newContext({ viewport: { ...TRAY_WINDOW_SIZE } });
    const page = await context.newPage();
    await openVoicemailWindow(stack, page);
    const list: number[] = [];
    for (let i = 0; i < LIST_RUNS; i += 1) {
      const run = await listRenderMs(page);
      if (run.rows !== 200) throw new Error(`rendered ${String(run.rows)} rows, not 200`);
      if (i > 0) list.push(run.ms); // the first opening also loads fonts and styles
    }

    const play: number[] = [];
    for (let i = 0; i < PLAY_RUNS; i += 1) {
      const caller = `Long message ${String(i)}`;
      await stack.admin.dropVoicemail(ALEX, {
        callerName: caller,
        callerNumber: '+14255550199',
        audio: {
          base64: CLIP.toString('base64'),
          contentType: 'audio/mpeg',
          fileName: 'long.mp3',
          sizeBytes: CLIP.length * 5,
        },
        durationSeconds: 60,
        isRead: true,
      });
      await refreshUntil(stack, () =>
        stack.companion.getSnapshot().voicemail.some((v) => v.callerName === caller),
      );
      play.push(await playStartMs(stack, page, caller));
    }
    await context.close();

    // The same audio prepared by the core alone (GetAttachment, format, cache) until it is
    // ready, and then until its peaks are in, no window.
    const prepare: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < PLAY_RUNS; i += 1) {
      const caller = `Core only ${String(i)}`;
      await stack.admin.dropVoicemail(ALEX, {
        callerName: caller,
        callerNumber: '+14255550199',
        audio: {
          base64: CLIP.toString('base64'),
          contentType: 'audio/mpeg',
          sizeBytes: CLIP.length * 5,
        },
        isRead: true,
      });
      await refreshUntil(stack, () =>
        stack.companion.getSnapshot().voicemail.some((v) => v.callerName === caller),
      );
      const id = stack.companion.getSnapshot().voicemail.find((v) => v.callerName === caller)?.id;
      if (id === undefined) continue;
      const start = performance.now();
      await stack.companion.execute({ type: 'prepare-voicemail-audio', id });
      prepare.push(performance.now() - start);
      await stack.companion.whenIdle();
      peaks.push(performance.now() - start);
    }
    return [
      ['200 voicemails → list rendered (Chromium)', `${median(list).toFixed(1)} ms`, '≤ 100 ms'],
      ['GetItem requests to read 200 new voicemails', String(getItems), '—'],
      ['Play → playing, 60 s MP3 not cached', `${median(play).toFixed(1)} ms`, '≤ 300 ms'],
      ['… of which the core makes the audio ready', `${median(prepare).toFixed(1)} ms`, '—'],
      [
        'Prepare → peaks in (after ready, off the Play path)',
        `${median(peaks).toFixed(1)} ms`,
        '—',
      ],
    ];
  } finally {
    await stack.close();
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(at) : statSync(at).size;
  }
  return total;
}

/** 200 plays as the window does them (prepare, then GET the audio), with the cap at 10 MB. */
async function cacheBench(): Promise<string[][]> {
  const stack = await startStack();
  try {
    const set = await stack.companion.execute({
      type: 'update-settings',
      settings: { voicemail: { cacheMegabytes: CACHE_CAP_MB } },
    });
    if (!set.ok) throw new Error('could not set the cache cap');
    let played = 0;
    let cacheDir: string | undefined;
    let batch = 0;
    while (played < CACHE_PLAYS) {
      batch += 1;
      const callers = Array.from({ length: 50 }, (_, i) => `Cache ${String(batch)}-${String(i)}`);
      for (const caller of callers)
        await stack.admin.dropVoicemail(ALEX, {
          callerName: caller,
          callerNumber: '+14255550100',
          audio: {
            base64: CLIP.toString('base64'),
            contentType: 'audio/mpeg',
            sizeBytes: CLIP.length * 5,
          },
          isRead: true,
        });
      await refreshUntil(stack, () =>
        callers.every((c) =>
          stack.companion.getSnapshot().voicemail.some((v) => v.callerName === c),
        ),
      );
      for (const caller of callers) {
        const item = stack.companion.getSnapshot().voicemail.find((v) => v.callerName === caller);
        if (item === undefined) continue;
        await stack.companion.execute({ type: 'prepare-voicemail-audio', id: item.id });
        await stack.companion.whenIdle();
        const audio = stack.companion.getSnapshot().voicemail.find((v) => v.id === item.id)?.audio;
        if (audio?.state !== 'ready') continue;
        const key = audio.src.slice('voicemail-audio/'.length);
        const file = await stack.companion.voicemailAudio.open(key, 'playable');
        if (file !== undefined) cacheDir ??= path.dirname(file.filePath);
        played += 1;
      }
    }
    if (cacheDir === undefined) throw new Error('no audio was cached');
    const mb = folderBytes(cacheDir) / (1024 * 1024);
    return [
      [
        `Audio cache after ${String(played)} plays (cap ${String(CACHE_CAP_MB)} MB)`,
        `${mb.toFixed(1)} MB`,
        `≤ ${String(CACHE_CAP_MB)} MB`,
      ],
    ];
  } finally {
    await stack.close();
  }
}

/** `npm run web` on its own demo mailbox, Chromium playing every voicemail: the shell's VmHWM. */
async function webShellPlayingRss(): Promise<string[][]> {
  // As `npm run web` does first (preweb): the shell serves the renderer built from these sources.
  await buildRenderer(path.join(REPO_ROOT, 'out/renderer'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'beacon-vm-bench-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(REPO_ROOT, 'src-main/web/main.ts'),
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', AUTOPLAY],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const found = /https?:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
        if (found) resolve(found[0]);
      });
      child.once('exit', (code) => {
        reject(new Error(`web shell exited with ${String(code)}`));
      });
    });
    const context = await browser.newContext({ viewport: { ...TRAY_WINDOW_SIZE } });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('tab', { name: 'Voicemail', exact: true }).click();
    await page.getByTestId('voicemail-list').waitFor();
    const rows = await page.getByTestId('voicemail-row').count();
    for (let i = 0; i < rows; i += 1) {
      await page.getByTestId('voicemail-row').nth(i).click();
      const play = page.getByRole('button', { name: 'Play' });
      if ((await play.count()) > 0) {
        await play.click();
        await page.waitForTimeout(1500);
      }
      await page.getByRole('button', { name: 'Voicemail', exact: true }).click();
    }
    const status = readFileSync(`/proc/${String(child.pid)}/status`, 'utf8');
    const hwmMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    await context.close();
    return [
      [
        `Web shell peak RSS while playing (${String(rows)} voicemails)`,
        `${hwmMb.toFixed(0)} MB`,
        '—',
      ],
    ];
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Each part prints as soon as it is measured; one that fails says why and the rest still run. */
const HEADER = ['Measure', 'Median / value', 'Target'];
console.log('\n## Voicemail\n');
const parts: [string, () => Promise<string[][]>][] = [
  ['window', windowBenches],
  ['web shell memory', webShellPlayingRss],
  ['audio cache', cacheBench],
];
const rows: string[][] = [];
for (const [name, part] of parts) {
  try {
    const measured = await part();
    rows.push(...measured);
    console.log(markdownTable(HEADER, measured));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    rows.push([`${name}: not measured`, reason ?? '', '—']);
    console.log(`${name}: not measured (${String(reason)})`);
  }
}
console.log('\n' + markdownTable(HEADER, rows));
