/**
 * PRESENCE.md's "IM (XMPP) mapping" in both directions (pure).
 *
 * Out: available → no <show/>; busy, in-a-meeting, do-not-disturb → dnd; be-right-back, away →
 * away; off-work, out-of-office → xa; offline → type="unavailable". <status/> carries the note
 * or the activity line. Beacon's exact value rides in <beacon xmlns="urn:beacon:presence:0"/>,
 * which other clients ignore. Priority: 5 when available, 1 in dnd, 0 when away or xa, so a
 * message to the bare address goes to a device where I am actually present (RFC 6121 §8.5.2:
 * the highest non-negative priority wins; 0 still receives when nothing better is online).
 *
 * In: no show or chat → available; dnd → busy; away and xa → away (the core upgrades xa to
 * out-of-office when it knows the contact's Exchange OOF is on). The beacon child wins when it
 * is present and valid (zod); an invalid one is ignored, never trusted in part.
 */
import { z } from 'zod';
import xml, { type Element } from '@xmpp/xml';
import { AVAILABILITIES, type Availability } from '../../presence/vocabulary.js';
import type { ImPresence, MyPresence } from '../provider.js';
import { capsElement } from './caps.js';
import { NS } from './namespaces.js';

/** Longest status text sent or accepted; longer is cut (a status is a line, not a letter). */
export const MAX_STATUS_LENGTH = 1_000;

export type Show = 'dnd' | 'away' | 'xa';

export interface OutboundPresence {
  unavailable: boolean;
  show?: Show;
  status: string;
  priority: number;
  beacon?: { availability: Availability; activityText: string; until?: string; oof: boolean };
  idleSince?: string;
}

export function showFor(availability: Availability): Show | undefined | 'unavailable' {
  switch (availability) {
    case 'available':
      return undefined;
    case 'busy':
    case 'in-a-meeting':
    case 'do-not-disturb':
      return 'dnd';
    case 'be-right-back':
    case 'away':
      return 'away';
    case 'off-work':
    case 'out-of-office':
      return 'xa';
    case 'offline':
      return 'unavailable';
  }
}

export function priorityFor(show: Show | undefined): number {
  if (show === undefined) return 5;
  return show === 'dnd' ? 1 : 0;
}

export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

export function mapMyPresence(my: MyPresence, idleSince: Date | undefined): OutboundPresence {
  const show = showFor(my.availability);
  if (show === 'unavailable') return { unavailable: true, status: '', priority: 0 };
  const out: OutboundPresence = {
    unavailable: false,
    status: cut(my.statusText, MAX_STATUS_LENGTH),
    priority: priorityFor(show),
    beacon: {
      availability: my.availability,
      activityText: cut(my.activityText, MAX_STATUS_LENGTH),
      oof: my.oof,
      ...(my.until ? { until: my.until.toISOString() } : {}),
    },
  };
  if (show) out.show = show;
  if (my.idle && idleSince) out.idleSince = idleSince.toISOString();
  return out;
}

/** Equal keys mean the same stanza: the coalescing test. */
export function presenceKey(p: OutboundPresence): string {
  return JSON.stringify([p.unavailable, p.show, p.status, p.priority, p.beacon, p.idleSince]);
}

export function presenceStanza(p: OutboundPresence): Element {
  if (p.unavailable) return xml('presence', { type: 'unavailable' });
  const children: Element[] = [];
  if (p.show) children.push(xml('show', {}, p.show));
  if (p.status) children.push(xml('status', {}, p.status));
  children.push(xml('priority', {}, String(p.priority)));
  children.push(capsElement());
  if (p.beacon) {
    const attrs: Record<string, string> = {
      xmlns: NS.beacon,
      availability: p.beacon.availability,
      oof: String(p.beacon.oof),
    };
    if (p.beacon.until) attrs.until = p.beacon.until;
    children.push(xml('beacon', attrs, p.beacon.activityText));
  }
  if (p.idleSince) children.push(xml('idle', { xmlns: NS.idle, since: p.idleSince }));
  return xml('presence', {}, ...children);
}

const BeaconChildSchema = z.strictObject({
  availability: z.enum(AVAILABILITIES),
  until: z.iso.datetime({ offset: true }).optional(),
  oof: z.enum(['true', 'false']).default('false'),
  text: z.string().max(MAX_STATUS_LENGTH),
});

function readBeacon(el: Element | undefined): ImPresence['beacon'] {
  if (!el) return undefined;
  if (el.getChildElements().length > 0) return undefined;
  const parsed = BeaconChildSchema.safeParse({
    availability: el.attrs.availability,
    until: el.attrs.until,
    oof: el.attrs.oof,
    text: el.getText(),
  });
  if (!parsed.success) return undefined;
  const { availability, until, oof, text } = parsed.data;
  return { availability, activityText: text, oof: oof === 'true', ...(until ? { until } : {}) };
}

function inboundAvailability(show: string | null): Availability {
  switch (show?.trim()) {
    case 'dnd':
      return 'busy';
    case 'away':
    case 'xa':
      return 'away';
    default:
      return 'available';
  }
}

function readIdle(el: Element | undefined): Date | undefined {
  const since = el?.attrs.since;
  if (!since || !z.iso.datetime({ offset: true }).safeParse(since).success) return undefined;
  const date = new Date(since);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** An available presence stanza in Beacon's words. */
export function readPresence(el: Element): ImPresence {
  const beacon = readBeacon(el.getChild('beacon', NS.beacon));
  const status = el.getChildren('status').find((s) => s.getChildElements().length === 0);
  const idleSince = readIdle(el.getChild('idle', NS.idle));
  const presence: ImPresence = {
    availability: beacon?.availability ?? inboundAvailability(el.getChildText('show')),
    status: cut(status?.getText() ?? '', MAX_STATUS_LENGTH),
  };
  if (beacon) presence.beacon = beacon;
  if (idleSince) presence.idleSince = idleSince;
  return presence;
}

/** The presence's priority (-128…127; 0 when absent or malformed). */
export function readPriority(el: Element): number {
  const n = Number(el.getChildText('priority') ?? '0');
  return Number.isInteger(n) && n >= -128 && n <= 127 ? n : 0;
}
