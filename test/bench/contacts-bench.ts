/**
 * Contacts at scale: 1,000 roster entries, 900 of them offline on IM, against a local simulator
 * that knows all 1,000 mailboxes (a third of them in a meeting now). Each run is a fresh core
 * process (the IM service with the real EWS client) timed from IM sign-in to a complete contact
 * list; the EWS requests come from the simulator's request log. Targets: 10 GetUserAvailability
 * + 20 GetMailTips, a complete list in ≤ 2 s.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { newCalendarItem, newMailbox } from '../../src-main/sim/factory.js';
import { DIRECTORY } from '../../src-main/sim/seed.js';
import { createSimulatorServer, listen } from '../../src-main/sim/server.js';
import { SimulatorState } from '../../src-main/sim/state.js';
import { markdownTable, median } from './stats.js';

export interface ContactsRun {
  completeMs: number;
  contacts: number;
  fromCalendar: number;
  fromIm: number;
  availabilityRequests: number;
  mailTipsRequests: number;
  rssMb: number;
  heapMb: number;
}

export const ROSTER_SIZE = 1000;
export const ONLINE = 100;
const RUNS = 5;
const worker = join(import.meta.dirname, 'contacts-worker.ts');

const now = new Date();
const state = new SimulatorState('demo', () => now);
const quarter = Math.floor(now.getTime() / 900_000) * 900_000;
for (let i = 0; i < ROSTER_SIZE; i++) {
  const template = DIRECTORY[i % DIRECTORY.length];
  if (template === undefined) throw new Error('empty directory');
  const mailbox = state.store.add(
    newMailbox({ ...template, email: `contact${i}@beacon.test`, displayName: `Contact ${i}` }),
  );
  if (i % 3 === 0)
    newCalendarItem(
      state.store,
      mailbox,
      { subject: 'Meeting', start: quarter - 900_000, end: quarter + 3_600_000, freeBusy: 'Busy' },
      now.getTime() - 86_400_000,
    );
}
const config = {
  state,
  validator: undefined,
  recordDir: undefined,
  tls: undefined,
  urls: { ewsUrl: '', host: '127.0.0.1' },
};
const server = createSimulatorServer(config);
const address = await listen(server, 0, '127.0.0.1');
const baseUrl = `http://127.0.0.1:${address.port}`;
config.urls = { ewsUrl: `${baseUrl}/EWS/Exchange.asmx`, host: '127.0.0.1' };

const runs: ContactsRun[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    state.log = [];
    // Asynchronous: the simulator in this process must keep answering while the worker runs.
    const { stdout: out } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', worker, baseUrl],
      { encoding: 'utf8' },
    );
    const run = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as ContactsRun;
    run.availabilityRequests = state.log.filter(
      (e) => e.operation === 'GetUserAvailability',
    ).length;
    run.mailTipsRequests = state.log.filter((e) => e.operation === 'GetMailTips').length;
    if (run.contacts !== ROSTER_SIZE) throw new Error(`only ${run.contacts} contacts`);
    runs.push(run);
  }
} finally {
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

const m = (pick: (r: ContactsRun) => number): number => median(runs.map(pick));
process.stdout.write(
  `\nContacts: ${ROSTER_SIZE} roster entries, ${ROSTER_SIZE - ONLINE} offline on IM, median of ${RUNS} fresh core processes\n\n${markdownTable(
    [
      'sign-in → complete list',
      'GetUserAvailability',
      'GetMailTips',
      'presence from calendar / IM',
      'core RSS after',
      'heap used after',
    ],
    [
      [
        `${m((r) => r.completeMs).toFixed(0)} ms`,
        `${m((r) => r.availabilityRequests)}`,
        `${m((r) => r.mailTipsRequests)}`,
        `${m((r) => r.fromCalendar)} / ${m((r) => r.fromIm)}`,
        `${m((r) => r.rssMb).toFixed(0)} MB`,
        `${m((r) => r.heapMb).toFixed(0)} MB`,
      ],
    ],
  )}\n`,
);
