/**
 * The one simulator both faces of graph-vs-ews-bench.ts are measured against, in this process
 * so that its server sockets can be counted (wire-meter.ts). The demo seed at a fixed instant,
 * plus:
 * - 30 more colleagues (`contactN@beacon.test`, every third in a meeting now) beside the demo
 *   directory's 20, so that Alex has 50 contacts to ask free/busy and mail tips for;
 * - Nestor's calendar filled with 5,000 half-hour meetings from yesterday to 31 days ahead (the
 *   window a Graph calendar delta round follows), for one change among 5,000.
 * Neither body check runs (no XSD, no CSDL): both faces answer as fast as they can, and a check's
 * cost is the simulator's, not the protocol's.
 */
import type { Server } from 'node:http';
import { newCalendarItem, newMailbox } from '../../src-main/sim/factory.js';
import { GRAPH_ROUTE_MODULES } from '../../src-main/sim/graph/modules.js';
import { GraphRouter } from '../../src-main/sim/graph/router.js';
import type { CalendarItem } from '../../src-main/sim/model.js';
import { DIRECTORY } from '../../src-main/sim/seed.js';
import { createSimulatorServer, listen, type ServerConfig } from '../../src-main/sim/server.js';
import { SimulatorState } from '../../src-main/sim/state.js';
import { WireMeter } from './wire-meter.js';

export const ALEX = 'alex@beacon.test';
export const NESTOR = 'nestor@beacon.test';
const DAY = 86_400_000;
const EXTRA_CONTACTS = 30;
export const BIG_CALENDAR_ITEMS = 5_000;

export interface BenchSimulator {
  state: SimulatorState;
  server: Server;
  meter: WireMeter;
  ewsUrl: string;
  graphUrl: string;
  /** Alex's 50 contacts: the demo directory and the 30 added. */
  contacts: string[];
  credentials(email: string): { password: string; token: string };
  /** Moves one of Nestor's 5,000 meetings by a quarter hour (as the admin API's move does). */
  moveOneMeeting(): CalendarItem;
  close(): Promise<void>;
}

export async function startBenchSimulator(now: Date): Promise<BenchSimulator> {
  const state = new SimulatorState('demo', () => now);
  const quarter = Math.floor(now.getTime() / 900_000) * 900_000;
  const contacts = DIRECTORY.map((p) => p.email);
  for (let i = 0; i < EXTRA_CONTACTS; i += 1) {
    const template = DIRECTORY[i % DIRECTORY.length];
    if (template === undefined) throw new Error('empty directory');
    const email = `contact${String(i)}@beacon.test`;
    const mailbox = state.store.add(
      newMailbox({ ...template, email, displayName: `Contact ${String(i)}` }),
    );
    contacts.push(email);
    if (i % 3 === 0)
      newCalendarItem(
        state.store,
        mailbox,
        { subject: 'Planning', start: quarter - 900_000, end: quarter + 3_600_000 },
        now.getTime() - DAY,
      );
  }
  const nestor = state.store.find(NESTOR);
  if (nestor === undefined) throw new Error('no Nestor in the demo seed');
  // Strictly inside yesterday..31 days ahead, whatever the minute of `now`.
  const from = now.getTime() - DAY + 3_600_000;
  const step = Math.floor((32 * DAY - 3 * 3_600_000) / BIG_CALENDAR_ITEMS);
  const big: CalendarItem[] = [];
  for (let i = 0; i < BIG_CALENDAR_ITEMS; i += 1) {
    const start = from + i * step;
    big.push(
      newCalendarItem(
        state.store,
        nestor,
        {
          subject: `Review ${String(i)}`,
          location: `Room ${String(i % 40)}`,
          body: 'Agenda: the quarterly numbers, then questions.',
          start,
          end: start + 30 * 60_000,
          freeBusy: i % 3 === 0 ? 'Tentative' : 'Busy',
        },
        now.getTime() - 2 * DAY,
      ),
    );
  }
  const config: ServerConfig = {
    state,
    validator: undefined,
    recordDir: undefined,
    tls: undefined,
    urls: { ewsUrl: '', host: '127.0.0.1' },
  };
  config.graph = {
    router: new GraphRouter(GRAPH_ROUTE_MODULES, {
      state: () => state,
      checker: undefined,
      serviceRoot: () => `${new URL(config.urls.ewsUrl).origin}/v1.0`,
    }),
    verify: undefined,
    authorizationUri: undefined,
  };
  const server = createSimulatorServer(config);
  const meter = new WireMeter(server, () => state.log);
  const address = await listen(server, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${String(address.port)}`;
  config.urls = { ewsUrl: `${baseUrl}/EWS/Exchange.asmx`, host: '127.0.0.1' };
  let moves = 0;
  return {
    state,
    server,
    meter,
    ewsUrl: config.urls.ewsUrl,
    graphUrl: `${baseUrl}/v1.0`,
    contacts,
    credentials: (email) => {
      const found = state.store.credentials.find((c) => c.email === email);
      if (found === undefined) throw new Error(`no sign-in for ${email}`);
      return { password: found.password, token: found.token };
    },
    moveOneMeeting: () => {
      // A different meeting each time, back and forth by 15 minutes, never out of the window.
      const item = big[(moves * 97) % big.length];
      if (item === undefined) throw new Error('no meeting to move');
      const shift = (moves % 2 === 0 ? 1 : -1) * 15 * 60_000;
      moves += 1;
      item.start += shift;
      item.end += shift;
      item.changeKey = state.store.newChangeKey();
      state.notifications.observe();
      return item;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
