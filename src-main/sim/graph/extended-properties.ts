/**
 * Graph's single-value extended properties over the model's MAPI properties: ids of the form
 * '{type} 0x{tag}' in the 16-bit form ('String 0x001A') or the full 32-bit form with the type
 * code ('String 0x001A001F'), both accepted; named properties ('String {guid} Name X') parse but
 * the model has none. Values are strings, as Graph sends them.
 */
import type { MessageItem } from '../model.js';

const TYPE_CODES: Readonly<Record<string, readonly number[]>> = {
  Short: [0x0002],
  Integer: [0x0003],
  Float: [0x0004],
  Double: [0x0005],
  Currency: [0x0006],
  ApplicationTime: [0x0007],
  Boolean: [0x000b],
  Long: [0x0014],
  String: [0x001f, 0x001e],
  SystemTime: [0x0040],
  CLSID: [0x0048],
  Binary: [0x0102],
};

export type PropertyRef =
  | { kind: 'tag'; type: string; tag: number }
  | { kind: 'named'; type: string; set: string; name: string };

/** undefined when the text is not a property id Graph would accept. */
export function parsePropertyId(id: string): PropertyRef | undefined {
  const tagged = /^(\w+) 0x([0-9a-f]{4}|[0-9a-f]{8})$/i.exec(id.trim());
  if (tagged) {
    const [, type = '', hex = ''] = tagged;
    const canonical = Object.keys(TYPE_CODES).find((t) => t.toLowerCase() === type.toLowerCase());
    if (!canonical) return undefined;
    const value = parseInt(hex, 16);
    if (hex.length === 8 && !TYPE_CODES[canonical]?.includes(value & 0xffff)) return undefined;
    return { kind: 'tag', type: canonical, tag: hex.length === 8 ? value >>> 16 : value };
  }
  const named = /^(\w+) \{([0-9a-f-]{36})\} (?:Name|Id) (.+)$/i.exec(id.trim());
  if (named) {
    const [, type = '', set = '', name = ''] = named;
    const canonical = Object.keys(TYPE_CODES).find((t) => t.toLowerCase() === type.toLowerCase());
    return canonical ? { kind: 'named', type: canonical, set: set.toLowerCase(), name } : undefined;
  }
  return undefined;
}

export function samePropertyRef(a: PropertyRef, b: PropertyRef): boolean {
  if (a.kind === 'tag' && b.kind === 'tag') return a.type === b.type && a.tag === b.tag;
  if (a.kind === 'named' && b.kind === 'named')
    return a.type === b.type && a.set === b.set && a.name === b.name;
  return false;
}

export const TAG = { messageClass: 0x001a, messageFlags: 0x0e07 } as const;
/** PR_MESSAGE_FLAGS bits the face reads and writes. */
export const MSGFLAG = { read: 0x1, unsent: 0x8, hasAttach: 0x10 } as const;

/** The value of a property on a message, as Graph's string; undefined when it has none. */
export function propertyValue(message: MessageItem, ref: PropertyRef): string | undefined {
  if (ref.kind !== 'tag') return undefined;
  if (ref.tag === TAG.messageClass) return ref.type === 'String' ? message.itemClass : undefined;
  if (ref.tag === TAG.messageFlags) {
    if (ref.type !== 'Integer') return undefined;
    const flags =
      (message.isRead ? MSGFLAG.read : 0) |
      (message.isDraft === true ? MSGFLAG.unsent : 0) |
      (message.attachments.length > 0 ? MSGFLAG.hasAttach : 0);
    return String(flags);
  }
  const stored = message.extended.get(ref.tag);
  if (!stored || stored.type !== ref.type) return undefined;
  return String(stored.value);
}
