/**
 * NTLMv2 over real sockets: the library's NtlmAuth against the simulator's NTLM on its https
 * listener with Extended Protection (channel binding) enforced, as Exchange 2019 CU14+ does.
 * The simulator counts the TCP connections it accepts, so "one connection for the handshake and
 * the requests after it" is measured on the server side.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KerberosRequiredError } from '../../../src-main/auth/ntlm/errors.js';
import { NtlmAuth } from '../../../src-main/auth/ntlm/provider.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { AuthError, TransportError } from '../../../src-main/ews/errors.js';
import { startSimulator, type RunningSimulator } from '../../../src-main/sim/index.js';
import { SimAdmin } from '../../support/sim-admin.js';

const ALEX = 'alex@beacon.test';
let sim: RunningSimulator;
const clients: EwsClient[] = [];

function password(email: string): string {
  const user = sim.users.find((u) => u.email === email);
  if (user === undefined) throw new Error(`${email} is not a simulator user`);
  return user.password;
}

function client(options: { login?: string; password?: string; channelBinding?: boolean } = {}): {
  client: EwsClient;
  auth: NtlmAuth;
} {
  const auth = new NtlmAuth({
    url: sim.ewsUrl,
    login: options.login ?? ALEX,
    password: options.password ?? password(ALEX),
    extraCa: sim.caPem,
    ...(options.channelBinding === undefined ? {} : { channelBinding: options.channelBinding }),
  });
  const made = new EwsClient({
    url: sim.ewsUrl,
    mailbox: ALEX,
    auth,
    ...(sim.caPem === undefined ? {} : { extraCa: sim.caPem }),
    maxAttempts: 1,
  });
  clients.push(made);
  return { client: made, auth };
}

function ntlm(): NonNullable<RunningSimulator['ntlm']> {
  if (sim.ntlm === undefined) throw new Error('The simulator runs without NTLM');
  return sim.ntlm;
}

beforeAll(async () => {
  sim = await startSimulator({ https: true, strict: false, ntlm: { channelBinding: true } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await sim.close();
});

describe('NTLMv2 with channel binding against the simulator (https, Extended Protection on)', () => {
  it('signs in, and the handshake and the requests after it share one connection', async () => {
    const { client: ews, auth } = client();
    const connectionsBefore = ntlm().connections;
    const acceptedBefore = ntlm().accepted;
    const oof = await ews.getOofSettings();
    expect(oof.state).toBeTypeOf('string');
    const names = await ews.resolveNames({ query: 'megan' });
    expect(names[0]?.email).toBe('megan@beacon.test');
    await ews.getOofSettings();
    expect(ntlm().connections - connectionsBefore).toBe(1);
    expect(ntlm().accepted - acceptedBefore).toBe(1);
    expect(auth.handshakes).toBe(1);
  });

  it('a DOMAIN\\user login works as well as the UPN', async () => {
    const { client: ews } = client({ login: 'BEACON\\alex' });
    const names = await ews.resolveNames({ query: 'megan' });
    expect(names[0]?.email).toBe('megan@beacon.test');
  });

  it('a wrong password is a 401 AuthError after one handshake, and is never sent again', async () => {
    const { client: ews, auth } = client({ password: 'not-the-password' });
    const failuresBefore = ntlm().failures.length;
    const first = await ews.getOofSettings().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(AuthError);
    expect((first as AuthError).status).toBe(401);
    const second = await ews.getOofSettings().catch((e: unknown) => e);
    expect(second).toBeInstanceOf(AuthError);
    expect(auth.handshakes).toBe(1);
    expect(ntlm().failures.slice(failuresBefore)).toEqual(['wrong-response']);
  });

  it('a client without channel binding is refused by Extended Protection', async () => {
    const { client: ews } = client({ channelBinding: false });
    const failuresBefore = ntlm().failures.length;
    const error = await ews.getOofSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(ntlm().failures.slice(failuresBefore)).toEqual(['channel-binding-missing']);
  });

  it('when the connection closes, the next request runs the handshake again on a new one', async () => {
    const { client: ews, auth } = client();
    await ews.getOofSettings();
    const connectionsBefore = ntlm().connections;
    // Drop the authenticated connection as a server's idle timeout would.
    await auth.close();
    await ews.getOofSettings();
    expect(auth.handshakes).toBe(2);
    expect(ntlm().connections - connectionsBefore).toBe(1);
  });

  it('when the server drops the authenticated connection, the next request authenticates a new one', async () => {
    const admin = new SimAdmin(sim);
    try {
      const { client: ews, auth } = client();
      await ews.getOofSettings();
      await admin.inject({ operation: 'GetUserOofSettings', kind: 'reset' });
      const connectionsBefore = ntlm().connections;
      const dropped = await ews.getOofSettings().catch((e: unknown) => e);
      expect(dropped).toBeInstanceOf(TransportError);
      expect((await ews.getOofSettings()).state).toBeTypeOf('string');
      expect(auth.handshakes).toBe(2);
      expect(ntlm().connections - connectionsBefore).toBe(1);
    } finally {
      await admin.close();
    }
  });

  it('concurrent first requests share one handshake', async () => {
    const { client: ews, auth } = client();
    const acceptedBefore = ntlm().accepted;
    const results = await Promise.all([
      ews.getOofSettings(),
      ews.resolveNames({ query: 'megan' }),
      ews.getOofSettings(),
    ]);
    expect(results).toHaveLength(3);
    expect(auth.handshakes).toBe(1);
    expect(ntlm().accepted - acceptedBefore).toBe(1);
  });
});

describe('Negotiate', () => {
  async function withSimulator(
    options: { negotiateOnly?: boolean; kerberosOnly?: boolean },
    run: (other: RunningSimulator) => Promise<void>,
  ): Promise<void> {
    const other = await startSimulator({
      https: true,
      strict: false,
      ntlm: { channelBinding: true, ...options },
    });
    try {
      await run(other);
    } finally {
      await other.close();
    }
  }

  function clientOf(other: RunningSimulator): { client: EwsClient; auth: NtlmAuth } {
    const user = other.users.find((u) => u.email === ALEX);
    const auth = new NtlmAuth({
      url: other.ewsUrl,
      login: ALEX,
      password: user?.password ?? '',
      extraCa: other.caPem,
    });
    const made = new EwsClient({
      url: other.ewsUrl,
      mailbox: ALEX,
      auth,
      ...(other.caPem === undefined ? {} : { extraCa: other.caPem }),
      maxAttempts: 1,
    });
    clients.push(made);
    return { client: made, auth };
  }

  it('a server offering only Negotiate gets the NTLM token under Negotiate, with channel binding', async () => {
    await withSimulator({ negotiateOnly: true }, async (other) => {
      const { client: ews, auth } = clientOf(other);
      const names = await ews.resolveNames({ query: 'megan' });
      expect(names[0]?.email).toBe('megan@beacon.test');
      expect(auth.handshakes).toBe(1);
      expect(other.ntlm?.accepted).toBe(1);
      expect(other.ntlm?.failures).toEqual([]);
    });
  });

  it('a Kerberos-only server fails clearly ("Kerberos is not supported yet"), sending no AUTHENTICATE', async () => {
    await withSimulator({ kerberosOnly: true }, async (other) => {
      const { client: ews, auth } = clientOf(other);
      const error = await ews.getOofSettings().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect(error).toBeInstanceOf(KerberosRequiredError);
      expect((error as AuthError).message).toMatch(/^Kerberos is not supported yet/);
      expect(auth.handshakes).toBe(1);
      expect(other.ntlm?.accepted).toBe(0);
      expect(other.ntlm?.failures).toEqual([]);
    });
  });
});
