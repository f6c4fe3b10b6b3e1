/**
 * The Prosody harness itself: a per-run server with TLS required, two accounts that log in over
 * STARTTLS and direct TLS trusting only the run's CA, and a wrong password refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createXmppConnection } from '../../../src-main/im/xmpp/connection.js';
import { startProsody, type Prosody } from '../../support/prosody.js';

let server: Prosody;

beforeAll(async () => {
  server = await startProsody({
    users: [
      { name: 'alice', password: 'alice-pw' },
      { name: 'bob', password: 'bob-pw' },
    ],
  });
}, 60_000);

afterAll(async () => {
  await server.stop();
});

function login(name: string, password: string, service: string) {
  const { entity } = createXmppConnection({
    service,
    domain: server.domain,
    username: name,
    password,
    resource: 'harness',
    caPem: server.caPem,
  });
  const errors: Error[] = [];
  entity.on('error', (e: Error) => errors.push(e));
  return { entity, errors };
}

describe('Prosody harness', { timeout: 60_000 }, () => {
  it('two users log in, over STARTTLS and over direct TLS', async () => {
    const alice = login('alice', 'alice-pw', `xmpp://${server.host}:${server.port}`);
    const bob = login('bob', 'bob-pw', `xmpps://${server.host}:${server.tlsPort}`);
    const [aliceJid, bobJid] = await Promise.all([alice.entity.start(), bob.entity.start()]);
    expect(aliceJid.bare().toString()).toBe('alice@localhost');
    expect(bobJid.toString()).toBe('bob@localhost/harness');
    expect(alice.entity.isSecure()).toBe(true);
    expect(bob.entity.isSecure()).toBe(true);
    await Promise.all([alice.entity.stop(), bob.entity.stop()]);
  });

  it('registers a user while running, and refuses a wrong password', async () => {
    await server.register('carol', 'carol-pw');
    const carol = login('carol', 'carol-pw', `xmpp://${server.host}:${server.port}`);
    await expect(carol.entity.start()).resolves.toBeDefined();
    await carol.entity.stop();
    const wrong = login('carol', 'nope', `xmpp://${server.host}:${server.port}`);
    await expect(wrong.entity.start()).rejects.toMatchObject({ condition: 'not-authorized' });
    await wrong.entity.stop().catch(() => undefined);
  });
});
