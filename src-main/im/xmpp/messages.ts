/**
 * Message stanzas in Beacon's words (pure): chat bodies, receipts (XEP-0184) and displayed
 * markers (XEP-0333), chat states (XEP-0085), carbons (XEP-0280) and archive results
 * (XEP-0313). Everything from the network is untrusted: a carbon or an archive result counts
 * only when it comes from my own account; bodies longer than MAX_BODY_LENGTH are TRUNCATED to
 * it (the start of a long message is kept, the rest dropped and logged); anything else
 * unknown or malformed becomes a typed `ignored`.
 */
import jid from '@xmpp/jid';
import type { Element } from '@xmpp/xml';
import { MAX_CHAT_MESSAGE_LENGTH } from '../../core/contract.js';
import type { ChatState, IncomingMessage } from '../provider.js';
import { cut } from './presence-map.js';
import { NS } from './namespaces.js';

export const MAX_BODY_LENGTH = MAX_CHAT_MESSAGE_LENGTH;
const MAX_ID_LENGTH = 128;
const CHAT_STATES: readonly ChatState[] = ['active', 'composing', 'paused', 'inactive', 'gone'];

export type IgnoredReason =
  | 'error'
  | 'malformed'
  | 'unknown'
  | 'spoofed-carbon'
  | 'spoofed-archive'
  | 'not-chat'
  /** An archived receipt or marker: nothing to show, nothing wrong. */
  | 'no-body';

export type InboundMessage =
  | {
      kind: 'chat';
      message: IncomingMessage;
      /** The full address to send a receipt to, when one was asked for. */
      receiptTo?: string;
      truncated: boolean;
    }
  | { kind: 'receipt'; from: string; id: string; receipt: 'delivered' | 'displayed' }
  | { kind: 'chat-state'; from: string; state: ChatState }
  | {
      kind: 'archive';
      queryId: string;
      /** The archive's own id for the entry (paging goes by it). */
      archiveId?: string;
      message: IncomingMessage;
      truncated: boolean;
    }
  | { kind: 'ignored'; reason: IgnoredReason; from?: string };

/** `name@domain`, lower-cased; undefined when not a valid address. */
export function bareAddress(address: string | undefined): string | undefined {
  if (!address || address.length > 3071) return undefined;
  try {
    const parsed = jid(address);
    if (!parsed.domain) return undefined;
    return parsed.bare().toString().toLowerCase();
  } catch {
    return undefined;
  }
}

function validId(id: string | undefined): string | undefined {
  return id && id.length <= MAX_ID_LENGTH ? id : undefined;
}

function readBody(el: Element): { body: string; truncated: boolean } | undefined {
  const bodies = el.getChildren('body');
  const body = bodies.find((b) => b.attrs['xml:lang'] === undefined) ?? bodies[0];
  if (!body || body.getChildElements().length > 0) return undefined;
  const text = body.getText();
  if (text.trim() === '') return undefined;
  const kept = cut(text, MAX_BODY_LENGTH);
  return { body: kept, truncated: kept.length !== text.length };
}

function readStamp(el: Element | undefined): Date | undefined {
  const stamp = el?.getChild('delay', NS.delay)?.attrs.stamp;
  if (!stamp) return undefined;
  const at = new Date(stamp);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

export interface ParseContext {
  /** My bare address. */
  me: string;
  now: () => Date;
  makeId: () => string;
}

function forwardedMessage(wrapper: Element | undefined): { inner: Element; at?: Date } | undefined {
  const forwarded = wrapper?.getChild('forwarded', NS.forward);
  const inner = forwarded?.getChild('message');
  if (!forwarded || !inner) return undefined;
  const at = readStamp(forwarded) ?? readStamp(inner);
  return at ? { inner, at } : { inner };
}

function fromMe(el: Element, me: string): boolean {
  const from = el.attrs.from;
  return from === undefined || (bareAddress(from) === me && !from.includes('/'));
}

/** A forwarded message (carbon or archive) as mine ('out') or theirs ('in'). */
function readForwarded(
  inner: Element,
  at: Date | undefined,
  ctx: ParseContext,
  archived: boolean,
): { message: IncomingMessage; truncated: boolean } | undefined {
  const from = bareAddress(inner.attrs.from);
  const to = bareAddress(inner.attrs.to);
  const body = readBody(inner);
  if (!body || !from || !to) return undefined;
  const out = from === ctx.me;
  const peer = out ? to : from;
  return {
    message: {
      id: validId(inner.attrs.id) ?? ctx.makeId(),
      from: peer,
      body: body.body,
      at: at ?? ctx.now(),
      direction: out ? 'out' : 'in',
      archived,
    },
    truncated: body.truncated,
  };
}

export function parseMessage(el: Element, ctx: ParseContext): InboundMessage {
  const type = el.attrs.type ?? 'normal';
  if (type === 'error') return { kind: 'ignored', reason: 'error' };

  // Carbons: copies of my own conversations from my other clients.
  const carbon = el.getChild('received', NS.carbons) ?? el.getChild('sent', NS.carbons);
  if (carbon) {
    if (!fromMe(el, ctx.me) || el.attrs.from === undefined) {
      return { kind: 'ignored', reason: 'spoofed-carbon', from: el.attrs.from };
    }
    const forwarded = forwardedMessage(carbon);
    const read = forwarded && readForwarded(forwarded.inner, forwarded.at, ctx, false);
    if (!read) return { kind: 'ignored', reason: 'unknown' };
    return { kind: 'chat', message: read.message, truncated: read.truncated };
  }

  // Archive results (XEP-0313): only from my own archive.
  const result = el.getChild('result', NS.mam);
  if (result) {
    if (!fromMe(el, ctx.me)) return { kind: 'ignored', reason: 'spoofed-archive' };
    const queryId = result.attrs.queryid;
    const forwarded = forwardedMessage(result);
    const read = forwarded && readForwarded(forwarded.inner, forwarded.at, ctx, true);
    if (!queryId || !forwarded) return { kind: 'ignored', reason: 'malformed' };
    if (!read) return { kind: 'ignored', reason: 'no-body' };
    const archiveId = validId(result.attrs.id);
    return {
      kind: 'archive',
      queryId,
      ...(archiveId ? { archiveId } : {}),
      message: read.message,
      truncated: read.truncated,
    };
  }

  const from = bareAddress(el.attrs.from);
  if (!from) return { kind: 'ignored', reason: 'malformed' };
  if (type !== 'chat' && type !== 'normal') return { kind: 'ignored', reason: 'not-chat', from };

  const body = readBody(el);
  if (body) {
    const id = validId(el.attrs.id);
    const wantsReceipt = id !== undefined && el.getChild('request', NS.receipts) !== undefined;
    const message: IncomingMessage = {
      id: id ?? ctx.makeId(),
      from,
      body: body.body,
      at: readStamp(el) ?? ctx.now(),
      direction: 'in',
      archived: false,
    };
    return wantsReceipt && el.attrs.from
      ? { kind: 'chat', message, receiptTo: el.attrs.from, truncated: body.truncated }
      : { kind: 'chat', message, truncated: body.truncated };
  }

  if (el.getChildren('body').some((b) => b.getChildElements().length > 0)) {
    return { kind: 'ignored', reason: 'malformed', from };
  }

  const receipt = el.getChild('received', NS.receipts) ?? el.getChild('received', NS.markers);
  const displayed = el.getChild('displayed', NS.markers) ?? el.getChild('acknowledged', NS.markers);
  const marker = displayed ?? receipt;
  if (marker) {
    const id = validId(marker.attrs.id);
    if (!id) return { kind: 'ignored', reason: 'malformed', from };
    return { kind: 'receipt', from, id, receipt: displayed ? 'displayed' : 'delivered' };
  }

  const state = el
    .getChildElements()
    .find((c) => c.getNS() === NS.chatStates && (CHAT_STATES as string[]).includes(c.name));
  if (state) return { kind: 'chat-state', from, state: state.name as ChatState };

  return { kind: 'ignored', reason: 'unknown', from };
}
