/**
 * Microsoft Graph chosen for an account that signs in with a password (Settings › Connection to
 * Exchange): Graph takes only a Microsoft sign-in, so the companion sends nothing, and the
 * Snapshot says why (the account not signed in, the footer's connection asking the user to act,
 * both with the reason graph-needs-oauth), with no retry storm; choosing automatic again signs the
 * same account back in over EWS. Against the schema-strict simulator.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../src-main/core/contract.js';
import { ALEX, NOW, started, useCompanionHarness, type TestCompanion } from './support.js';

const h = useCompanionHarness();
const HOUR = 3_600_000;

function password(): string {
  return h.sim.users[0]?.password ?? '';
}

/** Signed in with a password kept for this run only (no keychain in these tests). */
async function signedInWithPassword(): Promise<TestCompanion> {
  const test = await started(await h.companion());
  await test.ok({
    type: 'sign-in',
    mailbox: ALEX,
    password: password(),
    ewsUrl: h.sim.ewsUrl,
    remember: false,
  });
  await test.companion.whenIdle();
  expect(test.companion.getSnapshot().account).toMatchObject({
    mode: 'exchange',
    signIn: 'signed-in',
    protocol: 'ews',
  });
  return test;
}

function expectGraphNeedsOAuth(snapshot: Snapshot): void {
  expect(snapshot.account).toMatchObject({
    mode: 'exchange',
    mailbox: ALEX,
    signIn: 'failed',
    failure: { reason: 'graph-needs-oauth' },
  });
  expect(snapshot.connection.state).toBe('auth-required');
  expect(snapshot.connection.failure).toEqual({ reason: 'graph-needs-oauth' });
  // Nothing of the mailbox is shown as if it were current.
  expect(snapshot.presence.availability).toBe('offline');
  expect(snapshot.agenda).toEqual([]);
  expect(snapshot.teams?.publishing ?? 'off').toBe('off');
}

describe('Microsoft Graph chosen for a password account', () => {
  it('sends nothing, says why in the Snapshot, and keeps quiet over an hour of timers', async () => {
    const test = await signedInWithPassword();
    expect(test.companion.getSnapshot().agenda.length).toBeGreaterThan(0);
    await h.admin.clearRequests();

    await test.ok({ type: 'update-settings', settings: { account: { backend: 'graph' } } });
    await test.companion.whenIdle();
    expectGraphNeedsOAuth(test.companion.getSnapshot());
    // The EWS connection closed (its notification subscription ended), and nothing else.
    expect((await h.admin.requests()).map((r) => r.operation)).toEqual(['Unsubscribe']);
    await h.admin.clearRequests();

    // Timers, the Refresh button and a command: still nothing sent, still the same words.
    await test.advanceTo(NOW.getTime() + HOUR);
    const refresh = await test.companion.execute({ type: 'refresh-now' });
    expect(refresh.ok).toBe(false);
    await test.companion.whenIdle();
    expectGraphNeedsOAuth(test.companion.getSnapshot());
    expect(await h.admin.requests()).toEqual([]);
  });

  it('choosing automatic again signs the same account back in over EWS', async () => {
    const test = await signedInWithPassword();
    await test.ok({ type: 'update-settings', settings: { account: { backend: 'graph' } } });
    await test.companion.whenIdle();
    expectGraphNeedsOAuth(test.companion.getSnapshot());

    await test.ok({ type: 'update-settings', settings: { account: { backend: 'automatic' } } });
    await test.companion.whenIdle();
    const snapshot = test.companion.getSnapshot();
    expect(snapshot.account).toMatchObject({ signIn: 'signed-in', protocol: 'ews' });
    expect(snapshot.account.failure).toBeUndefined();
    expect(snapshot.connection.state).toBe('online');
    expect(snapshot.agenda.length).toBeGreaterThan(0);
  });

  it('a password sign-in while Graph is chosen is refused with the reason, before any request', async () => {
    const test = await started(await h.companion());
    await test.ok({ type: 'update-settings', settings: { account: { backend: 'graph' } } });
    await test.companion.whenIdle();
    await h.admin.clearRequests();

    const result = await test.companion.execute({
      type: 'sign-in',
      mailbox: ALEX,
      password: password(),
      ewsUrl: h.sim.ewsUrl,
      remember: false,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'auth-required', failure: { reason: 'graph-needs-oauth' } },
    });
    await test.companion.whenIdle();
    expectGraphNeedsOAuth(test.companion.getSnapshot());
    expect(await h.admin.requests()).toEqual([]);
  });
});
