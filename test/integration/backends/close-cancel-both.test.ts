/**
 * close() behaves alike on both backends: a sign-out or account switch during a slow read ends
 * that read at once as a 'transport' MailboxError (the protocol's typed cancel as its cause), the
 * read's answer never arrives afterwards, close() does not wait for the server, and a closed
 * backend refuses further calls in the same neutral words. Against the simulator (both faces),
 * which holds the read far longer than the test waits.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../../src-main/backends/index.js';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { TransportError } from '../../../src-main/ews/errors.js';
import { GraphError } from '../../../src-main/graph/errors.js';
import type { MailboxBackend } from '../../../src-main/mailbox/backend.js';
import { MailboxError } from '../../../src-main/mailbox/errors.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';
import { ALEX, NOW, startGraphSimulator, tokenOf } from '../sim/graph/support.js';

/** The simulator's hold on the read: far longer than any cancel may take. */
const HELD_MS = 10_000;

let sim: RunningSimulator;
let admin: SimAdmin;

beforeAll(async () => {
  sim = await startGraphSimulator({ now: () => NOW });
  admin = new SimAdmin(sim);
});
afterAll(async () => {
  await admin.close();
  await sim.close();
});
beforeEach(async () => {
  await admin.reset('demo');
  await admin.clearFaults();
});

interface Face {
  protocol: 'ews' | 'graph';
  /** Builds the backend signed in as Alex. */
  open(): MailboxBackend;
  /** Holds the OOF read at the simulator. */
  hold(): Promise<unknown>;
  /** A part of the OOF read's request path, to see it leave the client. */
  path: string;
  /** The protocol's own cancel, the MailboxError's cause. */
  cancelled(cause: unknown): boolean;
}

const FACES: Face[] = [
  {
    protocol: 'ews',
    open: () => {
      const alex = sim.users.find((u) => u.email === ALEX);
      if (alex === undefined) throw new Error('no Alex in the simulator');
      return createBackend({
        protocol: 'ews',
        url: sim.ewsUrl,
        mailbox: ALEX,
        auth: new BasicAuth(alex.email, alex.password),
        maxAttempts: 1,
        timeoutMs: 30_000,
      });
    },
    hold: () =>
      admin.inject({ operation: 'GetUserOofSettings', kind: 'delay', delayMs: HELD_MS, count: 1 }),
    path: 'Exchange.asmx',
    cancelled: (cause) => cause instanceof TransportError && cause.failure === 'aborted',
  },
  {
    protocol: 'graph',
    open: () =>
      createBackend({
        protocol: 'graph',
        mailbox: ALEX,
        baseUrl: sim.graphUrl,
        tokenProvider: () => Promise.resolve(tokenOf(sim, ALEX)),
        maxAttempts: 1,
        timeoutMs: 30_000,
        now: () => NOW,
      }),
    hold: () =>
      admin.inject({
        face: 'graph',
        operation: 'mailboxSettings',
        kind: 'delay',
        delayMs: HELD_MS,
        count: 1,
      }),
    path: 'mailboxSettings',
    cancelled: (cause) => cause instanceof GraphError && cause.kind === 'aborted',
  },
];

/** Resolves when a request whose path contains `part` has left the client. */
function whenSent(part: string): { sent: Promise<void>; stop: () => void } {
  let resolveSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (resolveSent = resolve));
  const onSend = (message: unknown): void => {
    const path = (message as { request: { path?: unknown } }).request.path;
    if (typeof path === 'string' && path.includes(part)) resolveSent();
  };
  subscribe('undici:client:sendHeaders', onSend);
  return { sent, stop: () => unsubscribe('undici:client:sendHeaders', onSend) };
}

/** 'held' when `promise` has not settled before the simulator would have answered. */
function beforeTheServer<T>(promise: Promise<T>): Promise<T | 'held'> {
  let timer: NodeJS.Timeout | undefined;
  const held = new Promise<'held'>((resolve) => {
    timer = setTimeout(() => {
      resolve('held');
    }, HELD_MS - 1_000);
  });
  return Promise.race([promise, held]).finally(() => {
    clearTimeout(timer);
  });
}

async function outcome(promise: Promise<unknown>): Promise<{ ok: boolean; error?: unknown }> {
  try {
    await promise;
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe.each(FACES)('close() on the $protocol backend', (face) => {
  it('cancels a slow read at once with a typed cancel, without waiting for the server', async () => {
    await face.hold();
    const backend = face.open();
    const watch = whenSent(face.path);
    let answered = false;
    const reading = outcome(
      backend.getOofSettings().then((oof) => {
        answered = true;
        return oof;
      }),
    );
    try {
      await watch.sent;
    } finally {
      watch.stop();
    }
    expect(await beforeTheServer(backend.close())).toBeUndefined();
    const read = await beforeTheServer(reading);
    expect(read).not.toBe('held');
    expect(read).toMatchObject({ ok: false });
    const error = (read as { error: unknown }).error;
    expect(error).toBeInstanceOf(MailboxError);
    expect((error as MailboxError).kind).toBe('transport');
    expect((error as MailboxError).failure).toEqual({ reason: 'server-error' });
    expect(face.cancelled((error as MailboxError).cause)).toBe(true);
    expect(answered).toBe(false);

    // Closed: a later call is refused in the same neutral words, and nothing is sent.
    const after = await outcome(backend.getOofSettings());
    expect(after.ok).toBe(false);
    expect(after.error).toBeInstanceOf(MailboxError);
    expect((after.error as MailboxError).kind).toBe('transport');
    expect((after.error as MailboxError).failure).toEqual({ reason: 'server-error' });
  });
});
