/**
 * The Graph backend against the simulator's Graph face over real sockets (every Graph body
 * checked against the v1.0 CSDL there): its answers arrive in Beacon's own types, the same
 * mailbox the EWS face serves, and every failure as the neutral MailboxError with the reason
 * the user is told (the words the EWS backend gives for the same trouble).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GraphBackend } from '../../../src-main/backends/graph/graph-backend.js';
import { BookmarkExpiredError, MailboxError } from '../../../src-main/mailbox/errors.js';
import type { OofSettings } from '../../../src-main/mailbox/oof.js';
import { zoneRuleFor } from '../../../src-main/mailbox/time/zone-rule.js';
import { FakeClock } from '../../support/fake-clock.js';
import { freePort } from '../../support/loopback-port.js';
import { ALEX, corpusRequest, NESTOR, NOW, replay } from '../sim/graph/support.js';
import { useGraphSimBackends } from './graph-sim-backends.js';

const env = useGraphSimBackends();
const { graphBackend } = env;

async function mailboxFailure(promise: Promise<unknown>): Promise<MailboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MailboxError) return error;
    throw new Error(`not a MailboxError: ${String(error)}`);
  }
  throw new Error('it did not fail');
}

/** Alex's day in Los Angeles (the demo's "now" is 10:07 there). */
const LA_DAY = { start: new Date('2025-06-10T07:00:00Z'), end: new Date('2025-06-11T07:00:00Z') };

describe('GraphBackend answers in Beacon types', () => {
  it('is what createBackend builds for a Graph account, with Graph batch limits', async () => {
    const backend = graphBackend(ALEX);
    expect(backend).toBeInstanceOf(GraphBackend);
    expect(backend.mailbox).toBe(ALEX);
    expect(backend.limits).toEqual({
      freeBusyMailboxes: 100,
      mailTipsRecipients: 50,
      voicemailDetails: 20,
    });
    expect(await backend.displayName()).toBe('Alex Wilber');
  });

  it('writes every OOF field Graph carries and reads it back; the EWS face sees the same', async () => {
    const backend = graphBackend(ALEX);
    const duration = {
      start: new Date('2025-06-16T15:00:00Z'),
      end: new Date('2025-06-20T23:30:00Z'),
    };
    await backend.setOofSettings({
      state: 'Scheduled',
      externalAudience: 'Known',
      duration,
      internalReply: { message: '  <p>Away — 다음 주에 돌아옵니다</p>\n' },
      externalReply: { message: '<p>Out</p>' },
      allowExternalOof: 'None',
    });
    const read = await backend.getOofSettings();
    expect(read).toEqual({
      state: 'Scheduled',
      externalAudience: 'Known',
      duration,
      internalReply: { message: '  <p>Away — 다음 주에 돌아옵니다</p>\n' },
      externalReply: { message: '<p>Out</p>' },
    });
    const stored = await env.admin.oof(ALEX);
    expect(stored.state).toBe('Scheduled');
    expect(stored.externalAudience).toBe('Known');
    expect(new Date(stored.start ?? '').toISOString()).toBe(duration.start.toISOString());
  });

  it('1,000 random OOF settings through Set and Get: no field Graph carries is lost', async () => {
    const backend = graphBackend(ALEX);
    const reply = fc.string({ unit: 'grapheme', maxLength: 120 }).map((message) => ({ message }));
    const instant = fc
      .integer({ min: Date.UTC(2024, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
      .map((seconds) => new Date(seconds * 1000));
    const settings: fc.Arbitrary<OofSettings> = fc
      .record({
        state: fc.constantFrom('Enabled' as const, 'Disabled' as const, 'Scheduled' as const),
        externalAudience: fc.constantFrom('None' as const, 'Known' as const, 'All' as const),
        internalReply: reply,
        externalReply: reply,
        window: fc.tuple(instant, fc.integer({ min: 60, max: 60 * 86_400 })),
      })
      .map(({ window: [start, seconds], ...rest }) => ({
        ...rest,
        duration: { start, end: new Date(start.getTime() + seconds * 1000) },
      }));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(settings, async (oof) => {
        runs += 1;
        await backend.setOofSettings(oof);
        expect(await backend.getOofSettings()).toEqual(oof);
      }),
      { numRuns: 1000 },
    );
    expect(runs).toBe(1000);
  }, 120_000);

  it('reads the calendar window in UTC with the recurring series expanded, as EWS does', async () => {
    const backend = graphBackend(ALEX);
    const calendar = await backend.getCalendar(LA_DAY);
    expect(calendar.complete).toBe(true);
    const expected = await env.admin.calendar(ALEX, LA_DAY);
    expect(expected.some((e) => e.kind === 'Occurrence' || e.kind === 'Exception')).toBe(true);
    const key = (subject: string, start: Date | string, end: Date | string) =>
      `${subject}|${new Date(start).toISOString()}|${new Date(end).toISOString()}`;
    expect(calendar.items.map((i) => key(i.subject, i.start, i.end)).sort()).toEqual(
      expected.map((e) => key(e.subject, e.start, e.end)).sort(),
    );
    const starts = calendar.items.map((i) => i.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const review = calendar.items.find((i) => i.subject === 'Design review');
    const stored = expected.find((e) => e.subject === 'Design review');
    expect(review).toBeDefined();
    expect(review?.freeBusy).toBe(stored?.freeBusy);
    expect(review?.isMeeting).toBe(stored?.isMeeting);
    expect(review?.organizer?.email?.toLowerCase()).toBe(stored?.organizer.email.toLowerCase());
  });

  it('free/busy with working hours as the owner zone rule; an unknown address fails alone', async () => {
    const backend = graphBackend(ALEX);
    const results = await backend.getAvailability({
      mailboxes: [ALEX, NESTOR, 'nobody@beacon.test'],
      ...LA_DAY,
      timeZone: 'America/Los_Angeles',
      intervalMinutes: 60,
    });
    expect(results.map((r) => [r.mailbox, r.ok])).toEqual([
      [ALEX, true],
      [NESTOR, true],
      ['nobody@beacon.test', false],
    ]);
    const [alex, nestor, nobody] = results;
    if (alex?.ok !== true || nestor?.ok !== true || nobody?.ok !== false)
      throw new Error('unexpected');
    expect(alex.mergedFreeBusy).toMatch(/^[0-5]{24}$/);
    expect(alex.events.length).toBeGreaterThan(0);
    expect(alex.events.every((e) => e.start < e.end)).toBe(true);
    expect(alex.workingHours?.timeZone).toEqual(zoneRuleFor('America/Los_Angeles', LA_DAY.start));
    expect(nestor.workingHours?.timeZone).toEqual(zoneRuleFor('America/New_York', LA_DAY.start));
    expect(alex.workingHours?.periods).toEqual([
      {
        days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
        startMinutes: 480,
        endMinutes: 1020,
      },
    ]);
    expect(nobody.error).toBeInstanceOf(MailboxError);
    expect(nobody.error.code).toMatch(/^Error/);
    const [busyOnly] = await backend.getAvailability({
      ...LA_DAY,
      timeZone: 'America/Los_Angeles',
      detail: 'busy-only',
    });
    if (busyOnly?.ok !== true) throw new Error('own free/busy failed');
    expect(busyOnly.mailbox).toBe(ALEX);
    expect(busyOnly.events.every((e) => e.details === undefined)).toBe(true);
  });

  it("a colleague's working hours in a custom time zone (the docs' PATCH) arrive as that rule", async () => {
    const patched = await replay(
      env.sim,
      corpusRequest('mailboxSettings/user-update-mailboxsettings-2.request.http'),
      { user: NESTOR },
    );
    expect(patched.status).toBe(200);
    const [nestor] = await graphBackend(ALEX).getAvailability({
      mailboxes: [NESTOR],
      ...LA_DAY,
      timeZone: 'America/Los_Angeles',
    });
    if (nestor?.ok !== true) throw new Error("Nestor's free/busy failed");
    expect(nestor.workingHours).toEqual({
      timeZone: {
        bias: -300,
        standard: { bias: 0, time: '02:00:00', dayOrder: 2, month: 10, dayOfWeek: 'Sunday' },
        daylight: { bias: 100, time: '02:00:00', dayOrder: 4, month: 5, dayOfWeek: 'Sunday' },
      },
      periods: [
        {
          days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
          startMinutes: 8 * 60,
          endMinutes: 18 * 60 + 30,
        },
      ],
    });
  });

  it('mail tips give the automatic reply of someone away and none for someone in', async () => {
    await graphBackend(ALEX).setOofSettings({
      state: 'Enabled',
      externalAudience: 'All',
      internalReply: { message: '<p>Out this week</p>' },
      externalReply: { message: '<p>Out</p>' },
    });
    const tips = await graphBackend(NESTOR).getMailTips([ALEX, NESTOR]);
    expect(tips.map((t) => t.email)).toEqual([ALEX, NESTOR]);
    expect(tips[0]?.oof?.message).toContain('Out this week');
    expect(tips[1]?.oof).toBeUndefined();
    expect(tips[1]?.error).toBeUndefined();
  });

  it('resolves a colleague by the start of the name, with a contact card', async () => {
    const names = await graphBackend(ALEX).resolveNames({ query: 'Nestor' });
    const nestor = names.find((n) => n.email.toLowerCase() === NESTOR);
    expect(nestor?.name).toBe('Nestor Wilke');
    expect(nestor?.routingType).toBe('SMTP');
    expect(nestor?.contact?.displayName).toBe('Nestor Wilke');
    expect(nestor?.contact?.jobTitle).toBe('Director');
    expect(new Set(names.map((n) => n.email.toLowerCase())).size).toBe(names.length);
  });

  it('lists, details, plays, marks read and deletes voicemail', async () => {
    const backend = graphBackend(ALEX);
    const list = await backend.listVoicemail();
    expect(list.folder).toBe('inbox');
    expect(list.includesLastItemInRange).toBe(true);
    expect(list.items).toHaveLength(9);
    const received = list.items.map((i) => i.received.getTime());
    expect(received).toEqual([...received].sort((a, b) => b - a));
    const first = list.items.find((i) => i.kind === 'voicemail' && i.hasAttachments);
    if (first === undefined) throw new Error('no playable voicemail');
    const details = await backend.getVoicemail(first.id);
    expect(details.callerName).toBe(first.callerName);
    const [audio] = details.attachments;
    if (audio === undefined) throw new Error('no attachment');
    const bytes = await backend.getAttachment(audio.id);
    const stored = (await env.admin.messages(ALEX))
      .flatMap((m) => m.attachments)
      .find((a) => a.name === audio.name);
    expect(bytes.content).toBeInstanceOf(Buffer);
    expect(bytes.content.byteLength).toBe(stored?.size);
    expect(bytes.contentType.split(';')[0]).toBe(stored?.contentType);

    const batch = await backend.getVoicemails([first.id, 'AAMkAGI2bm9uZQ']);
    expect(batch.map((r) => r.ok)).toEqual([true, false]);
    const missing = batch[1];
    if (missing?.ok !== false) throw new Error('the unknown id did not fail');
    expect(missing.error).toBeInstanceOf(MailboxError);

    const unread = list.items.find((i) => !i.isRead);
    if (unread === undefined) throw new Error('no unread voicemail');
    const ref = await backend.markVoicemailRead({ id: unread.id }, true);
    expect(ref.id).toBe(unread.id);
    expect((await backend.listVoicemail()).items.find((i) => i.id === unread.id)?.isRead).toBe(
      true,
    );
    await backend.deleteVoicemail(unread.id);
    const after = await backend.listVoicemail();
    expect(after.items).toHaveLength(8);
    expect(after.items.some((i) => i.id === unread.id)).toBe(false);
  });

  it('saves an IM conversation to Conversation History', async () => {
    const saved = await graphBackend(ALEX).saveConversation({
      subject: 'Chat with Nestor',
      html: '<p>hello &lt;there&gt;</p>',
      to: [{ email: NESTOR, name: 'Nestor Wilke' }],
    });
    expect(saved.id).not.toBe('');
    const history = await env.admin.conversationHistory(ALEX);
    expect(history.map((m) => m.subject)).toContain('Chat with Nestor');
  });
});

describe('GraphBackend failures as MailboxErrors', () => {
  it('429 with Retry-After: server-busy with the pause, no second request', async () => {
    await env.admin.inject({
      face: 'graph',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 7,
      count: 5,
      operation: 'automaticRepliesSetting',
    });
    await env.admin.clearRequests();
    const error = await mailboxFailure(
      graphBackend(ALEX, { maxAttempts: 1, maxPauseWaitMs: 0 }).getOofSettings(),
    );
    expect(error.kind).toBe('server-busy');
    expect(error.failure).toEqual({ reason: 'server-busy' });
    expect(error.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
    expect((await env.admin.requests()).length).toBe(1);
  });

  it('429 with Retry-After is waited out when the pause is short, then answered', async () => {
    await env.admin.inject({
      face: 'graph',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 3,
      count: 1,
      operation: 'automaticRepliesSetting',
    });
    await env.admin.clearRequests();
    const clock = new FakeClock(NOW.getTime());
    const oof = await graphBackend(ALEX, { transportClock: clock }).getOofSettings();
    // The demo's Alex has his OOF scheduled for next week.
    expect(oof.state).toBe((await env.admin.oof(ALEX)).state);
    expect(oof.state).toBe('Scheduled');
    expect(Math.max(...clock.sleeps)).toBeGreaterThanOrEqual(3000);
    expect((await env.admin.requests()).map((r) => r.status)).toEqual([429, 200]);
  });

  it('503: server-busy; a refused token: sign-in expired, credentials refused', async () => {
    await env.admin.inject({
      face: 'graph',
      kind: 'status',
      status: 503,
      count: 5,
      operation: '*',
    });
    const busy = await mailboxFailure(
      graphBackend(ALEX, { maxAttempts: 1, maxPauseWaitMs: 0 }).displayName(),
    );
    expect(busy.kind).toBe('server-busy');
    expect(busy.failure?.reason).toBe('server-busy');
    await env.admin.clearFaults();
    const refused = await mailboxFailure(
      graphBackend(ALEX, { tokenProvider: () => Promise.resolve('not-a-token') }).displayName(),
    );
    expect(refused.kind).toBe('auth');
    expect(refused.failure).toEqual({ reason: 'sign-in-expired' });
    expect(refused.credentialsRefused).toBe(true);
  });

  it('a closed port is the network: unreachable, with the host', async () => {
    const port = await freePort();
    const error = await mailboxFailure(
      graphBackend(ALEX, {
        baseUrl: `http://127.0.0.1:${port}/v1.0`,
        maxAttempts: 1,
      }).displayName(),
    );
    expect(error.kind).toBe('transport');
    expect(error.network).toBe(true);
    expect(error.failure).toEqual({ reason: 'unreachable', host: '127.0.0.1' });
  });
});

describe('GraphBackend live updates (polling)', () => {
  it('has a polling feed only', () => {
    const modes: string[] = [];
    const feed = graphBackend(ALEX).live?.createFeed(
      { changed: () => undefined, mode: (m) => modes.push(m) },
      { clock: { now: () => NOW.getTime(), setTimer: () => () => undefined } },
    );
    feed?.start();
    expect(feed?.mode).toBe('polling');
    expect(modes).toEqual(['polling']);
  });

  it('calendar bookmarks are whole deltaLinks: nothing, then an added meeting; an expired one', async () => {
    const live = graphBackend(ALEX).live;
    if (live === undefined) throw new Error('no live');
    const first = await live.syncFolder({ folder: 'calendar' });
    expect(first.folder).toBe('calendar');
    expect(first.complete).toBe(true);
    expect(first.changeCount).toBeGreaterThan(0);
    expect(first.syncState.startsWith(`${env.sim.graphUrl}/`)).toBe(true);
    const same = await live.syncFolder({ folder: 'calendar', syncState: first.syncState });
    expect(same.changeCount).toBe(0);
    await env.admin.addCalendarItem(ALEX, {
      subject: 'Added later',
      start: '2025-06-12T17:00:00Z',
      end: '2025-06-12T18:00:00Z',
    });
    const added = await live.syncFolder({ folder: 'calendar', syncState: same.syncState });
    expect(added.changeCount).toBe(1);
    await env.admin.expireGraphDeltaTokens();
    await expect(
      live.syncFolder({ folder: 'calendar', syncState: added.syncState }),
    ).rejects.toBeInstanceOf(BookmarkExpiredError);
    await expect(
      live.syncFolder({ folder: 'calendar', syncState: 'H4sIAAAA-an-ews-sync-state' }),
    ).rejects.toBeInstanceOf(BookmarkExpiredError);
  });

  it('voicemail bookmarks change when a voicemail arrives or is read', async () => {
    const backend = graphBackend(ALEX);
    const live = backend.live;
    if (live === undefined) throw new Error('no live');
    const first = await live.syncFolder({ folder: 'voicemail' });
    expect(first).toMatchObject({ folder: 'inbox', changeCount: 9, complete: true });
    const same = await live.syncFolder({ folder: 'voicemail', syncState: first.syncState });
    expect(same.changeCount).toBe(0);
    await env.admin.dropVoicemail(ALEX, { callerName: 'Lee Gu', callerNumber: '+1 425 555 0100' });
    const dropped = await live.syncFolder({ folder: 'voicemail', syncState: same.syncState });
    expect(dropped.changeCount).toBe(1);
    const [newest] = (await backend.listVoicemail()).items;
    await backend.markVoicemailRead({ id: newest?.id ?? '' }, true);
    const read = await live.syncFolder({ folder: 'voicemail', syncState: dropped.syncState });
    expect(read.changeCount).toBeGreaterThan(0);
    await expect(
      live.syncFolder({ folder: 'voicemail', syncState: 'not-ours' }),
    ).rejects.toBeInstanceOf(BookmarkExpiredError);
  });
});
