/** One core process for contacts-bench.ts: IM sign-in → a complete contact list, timed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsSchema } from '../../src-main/core/contract.js';
import { systemSchedulerClock } from '../../src-main/core/scheduler.js';
import { createSnapshotStore, initialSnapshot } from '../../src-main/core/store.js';
import { BasicAuth } from '../../src-main/ews/auth.js';
import { createBackend } from '../../src-main/backends/index.js';
import { createImService } from '../../src-main/im/im-service.js';
import { ScriptedRoster } from '../integration/im/scripted-roster.js';

const baseUrl = process.argv[2] ?? '';
const SIZE = 1000;
const ONLINE = 100;
const addresses = Array.from({ length: SIZE }, (_, i) => `contact${i}@beacon.test`);
const dataDir = mkdtempSync(join(tmpdir(), 'beacon-contacts-bench-'));
const store = createSnapshotStore(
  initialSnapshot({
    account: {
      mode: 'exchange',
      mailbox: 'alex@beacon.test',
      displayName: 'Alex Wilber',
      signIn: 'signed-in',
    },
    settings: SettingsSchema.parse({}),
  }),
);
const client = createBackend({
  protocol: 'ews',
  url: `${baseUrl}/EWS/Exchange.asmx`,
  auth: new BasicAuth('alex@beacon.test', 'alex-password'),
  mailbox: 'alex@beacon.test',
});
const service = createImService({
  store,
  clock: systemSchedulerClock,
  dataDir,
  locale: () => 'en-GB',
  timeZone: () => 'UTC',
  mailboxBackend: () => Promise.resolve(client),
  updateSettings: () => Promise.resolve({ ok: true }),
  createProvider: () => new ScriptedRoster(addresses, new Set(addresses.slice(-ONLINE))),
});
service.start();
const started = performance.now();
await service.handlers['im-sign-in']({
  type: 'im-sign-in',
  address: 'alex@beacon.test',
  password: 'bench',
  remember: false,
});
await service.whenIdle();
const completeMs = performance.now() - started;
const contacts = store.getSnapshot().contacts;
const memory = process.memoryUsage();
await service.stop();
await client.close();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    completeMs,
    contacts: contacts.length,
    fromCalendar: contacts.filter((c) => c.presence.source === 'calendar').length,
    fromIm: contacts.filter((c) => c.presence.source === 'im').length,
    rssMb: memory.rss / 1048576,
    heapMb: memory.heapUsed / 1048576,
  })}\n`,
);
