/**
 * How the XMPP provider connects and fails, against a real Prosody: a wrong password fails once
 * (no retry loop), a certificate the provider was not told to trust fails as tls-untrusted (no
 * switch turns verification off), and an unreachable server is retried with jittered
 * exponential back-off, never a fixed loop.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timers } from '../../../src-main/im/xmpp/limits.js';
import { eventually, startProsody, type Prosody } from '../../support/prosody.js';
import { makeRecorder, type Recorder } from './xmpp-recorder.js';

let server: Prosody;
const started: Recorder[] = [];

beforeAll(async () => {
  server = await startProsody({ users: [{ name: 'alice', password: 'alice-pw' }] });
}, 60_000);

afterAll(async () => {
  for (const r of started) await r.provider.disconnect();
  await server.stop();
});

/** Timers that record each request and run nothing until told to. */
class ManualTimers implements Timers {
  readonly scheduled: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  setTimeout(fn: () => void, ms: number): unknown {
    const entry = { fn, ms, cancelled: false };
    this.scheduled.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    if (handle && typeof handle === 'object') (handle as { cancelled: boolean }).cancelled = true;
  }
}

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

describe('XMPP provider: connecting and failing', { timeout: 60_000 }, () => {
  it('a wrong password fails with wrong-password and is not retried', async () => {
    const timers = new ManualTimers();
    const r = makeRecorder(server, 'alice', 'not-the-password', { timers });
    started.push(r);
    await r.provider.connect();
    await eventually(
      () => r.lastState,
      (s) => s === 'failed',
    );
    // Watch a while: nothing else happens on its own.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(r.states.map((s) => s.state)).toEqual(['connecting', 'failed']);
    expect(r.states[1]?.failure).toEqual({ reason: 'wrong-password', host: '127.0.0.1' });
    expect(r.provider.connectionAttempts).toBe(1);
    expect(timers.scheduled).toEqual([]);
  });

  it('a server certificate from an authority it was not given fails as tls-untrusted (STARTTLS)', async () => {
    const timers = new ManualTimers();
    const r = makeRecorder(server, 'alice', 'alice-pw', { timers, caPem: undefined });
    started.push(r);
    await r.provider.connect();
    await eventually(
      () => r.lastState,
      (s) => s === 'failed',
    );
    expect(r.states.at(-1)?.failure?.reason).toBe('tls-untrusted');
    expect(timers.scheduled).toEqual([]);
  });

  it('the same over direct TLS; with the authority given, direct TLS signs in', async () => {
    const untrusted = makeRecorder(server, 'alice', 'alice-pw', {
      caPem: undefined,
      directTls: true,
      port: server.tlsPort,
    });
    started.push(untrusted);
    await untrusted.provider.connect();
    await eventually(
      () => untrusted.lastState,
      (s) => s === 'failed',
    );
    expect(untrusted.states.at(-1)?.failure?.reason).toBe('tls-untrusted');

    const trusted = makeRecorder(server, 'alice', 'alice-pw', {
      directTls: true,
      port: server.tlsPort,
    });
    started.push(trusted);
    await trusted.online();
    expect(trusted.states.map((s) => s.state)).toEqual(['connecting', 'online']);
  });

  it('a server that stops answering pings is dropped, and the session comes back when it answers', async () => {
    const r = makeRecorder(server, 'alice', 'alice-pw', {
      pingIntervalMs: 300,
      pingTimeoutMs: 700,
      timeoutMs: 5_000,
    });
    started.push(r);
    await r.online();
    server.freeze();
    try {
      await eventually(
        () => r.lastState,
        (s) => s !== 'online',
        5_000,
      );
    } finally {
      server.thaw();
    }
    await eventually(
      () => r.lastState,
      (s) => s === 'online',
      20_000,
    );
    expect(r.states.map((s) => s.state)).toEqual([
      'connecting',
      'online',
      'connecting',
      'connecting',
      'online',
    ]);
  }, 40_000);

  it('an unreachable server is retried with jittered exponential back-off', async () => {
    const timers = new ManualTimers();
    const port = await closedPort();
    const r = makeRecorder(server, 'alice', 'alice-pw', {
      timers,
      port,
      random: () => 0.25,
      now: () => new Date('2026-12-03T12:00:00Z'),
    });
    started.push(r);
    await r.provider.connect();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const next = await eventually(
        () => timers.scheduled.filter((t) => !t.cancelled),
        (list) => list.length === i + 1,
      );
      const entry = next[i];
      if (!entry) throw new Error('no retry scheduled');
      delays.push(entry.ms);
      expect(r.states.at(-1)).toEqual({
        state: 'offline',
        failure: { reason: 'unreachable', host: '127.0.0.1' },
        retryAt: new Date(Date.parse('2026-12-03T12:00:00Z') + entry.ms),
      });
      if (i < 3) entry.fn();
    }
    // 1 s, 2 s, 4 s, 8 s ceilings; the jitter (0.25 here) picks within the upper half.
    expect(delays).toEqual([625, 1250, 2500, 5000]);
    expect(r.provider.connectionAttempts).toBe(4);
  });
});
