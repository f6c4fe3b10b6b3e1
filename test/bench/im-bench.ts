/**
 * IM latency on loopback against a real Prosody (the test harness): a manual status change
 * published by the XMPP provider until a contact's plain XMPP client receives the new presence
 * (50 changes; target ≤ 1 s p95), and a chat message from send() until the peer's provider
 * reports it (20 messages).
 */
import { performance } from 'node:perf_hooks';
import xml from '@xmpp/xml';
import type { Availability } from '../../src-main/presence/vocabulary.js';
import { XmppProvider } from '../../src-main/im/xmpp/xmpp-provider.js';
import { eventually, rawClient, startProsody } from '../support/prosody.js';
import { markdownTable, median } from './stats.js';

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

const server = await startProsody({
  users: [
    { name: 'me', password: 'me-pw' },
    { name: 'peer', password: 'peer-pw' },
    { name: 'watcher', password: 'watcher-pw' },
  ],
});
const providers: XmppProvider[] = [];
function provider(name: string): XmppProvider {
  const p = new XmppProvider({
    address: `${name}@${server.domain}`,
    password: `${name}-pw`,
    server: server.host,
    port: server.port,
    caPem: server.caPem,
    onDrop: () => undefined,
  });
  providers.push(p);
  return p;
}
async function online(p: XmppProvider): Promise<void> {
  let state = '';
  p.on('state', (s) => (state = s));
  await p.connect();
  await eventually(
    () => state,
    (s) => s === 'online',
    30_000,
  );
}

try {
  const me = provider('me');
  const peer = provider('peer');
  const requests: string[] = [];
  me.on('subscriptionRequest', (a) => requests.push(a));
  await Promise.all([online(me), online(peer)]);
  const watcher = await rawClient(server, 'watcher', 'watcher-pw');

  // The watcher follows me (a plain client: it sees show/status).
  await watcher.send(xml('presence', { to: 'me@localhost', type: 'subscribe' }));
  await eventually(
    () => requests.includes('watcher@localhost'),
    (x) => x,
  );
  await me.answerSubscription('watcher@localhost', true);
  await watcher.waitFor((el) => el.attrs.type === 'subscribe');
  await watcher.send(xml('presence', { to: 'me@localhost', type: 'subscribed' }));

  const cycle: Availability[] = ['busy', 'away', 'available', 'do-not-disturb', 'off-work'];
  const presenceMs: number[] = [];
  for (let i = 0; i < 50; i += 1) {
    const status = `change ${i}`;
    const seen = watcher.waitFor(
      (el) => el.name === 'presence' && el.getChildText('status') === status,
      10_000,
    );
    const t0 = performance.now();
    await me.publish({
      availability: cycle[i % cycle.length] ?? 'available',
      statusText: status,
      activityText: status,
      oof: false,
      idle: false,
    });
    await seen;
    presenceMs.push(performance.now() - t0);
  }

  // Chat: me → peer, shown at the peer (its provider's message event).
  const arrived = new Map<string, number>();
  peer.on('message', (m) => arrived.set(m.body, performance.now()));
  const messageMs: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const body = `bench message ${i}`;
    const t0 = performance.now();
    await me.send('peer@localhost', body);
    const at = await eventually(
      () => arrived.get(body),
      (t) => t !== undefined,
      10_000,
    );
    messageMs.push((at ?? NaN) - t0);
  }
  await watcher.stop();

  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  console.log('\n### IM (XMPP on a local Prosody)\n');
  console.log(
    markdownTable(
      ['Measure', 'n', 'Median', 'p95', 'Target'],
      [
        [
          'Status change → contact’s plain client has the presence',
          String(presenceMs.length),
          ms(median(presenceMs)),
          ms(p95(presenceMs)),
          '≤ 1000 ms p95',
        ],
        [
          'Message send → shown at the peer',
          String(messageMs.length),
          ms(median(messageMs)),
          ms(p95(messageMs)),
          '—',
        ],
      ],
    ),
  );
} finally {
  for (const p of providers) await p.disconnect();
  await server.stop();
}
