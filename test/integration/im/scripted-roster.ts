/**
 * A test double at the ImProvider seam, for the roster-size test only: it hands the service a
 * roster and IM presence for some of it, with no network. Everything behind the seam (contacts,
 * the calendar batching, the simulator) is the real code; chat and XMPP are tested elsewhere
 * against the demo provider and a real Prosody.
 */
import type {
  ImEvents,
  ImProvider,
  IncomingMessage,
  MyPresence,
} from '../../../src-main/im/provider.js';

type Listeners = { [K in keyof ImEvents]?: ImEvents[K][] };

export class ScriptedRoster implements ImProvider {
  private readonly listeners: Listeners = {};
  readonly published: MyPresence[] = [];

  constructor(
    private readonly addresses: readonly string[],
    private readonly online: ReadonlySet<string>,
  ) {}

  on<K extends keyof ImEvents>(event: K, listener: ImEvents[K]): () => void {
    const list = (this.listeners[event] ??= []) as ImEvents[K][];
    list.push(listener);
    return () => {
      list.splice(list.indexOf(listener), 1);
    };
  }

  private emit<K extends keyof ImEvents>(event: K, ...args: Parameters<ImEvents[K]>): void {
    for (const l of [...(this.listeners[event] ?? [])])
      (l as (...a: Parameters<ImEvents[K]>) => void)(...args);
  }

  connect(): Promise<void> {
    this.emit('state', 'online');
    this.emit(
      'roster',
      this.addresses.map((address) => ({
        address,
        groups: [],
        subscription: 'both' as const,
        pendingOut: false,
      })),
    );
    for (const address of this.online)
      this.emit('presence', address, { availability: 'available', status: '' });
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }

  publish(presence: MyPresence): Promise<void> {
    this.published.push(presence);
    return Promise.resolve();
  }

  addContact(): Promise<void> {
    return Promise.resolve();
  }
  removeContact(): Promise<void> {
    return Promise.resolve();
  }
  answerSubscription(): Promise<void> {
    return Promise.resolve();
  }
  send(): Promise<{ id: string }> {
    return Promise.reject(new Error('not used here'));
  }
  sendChatState(): Promise<void> {
    return Promise.resolve();
  }
  markDisplayed(): Promise<void> {
    return Promise.resolve();
  }
  history(): Promise<IncomingMessage[]> {
    return Promise.resolve([]);
  }
  setClientActive(): Promise<void> {
    return Promise.resolve();
  }
}
