/**
 * MAPI properties that Graph reaches only as single-value extended properties: the message class
 * (Graph's message has no itemClass), the Unified Messaging facts of a voicemail, and the flags
 * written when an item is created in a folder. Ids are sent in one form only, the
 * proptag form with the 16-bit property id ("String 0x001A"); answers are read in any form
 * Graph may echo ("String 0x1a", "String 0x001A", "String 0x001A001F"), matched by number.
 */
import { z } from 'zod';
import { opt } from './common.js';

export type ExtendedPropertyType = 'String' | 'Integer' | 'SystemTime';

export interface ExtendedPropertyDef {
  type: ExtendedPropertyType;
  /** The 16-bit MAPI property id (PidTag…). */
  tag: number;
}

/** PidTagMessageClass. */
export const MESSAGE_CLASS: ExtendedPropertyDef = { type: 'String', tag: 0x001a };
/** PidTagMessageFlags: written only when an item is created (MSGFLAG_UNSENT makes a draft). */
export const MESSAGE_FLAGS: ExtendedPropertyDef = { type: 'Integer', tag: 0x0e07 };

/** The Unified Messaging properties a voicemail carries (MS-OXPROPS, as over EWS). */
export const UM = {
  duration: { type: 'Integer', tag: 0x6801 },
  callerNumber: { type: 'String', tag: 0x6802 },
  callerName: { type: 'String', tag: 0x6803 },
  attachmentOrder: { type: 'String', tag: 0x6805 },
  callId: { type: 'String', tag: 0x6806 },
} as const satisfies Record<string, ExtendedPropertyDef>;

/** MSGFLAG_READ: the only flag set on an item saved as already delivered (not MSGFLAG_UNSENT). */
export const MSGFLAG_READ = 0x1;
export const MSGFLAG_UNSENT = 0x8;

/** The id Beacon sends for a property, e.g. "String 0x001A". */
export function propertyId(def: ExtendedPropertyDef): string {
  return `${def.type} 0x${def.tag.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The 16-bit property id an answer's id names, or undefined for a named property or junk.
 * "String 0x1a", "string 0x001A" and the full tag "String 0x001A001F" all give 0x001A.
 */
export function tagOfId(id: string): number | undefined {
  const m = /^\s*\w+\s+0x([0-9a-f]{1,8})\s*$/i.exec(id);
  if (!m?.[1]) return undefined;
  const n = Number.parseInt(m[1], 16);
  return m[1].length > 4 ? n >>> 16 : n;
}

/** An OData string literal: quotes doubled, so a value can never end the literal early. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `$expand` of the given properties: `singleValueExtendedProperties($filter=id eq '…' or …)`. */
export function expandProperties(defs: readonly ExtendedPropertyDef[]): string {
  if (defs.length === 0) throw new RangeError('expand needs at least one property');
  const ids = defs.map((d) => `id eq ${odataString(propertyId(d))}`).join(' or ');
  return `singleValueExtendedProperties($filter=${ids})`;
}

/** `$filter` clause: the string property starts with one of the prefixes (case-insensitive in Graph). */
export function stringPropertyStartsWith(
  def: ExtendedPropertyDef,
  prefixes: readonly string[],
): string {
  if (def.type !== 'String') throw new RangeError('startswith applies to String properties');
  if (prefixes.length === 0) throw new RangeError('at least one prefix');
  const tests = prefixes.map((p) => `startswith(ep/value, ${odataString(p)})`);
  const value = tests.length === 1 ? (tests[0] ?? '') : `(${tests.join(' or ')})`;
  return `singleValueExtendedProperties/any(ep: ep/id eq ${odataString(propertyId(def))} and ${value})`;
}

/** How `singleValueExtendedProperties` comes back: id and value, both strings. */
export const singleValuePropertiesSchema = opt(
  z.array(z.object({ id: z.string(), value: opt(z.string()) })),
);

/** The properties of an answer by 16-bit property id (the first value of a tag wins). */
export function propertiesByTag(
  props: readonly { id: string; value?: string | undefined }[] | undefined,
): Map<number, string> {
  const out = new Map<number, string>();
  for (const p of props ?? []) {
    const tag = tagOfId(p.id);
    if (tag !== undefined && p.value !== undefined && !out.has(tag)) out.set(tag, p.value);
  }
  return out;
}

/** A property value to send on create: strings as given, integers in decimal, times in ISO UTC. */
export function propertyValue(
  def: ExtendedPropertyDef,
  value: string | number | Date,
): { id: string; value: string } {
  let text: string;
  if (def.type === 'Integer') {
    if (typeof value !== 'number' || !Number.isInteger(value))
      throw new RangeError('not an integer');
    text = String(value);
  } else if (def.type === 'SystemTime') {
    if (!(value instanceof Date) || Number.isNaN(value.getTime()))
      throw new RangeError('not a time');
    text = value.toISOString();
  } else {
    if (typeof value !== 'string') throw new RangeError('not a string');
    text = value;
  }
  return { id: propertyId(def), value: text };
}
