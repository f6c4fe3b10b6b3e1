/**
 * Records everything an XmppProvider tells the core, for the IM integration tests, and makes
 * providers on the Prosody harness.
 */
import type {
  ChatState,
  ImConnectionState,
  ImFailure,
  ImPresence,
  IncomingMessage,
  RosterEntry,
} from '../../../src-main/im/provider.js';
import type { DroppedInput } from '../../../src-main/im/xmpp/limits.js';
import { XmppProvider, type XmppProviderOptions } from '../../../src-main/im/xmpp/xmpp-provider.js';
import { eventually, type Prosody } from '../../support/prosody.js';

export class Recorder {
  readonly states: { state: ImConnectionState; failure?: ImFailure; retryAt?: Date }[] = [];
  readonly presence = new Map<string, ImPresence | undefined>();
  readonly presenceEvents: { address: string; presence: ImPresence | undefined }[] = [];
  readonly messages: IncomingMessage[] = [];
  readonly receipts: { from: string; id: string; kind: 'delivered' | 'displayed' }[] = [];
  readonly chatStates: { from: string; state: ChatState }[] = [];
  readonly requests: { address: string; name?: string }[] = [];
  readonly drops: DroppedInput[] = [];
  roster: RosterEntry[] = [];
  readonly provider: XmppProvider;

  constructor(
    readonly address: string,
    options: XmppProviderOptions,
  ) {
    this.provider = new XmppProvider({ ...options, onDrop: (d) => this.drops.push(d) });
    const p = this.provider;
    p.on('state', (state, failure, retryAt) => {
      this.states.push({
        state,
        ...(failure ? { failure } : {}),
        ...(retryAt ? { retryAt } : {}),
      });
    });
    p.on('presence', (address, presence) => {
      this.presence.set(address, presence);
      this.presenceEvents.push({ address, presence });
    });
    p.on('message', (m) => this.messages.push(m));
    p.on('receipt', (from, id, kind) => this.receipts.push({ from, id, kind }));
    p.on('chatState', (from, state) => this.chatStates.push({ from, state }));
    p.on('subscriptionRequest', (address, name) => {
      this.requests.push(name === undefined ? { address } : { address, name });
    });
    p.on('roster', (entries) => {
      this.roster = entries;
    });
  }

  get lastState(): ImConnectionState | undefined {
    return this.states.at(-1)?.state;
  }

  entry(address: string): RosterEntry | undefined {
    return this.roster.find((e) => e.address === address);
  }

  async online(): Promise<void> {
    await this.provider.connect();
    await eventually(
      () => this.lastState,
      (s) => s === 'online',
      30_000,
    );
  }
}

export function makeRecorder(
  server: Prosody,
  name: string,
  password: string,
  extra: Partial<XmppProviderOptions> = {},
): Recorder {
  const address = `${name}@${server.domain}`;
  return new Recorder(address, {
    address,
    password,
    server: server.host,
    port: server.port,
    caPem: server.caPem,
    ...extra,
  });
}

/** Mutual subscription through the providers' own add / approve flow. */
export async function befriend(a: Recorder, b: Recorder): Promise<void> {
  await a.provider.addContact(b.address, b.address.split('@')[0]);
  await eventually(
    () => b.requests.some((r) => r.address === a.address),
    (x) => x,
  );
  await b.provider.answerSubscription(a.address, true);
  await eventually(
    () => a.requests.some((r) => r.address === b.address),
    (x) => x,
  );
  await a.provider.answerSubscription(b.address, true);
  await eventually(
    () => [a.entry(b.address)?.subscription, b.entry(a.address)?.subscription],
    ([x, y]) => x === 'both' && y === 'both',
  );
}
