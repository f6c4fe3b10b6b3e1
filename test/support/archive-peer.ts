/**
 * TEST DOUBLE at the IM seam (src-main/im/provider.ts), for the chat e2e only: one online peer
 * whose server archive holds a long conversation, so the window can be shown ten thousand
 * messages through the core's real load-earlier path without sending them one by one. Everything
 * above the seam (the IM service, the Snapshot store, the web shell, the window) is the real one.
 * The XMPP provider against Prosody is the real network; this stands in only for its archive.
 */
import type {
  ImEvents,
  ImProvider,
  IncomingMessage,
  MyPresence,
} from '../../src-main/im/provider.js';

export const ARCHIVE_PEER = 'archive@peer.test';
export const ARCHIVE_PEER_NAME = 'Archive Peer';

type Listeners = { [K in keyof ImEvents]: Set<ImEvents[K]> };

export class ArchivePeerProvider implements ImProvider {
  private readonly listeners: Listeners = {
    state: new Set(),
    roster: new Set(),
    presence: new Set(),
    subscriptionRequest: new Set(),
    message: new Set(),
    chatState: new Set(),
    receipt: new Set(),
  };
  /** Oldest first; message `n` (1-based) says "Archived message n". */
  readonly archive: IncomingMessage[];
  historyCalls = 0;

  constructor(count: number, newest: Date) {
    this.archive = Array.from({ length: count }, (_, i) => ({
      id: `archived-${String(i + 1)}`,
      from: ARCHIVE_PEER,
      body: `Archived message ${String(i + 1)}`,
      at: new Date(newest.getTime() - (count - i) * 30_000),
      direction: i % 3 === 0 ? 'out' : 'in',
      archived: true,
    }));
  }

  private emit<K extends keyof ImEvents>(event: K, ...args: Parameters<ImEvents[K]>): void {
    for (const listener of this.listeners[event])
      (listener as (...a: Parameters<ImEvents[K]>) => void)(...args);
  }

  on<K extends keyof ImEvents>(event: K, listener: ImEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => {
      this.listeners[event].delete(listener);
    };
  }

  connect(): Promise<void> {
    this.emit('state', 'online');
    this.emit('roster', [
      {
        address: ARCHIVE_PEER,
        name: ARCHIVE_PEER_NAME,
        groups: ['Archive'],
        subscription: 'both',
        pendingOut: false,
      },
    ]);
    this.emit('presence', ARCHIVE_PEER, { availability: 'available', status: '' });
    return Promise.resolve();
  }

  /** A live message from the peer: it opens the conversation the archive extends. */
  say(body: string, at: Date): void {
    this.emit('message', {
      id: `live-${String(at.getTime())}`,
      from: ARCHIVE_PEER,
      body,
      at,
      direction: 'in',
      archived: false,
    });
  }

  disconnect(): Promise<void> {
    this.emit('state', 'offline');
    return Promise.resolve();
  }

  publish(_presence: MyPresence): Promise<void> {
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
    return Promise.resolve({ id: `sent-${String(Date.now())}` });
  }

  sendChatState(): Promise<void> {
    return Promise.resolve();
  }

  markDisplayed(): Promise<void> {
    return Promise.resolve();
  }

  /** Newest last, strictly before `before`, at most `max`: as XEP-0313 pages backwards. */
  history(_peer: string, before?: Date, max = 100): Promise<IncomingMessage[]> {
    this.historyCalls += 1;
    const older = this.archive.filter((m) => before === undefined || m.at < before);
    return Promise.resolve(older.slice(Math.max(0, older.length - max)));
  }

  setClientActive(): Promise<void> {
    return Promise.resolve();
  }
}
