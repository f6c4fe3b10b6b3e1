/**
 * Contacts against the schema-strict simulator over real sockets: the demo mailbox's colleagues
 * with presence derived from their free/busy and automatic replies (MailTips), the labelled demo
 * peers, the cache, and the batching of a large roster (counted in the simulator's request log).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialSnapshot, createSnapshotStore } from '../../../src-main/core/store.js';
import { SettingsSchema, type Contact } from '../../../src-main/core/contract.js';
import type { Notice } from '../../../src-main/core/reminders/notice.js';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { createBackend } from '../../../src-main/backends/index.js';
import { createImService } from '../../../src-main/im/im-service.js';
import { DEMO_BOT, DEMO_ECHO } from '../../../src-main/im/demo/demo-provider.js';
import { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { ScriptedRoster } from './scripted-roster.js';
import { LOCALE, NOW, started, useCompanionHarness, ZONE } from '../companion/support.js';

const h = useCompanionHarness();
const MINUTE = 60_000;

function contact(contacts: readonly Contact[], address: string): Contact {
  const found = contacts.find((c) => c.address === address);
  if (found === undefined) throw new Error(`no contact ${address}`);
  return found;
}

describe('contacts of the demo mailbox', () => {
  it('derive presence from the simulator: meetings with their end, automatic replies as text', async () => {
    // Megan is in a meeting from now until 18:30 UTC (11:30 in Los Angeles).
    await h.admin.addCalendarItem('megan@beacon.test', {
      subject: 'Budget review',
      start: '2025-06-10T17:00:00Z',
      end: '2025-06-10T18:30:00Z',
      freeBusy: 'Busy',
      organizer: { name: 'Megan Bowen', email: 'megan@beacon.test' },
      attendees: ['diego@beacon.test'],
    });
    // Diego's automatic reply is HTML with markup and an entity: the contact shows plain text.
    await h.admin.setOof('diego@beacon.test', {
      state: 'Enabled',
      internalReply: '<p>Back <b>Monday</b> &amp; <script>alert(1)</script>reachable by phone</p>',
      externalReply: 'Away',
    });
    const test = await started(await h.companion());
    const { contacts } = test.companion.getSnapshot();

    const megan = contact(contacts, 'megan@beacon.test');
    expect(megan.presence).toMatchObject({
      availability: 'in-a-meeting',
      activity: { kind: 'in-a-meeting-until', until: '2025-06-10T18:30:00.000Z' },
      activityText: 'In a meeting until 11:30',
      source: 'calendar',
    });
    expect(megan.mailbox).toBe('megan@beacon.test');
    expect(megan.groups).toEqual(['My team']);

    const diego = contact(contacts, 'diego@beacon.test');
    expect(diego.presence.availability).toBe('out-of-office');
    expect(diego.presence.oof).toBe(true);
    expect(diego.oofMessage).toBe('Back Monday & reachable by phone');

    // Lidia's reply is scheduled: "Out of office until Thu 10:07" in the viewer's zone.
    const lidia = contact(contacts, 'lidia@beacon.test');
    expect(lidia.presence.availability).toBe('out-of-office');
    expect(lidia.presence.activityText).toBe('Out of office until Thu 10:07');
    expect(lidia.oofMessage).toBe(
      'Lidia Holloway is out of the office until the day after tomorrow.',
    );

    // The demo peers come first, clearly labelled, live on the demo network.
    expect(contacts.slice(0, 2).map((c) => [c.address, c.isDemo, c.presence.source])).toEqual([
      [DEMO_BOT, true, 'im'],
      [DEMO_ECHO, true, 'im'],
    ]);
    expect(contacts.filter((c) => c.isDemo)).toHaveLength(2);
    expect(contacts).toHaveLength(14);
  });

  it('"tell me when available": one notice when the contact becomes available', async () => {
    await h.admin.addCalendarItem('megan@beacon.test', {
      subject: 'Budget review',
      start: '2025-06-10T17:00:00Z',
      end: '2025-06-10T18:30:00Z',
      freeBusy: 'Busy',
      organizer: { name: 'Megan Bowen', email: 'megan@beacon.test' },
      attendees: ['diego@beacon.test'],
    });
    const test = await started(await h.companion());
    const notices: Notice[] = [];
    test.companion.onNotice((n) => notices.push(n));
    await test.ok({ type: 'set-contact-alert', address: 'megan@beacon.test', on: true });
    expect(contact(test.companion.getSnapshot().contacts, 'megan@beacon.test')).toMatchObject({
      alertWhenAvailable: true,
      presence: { availability: 'in-a-meeting' },
    });
    await test.advanceTo(Date.parse('2025-06-10T18:20:00Z'));
    expect(notices).toEqual([]);
    await test.advanceTo(Date.parse('2025-06-10T18:40:00Z'));
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'contact-available',
        address: 'megan@beacon.test',
        name: 'Megan Bowen',
      }),
    ]);
    await test.advanceTo(Date.parse('2025-06-10T19:30:00Z'));
    expect(notices).toHaveLength(1);
    const unknown = await test.companion.execute({
      type: 'set-contact-alert',
      address: 'nobody@beacon.test',
      on: true,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('ask Exchange again only when the cache time has passed', async () => {
    const test = await started(await h.companion());
    const first = await h.admin.requestsFor('GetUserAvailability');
    // The companion's own free/busy read plus one batch for the twelve colleagues.
    const contactReads = (): Promise<number> =>
      h.admin.requests().then((log) => log.filter((e) => e.operation === 'GetMailTips').length);
    expect(await contactReads()).toBe(1);
    await test.advanceTo(NOW.getTime() + 2 * MINUTE);
    expect(await contactReads()).toBe(1);
    await test.advanceTo(NOW.getTime() + 3 * MINUTE + 1);
    expect(await contactReads()).toBe(2);
    expect((await h.admin.requestsFor('GetUserAvailability')).length).toBeGreaterThan(first.length);
  });
});

describe('a large roster', () => {
  it('1,000 contacts, 900 offline on IM: 10 free/busy batches (one read further) and 20 MailTips requests, presence for all', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'beacon-im-'));
    const clock = new FakeSchedulerClock(NOW.getTime());
    const settings = SettingsSchema.parse({});
    const store = createSnapshotStore(
      initialSnapshot({
        account: {
          mode: 'exchange',
          mailbox: 'alex@beacon.test',
          displayName: 'Alex Wilber',
          signIn: 'signed-in',
        },
        settings,
      }),
    );
    const client = createBackend({
      protocol: 'ews',
      url: h.sim.ewsUrl,
      auth: new BasicAuth('alex@beacon.test', 'alex-password'),
      mailbox: 'alex@beacon.test',
    });
    // Real directory people first, then made-up addresses the server does not know.
    const directory = (await h.admin.directory())
      .map((d) => d.email)
      .filter((e) => !e.startsWith('alex'));
    const addresses = [
      ...directory,
      ...Array.from({ length: 1000 - directory.length }, (_, i) => `person${i}@beacon.test`),
    ];
    const provider = new ScriptedRoster(addresses, new Set(addresses.slice(-100)));
    const service = createImService({
      store,
      clock,
      dataDir,
      locale: () => LOCALE,
      timeZone: () => ZONE,
      mailboxBackend: () => Promise.resolve(client),
      updateSettings: () => Promise.resolve({ ok: true }),
      createProvider: () => provider,
    });
    try {
      await h.admin.clearRequests();
      service.start();
      const signIn = await service.handlers['im-sign-in']({
        type: 'im-sign-in',
        address: 'alex@beacon.test',
        password: 'pw',
        remember: false,
      });
      expect(signIn).toEqual({ ok: true });
      await service.whenIdle();
      const log = await h.admin.requests();
      // Ten first reads of 100, and one more step for Lidia alone: her automatic reply ends
      // where the first read does (now + 2 days), so her out-of-office run may go on.
      expect(log.filter((e) => e.operation === 'GetUserAvailability')).toHaveLength(11);
      expect(log.filter((e) => e.operation === 'GetMailTips')).toHaveLength(20);
      const contacts = store.getSnapshot().contacts;
      expect(contacts).toHaveLength(1000);
      expect(contacts.filter((c) => c.presence.source === 'im')).toHaveLength(100);
      // Every directory colleague (offline on IM) has calendar-derived presence.
      for (const address of directory)
        expect(contact(contacts, address).presence.source).toBe('calendar');
      expect(contact(contacts, 'lynne@beacon.test').presence.availability).toBe('out-of-office');
    } finally {
      await service.stop();
      await client.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
