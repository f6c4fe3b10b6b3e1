/**
 * The open conversations, as plain data changed by pure functions: messages in, messages out
 * and their states, typing, unread counts, the window of messages the Snapshot shows, and when
 * each conversation was last active (for "ended after 10 minutes of silence").
 */
import {
  MAX_CHAT_MESSAGE_LENGTH,
  MAX_MESSAGES_IN_SNAPSHOT,
  type ChatMessage,
  type Conversation,
} from '../../core/contract.js';
import type { ChatState } from '../provider.js';

export interface ChatEntry extends ChatMessage {
  by: 'me' | 'peer';
  /** Already in Conversation History (or loaded from the archive): not saved again. */
  saved?: boolean;
}

export interface ConversationState {
  with: string;
  /** Every message of this conversation held in memory, oldest first. */
  messages: ChatEntry[];
  /** How many of the newest the Snapshot shows. */
  window: number;
  /** The server archive may hold earlier ones (not asked yet, or it said there are more). */
  archiveMayHaveMore: boolean;
  typing: boolean;
  unread: number;
  /** The last message in either direction (UTC ms). */
  lastActivity: number;
  /** When this conversation started (its first message in this session), UTC ms. */
  startedAt: number;
  /** Receipts that arrived before the server confirmed the message (its id was not known yet). */
  early: Readonly<Record<string, 'delivered' | 'displayed'>>;
}

export type Conversations = ReadonlyMap<string, ConversationState>;

/** How far a message of mine got; a state never goes back. */
const STATE_RANK: Record<ChatMessage['state'], number> = {
  sending: 0,
  sent: 1,
  delivered: 2,
  displayed: 3,
  failed: 4,
};

export function emptyConversation(peer: string, now: number): ConversationState {
  return {
    with: peer,
    messages: [],
    window: MAX_MESSAGES_IN_SNAPSHOT,
    archiveMayHaveMore: true,
    typing: false,
    unread: 0,
    lastActivity: now,
    startedAt: now,
    early: {},
  };
}

function withConversation(
  all: Conversations,
  peer: string,
  now: number,
  change: (c: ConversationState) => ConversationState,
): Map<string, ConversationState> {
  const next = new Map(all);
  next.set(peer, change(all.get(peer) ?? emptyConversation(peer, now)));
  return next;
}

function clip(body: string): string {
  return body.length > MAX_CHAT_MESSAGE_LENGTH ? body.slice(0, MAX_CHAT_MESSAGE_LENGTH) : body;
}

/** An incoming message (live or a carbon copy of mine); a repeated id is ignored. */
export function received(
  all: Conversations,
  peer: string,
  message: { id: string; body: string; at: Date; direction: 'in' | 'out' },
  now: number,
): Map<string, ConversationState> {
  const existing = all.get(peer);
  if (existing?.messages.some((m) => m.id === message.id && m.direction === message.direction))
    return new Map(all);
  return withConversation(all, peer, now, (c) => {
    const entry: ChatEntry = {
      id: message.id.slice(0, 256),
      direction: message.direction,
      body: clip(message.body),
      at: message.at.toISOString(),
      state: message.direction === 'in' ? 'delivered' : 'sent',
      by: message.direction === 'in' ? 'peer' : 'me',
    };
    return {
      ...c,
      messages: insertByTime(c.messages, entry),
      unread: message.direction === 'in' ? c.unread + 1 : c.unread,
      typing: message.direction === 'in' ? false : c.typing,
      lastActivity: Math.max(c.lastActivity, now),
    };
  });
}

function insertByTime(messages: ChatEntry[], entry: ChatEntry): ChatEntry[] {
  const out = [...messages];
  let i = out.length;
  while (i > 0 && (out[i - 1]?.at ?? '') > entry.at) i -= 1;
  out.splice(i, 0, entry);
  return out;
}

/** A message I am sending; `id` is local until the provider gives the stanza id. */
export function sending(
  all: Conversations,
  peer: string,
  id: string,
  body: string,
  now: number,
): Map<string, ConversationState> {
  return withConversation(all, peer, now, (c) => ({
    ...c,
    messages: [
      ...c.messages,
      {
        id,
        direction: 'out',
        body: clip(body),
        at: new Date(now).toISOString(),
        state: 'sending',
        by: 'me',
      },
    ],
    lastActivity: now,
  }));
}

/** The server took it (with its stanza id), or it failed. */
export function sendSettled(
  all: Conversations,
  peer: string,
  localId: string,
  outcome: { id: string } | 'failed',
): Map<string, ConversationState> {
  const c = all.get(peer);
  if (c === undefined) return new Map(all);
  const next = new Map(all);
  next.set(peer, {
    ...c,
    messages: c.messages.map((m) => {
      if (m.id !== localId || m.direction !== 'out') return m;
      if (outcome === 'failed') return { ...m, state: 'failed' };
      // A receipt may have arrived before the server's ack: never go back.
      return { ...m, id: outcome.id, state: later(m.state, c.early[outcome.id] ?? 'sent') };
    }),
    early: outcome === 'failed' ? c.early : withoutKey(c.early, outcome.id),
  });
  return next;
}

function later(a: ChatMessage['state'], b: ChatMessage['state']): ChatMessage['state'] {
  if (a === 'failed' || b === 'failed') return b;
  return STATE_RANK[b] > STATE_RANK[a] ? b : a;
}

/**
 * A receipt from the peer. `displayed` (XEP-0333) also covers every earlier message of mine;
 * `delivered` (XEP-0184) names one.
 */
export function receipt(
  all: Conversations,
  peer: string,
  messageId: string,
  kind: 'delivered' | 'displayed',
): Map<string, ConversationState> {
  const c = all.get(peer);
  if (c === undefined) return new Map(all);
  const index = c.messages.findIndex((m) => m.direction === 'out' && m.id === messageId);
  if (index < 0) {
    // Probably a message still waiting for the server's confirmation: kept for it (bounded).
    if (!c.messages.some((m) => m.state === 'sending')) return new Map(all);
    const kept = Object.entries(c.early).slice(-(MAX_EARLY - 1));
    const next = new Map(all);
    next.set(peer, {
      ...c,
      early: Object.fromEntries([
        ...kept,
        [messageId, later(c.early[messageId] ?? 'delivered', kind) as 'delivered' | 'displayed'],
      ]),
    });
    return next;
  }
  const next = new Map(all);
  next.set(peer, {
    ...c,
    messages: c.messages.map((m, i) => {
      if (m.direction !== 'out' || m.state === 'failed' || m.state === 'sending') return m;
      if (i === index || (kind === 'displayed' && i < index))
        return { ...m, state: later(m.state, kind) };
      return m;
    }),
  });
  return next;
}

const MAX_EARLY = 50;

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

export function typing(
  all: Conversations,
  peer: string,
  state: ChatState,
): Map<string, ConversationState> {
  const c = all.get(peer);
  // Typing alone does not open a conversation.
  if (c === undefined) return new Map(all);
  const next = new Map(all);
  next.set(peer, { ...c, typing: state === 'composing' });
  return next;
}

/** The incoming messages not yet displayed (their ids, for the markers), and the read state. */
export function markRead(
  all: Conversations,
  peer: string,
): { conversations: Map<string, ConversationState>; newest?: string } {
  const c = all.get(peer);
  if (c === undefined) return { conversations: new Map(all) };
  const unreadIn = c.messages.filter((m) => m.direction === 'in' && m.state !== 'displayed');
  const next = new Map(all);
  next.set(peer, {
    ...c,
    unread: 0,
    messages: c.messages.map((m) =>
      m.direction === 'in' && m.state !== 'displayed' ? { ...m, state: 'displayed' } : m,
    ),
  });
  const newest = unreadIn.at(-1)?.id;
  return newest === undefined ? { conversations: next } : { conversations: next, newest };
}

/** Earlier messages from the archive, merged without duplicates; the window grows by one page. */
export function earlier(
  all: Conversations,
  peer: string,
  archived: readonly { id: string; body: string; at: Date; direction: 'in' | 'out' }[],
  page: number,
  now: number,
): Map<string, ConversationState> {
  return withConversation(all, peer, now, (c) => {
    let messages = c.messages;
    for (const m of archived) {
      if (messages.some((x) => x.id === m.id && x.direction === m.direction)) continue;
      messages = insertByTime(messages, {
        id: m.id.slice(0, 256),
        direction: m.direction,
        body: clip(m.body),
        at: m.at.toISOString(),
        state: m.direction === 'in' ? 'displayed' : 'delivered',
        by: m.direction === 'in' ? 'peer' : 'me',
        saved: true,
      });
    }
    return {
      ...c,
      messages,
      window: c.window + page,
      archiveMayHaveMore: archived.length >= page,
    };
  });
}

/** The messages not saved yet (the conversation's current segment), oldest first. */
export function unsaved(c: ConversationState): ChatEntry[] {
  return c.messages.filter(
    (m) => m.saved !== true && m.state !== 'failed' && m.state !== 'sending',
  );
}

/** Marks these messages saved (their segment went to Conversation History). */
export function markSaved(
  all: Conversations,
  peer: string,
  ids: ReadonlySet<string>,
): Map<string, ConversationState> {
  const c = all.get(peer);
  if (c === undefined) return new Map(all);
  const next = new Map(all);
  next.set(peer, {
    ...c,
    messages: c.messages.map((m) => (ids.has(m.id) ? { ...m, saved: true } : m)),
  });
  return next;
}

export function closed(all: Conversations, peer: string): Map<string, ConversationState> {
  const next = new Map(all);
  next.delete(peer);
  return next;
}

/** The Snapshot's conversations: most recent activity first, each with its window. */
export function toSnapshotConversations(all: Conversations): Conversation[] {
  return [...all.values()]
    .sort((a, b) => b.lastActivity - a.lastActivity || a.with.localeCompare(b.with))
    .map((c) => {
      const shown = c.messages.slice(-c.window);
      return {
        with: c.with,
        messages: shown.map(({ by: _by, saved: _saved, ...m }) => m),
        hasEarlier: shown.length < c.messages.length || c.archiveMayHaveMore,
        typing: c.typing,
        unread: c.unread,
      };
    });
}
