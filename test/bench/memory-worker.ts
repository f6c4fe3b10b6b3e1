/**
 * One core process for memory-bench.ts: the companion signed in as alex@beacon.test to the
 * simulator at argv[2] (another process), optionally with an IM roster of argv[3] contacts; waits
 * for argv[4] voicemails and the live-update stream, then prints process.memoryUsage() after a
 * forced GC (run with --expose-gc), and again after it stood idle for MEMORY_BENCH_SETTLE_MS
 * (3 s unless set): right after the sign-in, freed memory is still on its way back to the system
 * (the same core measured 134-160 MB RSS at once and 114-115 MB after 3 or 10 s). argv[5]
 * (optional) writes a heap snapshot there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { createCompanion } from '../../src-main/core/companion/index.js';
import { ScriptedRoster } from '../integration/im/scripted-roster.js';

const [baseUrl = '', contactsArg = '0', voicemailArg = '0', snapshotPath] = process.argv.slice(2);
const contacts = Number(contactsArg);
const voicemails = Number(voicemailArg);
const ALEX = 'alex@beacon.test';
const ewsUrl = `${baseUrl}/EWS/Exchange.asmx`;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'beacon-memory-bench-'));
const addresses = Array.from({ length: contacts }, (_, i) => `contact${String(i)}@beacon.test`);
const companion = await createCompanion({
  dataDir,
  timeZone: 'UTC',
  locale: 'en-GB',
  openExternal: () => undefined,
  startDemoMailbox: () =>
    Promise.resolve({
      ewsUrl,
      users: [{ email: ALEX, displayName: 'Alex Wilber', password: 'alex-password', token: '' }],
      close: () => Promise.resolve(),
    }),
  createImProvider: () => new ScriptedRoster(addresses, new Set(addresses.slice(-100))),
});
companion.start();
await companion.whenIdle();
const signedIn = await companion.execute({
  type: 'sign-in',
  mailbox: ALEX,
  password: 'alex-password',
  ewsUrl,
});
if (!signedIn.ok) throw new Error('sign-in failed');
await until('online', () => companion.getSnapshot().connection.state === 'online');
await until('voicemail', () => companion.getSnapshot().voicemail.length >= voicemails);
await until('stream', () => companion.getSnapshot().connection.updates?.mode === 'streaming');
if (contacts > 0) {
  const im = await companion.execute({
    type: 'im-sign-in',
    address: ALEX,
    password: 'bench',
    remember: false,
  });
  if (!im.ok) throw new Error('IM sign-in failed');
  await until('contacts', () => companion.getSnapshot().contacts.length >= contacts);
}
await companion.whenIdle();
gc();
await new Promise((resolve) => setTimeout(resolve, 50));
gc();
const atOnce = process.memoryUsage();
await new Promise((resolve) =>
  setTimeout(resolve, Number(process.env.MEMORY_BENCH_SETTLE_MS ?? 3000)),
);
gc();
const memory = process.memoryUsage();
if (snapshotPath !== undefined) writeHeapSnapshot(snapshotPath);
const snapshot = companion.getSnapshot();
process.stdout.write(
  `${JSON.stringify({
    rss: memory.rss,
    rssAtOnce: atOnce.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    arrayBuffers: memory.arrayBuffers,
    agenda: snapshot.agenda.length,
    contacts: snapshot.contacts.length,
    voicemail: snapshot.voicemail.length,
  })}\n`,
);
await companion.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
