/**
 * The demo mailbox's IM network, without a server: its colleagues as contacts (offline on IM, so
 * their presence comes from the simulator's free/busy and MailTips) and two clearly labelled demo
 * peers who are online. "Beacon Demo Bot" answers each message with a friendly line, with typing,
 * delivery and read receipts as a real peer would send them; "Beacon Demo Echo" repeats it back.
 * Their status notes and the bot's answers are Beacon's words, in the window's language
 * (demo-words.ts): the core gives the language and tells of a change (setLocale), the notes are
 * sent again and the next answer is in the new language; answers already sent stay as they were.
 */
import type { SchedulerClock } from '../../core/scheduler.js';
import type {
  ChatState,
  ImEvents,
  ImPresence,
  ImProvider,
  IncomingMessage,
  MyPresence,
  RosterEntry,
} from '../provider.js';
import { demoWordsFor, type DemoWords } from './demo-words.js';

export const DEMO_PEER_DOMAIN = 'demo.beacon.invalid';
export const DEMO_BOT = `bot@${DEMO_PEER_DOMAIN}`;
export const DEMO_ECHO = `echo@${DEMO_PEER_DOMAIN}`;

export interface DemoContact {
  email: string;
  displayName: string;
  group: string;
}

export interface DemoProviderOptions {
  clock: SchedulerClock;
  /** The demo mailbox's colleagues (the simulator's seed). */
  contacts: readonly DemoContact[];
  /** How long the bot "types" before it answers; default 1.2 s. */
  replyDelayMs?: number;
  /** The window's language tag ("en", "ko-KR"); English when absent. */
  locale?: string;
}

const DEMO_PEERS: readonly { entry: RosterEntry; presence: (words: DemoWords) => ImPresence }[] = [
  {
    entry: {
      address: DEMO_BOT,
      name: 'Beacon Demo Bot',
      groups: ['Demo'],
      subscription: 'both',
      pendingOut: false,
    },
    presence: (words) => ({ availability: 'available', status: words.botStatus }),
  },
  {
    entry: {
      address: DEMO_ECHO,
      name: 'Beacon Demo Echo',
      groups: ['Demo'],
      subscription: 'both',
      pendingOut: false,
    },
    presence: (words) => ({ availability: 'busy', status: words.echoStatus }),
  },
];

export function isDemoPeer(address: string): boolean {
  return address.toLowerCase().endsWith(`@${DEMO_PEER_DOMAIN}`);
}

type Listeners = { [K in keyof ImEvents]: Set<ImEvents[K]> };

export class DemoImProvider implements ImProvider {
  private readonly listeners: Listeners = {
    state: new Set(),
    roster: new Set(),
    presence: new Set(),
    subscriptionRequest: new Set(),
    message: new Set(),
    chatState: new Set(),
    receipt: new Set(),
  };
  private roster: RosterEntry[];
  private connected = false;
  private seq = 0;
  private botTurn = 0;
  private words: DemoWords;
  private readonly timers = new Set<() => void>();
  readonly published: MyPresence[] = [];

  constructor(private readonly options: DemoProviderOptions) {
    this.words = demoWordsFor(options.locale ?? 'en');
    this.roster = [
      ...DEMO_PEERS.map((p) => ({ ...p.entry, groups: [...p.entry.groups] })),
      ...options.contacts.map((c) => ({
        address: c.email.toLowerCase(),
        name: c.displayName,
        groups: [c.group],
        subscription: 'both' as const,
        pendingOut: false,
      })),
    ];
  }

  private emit<K extends keyof ImEvents>(event: K, ...args: Parameters<ImEvents[K]>): void {
    for (const listener of this.listeners[event]) {
      (listener as (...a: Parameters<ImEvents[K]>) => void)(...args);
    }
  }

  on<K extends keyof ImEvents>(event: K, listener: ImEvents[K]): () => void {
    this.listeners[event].add(listener);
    return () => {
      this.listeners[event].delete(listener);
    };
  }

  connect(): Promise<void> {
    this.connected = true;
    this.emit('state', 'online');
    this.emit(
      'roster',
      this.roster.map((e) => ({ ...e, groups: [...e.groups] })),
    );
    this.emitPeerPresence();
    return Promise.resolve();
  }

  /** The window's language changed: the peers' notes again, and answers from now, in it. */
  setLocale(locale: string): void {
    const words = demoWordsFor(locale);
    if (words.language === this.words.language) return;
    this.words = words;
    if (this.connected) this.emitPeerPresence();
  }

  private emitPeerPresence(): void {
    for (const peer of DEMO_PEERS)
      this.emit('presence', peer.entry.address, peer.presence(this.words));
  }

  disconnect(): Promise<void> {
    this.connected = false;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.emit('state', 'offline');
    return Promise.resolve();
  }

  publish(presence: MyPresence): Promise<void> {
    this.published.push(presence);
    return Promise.resolve();
  }

  addContact(address: string, name?: string, group?: string): Promise<void> {
    const lower = address.toLowerCase();
    this.roster = this.roster.filter((e) => e.address !== lower);
    const entry: RosterEntry = {
      address: lower,
      groups: group === undefined ? [] : [group],
      // Nobody is there to answer in the demo: the request stays pending.
      subscription: 'none',
      pendingOut: true,
    };
    if (name !== undefined) entry.name = name;
    this.roster.push(entry);
    this.emit(
      'roster',
      this.roster.map((e) => ({ ...e, groups: [...e.groups] })),
    );
    return Promise.resolve();
  }

  removeContact(address: string): Promise<void> {
    this.roster = this.roster.filter((e) => e.address !== address.toLowerCase());
    this.emit(
      'roster',
      this.roster.map((e) => ({ ...e, groups: [...e.groups] })),
    );
    return Promise.resolve();
  }

  answerSubscription(): Promise<void> {
    return Promise.resolve();
  }

  send(to: string, body: string): Promise<{ id: string }> {
    if (!this.connected) return Promise.reject(new Error('Not connected'));
    this.seq += 1;
    const id = `demo-out-${this.seq}`;
    const peer = to.toLowerCase();
    if (isDemoPeer(peer)) this.answer(peer, id, body);
    return Promise.resolve({ id });
  }

  private later(ms: number, fn: () => void): void {
    const cancel = this.options.clock.setTimer(this.options.clock.now() + ms, () => {
      this.timers.delete(cancel);
      if (this.connected) fn();
    });
    this.timers.add(cancel);
  }

  private answer(peer: string, id: string, body: string): void {
    const delay = this.options.replyDelayMs ?? 1200;
    this.later(0, () => {
      this.emit('receipt', peer, id, 'delivered');
    });
    this.later(Math.round(delay / 3), () => {
      this.emit('receipt', peer, id, 'displayed');
      this.emit('chatState', peer, 'composing');
    });
    this.later(delay, () => {
      this.seq += 1;
      // The words at the time of the answer: a language switch while "typing" counts.
      const { botLines, echoLead } = this.words;
      const text =
        peer === DEMO_BOT
          ? (botLines[this.botTurn++ % botLines.length] ?? '')
          : `${echoLead}${body}`;
      const message: IncomingMessage = {
        id: `demo-in-${this.seq}`,
        from: peer,
        body: text,
        at: new Date(this.options.clock.now()),
        direction: 'in',
        archived: false,
      };
      this.emit('chatState', peer, 'active');
      this.emit('message', message);
    });
  }

  sendChatState(_to: string, _state: ChatState): Promise<void> {
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
