/**
 * The simulator for memory-bench.ts, in a process of its own so that its mailboxes are not
 * counted in the core's memory. argv: <calendar items> <voicemails> <contact mailboxes>.
 * alex@beacon.test gets the calendar items (spread over today, UTC) and the voicemails; the
 * contact mailboxes contactN@beacon.test exist for free/busy. Prints the base URL, then serves
 * until stdin closes.
 */
import { newCalendarItem, newMailbox, newVoicemail } from '../../src-main/sim/factory.js';
import { DIRECTORY } from '../../src-main/sim/seed.js';
import { createSimulatorServer, listen } from '../../src-main/sim/server.js';
import { SimulatorState } from '../../src-main/sim/state.js';

const [calendarItems, voicemails, contacts] = process.argv.slice(2).map(Number);
const now = new Date();
const state = new SimulatorState('empty', () => now);
const alex = state.store.find('alex@beacon.test');
if (alex === undefined) throw new Error('no alex in the empty seed');
const day = Math.floor(now.getTime() / 86_400_000) * 86_400_000;
const step = Math.floor(86_400_000 / Math.max(1, calendarItems ?? 0));
for (let i = 0; i < (calendarItems ?? 0); i++) {
  const start = day + i * step;
  newCalendarItem(
    state.store,
    alex,
    {
      subject: `Meeting ${String(i)}`,
      location: `Room ${String(i % 40)}`,
      body: 'Agenda: the quarterly numbers, then questions.',
      start,
      end: start + 30 * 60_000,
      freeBusy: i % 3 === 0 ? 'Tentative' : 'Busy',
    },
    now.getTime() - 86_400_000,
  );
}
for (let i = 0; i < (voicemails ?? 0); i++)
  newVoicemail(state.store, alex, {
    callerName: `Caller ${String(i)}`,
    callerNumber: `+1 425 555 ${String(1000 + i)}`,
    received: now.getTime() - i * 600_000,
    isRead: i % 2 === 0,
  });
for (let i = 0; i < (contacts ?? 0); i++) {
  const template = DIRECTORY[i % DIRECTORY.length];
  if (template === undefined) throw new Error('empty directory');
  state.store.add(
    newMailbox({
      ...template,
      email: `contact${String(i)}@beacon.test`,
      displayName: `Contact ${String(i)}`,
    }),
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
const baseUrl = `http://127.0.0.1:${String(address.port)}`;
config.urls = { ewsUrl: `${baseUrl}/EWS/Exchange.asmx`, host: '127.0.0.1' };
process.stdout.write(`${baseUrl}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close();
  process.exit(0);
});
