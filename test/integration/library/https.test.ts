/**
 * The library against the simulator in HTTPS mode (a self-signed certificate made on start):
 * trusted through `extraCa` everything works; without it the TLS handshake fails with a
 * TransportError 'tls' and no request reaches the server. Verification is never switched off.
 */
import { describe, expect, it } from 'vitest';
import { BasicAuth } from '../../../src-main/ews/auth.js';
import { EwsClient } from '../../../src-main/ews/client.js';
import { TransportError } from '../../../src-main/ews/errors.js';
import { ALEX, failure, LA_TODAY, useSimulator } from './support.js';

const h = useSimulator({ https: true });

describe('HTTPS', () => {
  it('with the simulator’s CA as extraCa, operations work over TLS', async () => {
    expect(h.sim.ewsUrl.startsWith('https://127.0.0.1:')).toBe(true);
    expect(h.sim.caPem).toContain('BEGIN CERTIFICATE');
    const client = h.client(); // the harness passes sim.caPem as extraCa
    expect((await client.getOofSettings()).state).toBe('Scheduled');
    const calendar = await client.getCalendar(LA_TODAY);
    expect(calendar.items.map((i) => i.subject)).toContain('Design review');
    const [megan] = (await client.listVoicemail()).items;
    const item = await client.getVoicemail(megan?.id ?? '');
    const audio = await client.getAttachment(item.attachments[0]?.id ?? '');
    expect(audio.content.length).toBe(50260);
    expect((await h.admin.requests()).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('the certificate names localhost too', async () => {
    const url = h.sim.ewsUrl.replace('127.0.0.1', 'localhost');
    const client = h.client({ url });
    expect((await client.resolveNames({ query: 'megan' }))[0]?.email).toBe('megan@beacon.test');
  });

  it("without extraCa the self-signed certificate is refused: TransportError 'tls', no request", async () => {
    const alex = h.sim.users.find((u) => u.email === ALEX);
    if (!alex) throw new Error('demo user missing');
    const client = new EwsClient({
      url: h.sim.ewsUrl,
      auth: new BasicAuth(alex.email, alex.password),
      mailbox: alex.email,
      maxAttempts: 3,
    });
    try {
      const error = await failure(client.getOofSettings());
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).failure).toBe('tls');
      expect((error as TransportError).retryable).toBe(false);
    } finally {
      await client.close();
    }
    expect(await h.admin.requests()).toEqual([]);
  });
});
