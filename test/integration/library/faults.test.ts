/**
 * Every fault the simulator's admin API can inject, met by EwsClient over real sockets on the
 * real clock: what the caller sees (the typed error, or success after the right wait) and what
 * reached the server (the request log: how many requests, when, with which fault).
 */
import { describe, expect, it } from 'vitest';
import type { EwsClient } from '../../../src-main/ews/client.js';
import {
  AuthError,
  DecodeError,
  EwsError,
  HttpStatusError,
  ServerBusyError,
  SoapFaultError,
  ThrottledError,
  TransportError,
} from '../../../src-main/ews/errors.js';
import type { AttemptEvent } from '../../../src-main/ews/transport/ews-transport.js';
import { systemClock } from '../../../src-main/ews/transport/clock.js';
import { GateRegistry } from '../../../src-main/ews/transport/server-gate.js';
import type { RequestLogEntry } from '../../../src-main/sim/index.js';
import { ALEX, failure, LA_TODAY, NESTOR, useSimulator } from './support.js';

const h = useSimulator();

/** Milliseconds between consecutive log entries. */
const gaps = (log: RequestLogEntry[]): number[] =>
  log.slice(1).map((entry, i) => entry.atMs - (log[i]?.atMs ?? entry.atMs));

const outcome = (log: RequestLogEntry[]): [number, string | undefined][] =>
  log.map((r) => [r.status, r.fault]);

/** The log of `operation` once it holds `count` entries (the simulator logs after answering). */
async function logOnceSettled(operation: string, count: number): Promise<RequestLogEntry[]> {
  for (let waited = 0; waited < 5_000; waited += 50) {
    const log = await h.admin.requestsFor(operation);
    if (log.length >= count) return log;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the simulator never logged ${count} ${operation} requests`);
}

async function firstVoicemail(): Promise<{ id: string; changeKey: string; attachmentId: string }> {
  const [megan] = await h.admin.voicemail(ALEX);
  const attachmentId = megan?.attachments[0]?.id;
  if (!megan || attachmentId === undefined) throw new Error('seeded voicemail missing');
  return { id: megan.id, changeKey: megan.changeKey, attachmentId };
}

/** One call per operation the library implements, each checking a value it got back. */
const OPERATIONS: {
  operation: string;
  name: string;
  call: (client: EwsClient) => Promise<void>;
}[] = [
  {
    operation: 'GetUserOofSettings',
    name: 'getOofSettings',
    call: async (c) => {
      expect((await c.getOofSettings()).state).toBe('Scheduled');
    },
  },
  {
    operation: 'SetUserOofSettings',
    name: 'setOofSettings',
    call: async (c) => {
      await c.setOofSettings({
        state: 'Enabled',
        externalAudience: 'None',
        internalReply: { message: 'in' },
        externalReply: { message: 'out' },
      });
      expect((await h.admin.oof(ALEX)).state).toBe('Enabled');
    },
  },
  {
    operation: 'GetUserAvailability',
    name: 'getAvailability',
    call: async (c) => {
      const [mine] = await c.getAvailability({ ...LA_TODAY, timeZone: 'America/Los_Angeles' });
      expect(mine?.ok === true && mine.events.length).toBe(8);
    },
  },
  {
    operation: 'FindItem',
    name: 'getCalendar',
    call: async (c) => {
      expect((await c.getCalendar(LA_TODAY)).items).toHaveLength(9);
    },
  },
  {
    operation: 'FindItem',
    name: 'listVoicemail',
    call: async (c) => {
      expect((await c.listVoicemail()).items).toHaveLength(9);
    },
  },
  {
    operation: 'GetItem',
    name: 'getVoicemail',
    call: async (c) => {
      const { id } = await firstVoicemail();
      expect((await c.getVoicemail(id)).durationSeconds).toBe(13);
    },
  },
  {
    operation: 'GetAttachment',
    name: 'getAttachment',
    call: async (c) => {
      const { attachmentId } = await firstVoicemail();
      expect((await c.getAttachment(attachmentId)).content.length).toBe(50260);
    },
  },
  {
    operation: 'UpdateItem',
    name: 'markVoicemailRead',
    call: async (c) => {
      const { id, changeKey } = await firstVoicemail();
      const ref = await c.markVoicemailRead({ id, changeKey }, true);
      expect(ref.changeKey).not.toBe(changeKey);
    },
  },
  {
    operation: 'DeleteItem',
    name: 'deleteVoicemail',
    call: async (c) => {
      const { id } = await firstVoicemail();
      await c.deleteVoicemail(id);
      expect(await h.admin.voicemail(ALEX)).toHaveLength(8);
    },
  },
  {
    operation: 'CreateItem',
    name: 'saveConversation',
    call: async (c) => {
      await c.saveConversation({ subject: 'IM', html: '<p>hi</p>', to: [{ email: NESTOR }] });
      expect(await h.admin.conversationHistory(ALEX)).toHaveLength(2);
    },
  },
  {
    operation: 'GetMailTips',
    name: 'getMailTips',
    call: async (c) => {
      const [adele] = await c.getMailTips(['adele@beacon.test']);
      expect(adele?.oof?.message).toContain('Adele Vance');
    },
  },
  {
    operation: 'ResolveNames',
    name: 'resolveNames',
    call: async (c) => {
      expect((await c.resolveNames({ query: 'diego' })).map((r) => r.email)).toEqual([
        'diego@beacon.test',
      ]);
    },
  },
];

describe('faults: ErrorServerBusy and its BackOffMilliseconds', () => {
  it.each(OPERATIONS)(
    '$name waits out a short server-busy back-off on $operation, then succeeds',
    async ({ operation, call }) => {
      await h.admin.inject({ operation, kind: 'server-busy', backOffMs: 150 });
      await call(h.client());
      const log = await h.admin.requestsFor(operation);
      expect(outcome(log)).toEqual([
        [500, 'server-busy'],
        [200, undefined],
      ]);
      expect(gaps(log)[0]).toBeGreaterThanOrEqual(150);
    },
  );

  it('waits at least BackOffMilliseconds (400 ms) before the next request, for every caller', async () => {
    const shared = new GateRegistry(systemClock);
    const events: AttemptEvent[] = [];
    let second: Promise<unknown> | undefined;
    const nestor = h.client({ user: NESTOR, gates: shared });
    const alex = h.client({
      gates: shared,
      onAttempt: (event) => {
        events.push(event);
        // While Alex's back-off is in force, Nestor asks the same server for something else.
        if (event.error instanceof ServerBusyError) second = nestor.getCalendar(LA_TODAY);
      },
    });
    await h.admin.inject({ operation: 'GetUserAvailability', kind: 'server-busy', backOffMs: 400 });

    const [mine] = await alex.getAvailability({ ...LA_TODAY, timeZone: 'America/Los_Angeles' });
    expect(
      mine?.ok === true && mine.events.some((e) => e.details?.subject === 'Design review'),
    ).toBe(true);
    const nestorsDay = (await second) as Awaited<ReturnType<EwsClient['getCalendar']>>;
    expect(nestorsDay.items.map((i) => i.subject)).toEqual(['Operations review']);

    expect(events[0]?.error).toBeInstanceOf(ServerBusyError);
    expect(events[0]?.error?.retryAfterMs).toBe(400);
    expect(events[0]?.retryInMs).toBeGreaterThanOrEqual(400);
    const log = await h.admin.requests();
    const [busy, retry] = log.filter((r) => r.operation === 'GetUserAvailability');
    const [other] = log.filter((r) => r.operation === 'FindItem');
    expect(busy?.fault).toBe('server-busy');
    expect(retry?.status).toBe(200);
    expect((retry?.atMs ?? 0) - (busy?.atMs ?? 0)).toBeGreaterThanOrEqual(400);
    expect((other?.atMs ?? 0) - (busy?.atMs ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('a 10-minute back-off fails fast; the next call sends nothing (ThrottledError)', async () => {
    const client = h.client({ maxPauseWaitMs: 5_000 });
    await h.admin.inject({
      operation: 'GetUserOofSettings',
      kind: 'server-busy',
      backOffMs: 600_000,
    });
    const started = Date.now();
    const error = await failure(client.getOofSettings());
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterMs).toBe(600_000);
    expect((error as ServerBusyError).responseCode).toBe('ErrorServerBusy');
    expect(await h.admin.requests()).toHaveLength(1);

    const second = await failure(client.getCalendar(LA_TODAY));
    expect(second).toBeInstanceOf(ThrottledError);
    expect((second as ThrottledError).retryAfterMs).toBeGreaterThan(590_000);
    expect((second as ThrottledError).retryAfterMs).toBeLessThanOrEqual(600_000);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await h.admin.requests()).toHaveLength(1);
  });
});

describe('faults: HTTP status answers', () => {
  it('401 is an AuthError with the challenges, not retried', async () => {
    await h.admin.inject({ operation: 'GetUserOofSettings', kind: 'unauthorized' });
    const client = h.client();
    const error = await failure(client.getOofSettings());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).challenges).toEqual(['Basic realm="beacon-sim"', 'Bearer']);
    expect(outcome(await h.admin.requests())).toEqual([[401, 'unauthorized']]);
    // The fault was for one request: the same client works again.
    expect((await client.getOofSettings()).state).toBe('Scheduled');
  });

  it('403 with X-EWS-Policy-Reason is an AuthError that names the policy, not retried', async () => {
    await h.admin.inject({ operation: 'GetUserOofSettings', kind: 'ews-blocked' });
    const error = await failure(h.client().getOofSettings());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(403);
    expect((error as AuthError).policyReason).toBe('EwsBlockedByApplicationPolicy');
    expect(outcome(await h.admin.requests())).toEqual([[403, 'ews-blocked']]);
  });

  it.each([
    { status: 429 as const, operation: 'FindItem' },
    { status: 503 as const, operation: 'GetItem' },
  ])(
    '$status with Retry-After: 1 on $operation waits at least 1 s, then succeeds',
    async ({ status, operation }) => {
      const { id } = await firstVoicemail();
      await h.admin.inject({ operation, kind: 'status', status, retryAfterSeconds: 1 });
      const client = h.client();
      if (operation === 'FindItem') {
        expect((await client.getCalendar(LA_TODAY)).items).toHaveLength(9);
      } else {
        expect((await client.getVoicemail(id)).callerName).toBe('Megan Bowen');
      }
      const log = await h.admin.requestsFor(operation);
      expect(outcome(log)).toEqual([
        [status, 'status'],
        [200, undefined],
      ]);
      expect(gaps(log)[0]).toBeGreaterThanOrEqual(1000);
    },
  );

  it('a 500 SOAP fault is a SoapFaultError and is not retried', async () => {
    await h.admin.inject({ operation: 'GetMailTips', kind: 'soap-fault', count: 5 });
    const error = await failure(h.client().getMailTips(['adele@beacon.test']));
    expect(error).toBeInstanceOf(SoapFaultError);
    expect((error as SoapFaultError).responseCode).toBe('ErrorInternalServerError');
    expect((error as SoapFaultError).retryable).toBe(false);
    expect(outcome(await h.admin.requests())).toEqual([[500, 'soap-fault']]);
  });
});

describe('faults: the connection itself', () => {
  it('a delay beyond the client timeout is a TransportError timeout; a retry then succeeds', async () => {
    await h.admin.inject({ operation: 'ResolveNames', kind: 'delay', delayMs: 1500 });
    const started = Date.now();
    const error = await failure(
      h.client({ timeoutMs: 300, maxAttempts: 1 }).resolveNames({ query: 'diego' }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1200);

    await h.admin.inject({ operation: 'ResolveNames', kind: 'delay', delayMs: 1500 });
    const found = await h
      .client({ timeoutMs: 300, maxAttempts: 2 })
      .resolveNames({ query: 'diego' });
    expect(found.map((r) => r.name)).toEqual(['Diego Siciliani']);
    // A delay shorter than the timeout is just slow.
    await h.admin.inject({ operation: 'ResolveNames', kind: 'delay', delayMs: 200 });
    const slow = await h
      .client({ timeoutMs: 2000, maxAttempts: 1 })
      .resolveNames({ query: 'diego' });
    expect(slow).toHaveLength(1);

    // The simulator logs a request when it has answered: wait for the two it held for 1.5 s
    // (answered to sockets the client had given up on), so they do not land in the next test.
    const log = await logOnceSettled('ResolveNames', 4);
    expect(log.map((r) => r.fault).sort()).toEqual(['delay', 'delay', 'delay', undefined]);
  });

  it('a truncated body is a TransportError truncated; retried, it succeeds once the faults are used up', async () => {
    const { attachmentId } = await firstVoicemail();
    await h.admin.inject({ operation: 'GetAttachment', kind: 'truncated', count: 2 });
    const error = await failure(h.client({ maxAttempts: 1 }).getAttachment(attachmentId));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('truncated');

    const content = await h.client({ maxAttempts: 3 }).getAttachment(attachmentId);
    expect(content.content.length).toBe(50260);
    expect(outcome(await h.admin.requestsFor('GetAttachment'))).toEqual([
      [0, 'truncated'],
      [0, 'truncated'],
      [200, undefined],
    ]);
  });

  it('malformed XML is a DecodeError, not retried, and nothing half-decoded', async () => {
    const { id, changeKey } = await firstVoicemail();
    await h.admin.inject({ operation: 'UpdateItem', kind: 'malformed', count: 3 });
    const error = await failure(h.client().markVoicemailRead({ id, changeKey }, true));
    expect(error).toBeInstanceOf(DecodeError);
    expect(outcome(await h.admin.requests())).toEqual([[200, 'malformed']]);
    // The simulator never processed the update.
    expect((await firstVoicemail()).changeKey).toBe(changeKey);
  });

  it('a connection reset is a TransportError, retried, and the call recovers (exactly once)', async () => {
    await h.admin.inject({ operation: 'CreateItem', kind: 'reset' });
    const error = await failure(
      h.client({ maxAttempts: 1 }).saveConversation({ subject: 'x', html: 'x', to: [] }),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).retryable).toBe(true);

    await h.admin.inject({ operation: 'CreateItem', kind: 'reset' });
    const saved = await h
      .client()
      .saveConversation({ subject: 'After the reset', html: '<p>ok</p>', to: [{ email: NESTOR }] });
    const history = await h.admin.conversationHistory(ALEX);
    expect(history.filter((m) => m.subject === 'After the reset').map((m) => m.id)).toEqual([
      saved.id,
    ]);
    expect(history.filter((m) => m.subject === 'x')).toHaveLength(0);
    expect(outcome(await h.admin.requestsFor('CreateItem'))).toEqual([
      [0, 'reset'],
      [0, 'reset'],
      [200, undefined],
    ]);
  });
});

describe('faults: no request storm', () => {
  it.each([
    { kind: 'status' as const, expected: HttpStatusError },
    { kind: 'reset' as const, expected: TransportError },
    { kind: 'server-busy' as const, expected: ServerBusyError },
  ])(
    'with $kind on every request and maxAttempts 3, exactly 3 requests per call',
    async ({ kind, expected }) => {
      await h.admin.inject({
        operation: '*',
        kind,
        count: 100,
        status: 503,
        retryAfterSeconds: 0,
        backOffMs: 20,
      });
      const client = h.client({ maxAttempts: 3 });
      for (const round of [1, 2]) {
        const error = await failure(client.getOofSettings());
        expect(error).toBeInstanceOf(expected);
        expect(error).toBeInstanceOf(EwsError);
        expect(await h.admin.requests()).toHaveLength(3 * round);
      }
      expect((await h.admin.requests()).every((r) => r.fault === kind)).toBe(true);
    },
  );
});
