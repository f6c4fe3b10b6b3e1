/**
 * For phone-lazy.test.ts, in a process of its own with every module it resolves recorded
 * (../auth/record-imports.mjs): the companion signs in to the simulator with a password and lists
 * the seeded voicemails (callers with numbers among them), then Call back is pressed on one.
 * Prints one JSON line: the list, whether libphonenumber-js had been loaded after the list and
 * after Call back, and what Call back opened.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'beacon-phone-lazy-'));
const log = join(dir, 'imports.log');
register(new URL('../auth/record-imports.mjs', import.meta.url), { data: { log } });
const phoneLoaded = (): boolean => {
  try {
    return readFileSync(log, 'utf8').includes('/libphonenumber-js/');
  } catch {
    return false;
  }
};

const { createCompanion } = await import('../../../src-main/core/companion/index.js');
const { startSimulator } = await import('../../../src-main/sim/index.js');

const sim = await startSimulator({ strict: false });
const opened: string[] = [];
const companion = await createCompanion({
  dataDir: dir,
  timeZone: 'UTC',
  locale: 'en-US',
  openExternal: (url: string) => {
    opened.push(url);
  },
  startDemoMailbox: () =>
    Promise.resolve({ ewsUrl: sim.ewsUrl, users: sim.users, close: () => Promise.resolve() }),
});
companion.start();
await companion.whenIdle();
const signedIn = await companion.execute({
  type: 'sign-in',
  mailbox: 'alex@beacon.test',
  password: 'alex-password',
  ewsUrl: sim.ewsUrl,
});
const deadline = Date.now() + 30_000;
while (companion.getSnapshot().voicemail.length === 0 && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 20));
await companion.whenIdle();
const listed = companion
  .getSnapshot()
  .voicemail.map((v) => ({ callerName: v.callerName, callerNumber: v.callerNumber }));
const afterList = phoneLoaded();

const megan = companion.getSnapshot().voicemail.find((v) => v.callerName === 'Megan Bowen');
const calledBack = await companion.execute({ type: 'call-back', id: megan?.id ?? '' });
const afterCallBack = phoneLoaded();

await companion.stop();
await sim.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ signedIn: signedIn.ok, listed, afterList, calledBack: calledBack.ok, afterCallBack, opened })}\n`,
);
