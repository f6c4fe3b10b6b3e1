/**
 * Credentials through EwsClient against the simulator: Basic and Bearer sign-in reach the
 * right mailbox; a wrong password or token is an AuthError after exactly one request; a token
 * source that can refresh gets one more attempt with the fresh token.
 */
import { describe, expect, it } from 'vitest';
import { BasicAuth, BearerAuth } from '../../../src-main/ews/auth.js';
import { AuthError } from '../../../src-main/ews/errors.js';
import { ALEX, bearerAuth, failure, NESTOR, useSimulator } from './support.js';

const h = useSimulator();

describe('authentication', () => {
  it('a wrong password is an AuthError after one request', async () => {
    const client = h.client({ auth: new BasicAuth(ALEX, 'not-the-password') });
    const error = await failure(client.getOofSettings());
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).retryable).toBe(false);
    expect((error as AuthError).challenges).toContain('Bearer');
    const log = await h.admin.requests();
    expect(log.map((r) => [r.operation, r.status, r.user])).toEqual([
      ['GetUserOofSettings', 401, null],
    ]);
  });

  it('an unknown user is refused the same way', async () => {
    const client = h.client({ auth: new BasicAuth('mallory@beacon.test', 'alex-password') });
    expect(await failure(client.listVoicemail())).toBeInstanceOf(AuthError);
    expect(await h.admin.requests()).toHaveLength(1);
  });

  it('a wrong bearer token is an AuthError after one request', async () => {
    const client = h.client({ auth: bearerAuth('alex-token-expired') });
    const error = await failure(
      client.getCalendar({ start: new Date(), end: new Date(Date.now() + 3_600_000) }),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect(await h.admin.requests()).toHaveLength(1);
  });

  it("a bearer token signs in as its user and reads that user's mailbox", async () => {
    const alex = h.sim.users.find((u) => u.email === ALEX);
    const nestor = h.sim.users.find((u) => u.email === NESTOR);
    if (!alex || !nestor) throw new Error('demo users missing');

    const settings = await h.client({ auth: bearerAuth(alex.token) }).getOofSettings();
    expect(settings.state).toBe('Scheduled');
    const list = await h.client({ user: NESTOR, auth: bearerAuth(nestor.token) }).listVoicemail();
    expect(list.folder).toBe('inbox');
    expect(list.items).toHaveLength(2);
    expect((await h.admin.requests()).map((r) => r.user)).toEqual([ALEX, NESTOR, NESTOR]);
  });

  it('a token source that can refresh gets exactly one more attempt with the new token', async () => {
    const alex = h.sim.users.find((u) => u.email === ALEX);
    if (!alex) throw new Error('demo user missing');
    let current = 'stale-token';
    let refreshes = 0;
    const auth = new BearerAuth({
      token: () => Promise.resolve(current),
      refresh: () => {
        refreshes++;
        current = alex.token;
        return Promise.resolve(true);
      },
    });
    const settings = await h.client({ auth }).getOofSettings();
    expect(settings.externalAudience).toBe('All');
    expect(refreshes).toBe(1);
    expect((await h.admin.requests()).map((r) => [r.status, r.user])).toEqual([
      [401, null],
      [200, ALEX],
    ]);

    // A refresh that does not help is not tried twice.
    let attempts = 0;
    const hopeless = new BearerAuth({
      token: () => Promise.resolve('never-valid'),
      refresh: () => {
        attempts++;
        return Promise.resolve(true);
      },
    });
    await h.admin.clearRequests();
    expect(await failure(h.client({ auth: hopeless }).getOofSettings())).toBeInstanceOf(AuthError);
    expect(attempts).toBe(1);
    expect(await h.admin.requests()).toHaveLength(2);
  });
});
