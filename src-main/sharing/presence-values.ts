/**
 * What webhooks and MQTT say about the user's presence: a few plain values taken from the
 * Snapshot's presence (pure). Two presences with the same values are the same change for a
 * busy light, so `presenceKey` is what both parts deduplicate on: a recompute that changes
 * nothing a light can show calls nobody.
 */
import type { Availability, Presence } from '../core/contract.js';

/** The values templates and MQTT messages carry. */
export interface PresenceValues {
  availability: Availability;
  /** The "until" line as the window shows it ("In a meeting until 15:00"). */
  activity: string;
  /** When the current state ends by itself (ISO instant), or null. */
  until: string | null;
  /** Automatic replies are on. */
  oof: boolean;
  /** The tray icon's colour (`#rrggbb`). */
  colour: string;
  note: string;
}

/**
 * The tray glyphs' colours on a light panel (scripts/icons/palette.ts draws the icons with the
 * same values; a unit test keeps the two equal). An idle user who is otherwise available is
 * amber, as the tray shows it.
 */
const GREEN = '#3f9a1c';
const RED = '#c4314b';
const AMBER = '#d98a00';
const SLATE = '#4d6494';
const MAGENTA = '#b4009e';
const GREY = '#707070';

export const AVAILABILITY_COLOURS: Readonly<Record<Availability | 'inactive', string>> = {
  available: GREEN,
  inactive: AMBER,
  busy: RED,
  'in-a-meeting': RED,
  'do-not-disturb': RED,
  'be-right-back': AMBER,
  away: AMBER,
  'off-work': SLATE,
  'out-of-office': MAGENTA,
  offline: GREY,
};

export function presenceColour(presence: Pick<Presence, 'availability' | 'idle'>): string {
  const state =
    presence.idle && presence.availability === 'available' ? 'inactive' : presence.availability;
  return AVAILABILITY_COLOURS[state];
}

export function presenceValues(presence: Presence): PresenceValues {
  const activity = presence.activity;
  return {
    availability: presence.availability,
    activity: presence.activityText,
    until: 'until' in activity ? activity.until : null,
    oof: presence.oof,
    colour: presenceColour(presence),
    note: presence.note,
  };
}

/** Equal keys: nothing a light shows changed. */
export function presenceKey(values: PresenceValues): string {
  return JSON.stringify([
    values.availability,
    values.activity,
    values.until,
    values.oof,
    values.colour,
    values.note,
  ]);
}
