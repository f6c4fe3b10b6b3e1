/**
 * The EWS backend against the strict simulator over real sockets: EWS answers arrive in Beacon's
 * own types, and every EWS failure (whole-request or per-mailbox, per-item) arrives as the
 * neutral MailboxError with the reason the user will be told.
 */
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src-main/backends/index.js';
import { EwsBackend } from '../../../src-main/backends/ews/ews-backend.js';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { BookmarkExpiredError, MailboxError } from '../../../src-main/mailbox/errors.js';
import { ALEX, LA_TODAY, NESTOR, failure, useSimulator } from '../library/support.js';

const h = useSimulator();
const ZONE = 'America/Los_Angeles';

const backend = (opts: Parameters<typeof h.client>[0] = {}): EwsBackend =>
  new EwsBackend(h.client(opts));

async function mailboxFailure(promise: Promise<unknown>): Promise<MailboxError> {
  const error = await failure(promise);
  if (!(error instanceof MailboxError)) throw new Error(`not a MailboxError: ${String(error)}`);
  return error;
}

describe('EwsBackend', () => {
  it('is what createBackend builds for an EWS account, with EWS batch limits', async () => {
    const account = h.sim.users.find((u) => u.email === ALEX);
    if (account === undefined) throw new Error('no Alex in the simulator');
    const built = createBackend({
      protocol: 'ews',
      url: h.sim.ewsUrl,
      mailbox: ALEX,
      auth: new BasicAuth(account.email, account.password),
      ...(h.sim.caPem === undefined ? {} : { extraCa: h.sim.caPem }),
    });
    try {
      expect(built).toBeInstanceOf(EwsBackend);
      expect(built.mailbox).toBe(ALEX);
      expect(built.limits).toEqual({
        freeBusyMailboxes: 100,
        mailTipsRecipients: 50,
        voicemailDetails: 50,
      });
      expect(await built.displayName()).toBe('Alex Wilber');
    } finally {
      await built.close();
    }
  });

  it('asks for detailed free/busy by default and busy times only when told', async () => {
    const b = backend();
    const [detailed] = await b.getAvailability({ ...LA_TODAY, timeZone: ZONE });
    const [busyOnly] = await b.getAvailability({
      ...LA_TODAY,
      timeZone: ZONE,
      mailboxes: [ALEX],
      detail: 'busy-only',
    });
    if (detailed?.ok !== true || busyOnly?.ok !== true) throw new Error('free/busy failed');
    expect(detailed.mailbox).toBe(ALEX);
    expect(detailed.view).toBe('DetailedMerged');
    expect(detailed.mergedFreeBusy).toMatch(/^[0-5]+$/);
    expect(detailed.events.some((e) => e.details?.subject !== undefined)).toBe(true);
    expect(busyOnly.view).toBe('FreeBusy');
    expect(busyOnly.events.every((e) => e.details === undefined)).toBe(true);
    expect(busyOnly.events.map((e) => [e.start.getTime(), e.busyType])).toEqual(
      detailed.events.map((e) => [e.start.getTime(), e.busyType]),
    );
  });

  it("gives an unknown mailbox's free/busy failure as a MailboxError beside the others", async () => {
    const results = await backend().getAvailability({
      ...LA_TODAY,
      timeZone: ZONE,
      mailboxes: [NESTOR, 'nobody@beacon.test'],
    });
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    const failed = results[1];
    if (failed?.ok !== false) throw new Error('expected the unknown address to fail');
    expect(failed.error).toBeInstanceOf(MailboxError);
    expect(failed.error.kind).toBe('server');
    expect(failed.error.code).toBe('ErrorMailRecipientNotFound');
    expect(failed.error.failure).toEqual({ reason: 'server-error' });
  });

  it("gives one voicemail's failure as a MailboxError and the attachment as bare bytes", async () => {
    const b = backend();
    const list = (await b.listVoicemail()).items;
    const [foreign] = await h.admin.voicemail(NESTOR);
    if (foreign === undefined || list[0] === undefined) throw new Error('seeded voicemail missing');
    const results = await b.getVoicemails([list[0].id, foreign.id]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    const failed = results[1];
    if (failed?.ok !== false) throw new Error('expected the foreign id to fail');
    expect(failed.error).toBeInstanceOf(MailboxError);
    expect(failed.error.code).toBe('ErrorItemNotFound');

    const first = results[0];
    if (first?.ok !== true) throw new Error('expected the own voicemail to load');
    const attachment = first.item.attachments[0];
    if (attachment === undefined) throw new Error('seeded voicemail has no audio');
    const bytes = await b.getAttachment(attachment.id);
    expect(Object.keys(bytes).sort()).toEqual(['content', 'contentType', 'id', 'name']);
    expect(bytes.content.length).toBeGreaterThan(1000);
    expect(bytes.name).toBe(attachment.name);
  });

  it('answers "changed since?" from a bookmark, and an unknown bookmark as BookmarkExpiredError', async () => {
    const live = backend().live;
    const first = await live.syncFolder({ folder: 'calendar' });
    expect(first.folder).toBe('calendar');
    expect(first.changeCount).toBeGreaterThan(0);
    expect(first.complete).toBe(true);
    const again = await live.syncFolder({ folder: 'calendar', syncState: first.syncState });
    expect(again.changeCount).toBe(0);
    await h.admin.reset('demo');
    const error = await failure(
      live.syncFolder({ folder: 'calendar', syncState: again.syncState }),
    );
    expect(error).toBeInstanceOf(BookmarkExpiredError);
    expect((error as BookmarkExpiredError).code).toBe('ErrorInvalidSyncStateData');
  });

  it("turns ErrorServerBusy into server-busy with the server's pause", async () => {
    await h.admin.inject({ operation: 'GetUserOofSettings', kind: 'server-busy', backOffMs: 1234 });
    const error = await mailboxFailure(backend({ maxAttempts: 1 }).getOofSettings());
    expect(error.kind).toBe('server-busy');
    expect(error.retryAfterMs).toBe(1234);
    expect(error.failure).toEqual({ reason: 'server-busy' });
    expect(error.credentialsRefused).toBe(false);
  });

  it('turns a refused password into a wrong-password auth failure, never resent', async () => {
    const error = await mailboxFailure(
      backend({ auth: new BasicAuth(ALEX, 'not-the-password') }).displayName(),
    );
    expect(error.kind).toBe('auth');
    expect(error.credentialsRefused).toBe(true);
    expect(error.network).toBe(false);
    expect(error.failure).toEqual({ reason: 'wrong-password' });
  });

  it('turns a closed port into an offline transport failure naming the host', async () => {
    const error = await mailboxFailure(
      backend({ url: 'http://127.0.0.1:9/EWS/Exchange.asmx', maxAttempts: 1 }).getOofSettings(),
    );
    expect(error.kind).toBe('transport');
    expect(error.network).toBe(true);
    expect(error.failure).toEqual({ reason: 'unreachable', host: '127.0.0.1:9' });
  });
});
